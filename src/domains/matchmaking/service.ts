import { recordAudit } from '../../platform/audit/record.js'
import type { Actor } from '../../platform/auth/actor.js'
import { readCsvTable } from '../../platform/csv.js'
import type { DbOrTx } from '../../platform/db/types.js'
import type { AppDeps } from '../../platform/deps.js'
import { FieldError, NotFoundError } from '../../platform/errors.js'
import { translator } from '../../platform/i18n/index.js'
import { addDays, localDay } from '../../platform/time.js'
import { districtTerritory, municipalityRef, territoryPoints } from '../org-units/index.js'
import { guardOpenPair, openStatuses, proposePartnershipIn } from '../partnerships/index.js'
import { shippedElections } from './election-calendar.js'
import { explanationNote } from './explain.js'
import type {
  ElectionInput,
  ProposeInput,
  SeekingProfileInput,
  TwinTownsInput,
  WeightsInput,
} from './input.js'
import { authorize, can } from './policy.js'
import * as repo from './repo.js'
import {
  bestForEach,
  type Candidate,
  dayNumber,
  defaultWeights,
  type Election,
  eligible,
  type FactorKey,
  factorKeys,
  type HelpKind,
  helpKinds,
  type PairFacts,
  pairKey,
  type Ranked,
  rankFor,
  type SeekingProfile,
  scorePair,
  sideOf,
  type Weights,
} from './scoring.js'
import type { SeekingProfileRow } from './tables.js'

type Deps = Pick<AppDeps, 'database' | 'now'>
type Meta = { requestId?: string }

/** Elections within this many days from today count for the score; earlier ones are over. */
export const electionHorizonDays = 730

export type KvInfo = { id: string; name: string; path: string; stateName: string | null; stateAgs: string }

/** Everything the score needs, read in one go: every KV, the pairs, the elections, the twin towns, the weights. */
export type MatchWorld = {
  candidates: Candidate[]
  byId: Map<string, Candidate>
  info: Map<string, KvInfo>
  facts: PairFacts
  open: Set<string>
  weights: Weights
}

const toProfile = (row: SeekingProfileRow): SeekingProfile => ({
  looking: row.looking,
  seeks: row.seeks.filter((s): s is HelpKind => (helpKinds as readonly string[]).includes(s)),
  offers: row.offers.filter((s): s is HelpKind => (helpKinds as readonly string[]).includes(s)),
  preferredStates: row.preferredStates,
  maxTravelKm: row.maxTravelKm,
})

export async function readWeights(db: DbOrTx): Promise<Weights> {
  const rows = await repo.listWeightRows(db)
  const weights: Record<FactorKey, number> = { ...defaultWeights }
  for (const r of rows)
    if ((factorKeys as readonly string[]).includes(r.factor)) weights[r.factor as FactorKey] = r.weight
  return weights
}

/** Municipal twin towns by municipality, in both directions. */
export function twinTowns(pairs: readonly { a: string; b: string }[]) {
  const map = new Map<string, Set<string>>()
  const add = (x: string, y: string) => {
    const set = map.get(x) ?? new Set<string>()
    set.add(y)
    map.set(x, set)
  }
  for (const p of pairs) {
    add(p.a, p.b)
    add(p.b, p.a)
  }
  return map
}

export async function loadMatchWorld(db: DbOrTx, now: Date): Promise<MatchWorld> {
  const today = localDay(now)
  // One after the other: a suggestion is confirmed inside a transaction, whose connection runs one query at a time.
  const kvs = await repo.listKvFacts(db, today)
  const kreise = await repo.listUnitKreise(db)
  const openPairs = await repo.listPairs(db, openStatuses)
  const endedPairs = await repo.listPairs(db, ['ended'])
  const profiles = await repo.listProfiles(db)
  const elections = await repo.listElections(db, today, addDays(today, electionHorizonDays))
  const twins = await repo.listTwinTowns(db)
  const weights = await readWeights(db)
  const travel = await repo.listTravelTimes(db)
  const kreiseOf = new Map<string, string[]>()
  for (const k of kreise) kreiseOf.set(k.unitId, [...(kreiseOf.get(k.unitId) ?? []), k.kreisAgs])
  const profileOf = new Map(profiles.map((p) => [p.unitId, toProfile(p)]))
  const electionsOf = new Map<string, Election[]>()
  for (const e of elections)
    electionsOf.set(e.stateAgs, [
      ...(electionsOf.get(e.stateAgs) ?? []),
      { day: dayNumber(e.heldOn), kind: e.kind, date: e.heldOn },
    ])
  const candidates: Candidate[] = []
  const info = new Map<string, KvInfo>()
  for (const kv of kvs) {
    const stateAgs = kv.stateAgs ?? kv.ags?.slice(0, 2) ?? ''
    const own = kreiseOf.get(kv.id) ?? []
    const territory = districtTerritory(own, kv)
    // A KV lies where its territory lies, Kreise or municipalities; a city district (neither of its own) at its
    // own point, else where its city's name is drawn.
    const byTerritory = own.length + kv.municipalities.length > 0 || kv.lat === null || kv.lon === null
    candidates.push({
      id: kv.id,
      name: kv.name,
      stateAgs,
      members: Number(kv.members),
      population: kv.population,
      areaKm2: kv.areaKm2,
      lat: kv.lat,
      lon: kv.lon,
      ...(byTerritory ? { points: territoryPoints(territory) } : {}),
      partnerCount: Number(kv.partnerCount),
      // A city district covers no Kreis of its own; its city's key stands for its territory.
      kreise: territory.kreise,
      municipalities: territory.municipalities,
      profile: profileOf.get(kv.id) ?? null,
      elections: electionsOf.get(stateAgs) ?? [],
    })
    info.set(kv.id, { id: kv.id, name: kv.name, path: kv.path, stateName: kv.stateName, stateAgs })
  }
  return {
    candidates,
    byId: new Map(candidates.map((c) => [c.id, c])),
    info,
    facts: {
      ended: new Set(endedPairs.map((p) => pairKey(p.a, p.b))),
      twinTowns: twinTowns(twins),
      travelMinutes: new Map(travel.map((r) => [pairKey(r.a, r.b), r.minutes])),
    },
    open: new Set(openPairs.map((p) => pairKey(p.a, p.b))),
    weights,
  }
}

/** A KV (district) the actor may look at for this action; 404 for anything else. */
async function loadKv(db: DbOrTx, id: string) {
  const unit = await repo.findUnit(db, id)
  if (unit?.kind !== 'district') throw new NotFoundError()
  return unit
}

// ---- seeking profile

/** A KV's seeking profile for boards and offices, with whether the actor may edit it. */
export async function viewProfile(deps: Deps, actor: Actor | undefined, unitId: string) {
  const db = deps.database.db
  const unit = await loadKv(db, unitId)
  if (!can(actor, 'profile.view', unit)) throw new NotFoundError()
  const [profile, states] = await Promise.all([repo.findProfile(db, unit.id), repo.listStates(db)])
  return {
    unit,
    profile: profile ?? null,
    states,
    canEdit: can(actor, 'profile.edit', unit),
    canSuggest: can(actor, 'suggestions.view', unit),
  }
}

export async function prepareProfileEdit(deps: Deps, actor: Actor | undefined, unitId: string) {
  const data = await viewProfile(deps, actor, unitId)
  authorize(actor, 'profile.edit', data.unit)
  return data
}

/** The KV's board says whether and what kind of partner it looks for. */
export async function saveProfile(
  deps: Deps,
  actor: Actor | undefined,
  unitId: string,
  input: SeekingProfileInput,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const unit = await loadKv(tx, unitId)
    if (!can(actor, 'profile.view', unit)) throw new NotFoundError()
    authorize(actor, 'profile.edit', unit)
    const states = new Set((await repo.listStates(tx)).map((s) => s.ags))
    if (input.preferredStates.some((s) => !states.has(s)))
      throw new FieldError('preferredStates', 'matchmaking.errors.state')
    await repo.upsertProfile(tx, {
      unitId: unit.id,
      looking: input.looking === 'yes',
      seeks: [...new Set(input.seeks)],
      offers: [...new Set(input.offers)],
      preferredStates: [...new Set(input.preferredStates)].sort(),
      maxTravelKm: input.maxTravelKm ?? null,
      note: input.note,
      updatedAt: deps.now(),
    })
    await recordAudit(
      tx,
      actor,
      {
        action: 'matchmaking.profile_saved',
        unit,
        object: { type: 'seeking_profile', id: unit.id },
        data: { looking: input.looking === 'yes', seeks: input.seeks, offers: input.offers },
      },
      meta.requestId,
    )
    return unit
  })
}

// ---- suggestions

export type Suggestion = Ranked & {
  info: KvInfo
  scored: ReturnType<typeof scorePair>
}

function explainRanked(world: MatchWorld, self: Candidate, ranked: Ranked[]): Suggestion[] {
  return ranked.map((r) => ({
    ...r,
    info: world.info.get(r.candidate.id)!,
    scored: scorePair(self, r.candidate, world.facts, world.weights),
  }))
}

/** The best partners for a KV, each explained factor by factor: for its board and the offices above it. */
export async function suggestPartners(deps: Deps, actor: Actor | undefined, unitId: string, limit = 10) {
  const db = deps.database.db
  const unit = await loadKv(db, unitId)
  authorize(actor, 'suggestions.view', unit)
  const world = await loadMatchWorld(db, deps.now())
  const self = world.byId.get(unit.id)!
  const ranked = rankFor(self, world.candidates, world.facts, world.open, world.weights, limit)
  return {
    unit,
    self,
    info: world.info.get(unit.id)!,
    weights: world.weights,
    suggestions: explainRanked(world, self, ranked),
  }
}

/**
 * "Propose": the KV's board (or an office above it) turns a suggestion into a proposed partnership. The pair
 * is scored again on today's data, and the explanation goes into the partnership's history and the audit row.
 */
export async function proposeMatch(
  deps: Deps,
  actor: Actor,
  unitId: string,
  input: ProposeInput,
  meta: Meta = {},
) {
  return guardOpenPair(() =>
    deps.database.db.transaction(async (tx) => {
      const unit = await loadKv(tx, unitId)
      authorize(actor, 'suggestions.view', unit)
      const now = deps.now()
      const world = await loadMatchWorld(tx, now)
      const self = world.byId.get(unit.id)!
      const other = world.byId.get(input.partnerId)
      if (!other) throw new FieldError('partnerId', 'matchmaking.errors.partner')
      if (!eligible(self, other, world.open))
        throw new FieldError('partnerId', 'matchmaking.errors.notEligible')
      const scored = scorePair(self, other, world.facts, world.weights)
      const note = explanationNote(translator('de'), 'de', scored, self.name, other.name)
      const tags: ('east_west' | 'city_countryside')[] = []
      if (scored.factors.find((f) => f.key === 'eastWest')?.value === 1) tags.push('east_west')
      if ((scored.factors.find((f) => f.key === 'cityCountry')?.value ?? 0) >= 0.75)
        tags.push('city_countryside')
      const { partnership } = await proposePartnershipIn(
        tx,
        actor,
        { unitAId: self.id, unitBId: other.id, kind: 'partnership', tags },
        now,
        note,
      )
      await recordAudit(
        tx,
        actor,
        {
          action: 'matchmaking.proposed',
          unit,
          object: { type: 'partnership', id: partnership.id },
          data: {
            partnerId: other.id,
            score: scored.score,
            weights: world.weights,
            factors: scored.factors.map((f) => ({
              key: f.key,
              value: f.value,
              weight: f.weight,
              detail: f.detail,
            })),
          },
        },
        meta.requestId,
      )
      return partnership
    }),
  )
}

export type OverviewRow = { info: KvInfo; partnerCount: number; best: Suggestion | null }

function overviewRows(world: MatchWorld, weights: Weights, maxPartners: number): OverviewRow[] {
  const best = bestForEach(world.candidates, world.facts, world.open, weights)
  return world.candidates
    .filter((c) => c.partnerCount <= maxPartners)
    .map((c) => {
      const b = best.get(c.id)
      return {
        info: world.info.get(c.id)!,
        partnerCount: c.partnerCount,
        best: b
          ? {
              ...b,
              info: world.info.get(b.candidate.id)!,
              scored: scorePair(c, b.candidate, world.facts, weights),
            }
          : null,
      }
    })
    .sort(
      (x, y) =>
        x.partnerCount - y.partnerCount ||
        (x.info.stateName ?? '').localeCompare(y.info.stateName ?? '', 'de') ||
        x.info.name.localeCompare(y.info.name, 'de') ||
        (x.info.id < y.info.id ? -1 : 1),
    )
}

/** The federal office's overview: KVs with no partner or one, each with its best suggestion. */
export async function matchOverview(deps: Deps, actor: Actor | undefined, maxPartners = 1) {
  authorize(actor, 'matchmaking.manage', {})
  const world = await loadMatchWorld(deps.database.db, deps.now())
  return { rows: overviewRows(world, world.weights, maxPartners), weights: world.weights }
}

// ---- weights

/**
 * The weights page: the current weights and, with proposed ones, how each KV without a partner would fare:
 * its best suggestion now and with the proposed weights.
 */
export async function previewWeights(deps: Deps, actor: Actor | undefined, proposed?: Weights) {
  authorize(actor, 'matchmaking.manage', {})
  const world = await loadMatchWorld(deps.database.db, deps.now())
  if (!proposed) return { current: world.weights, proposed: null, changes: [] as PreviewRow[], unchanged: 0 }
  const before = overviewRows(world, world.weights, 0)
  const after = new Map(overviewRows(world, proposed, 0).map((r) => [r.info.id, r]))
  const rows: PreviewRow[] = before.map((r) => ({
    info: r.info,
    before: r.best,
    after: after.get(r.info.id)?.best ?? null,
  }))
  const changes = rows.filter((r) => r.before?.candidate.id !== r.after?.candidate.id)
  return { current: world.weights, proposed, changes, unchanged: rows.length - changes.length }
}

export type PreviewRow = { info: KvInfo; before: Suggestion | null; after: Suggestion | null }

export async function saveWeights(
  deps: Deps,
  actor: Actor | undefined,
  input: WeightsInput,
  meta: Meta = {},
) {
  authorize(actor, 'matchmaking.manage', {})
  return deps.database.db.transaction(async (tx) => {
    const before = await readWeights(tx)
    await repo.saveWeights(tx, input, deps.now())
    await recordAudit(
      tx,
      actor,
      {
        action: 'matchmaking.weights_saved',
        object: { type: 'matchmaking_weights' },
        data: { before, after: input },
      },
      meta.requestId,
    )
  })
}

// ---- election calendar

export async function viewElections(deps: Deps, actor: Actor | undefined) {
  authorize(actor, 'matchmaking.manage', {})
  const db = deps.database.db
  const [elections, states] = await Promise.all([repo.listElections(db), repo.listStates(db)])
  const shippedMissing = shippedElections.filter(
    (s) => !elections.some((e) => e.stateAgs === s.stateAgs && e.kind === s.kind && e.heldOn === s.heldOn),
  ).length
  return { elections, states, shippedMissing, today: localDay(deps.now()) }
}

export async function addElection(
  deps: Deps,
  actor: Actor | undefined,
  input: ElectionInput,
  meta: Meta = {},
) {
  authorize(actor, 'matchmaking.manage', {})
  return deps.database.db.transaction(async (tx) => {
    const states = new Set((await repo.listStates(tx)).map((s) => s.ags))
    if (!states.has(input.stateAgs)) throw new FieldError('stateAgs', 'matchmaking.errors.state')
    const added = await repo.insertElections(tx, [input])
    if (added === 0) throw new FieldError('heldOn', 'matchmaking.errors.electionExists')
    await recordAudit(
      tx,
      actor,
      { action: 'matchmaking.election_added', object: { type: 'election_date' }, data: { ...input } },
      meta.requestId,
    )
  })
}

export async function removeElection(deps: Deps, actor: Actor | undefined, id: string, meta: Meta = {}) {
  authorize(actor, 'matchmaking.manage', {})
  return deps.database.db.transaction(async (tx) => {
    const row = await repo.deleteElection(tx, id)
    if (!row) throw new NotFoundError()
    await recordAudit(
      tx,
      actor,
      {
        action: 'matchmaking.election_removed',
        object: { type: 'election_date', id },
        data: { stateAgs: row.stateAgs, kind: row.kind, heldOn: row.heldOn },
      },
      meta.requestId,
    )
  })
}

/** Loads the shipped calendar; dates already there stay as they are. Returns how many were new. */
export async function loadShippedElections(deps: Deps, actor: Actor | undefined, meta: Meta = {}) {
  authorize(actor, 'matchmaking.manage', {})
  return deps.database.db.transaction(async (tx) => {
    const added = await repo.insertElections(tx, [...shippedElections])
    await recordAudit(
      tx,
      actor,
      { action: 'matchmaking.calendar_loaded', object: { type: 'election_date' }, data: { added } },
      meta.requestId,
    )
    return added
  })
}

// ---- twin towns

export async function viewTwinTowns(deps: Deps, actor: Actor | undefined) {
  authorize(actor, 'matchmaking.manage', {})
  const name = (ags: string) => municipalityRef(ags)?.name ?? ags
  const pairs = await repo.listTwinTowns(deps.database.db)
  return { pairs: pairs.map((p) => ({ ...p, nameA: name(p.a), nameB: name(p.b) })) }
}

/** A CSV the federal office pastes, read by its columns; a table without them is a field error. */
function readOfficeCsv<C extends Parameters<typeof readCsvTable>[1]>(
  actor: Actor | undefined,
  input: TwinTownsInput,
  columns: C,
) {
  authorize(actor, 'matchmaking.manage', {})
  const table = readCsvTable(input.csv, columns)
  if (!table.ok) throw new FieldError('csv', 'matchmaking.errors.csv')
  return table
}

const twinColumns = {
  a: { aliases: ['gemeinde_a', 'ags_a', 'municipality_a'], required: true },
  b: { aliases: ['gemeinde_b', 'ags_b', 'municipality_b'], required: true },
} as const

export type TwinTownImport = { added: number; known: number; problems: { line: number; value: string }[] }

/**
 * The federal office imports municipal twin towns as CSV (columns `gemeinde_a`, `gemeinde_b`: 8-digit
 * official keys). Rows with a malformed key are reported by line and skipped; pairs already known stay.
 */
export async function importTwinTowns(
  deps: Deps,
  actor: Actor | undefined,
  input: TwinTownsInput,
  meta: Meta = {},
): Promise<TwinTownImport> {
  const table = readOfficeCsv(actor, input, twinColumns)
  const pairs: { a: string; b: string }[] = []
  const problems: TwinTownImport['problems'] = []
  for (const r of table.records) {
    const a = (r.values.a ?? '').trim()
    const b = (r.values.b ?? '').trim()
    const bad = [a, b].find((v) => !/^[0-9]{8}$/.test(v) || !municipalityRef(v))
    if (bad !== undefined || a === b) {
      problems.push({ line: r.line, value: (bad ?? a).slice(0, 40) })
      continue
    }
    pairs.push(a < b ? { a, b } : { a: b, b: a })
  }
  return deps.database.db.transaction(async (tx) => {
    const added = await repo.insertTwinTowns(tx, pairs, deps.now())
    await recordAudit(
      tx,
      actor,
      {
        action: 'matchmaking.twin_towns_imported',
        object: { type: 'municipal_twin_town' },
        data: { added, rows: table.records.length, problems: problems.length },
      },
      meta.requestId,
    )
    return { added, known: pairs.length - added, problems }
  })
}

// ---- travel times

export async function viewTravelTimes(deps: Deps, actor: Actor | undefined) {
  authorize(actor, 'matchmaking.manage', {})
  return { pairs: await repo.listTravelTimes(deps.database.db) }
}

const travelColumns = {
  a: { aliases: ['kreis_a', 'ags_a'], required: true },
  b: { aliases: ['kreis_b', 'ags_b'], required: true },
  minutes: { aliases: ['minuten', 'minutes'], required: true },
} as const

/**
 * The federal office imports travel times between Kreise as CSV (columns `kreis_a`, `kreis_b`: 5-digit
 * official keys, `minuten`: 1–2000). A pair already known takes the new minutes; rows with a malformed key
 * or time are reported by line and skipped. From then on the distance factor of a pair with a travel time
 * uses it instead of the straight line.
 */
export async function importTravelTimes(
  deps: Deps,
  actor: Actor | undefined,
  input: TwinTownsInput,
  meta: Meta = {},
): Promise<TwinTownImport> {
  const table = readOfficeCsv(actor, input, travelColumns)
  const db = deps.database.db
  const known = new Set((await repo.listTravelTimes(db)).map((r) => pairKey(r.a, r.b)))
  const rows = new Map<string, { a: string; b: string; minutes: number }>()
  const problems: TwinTownImport['problems'] = []
  for (const r of table.records) {
    const a = (r.values.a ?? '').trim()
    const b = (r.values.b ?? '').trim()
    const text = (r.values.minutes ?? '').trim()
    const minutes = /^[0-9]{1,4}$/.test(text) ? Number(text) : Number.NaN
    const bad = [a, b].find((v) => !/^[0-9]{5}$/.test(v))
    if (bad !== undefined || a === b || !(minutes >= 1 && minutes <= 2000)) {
      problems.push({ line: r.line, value: (bad ?? (a === b ? a : text)).slice(0, 40) })
      continue
    }
    rows.set(pairKey(a, b), a < b ? { a, b, minutes } : { a: b, b: a, minutes })
  }
  const list = [...rows.values()]
  const added = list.filter((r) => !known.has(pairKey(r.a, r.b))).length
  return db.transaction(async (tx) => {
    await repo.upsertTravelTimes(tx, list, deps.now())
    await recordAudit(
      tx,
      actor,
      {
        action: 'matchmaking.travel_times_imported',
        object: { type: 'kreis_travel_time' },
        data: { added, updated: list.length - added, rows: table.records.length, problems: problems.length },
      },
      meta.requestId,
    )
    return { added, known: list.length - added, problems }
  })
}

export { sideOf }
