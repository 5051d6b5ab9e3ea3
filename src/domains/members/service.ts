import { createHash } from 'node:crypto'
import { recordAudit } from '../../platform/audit/record.js'
import { type Actor, holds } from '../../platform/auth/actor.js'
import type { DbOrTx } from '../../platform/db/types.js'
import type { AppDeps, Settings } from '../../platform/deps.js'
import { FieldError, NotFoundError } from '../../platform/errors.js'
import { isLocale, translator } from '../../platform/i18n/index.js'
import { takeBudget } from '../../platform/limits/limits.js'
import { queueMail } from '../../platform/mail/outbox.js'
import { startOnboarding } from '../onboarding/index.js'
import {
  canOnUnit,
  findFederation,
  findUnit,
  getUnit,
  isKnownPostalCode,
  kreisOfPostalCode,
  listKreisCoverage,
  municipalityOfPostalCode,
  type OrgUnit,
} from '../org-units/index.js'
import type { ImportOutcome, RowProblem } from './import-outcome.js'
import type { ImportMode } from './imports.tables.js'
import {
  cleanRow,
  type exportPurposes,
  type MemberListQuery,
  MemberRow,
  type MessageMemberInput,
  type MoveMemberInput,
  rowProblems,
  toIsoDate,
} from './input.js'

type ExportPurpose = (typeof exportPurposes)[number]

import { type MemberColumn, parseMemberCsv, type Reason } from './member-csv.js'
import { memberNumberKey } from './number-key.js'
import { administeredFederationId, authorize } from './policy.js'
import {
  findMemberPlacement,
  findMemberWithUnits,
  findOnboardingProgress,
  insertMemberImport,
  lastLeavingOfErased,
  listMemberFilterOptions,
  listOpenDistrictsUnder,
  listPlacementsOf,
  listTeamsOfMember,
  listUnitsUnder,
  type MemberUpsert,
  pageMembersOfUnit,
  searchMembersOfUnit,
  updateMemberPlacement,
  upsertMembers,
} from './repo.js'

const PAGE = 200
/** An export holds at most this many rows: a whole state's membership, not the federation's. */
const EXPORT_ROWS = 100_000

/** The unit whose members the actor may see (its board or an office above); 404 for anyone else. */
async function overseenUnit(db: DbOrTx, actor: Actor | undefined, unitId: string) {
  const unit = await getUnit(db, unitId)
  if (!canOnUnit(actor, 'unit.listMembers', { unit }) || unit.kind === 'team') throw new NotFoundError()
  return unit
}

const filtersOf = ({ page: _, ...filters }: MemberListQuery) =>
  Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined))

/**
 * The member list of a unit, for its board and the offices above it, searched by name, local group, team,
 * entry date and onboarding state. Anyone else gets a 404, as if the list did not exist. Reading personal
 * data is itself recorded in the audit trail, with the search.
 */
export async function viewMemberList(
  deps: AppDeps,
  actor: Actor | undefined,
  unitId: string,
  query: MemberListQuery = { page: 1 },
) {
  return deps.database.db.transaction(async (tx) => {
    const unit = await overseenUnit(tx, actor, unitId)
    const { rows, total } = await searchMembersOfUnit(tx, unit, query, {
      limit: PAGE,
      offset: (query.page - 1) * PAGE,
    })
    const options = await listMemberFilterOptions(tx, unit)
    await recordAudit(tx, actor, {
      action: 'members.list_viewed',
      unit,
      object: { type: 'org_unit', id: unit.id },
      data: { page: query.page, rows: rows.length, filters: filtersOf(query) },
    })
    return { unit, members: rows, total, pages: Math.max(1, Math.ceil(total / PAGE)), options }
  })
}

/**
 * One page of the member list of a unit for the JSON API: the same search, columns and rule as the page (its board
 * and the offices above; 404 for anyone else), in the order of the members' ids, `limit` members after the id
 * `after`, read as such from the database; `more` says whether another page follows. Audited as the page's
 * reading, with `via: api`.
 */
export async function listMembersForApi(
  deps: AppDeps,
  actor: Actor | undefined,
  unitId: string,
  query: Omit<MemberListQuery, 'page'>,
  page: { after: string | undefined; limit: number },
) {
  return deps.database.db.transaction(async (tx) => {
    const unit = await overseenUnit(tx, actor, unitId)
    const found = await pageMembersOfUnit(tx, unit, query, { after: page.after, limit: page.limit + 1 })
    const rows = found.slice(0, page.limit)
    await recordAudit(tx, actor, {
      action: 'members.list_viewed',
      unit,
      object: { type: 'org_unit', id: unit.id },
      data: {
        via: 'api',
        rows: rows.length,
        filters: filtersOf({ ...query, page: 1 }),
        ...(page.after ? { after: page.after } : {}),
      },
    })
    return { rows, more: found.length > page.limit }
  })
}

/**
 * The same search as a CSV file for the board's own tools, for one of the fixed purposes; audited with the
 * purpose, the number of rows and the search. Only the list's columns: no e-mail address or phone number.
 */
export async function exportMemberList(
  deps: AppDeps,
  actor: Actor | undefined,
  unitId: string,
  query: MemberListQuery,
  purpose: ExportPurpose,
) {
  return deps.database.db.transaction(async (tx) => {
    const unit = await overseenUnit(tx, actor, unitId)
    const { rows } = await searchMembersOfUnit(tx, unit, query, { limit: EXPORT_ROWS, offset: 0 })
    await recordAudit(tx, actor, {
      action: 'members.exported',
      unit,
      object: { type: 'org_unit', id: unit.id },
      data: { purpose, rows: rows.length, filters: filtersOf(query) },
    })
    return { unit, rows }
  })
}

/**
 * A member's page for the board of their KV (or local group) and the offices above: the member record, local
 * group, teams and onboarding progress. Not their volunteer profile or what they told event organisers.
 * Audited as `member.viewed`; 404 for anyone else.
 */
export async function viewMember(deps: AppDeps, actor: Actor | undefined, memberId: string) {
  return deps.database.db.transaction(async (tx) => {
    const found = await findMemberWithUnits(tx, memberId)
    if (!found || !canOnUnit(actor, 'unit.listMembers', { unit: found.home })) throw new NotFoundError()
    const teams = await listTeamsOfMember(tx, memberId)
    const onboarding = await findOnboardingProgress(tx, memberId)
    await recordAudit(tx, actor, {
      action: 'member.viewed',
      unit: found.home,
      object: { type: 'member', id: memberId },
    })
    const { locals } = await listMemberFilterOptions(tx, found.home)
    // Where the actor may move the member: the KVs they hold a board's role (or an office) on.
    const districts = await listOpenDistrictsUnder(tx, boardPaths(actor))
    return { ...found, teams, onboarding, moveOptions: { locals, districts } }
  })
}

/** The subtrees in which the actor acts as a board or an office above it. */
const boardPaths = (actor: Actor | undefined) =>
  (actor?.grants ?? []).filter((g) => holds(actor, 'board', g.unitPath)).map((g) => g.unitPath)

/**
 * The board of a member's KV (or an office above it) places the member by hand: in another local group of the
 * KV or in none, or in another KV whose board role the actor holds too (an office above both, usually), with
 * a local group there. Their account, consents, teams and history stay theirs; the old KV's board no longer
 * sees them from the next request on. Audited as `member.moved`; the member is told by mail (their account's
 * address and language, else the member record's address) when a mail can reach them.
 * 404 for a member the actor may not see; a KV or local group the actor may not choose is a FieldError.
 * Answers the member as they were and where they are now. The JSON API calls it too (PUT …/placement).
 */
export async function moveMember(
  deps: Pick<AppDeps, 'database' | 'now'>,
  settings: Pick<Settings, 'http' | 'i18n' | 'levelNames'>,
  actor: Actor | undefined,
  memberId: string,
  input: MoveMemberInput,
  meta: { requestId?: string } = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const member = await findMemberPlacement(tx, memberId)
    if (!member) throw new NotFoundError()
    const from = await getUnit(tx, member.homeUnitId)
    if (!canOnUnit(actor, 'unit.listMembers', { unit: from })) throw new NotFoundError()
    const to = member.homeUnitId === input.homeUnitId ? from : await findUnit(tx, input.homeUnitId)
    if (to?.kind !== 'district' || to.dissolvedAt || !holds(actor, 'board', to.path))
      throw new FieldError('homeUnitId', 'members.move.errors.homeNotYours')
    let local: OrgUnit | null = null
    if (input.localUnitId) {
      const chosen = await findUnit(tx, input.localUnitId)
      const open = chosen && chosen.kind === 'local' && !chosen.dissolvedAt
      if (open && chosen.parentId === to.id) local = chosen
      // The form lists the old KV's local groups: moved to another KV with one of them chosen, the member's
      // postal code finds their local group in the new KV (or none).
      else if (open && to.id !== from.id && chosen.parentId === from.id) {
        const groups = (await listUnitsUnder(tx, to.path, 'local')).filter((l) => l.parentId === to.id)
        const code = member.postalCode
        const municipality = code ? municipalityOfPostalCode(code) : undefined
        const found =
          groups.find((l) => !!code && l.postalCodes.includes(code)) ??
          groups.find((l) => !!municipality && l.municipalities.includes(municipality))
        local = found ? await getUnit(tx, found.id) : null
      } else throw new FieldError('localUnitId', 'members.move.errors.localUnknown')
    }
    const localUnitId = local?.id ?? null
    if (to.id === member.homeUnitId && localUnitId === member.localUnitId)
      return { member, changed: false, home: to, local }

    const now = deps.now()
    await updateMemberPlacement(tx, member.id, { homeUnitId: to.id, localUnitId }, now)
    const previousLocal = member.localUnitId ? await getUnit(tx, member.localUnitId) : null
    await recordAudit(
      tx,
      actor,
      {
        action: 'member.moved',
        unit: to,
        object: { type: 'member', id: member.id },
        data: {
          fromHome: from.id,
          fromHomeName: from.name,
          toHome: to.id,
          toHomeName: to.name,
          fromLocal: member.localUnitId,
          fromLocalName: previousLocal?.name ?? null,
          toLocal: localUnitId,
          toLocalName: local?.name ?? null,
        },
      },
      meta.requestId,
    )
    if (member.mailTo) {
      const locale = member.locale && isLocale(member.locale) ? member.locale : settings.i18n.defaultLocale
      const t = translator(locale, settings.i18n.genderMark)
      const params = {
        name: member.firstName,
        home: to.name,
        local: local?.name ?? t('members.move.mail.noLocal'),
        link: `${settings.http.publicUrl}/units/${to.id}`,
      }
      await queueMail(tx, now, [
        {
          to: member.mailTo,
          subject: t('members.move.mail.subject', params),
          text: t(to.id === from.id ? 'members.move.mail.bodyLocal' : 'members.move.mail.bodyHome', params),
          key: `member-moved:${member.id}:${now.getTime()}`,
        },
      ])
    }
    return { member, changed: true, home: to, local }
  })
}

/**
 * The federation whose members the actor may import. Throws ForbiddenError unless the actor is an
 * admin of the root of the tree.
 */
export async function getImportFederation(
  deps: Pick<AppDeps, 'database'>,
  actor: Actor | undefined,
): Promise<OrgUnit> {
  const id = administeredFederationId(actor)
  const federation = id ? await getUnit(deps.database.db, id) : undefined
  authorize(actor, 'members.import', { federation })
  // The rule refuses an actor who administers no federation.
  return federation!
}

export type ImportMembersInput = { csv: string | Buffer; fileName: string; mode: ImportMode }

const normaliseName = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ')

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/**
 * Leaves out the rows of members whose data were erased after they left (an old file still lists
 * them): such a row is written only when it is a new membership, that is when its entry date lies
 * after the day the erased member left. The number then belongs to a new member row.
 */
async function withoutErased(db: DbOrTx, rows: MemberUpsert[]) {
  const keys = rows.map((r) => memberNumberKey(r.memberNumber))
  const lastLeft = await lastLeavingOfErased(db, keys)
  if (lastLeft.size === 0) return { write: rows, erased: 0 }
  const write = rows.filter((r, i) => {
    const leftOn = lastLeft.get(keys[i]!)
    return leftOn === undefined || r.enteredOn > leftOn
  })
  return { write, erased: rows.length - write.length }
}

/**
 * Imports members from a CSV export of the member database, idempotent by member number: new numbers
 * are inserted, changed rows updated, equal rows left untouched. Members missing from the file stay,
 * and members erased after leaving are not brought back (`withoutErased`).
 * Every row is checked first; with bad rows, mode 'all-or-nothing' writes nothing and returns the report,
 * mode 'good-only' writes the good rows and lists the skipped ones. The write is one transaction with a
 * ledger row and an audit row that hold counts only, never personal data.
 * Throws ForbiddenError unless the actor is an admin of the federation (the root of the tree).
 */
export async function importMembers(
  deps: Pick<AppDeps, 'database' | 'now'>,
  by: Actor | 'command-line' | undefined,
  input: ImportMembersInput,
): Promise<ImportOutcome> {
  const actor = by === 'command-line' ? undefined : by
  const federation =
    by === 'command-line' ? await findFederation(deps.database.db) : await getImportFederation(deps, by)
  // From the command line on a database without a structure there is nobody to place.
  if (!federation) return { kind: 'file-rejected', problem: { key: 'members.import.problems.noStructure' } }
  const parsed = parseMemberCsv(input.csv)
  if (!parsed.ok) return { kind: 'file-rejected', problem: parsed.problem }
  const { records, headers, ignoredColumns } = parsed
  const db = deps.database.db

  // One query for all districts: resolving a KV per row would be 150,000 round trips.
  const districts = await listUnitsUnder(db, federation.path, 'district')
  const byAgs = new Map<string, typeof districts>()
  const byName = new Map<string, typeof districts>()
  const byKey = new Map<string, string>()
  // Kreis → the KV covering it: the structure's territories, else the KV made for that Kreis.
  const byKreis = new Map<string, string>()
  for (const d of districts) {
    if (d.ags) pushTo(byAgs, d.ags, d)
    if (d.key) byKey.set(d.key, d.id)
    if (d.ags && d.kreisType !== null) byKreis.set(d.ags, d.id)
    pushTo(byName, normaliseName(d.name), d)
  }
  const inFederation = new Set(districts.map((d) => d.id))
  for (const [kreis, unitId] of await listKreisCoverage(db))
    if (inFederation.has(unitId)) byKreis.set(kreis, unitId)
  // Municipality → the KV whose territory names it on its own (besides Kreise).
  const byMunicipality = new Map<string, string>()
  for (const d of districts) for (const m of d.municipalities) byMunicipality.set(m, d.id)
  // Local groups by name (the Ortsverband column) and by postal code (their territory), each within its KV.
  const localByName = new Map<string, string>()
  const localByPostalCode = new Map<string, string>()
  const localByMunicipality = new Map<string, string>()
  const withPostalGroups = new Set<string>()
  for (const l of await listUnitsUnder(db, federation.path, 'local')) {
    localByName.set(`${l.parentId}|${normaliseName(l.name)}`, l.id)
    for (const code of l.postalCodes) localByPostalCode.set(`${l.parentId}|${code}`, l.id)
    for (const ags of l.municipalities) localByMunicipality.set(`${l.parentId}|${ags}`, l.id)
    if (l.postalCodes.length + l.municipalities.length > 0 && l.parentId) withPostalGroups.add(l.parentId)
  }

  const linesByNumber = new Map<string, number[]>()
  for (const r of records) {
    const number = r.values.memberNumber?.trim()
    if (number) pushTo(linesByNumber, number, r.line)
  }

  const problems: RowProblem[] = []
  const notPlaced: RowProblem[] = []
  const good: MemberUpsert[] = []
  // The good rows whose local group the file does not name (none, or one found by the postal code).
  const byPostalCode = new Set<MemberUpsert>()
  const unnamedLocal: MemberUpsert[] = []
  for (const record of records) {
    const line = record.line
    const values = cleanRow(record.values)
    const found: { field: MemberColumn; reason: Reason }[] = []
    const result = MemberRow.safeParse(values)
    if (!result.success) found.push(...rowProblems(result.error))

    const number = values.memberNumber
    const sameNumber = number ? linesByNumber.get(number) : undefined
    if (sameNumber && sameNumber.length > 1) {
      const others = sameNumber.filter((l) => l !== line).join(', ')
      found.push({
        field: 'memberNumber',
        reason: { key: 'members.import.reasons.duplicateNumber', params: { lines: others } },
      })
    }

    let homeUnitId: string | undefined
    const kv = values.kv
    const postalCode = values.postalCode
    if (!kv && !postalCode) {
      found.push({ field: 'kv', reason: { key: 'members.import.reasons.kvOrPostalCode' } })
    } else if (!kv && postalCode && /^\d{5}$/.test(postalCode)) {
      // Without a KV column the postal code places the member: the KV that names the postal code's municipality
      // (the most populous one, where the code reaches several), else its Kreis, then the KV covering that Kreis.
      const municipality = byMunicipality.size > 0 ? municipalityOfPostalCode(postalCode) : undefined
      const kreis = kreisOfPostalCode(postalCode)
      homeUnitId =
        (municipality ? byMunicipality.get(municipality) : undefined) ??
        (kreis ? byKreis.get(kreis) : undefined)
      if (!homeUnitId)
        found.push({
          field: 'postalCode',
          reason: { key: 'members.import.reasons.postalCodeNotPlaced', params: { plz: postalCode } },
        })
    } else if (kv && byKey.has(kv) && !/^\d{5}$/.test(kv)) {
      homeUnitId = byKey.get(kv)
    } else if (kv) {
      const isAgs = /^\d{5}$/.test(kv)
      const candidates = (isAgs ? byAgs.get(kv) : byName.get(normaliseName(kv))) ?? []
      if (candidates.length === 1) homeUnitId = candidates[0]!.id
      else if (candidates.length === 0)
        found.push({ field: 'kv', reason: { key: 'members.import.reasons.unknownKv', params: { kv } } })
      else
        found.push({
          field: 'kv',
          reason: isAgs
            ? {
                key: 'members.import.reasons.ambiguousKvAgs',
                params: { kv, candidates: candidates.map((c) => c.name).join(', ') },
              }
            : {
                key: 'members.import.reasons.ambiguousKvName',
                params: { kv, candidates: candidates.map((c) => c.ags ?? c.name).join(', ') },
              },
        })
    }

    let localUnitId: string | null = null
    const localGroup = values.localGroup
    if (localGroup && homeUnitId) {
      localUnitId = localByName.get(`${homeUnitId}|${normaliseName(localGroup)}`) ?? null
      if (!localUnitId)
        found.push({
          field: 'localGroup',
          reason: { key: 'members.import.reasons.unknownLocalGroup', params: { name: localGroup } },
        })
    }

    if (found.length > 0 || !result.success || !homeUnitId) {
      for (const p of found) problems.push({ line, field: headers[p.field] ?? p.field, reason: p.reason })
      continue
    }
    // Without a local group in the file, the postal code places the member in the KV's local group that has it,
    // else in the one that has the postal code's municipality (the most populous one, where it reaches several).
    if (!localGroup && postalCode) {
      localUnitId = localByPostalCode.get(`${homeUnitId}|${postalCode}`) ?? null
      const municipality =
        !localUnitId && localByMunicipality.size > 0 ? municipalityOfPostalCode(postalCode) : undefined
      if (municipality) localUnitId = localByMunicipality.get(`${homeUnitId}|${municipality}`) ?? null
      const field = headers.postalCode ?? 'postalCode'
      if (!isKnownPostalCode(postalCode))
        notPlaced.push({
          line,
          field,
          reason: { key: 'members.import.reasons.unknownPostalCode', params: { plz: postalCode } },
        })
      else if (!localUnitId && withPostalGroups.has(homeUnitId))
        notPlaced.push({
          line,
          field,
          reason: { key: 'members.import.reasons.postalCodeInNoLocalGroup', params: { plz: postalCode } },
        })
    }
    const r = result.data
    good.push({
      memberNumber: r.memberNumber,
      firstName: r.firstName,
      lastName: r.lastName,
      email: r.email?.toLowerCase() ?? null,
      phone: r.phone ?? null,
      postalCode: r.postalCode ?? null,
      homeUnitId,
      localUnitId,
      enteredOn: toIsoDate(r.enteredOn) ?? r.enteredOn,
      leftOn: r.leftOn ? (toIsoDate(r.leftOn) ?? null) : null,
    })
    if (!localGroup) unnamedLocal.push(good.at(-1)!)
    if (!localGroup && localUnitId) byPostalCode.add(good.at(-1)!)
  }

  const rowsTotal = records.length
  const skipped = rowsTotal - good.length
  if (good.length === 0 || (skipped > 0 && input.mode === 'all-or-nothing')) {
    return { kind: 'rows-rejected', rowsTotal, good: good.length, problems, notPlaced, ignoredColumns }
  }
  const { write, erased } = await withoutErased(db, good)
  // A member the board placed in a local group by hand stays there while KV and postal code stay the same
  // and the file names no local group: the file's postal code does not undo the board's choice.
  const placements = await listPlacementsOf(
    db,
    unnamedLocal.map((r) => r.memberNumber),
  )
  for (const row of unnamedLocal) {
    const before = placements.get(row.memberNumber)
    if (
      before?.localUnitId &&
      before.homeUnitId === row.homeUnitId &&
      before.postalCode === row.postalCode &&
      before.localUnitId !== row.localUnitId
    ) {
      row.localUnitId = before.localUnitId
      byPostalCode.delete(row)
    }
  }
  const placedLocal = write.filter((r) => byPostalCode.has(r)).length

  const fileSha256 = createHash('sha256').update(input.csv).digest('hex')
  return db.transaction(async (tx) => {
    const { inserted, updated, insertedMembers } = await upsertMembers(tx, write, deps.now())
    // New members start their onboarding in the same transaction; re-imported and updated ones do not.
    await startOnboarding(tx, actor, insertedMembers, deps.now())
    const unchanged = write.length - inserted - updated
    const counts = { rowsTotal, inserted, updated, unchanged, skipped, erased, placedLocal }
    const ledger = await insertMemberImport(tx, {
      createdById: actor?.userId ?? null,
      fileName: input.fileName.slice(0, 255),
      fileSha256,
      mode: input.mode,
      rowsTotal,
      inserted,
      updated,
      unchanged,
      skipped,
      erased,
      createdAt: deps.now(),
    })
    await recordAudit(tx, actor, {
      action: 'members.imported',
      unit: federation,
      object: { type: 'member_import', id: ledger.id },
      data: { mode: input.mode, ...counts, ...(actor ? {} : { via: 'command-line' }) },
    })
    return { kind: 'imported' as const, importId: ledger.id, ...counts, problems, notPlaced, ignoredColumns }
  })
}

/** Messages one person may send to members through the platform in a day. */
const MESSAGES_PER_DAY = { max: 40, windowMs: 24 * 3600_000 }

/**
 * The board of a member's KV (or an office above) writes to the member without seeing their address: the platform
 * sends the message to the member's account address (else the member record's), names the sender and their
 * e-mail address, so the member decides whether to answer and thereby show theirs (SECURITY-GOALS: relay, do
 * not reveal). Audited as `member.messaged` without the text. 404 for a member the actor may not see; a member
 * no mail reaches, or a sender over the day's budget, is a FieldError.
 */
export async function messageMember(
  deps: Pick<AppDeps, 'database' | 'now'>,
  settings: Pick<Settings, 'i18n'>,
  actor: Actor | undefined,
  memberId: string,
  input: MessageMemberInput,
  meta: { requestId?: string } = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const member = await findMemberPlacement(tx, memberId)
    if (!member) throw new NotFoundError()
    const home = await getUnit(tx, member.homeUnitId)
    if (!actor || !canOnUnit(actor, 'unit.listMembers', { unit: home })) throw new NotFoundError()
    if (!member.mailTo) throw new FieldError('text', 'members.message.errors.unreachable')
    const now = deps.now()
    if (!(await takeBudget(tx, `member-message:${actor.userId}`, MESSAGES_PER_DAY, now)))
      throw new FieldError('text', 'members.message.errors.tooMany')
    const locale = member.locale && isLocale(member.locale) ? member.locale : settings.i18n.defaultLocale
    const t = translator(locale, settings.i18n.genderMark)
    await queueMail(tx, now, [
      {
        to: member.mailTo,
        subject: `[${home.name}] ${input.subject}`,
        text: t('members.message.mail.body', {
          name: member.firstName,
          sender: actor.displayName,
          senderEmail: actor.email,
          unit: home.name,
          text: input.text,
        }),
      },
    ])
    await recordAudit(
      tx,
      actor,
      {
        action: 'member.messaged',
        unit: home,
        object: { type: 'member', id: member.id },
        data: { characters: input.text.length },
      },
      meta.requestId,
    )
  })
}
