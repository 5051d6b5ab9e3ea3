import { and, asc, desc, eq, gte, inArray, lt, max, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { queryRows } from '../../platform/db/query.js'
import type { DbOrTx } from '../../platform/db/types.js'
import { users } from '../accounts/tables.js'
import { eventHosts, eventRsvps, events } from '../events/tables.js'
import { helpRecords } from '../help/tables.js'
import { electionDates } from '../matchmaking/tables.js'
import { members } from '../members/tables.js'
import { orgUnits } from '../org-units/tables.js'
import { type PartnershipStatus, partnerships } from '../partnerships/tables.js'
import type { Clause, ClauseParams, ClauseType } from './clauses.js'
import {
  agreementRatifications,
  agreementReminders,
  agreements,
  agreementTemplateClauses,
  agreementTemplates,
  agreementVersions,
  federalCongresses,
  partnershipExchanges,
  partnershipLinkConfirmations,
  partnershipMinutes,
  partnershipRetreats,
} from './tables.js'

const unitA = alias(orgUnits, 'unit_a')
const unitB = alias(orgUnits, 'unit_b')

// ---- templates

export function listTemplates(db: DbOrTx) {
  return db
    .select()
    .from(agreementTemplates)
    .orderBy(desc(agreementTemplates.isDefault), asc(agreementTemplates.name))
}

export async function findTemplate(db: DbOrTx, id: string) {
  const [row] = await db.select().from(agreementTemplates).where(eq(agreementTemplates.id, id))
  return row
}

export async function findDefaultTemplate(db: DbOrTx) {
  const [row] = await db.select().from(agreementTemplates).where(eq(agreementTemplates.isDefault, true))
  return row
}

export async function insertTemplate(db: DbOrTx, values: typeof agreementTemplates.$inferInsert) {
  const [row] = await db.insert(agreementTemplates).values(values).returning()
  return row!
}

export async function updateTemplate(
  db: DbOrTx,
  id: string,
  values: Partial<typeof agreementTemplates.$inferInsert>,
) {
  const [row] = await db
    .update(agreementTemplates)
    .set(values)
    .where(eq(agreementTemplates.id, id))
    .returning()
  return row
}

export function listTemplateClauses(db: DbOrTx, templateId: string) {
  return db
    .select()
    .from(agreementTemplateClauses)
    .where(eq(agreementTemplateClauses.templateId, templateId))
    .orderBy(asc(agreementTemplateClauses.position))
}

export async function insertTemplateClause(
  db: DbOrTx,
  values: {
    templateId: string
    type: ClauseType
    title: string
    body: string
    params: ClauseParams
    position?: number
  },
) {
  let position = values.position
  if (position === undefined) {
    const [row] = await db
      .select({ last: max(agreementTemplateClauses.position) })
      .from(agreementTemplateClauses)
      .where(eq(agreementTemplateClauses.templateId, values.templateId))
    position = (row?.last ?? 0) + 1
  }
  const [row] = await db
    .insert(agreementTemplateClauses)
    .values({ ...values, position })
    .returning()
  return row!
}

export async function updateTemplateClause(
  db: DbOrTx,
  templateId: string,
  clauseId: string,
  values: Partial<typeof agreementTemplateClauses.$inferInsert>,
) {
  const [row] = await db
    .update(agreementTemplateClauses)
    .set(values)
    .where(
      and(eq(agreementTemplateClauses.id, clauseId), eq(agreementTemplateClauses.templateId, templateId)),
    )
    .returning()
  return row
}

export async function deleteTemplateClause(db: DbOrTx, templateId: string, clauseId: string) {
  const rows = await db
    .delete(agreementTemplateClauses)
    .where(
      and(eq(agreementTemplateClauses.id, clauseId), eq(agreementTemplateClauses.templateId, templateId)),
    )
    .returning()
  return rows[0]
}

// ---- agreements

/** A partnership with both of its units, to decide who sees its agreement. */
export async function findPartnershipWithUnits(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ partnership: partnerships, unitA, unitB })
    .from(partnerships)
    .innerJoin(unitA, eq(unitA.id, partnerships.unitAId))
    .innerJoin(unitB, eq(unitB.id, partnerships.unitBId))
    .where(eq(partnerships.id, id))
  return row
}

export async function findAgreement(db: DbOrTx, id: string) {
  const [row] = await db.select().from(agreements).where(eq(agreements.id, id))
  return row
}

/** Locks the agreement row, so two edits at the same moment get consecutive version numbers. */
export async function lockAgreement(db: DbOrTx, id: string) {
  const [row] = await db.select().from(agreements).where(eq(agreements.id, id)).for('update')
  return row
}

/** The partnerships in these statuses that one of the units is a side of, with both units and the agreement. */
export async function listPartnershipsOfUnits(
  db: DbOrTx,
  unitIds: readonly string[],
  statuses: readonly PartnershipStatus[],
) {
  if (unitIds.length === 0) return []
  return db
    .select({
      partnershipId: partnerships.id,
      unitA: { id: unitA.id, name: unitA.name, path: unitA.path },
      unitB: { id: unitB.id, name: unitB.name, path: unitB.path },
      agreementId: agreements.id,
    })
    .from(partnerships)
    .innerJoin(unitA, eq(unitA.id, partnerships.unitAId))
    .innerJoin(unitB, eq(unitB.id, partnerships.unitBId))
    .leftJoin(agreements, eq(agreements.partnershipId, partnerships.id))
    .where(
      and(
        inArray(partnerships.status, [...statuses]),
        or(inArray(partnerships.unitAId, [...unitIds]), inArray(partnerships.unitBId, [...unitIds])),
      ),
    )
    .limit(500)
}

export async function findAgreementOfPartnership(db: DbOrTx, partnershipId: string) {
  const [row] = await db.select().from(agreements).where(eq(agreements.partnershipId, partnershipId))
  return row
}

export async function insertAgreement(db: DbOrTx, values: typeof agreements.$inferInsert) {
  const [row] = await db.insert(agreements).values(values).returning()
  return row!
}

export async function updateAgreement(
  db: DbOrTx,
  id: string,
  values: Partial<typeof agreements.$inferInsert>,
) {
  const [row] = await db.update(agreements).set(values).where(eq(agreements.id, id)).returning()
  return row!
}

export async function insertVersion(
  db: DbOrTx,
  values: {
    agreementId: string
    number: number
    clauses: Clause[]
    authorUserId: string | null
    authorName: string | null
    note?: string | null
    createdAt: Date
  },
) {
  const [row] = await db.insert(agreementVersions).values(values).returning()
  return row!
}

/** The draft's text changed in place: its clauses and the next revision. */
export async function reviseDraft(
  db: DbOrTx,
  versionId: string,
  values: { clauses: Clause[]; revision: number; revisedAt: Date },
) {
  await db.update(agreementVersions).set(values).where(eq(agreementVersions.id, versionId))
}

export async function findVersion(db: DbOrTx, agreementId: string, number: number) {
  const [row] = await db
    .select()
    .from(agreementVersions)
    .where(and(eq(agreementVersions.agreementId, agreementId), eq(agreementVersions.number, number)))
  return row
}

export function listVersions(db: DbOrTx, agreementId: string) {
  return db
    .select({
      number: agreementVersions.number,
      authorName: agreementVersions.authorName,
      note: agreementVersions.note,
      revision: agreementVersions.revision,
      revisedAt: agreementVersions.revisedAt,
      createdAt: agreementVersions.createdAt,
    })
    .from(agreementVersions)
    .where(eq(agreementVersions.agreementId, agreementId))
    .orderBy(desc(agreementVersions.number))
}

export function listRatifications(db: DbOrTx, agreementId: string) {
  return db
    .select()
    .from(agreementRatifications)
    .where(eq(agreementRatifications.agreementId, agreementId))
    .orderBy(asc(agreementRatifications.versionNumber), asc(agreementRatifications.ratifiedOn))
}

export async function insertRatification(db: DbOrTx, values: typeof agreementRatifications.$inferInsert) {
  const [row] = await db.insert(agreementRatifications).values(values).returning()
  return row!
}

/** Ratifications of a draft whose text has since changed. */
export async function deleteRatifications(db: DbOrTx, ids: readonly string[]) {
  if (ids.length === 0) return
  await db.delete(agreementRatifications).where(inArray(agreementRatifications.id, [...ids]))
}

/** Agreements with at least one ratification: the only ones that can be in force. */
export async function listRatifiedAgreementIds(db: DbOrTx) {
  const rows = await db
    .selectDistinct({ id: agreementRatifications.agreementId })
    .from(agreementRatifications)
  return rows.map((r) => r.id)
}

// ---- what the commitments are checked against

export function listRetreats(db: DbOrTx, partnershipId: string) {
  return db
    .select()
    .from(partnershipRetreats)
    .where(eq(partnershipRetreats.partnershipId, partnershipId))
    .orderBy(desc(partnershipRetreats.heldOn))
}

export async function insertRetreat(db: DbOrTx, values: typeof partnershipRetreats.$inferInsert) {
  const [row] = await db.insert(partnershipRetreats).values(values).returning()
  return row!
}

export function listMinutes(db: DbOrTx, partnershipId: string) {
  return db
    .select()
    .from(partnershipMinutes)
    .where(eq(partnershipMinutes.partnershipId, partnershipId))
    .orderBy(desc(partnershipMinutes.meetingOn), desc(partnershipMinutes.sharedAt))
}

/** When each side last shared minutes: what the commitment needs, without reading any text. */
export function listMinutesSharing(db: DbOrTx, partnershipId: string) {
  return db
    .select({ fromUnitId: partnershipMinutes.fromUnitId, sharedAt: partnershipMinutes.sharedAt })
    .from(partnershipMinutes)
    .where(eq(partnershipMinutes.partnershipId, partnershipId))
}

export async function findMinutes(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(partnershipMinutes)
    .where(and(eq(partnershipMinutes.id, id), eq(partnershipMinutes.partnershipId, partnershipId)))
  return row
}

export async function insertMinutes(db: DbOrTx, values: typeof partnershipMinutes.$inferInsert) {
  const [row] = await db.insert(partnershipMinutes).values(values).returning()
  return row!
}

export function listLinkConfirmations(db: DbOrTx, partnershipId: string) {
  return db
    .select()
    .from(partnershipLinkConfirmations)
    .where(eq(partnershipLinkConfirmations.partnershipId, partnershipId))
    .orderBy(desc(partnershipLinkConfirmations.confirmedOn))
}

export async function insertLinkConfirmation(
  db: DbOrTx,
  values: typeof partnershipLinkConfirmations.$inferInsert,
) {
  const [row] = await db.insert(partnershipLinkConfirmations).values(values).returning()
  return row!
}

/** Every exchange the boards recorded for a partnership, newest first. */
export function listExchanges(db: DbOrTx, partnershipId: string) {
  return db
    .select()
    .from(partnershipExchanges)
    .where(eq(partnershipExchanges.partnershipId, partnershipId))
    .orderBy(desc(partnershipExchanges.heldOn), desc(partnershipExchanges.createdAt))
}

export async function insertExchange(db: DbOrTx, values: typeof partnershipExchanges.$inferInsert) {
  const [row] = await db.insert(partnershipExchanges).values(values).returning()
  return row!
}

// ---- the federal congresses of the party calendar

/** Congresses beginning in [from, to), or all of them, in order. */
export function listCongresses(db: DbOrTx, range?: { from: string; to: string }) {
  return db
    .select()
    .from(federalCongresses)
    .where(
      range
        ? and(gte(federalCongresses.startsOn, range.from), lt(federalCongresses.startsOn, range.to))
        : undefined,
    )
    .orderBy(asc(federalCongresses.startsOn))
}

/** Adds a congress; undefined when one already begins on that day. */
export async function insertCongress(db: DbOrTx, values: typeof federalCongresses.$inferInsert) {
  const [row] = await db.insert(federalCongresses).values(values).onConflictDoNothing().returning()
  return row
}

export async function deleteCongress(db: DbOrTx, id: string) {
  const [row] = await db.delete(federalCongresses).where(eq(federalCongresses.id, id)).returning()
  return row
}

export function listMembersByIds(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([])
  return db
    .select({
      id: members.id,
      firstName: members.firstName,
      lastName: members.lastName,
      email: members.email,
    })
    .from(members)
    .where(inArray(members.id, ids))
}

/** Claims a reminder; undefined when it was already sent for this commitment and period. */
export async function claimReminder(
  db: DbOrTx,
  values: { agreementId: string; commitment: string; period: string; kind: string; sentAt: Date },
) {
  const [row] = await db.insert(agreementReminders).values(values).onConflictDoNothing().returning()
  return row
}

// ---- what the clauses' commitments are evaluated from

/** The help balance's entries between two units in [from, to). */
export function listHelpBetween(db: DbOrTx, a: string, b: string, from: string, to: string) {
  return db
    .select({
      helperUnitId: helpRecords.helperUnitId,
      helpedOn: helpRecords.helpedOn,
      people: helpRecords.people,
      personMinutes: helpRecords.personMinutes,
    })
    .from(helpRecords)
    .where(
      and(
        or(
          and(eq(helpRecords.helperUnitId, a), eq(helpRecords.helpedUnitId, b)),
          and(eq(helpRecords.helperUnitId, b), eq(helpRecords.helpedUnitId, a)),
        ),
        gte(helpRecords.helpedOn, from),
        lt(helpRecords.helpedOn, to),
      ),
    )
}

/** Election days of the given states in [from, to). */
export function listElections(db: DbOrTx, stateAgs: string[], from: string, to: string) {
  if (stateAgs.length === 0) return Promise.resolve([])
  return db
    .select({ stateAgs: electionDates.stateAgs, kind: electionDates.kind, heldOn: electionDates.heldOn })
    .from(electionDates)
    .where(
      and(
        inArray(electionDates.stateAgs, stateAgs),
        gte(electionDates.heldOn, from),
        lt(electionDates.heldOn, to),
      ),
    )
}

/** Published events both units host, beginning in [from, to). */
export function listJointEvents(db: DbOrTx, a: string, b: string, from: Date, to: Date) {
  const hostedBy = (unitId: string) =>
    sql`exists (select 1 from ${eventHosts} h where h.event_id = ${events.id} and h.unit_id = ${unitId})`
  return db
    .select({ id: events.id, title: events.title, startsAt: events.startsAt })
    .from(events)
    .where(
      and(
        eq(events.status, 'published'),
        gte(events.startsAt, from),
        lt(events.startsAt, to),
        hostedBy(a),
        hostedBy(b),
      ),
    )
}

/**
 * Published events one unit hosts without the other, beginning in [from, to), with how many members of the
 * other unit (home KV or local group) were recorded as attending. Counts only: no visitor is named.
 */
export async function listVisits(db: DbOrTx, a: string, b: string, from: Date, to: Date) {
  const rows = await queryRows<{
    hostUnitId: string
    eventId: string
    title: string
    startsAt: string | Date
    visitors: number
  }>(
    db,
    sql`select h.unit_id as "hostUnitId", e.id as "eventId", e.title, e.starts_at as "startsAt",
          count(distinct r.id)::int as visitors
        from ${events} e
        join ${eventHosts} h on h.event_id = e.id and h.unit_id in (${a}, ${b})
        join ${eventRsvps} r on r.event_id = e.id and r.attended_at is not null
        join ${users} u on u.id = r.user_id
        join ${members} m on m.id = u.member_id
        where e.status = 'published' and e.starts_at >= ${from.toISOString()}::timestamptz
          and e.starts_at < ${to.toISOString()}::timestamptz
          and not exists (select 1 from ${eventHosts} o where o.event_id = e.id
            and o.unit_id = case when h.unit_id = ${a} then ${b}::uuid else ${a}::uuid end)
          and (case when h.unit_id = ${a} then ${b}::uuid else ${a}::uuid end) in (m.home_unit_id, m.local_unit_id)
        group by h.unit_id, e.id, e.title, e.starts_at`,
  )
  return rows.map((r) => ({ ...r, startsAt: new Date(r.startsAt), visitors: Number(r.visitors) }))
}
