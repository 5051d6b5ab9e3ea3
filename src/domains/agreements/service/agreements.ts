import { randomUUID } from 'node:crypto'
import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps } from '../../../platform/deps.js'
import { ConflictError, FieldError, NotFoundError, opens } from '../../../platform/errors.js'
import { formatDate, isLocale, translator } from '../../../platform/i18n/index.js'
import { type OutgoingMail, queueMail } from '../../../platform/mail/outbox.js'
import { listRoleHolders } from '../../org-units/index.js'
import type { Clause } from '../clauses.js'
import { compareVersions } from '../diff.js'
import type { ClauseInput, RatifyInput } from '../input.js'
import { abilities, authorize, can } from '../policy.js'
import * as repo from '../repo.js'
import { agreementState, canRatifyVersion } from '../state.js'
import { commitmentsOf } from './commitments.js'
import {
  actorName,
  getVisibleAgreement,
  type LoadedAgreement,
  paramsOf,
  sideUnit,
  subjectOf,
} from './shared.js'

/**
 * What /partnerships/:id/agreement leads to: the agreement when there is one the actor may see,
 * the templates to start from when the actor is a board of either side, otherwise nothing (404).
 */
export async function openPartnershipAgreement(
  deps: AppDeps,
  actor: Actor | undefined,
  partnershipId: string,
) {
  const db = deps.database.db
  const row = await repo.findPartnershipWithUnits(db, partnershipId)
  if (!row) throw new NotFoundError()
  const existing = await repo.findAgreementOfPartnership(db, partnershipId)
  if (existing) {
    await getVisibleAgreement(db, actor, existing.id)
    return { kind: 'existing' as const, agreementId: existing.id }
  }
  if (!can(actor, 'agreement.edit', { agreement: subjectOf(row, undefined) })) throw new NotFoundError()
  return { kind: 'start' as const, partnership: row, templates: await repo.listTemplates(db) }
}

/**
 * Where the partnership page may lead this actor: to the agreement when there is one the actor may see, to
 * starting one when the actor is a board of either side, otherwise nowhere (no link that ends in a 404).
 */
export async function findPartnershipAgreementLink(
  deps: AppDeps,
  actor: Actor | undefined,
  partnershipId: string,
): Promise<{ kind: 'existing'; agreementId: string } | { kind: 'start' } | null> {
  const db = deps.database.db
  const existing = await repo.findAgreementOfPartnership(db, partnershipId)
  if (existing) {
    try {
      await getVisibleAgreement(db, actor, existing.id)
      return { kind: 'existing', agreementId: existing.id }
    } catch (err) {
      if (err instanceof NotFoundError) return null
      throw err
    }
  }
  if (!actor) return null
  const row = await repo.findPartnershipWithUnits(db, partnershipId)
  if (!row || !can(actor, 'agreement.edit', { agreement: subjectOf(row, undefined) })) return null
  return { kind: 'start' }
}

/**
 * A board of either side starts the partnership's agreement from a template: version 1 is a copy
 * of the template's clauses. A partnership has one agreement (agreements_partnership_uq).
 */
export async function startAgreement(deps: AppDeps, actor: Actor, partnershipId: string, templateId: string) {
  return deps.database.db.transaction(async (tx) => {
    const row = await repo.findPartnershipWithUnits(tx, partnershipId)
    if (!row) throw new NotFoundError()
    if (!can(actor, 'agreement.edit', { agreement: subjectOf(row, undefined) })) throw new NotFoundError()
    if (await repo.findAgreementOfPartnership(tx, partnershipId))
      throw new ConflictError('agreements.errors.exists')
    const template = await repo.findTemplate(tx, templateId)
    if (!template) throw new FieldError('templateId', 'agreements.errors.template')
    const clauses: Clause[] = (await repo.listTemplateClauses(tx, templateId)).map((c) => ({
      key: randomUUID(),
      type: c.type,
      title: c.title,
      body: c.body,
      params: c.params,
    }))
    const now = deps.now()
    const agreement = await repo.insertAgreement(tx, {
      partnershipId,
      templateId,
      title: template.name,
      latestVersion: 1,
      createdAt: now,
      updatedAt: now,
    })
    await repo.insertVersion(tx, {
      agreementId: agreement.id,
      number: 1,
      clauses,
      authorUserId: actor.userId,
      authorName: actorName(actor),
      note: null,
      createdAt: now,
    })
    await recordAudit(tx, actor, {
      action: 'agreement.started',
      unit: row.unitA,
      object: { type: 'agreement', id: agreement.id },
      data: { partnershipId, templateId },
    })
    return agreement
  })
}

async function latestClauses(tx: DbOrTx, loaded: LoadedAgreement) {
  const version = await repo.findVersion(tx, loaded.agreement.id, loaded.agreement.latestVersion)
  return version?.clauses ?? []
}

/**
 * Every edit of the text writes a new version with the full clauses, its author and time. An
 * agreement in force stays in force with its version; the new text is a draft until both ratify it.
 */
async function reviseAgreement(
  deps: AppDeps,
  actor: Actor,
  id: string,
  change: (clauses: Clause[]) => { clauses: Clause[]; note: string; audit: Record<string, unknown> },
) {
  return deps.database.db.transaction(async (tx) => {
    const loaded = await getVisibleAgreement(tx, actor, id, { lock: true })
    authorize(actor, 'agreement.edit', { agreement: loaded.subject })
    const { clauses, note, audit } = change(await latestClauses(tx, loaded))
    const number = loaded.agreement.latestVersion + 1
    const now = deps.now()
    await repo.insertVersion(tx, {
      agreementId: id,
      number,
      clauses,
      authorUserId: actor.userId,
      authorName: actorName(actor),
      note,
      createdAt: now,
    })
    await repo.updateAgreement(tx, id, { latestVersion: number, updatedAt: now })
    await recordAudit(tx, actor, {
      action: 'agreement.revised',
      unit: loaded.unitA,
      object: { type: 'agreement', id },
      data: { version: number, ...audit },
    })
    return number
  })
}

export function addAgreementClause(deps: AppDeps, actor: Actor, id: string, input: ClauseInput) {
  return reviseAgreement(deps, actor, id, (clauses) => {
    const clause: Clause = {
      key: randomUUID(),
      type: input.type,
      title: input.title,
      body: input.body,
      params: paramsOf(input),
    }
    return { clauses: [...clauses, clause], note: 'added', audit: { added: clause.key } }
  })
}

export function rewordAgreementClause(
  deps: AppDeps,
  actor: Actor,
  id: string,
  key: string,
  input: ClauseInput,
) {
  return reviseAgreement(deps, actor, id, (clauses) => {
    if (!clauses.some((c) => c.key === key)) throw new NotFoundError()
    return {
      clauses: clauses.map((c) =>
        c.key === key
          ? { ...c, type: input.type, title: input.title, body: input.body, params: paramsOf(input) }
          : c,
      ),
      note: 'changed',
      audit: { changed: key },
    }
  })
}

export function removeAgreementClause(deps: AppDeps, actor: Actor, id: string, key: string) {
  return reviseAgreement(deps, actor, id, (clauses) => {
    if (!clauses.some((c) => c.key === key)) throw new NotFoundError()
    return { clauses: clauses.filter((c) => c.key !== key), note: 'removed', audit: { removed: key } }
  })
}

export function moveAgreementClause(
  deps: AppDeps,
  actor: Actor,
  id: string,
  key: string,
  direction: 'up' | 'down',
) {
  return reviseAgreement(deps, actor, id, (clauses) => {
    const index = clauses.findIndex((c) => c.key === key)
    if (index < 0) throw new NotFoundError()
    const target = direction === 'up' ? index - 1 : index + 1
    const next = [...clauses]
    if (target >= 0 && target < next.length) [next[index], next[target]] = [next[target]!, next[index]!]
    return { clauses: next, note: 'moved', audit: { moved: key, direction } }
  })
}

/**
 * A board records its own side's ratification of one version: body, date and place. Only a
 * version newer than the one in force, and once per side (agreement_ratifications_side_uq).
 */
export async function ratifyAgreement(
  deps: AppDeps,
  actor: Actor,
  id: string,
  input: RatifyInput,
  links?: { publicUrl: string },
) {
  return deps.database.db.transaction(async (tx) => {
    const loaded = await getVisibleAgreement(tx, actor, id, { lock: true })
    authorize(actor, 'agreement.ratify', { agreement: loaded.subject, side: input.side })
    const ratifications = await repo.listRatifications(tx, id)
    const latest = loaded.agreement.latestVersion
    const before = agreementState(latest, ratifications)
    if (!canRatifyVersion(before, latest, ratifications, input.side, input.versionNumber))
      throw new FieldError('versionNumber', 'agreements.errors.version')
    const row = await repo.insertRatification(tx, {
      agreementId: id,
      versionNumber: input.versionNumber,
      side: input.side,
      body: input.body,
      ratifiedOn: input.ratifiedOn,
      place: input.place,
      recordedById: actor.userId,
      createdAt: deps.now(),
    })
    const after = agreementState(latest, [...ratifications, row])
    await repo.updateAgreement(tx, id, { updatedAt: deps.now() })
    await recordAudit(tx, actor, {
      action: 'agreement.ratified',
      unit: sideUnit(loaded, input.side),
      object: { type: 'agreement', id },
      data: {
        side: input.side,
        version: input.versionNumber,
        status: after.status,
        inForce: after.inForceVersion,
      },
    })
    const waitsForOther = after.awaiting.some(
      (a) => a.versionNumber === input.versionNumber && a.ratifiedBy === input.side,
    )
    if (links && waitsForOther) await queueYourTurnMails(tx, deps, loaded, input, links)
    return after
  })
}

/**
 * One side ratified a version the other has not: the other side's board (the role on the unit
 * itself, who alone may ratify for it) is told that it is their turn, in their language.
 */
async function queueYourTurnMails(
  tx: DbOrTx,
  deps: AppDeps,
  loaded: LoadedAgreement,
  input: RatifyInput,
  links: { publicUrl: string },
) {
  const own = sideUnit(loaded, input.side)
  const other = sideUnit(loaded, input.side === 'a' ? 'b' : 'a')
  const mails: OutgoingMail[] = []
  for (const b of await listRoleHolders(tx, other.id, 'board')) {
    const locale = isLocale(b.locale) ? b.locale : 'de'
    const tr = translator(locale)
    const params = {
      name: b.name,
      unit: own.name,
      other: other.name,
      version: String(input.versionNumber),
      ratifiedOn: formatDate(locale, input.ratifiedOn),
      body: input.body,
      link: `${links.publicUrl}/agreements/${loaded.agreement.id}`,
    }
    mails.push({
      key: `agreement-your-turn:${loaded.agreement.id}:${input.versionNumber}:${b.userId}`,
      to: b.email,
      subject: tr('agreements.mail.yourTurn.subject', params),
      text: tr('agreements.mail.yourTurn.body', params),
    })
  }
  await queueMail(tx, deps.now(), mails)
}

/** Either board publishes the text and ratifications (or withdraws them); minutes stay private either way. */
export async function publishAgreement(deps: AppDeps, actor: Actor, id: string, isPublished: boolean) {
  return deps.database.db.transaction(async (tx) => {
    const loaded = await getVisibleAgreement(tx, actor, id, { lock: true })
    authorize(actor, 'agreement.publish', { agreement: loaded.subject })
    await repo.updateAgreement(tx, id, { isPublished, updatedAt: deps.now() })
    await recordAudit(tx, actor, {
      action: isPublished ? 'agreement.published' : 'agreement.unpublished',
      unit: loaded.unitA,
      object: { type: 'agreement', id },
    })
  })
}

/**
 * Everything the agreement page shows this actor. The public (published agreements) sees the text
 * in force, or the newest text while none is, and the ratifications; the boards and the federal
 * office also see the draft, versions and commitments.
 */
export async function viewAgreement(deps: AppDeps, actor: Actor | undefined, id: string) {
  const db = deps.database.db
  const loaded = await getVisibleAgreement(db, actor, id)
  const can = abilities(actor, loaded.subject)
  const ratifications = await repo.listRatifications(db, id)
  const state = agreementState(loaded.agreement.latestVersion, ratifications)
  const shownNumber = can.internals
    ? loaded.agreement.latestVersion
    : (state.inForceVersion ?? loaded.agreement.latestVersion)
  const shown = await repo.findVersion(db, id, shownNumber)
  const versions = can.internals ? await repo.listVersions(db, id) : []
  const commitments = can.internals
    ? await commitmentsOf(db, deps.now(), loaded, state, ratifications)
    : undefined
  return {
    ...loaded,
    can,
    state,
    ratifications,
    version: shown!,
    versions,
    commitments,
  }
}

export type AgreementPageData = Awaited<ReturnType<typeof viewAgreement>>

/** Whether the actor may open the agreement's page: the rule of `viewAgreement`, without its commitments. */
export function agreementOpensFor(deps: AppDeps, actor: Actor | undefined, id: string) {
  return opens(() => getVisibleAgreement(deps.database.db, actor, id))
}

/** The version in force (or the newest) for printing, with both sides' ratifications of it. */
export async function viewPrintableAgreement(deps: AppDeps, actor: Actor | undefined, id: string) {
  const db = deps.database.db
  const loaded = await getVisibleAgreement(db, actor, id)
  const ratifications = await repo.listRatifications(db, id)
  const state = agreementState(loaded.agreement.latestVersion, ratifications)
  const number = state.inForceVersion ?? loaded.agreement.latestVersion
  const version = await repo.findVersion(db, id, number)
  return {
    ...loaded,
    state,
    version: version!,
    ratificationA: ratifications.find((r) => r.side === 'a' && r.versionNumber === number),
    ratificationB: ratifications.find((r) => r.side === 'b' && r.versionNumber === number),
  }
}

/** Two versions side by side as a clause-level diff; only for the boards and the federal office. */
export async function compareAgreementVersions(
  deps: AppDeps,
  actor: Actor | undefined,
  id: string,
  from: number,
  to: number,
) {
  const db = deps.database.db
  const loaded = await getVisibleAgreement(db, actor, id, { need: 'agreement.viewInternals' })
  const [before, after] = await Promise.all([repo.findVersion(db, id, from), repo.findVersion(db, id, to)])
  if (!before || !after) throw new NotFoundError()
  return {
    ...loaded,
    before,
    after,
    changes: compareVersions(before.clauses, after.clauses),
    versions: await repo.listVersions(db, id),
  }
}
