// Generator for a large party in a PostgreSQL database, for the load benchmarks: the districts of
// geodata/kreise.csv (400) under their states, local groups, members, accounts, open partnerships,
// events with their hosts and RSVPs. Raw batched SQL with unnest arrays keeps 150,000 members to a
// handful of statements.
//
//   node --import tsx bench/generate-party.ts                     fresh database, dropped at the end
//   node --import tsx bench/generate-party.ts --scale 0.1         a tenth of every count (quick run)
//   node --import tsx bench/generate-party.ts --url postgres://…  into that database (migrated first), kept
//   node --import tsx bench/generate-party.ts --keep              keep the fresh database and print its URL
//
// Single counts can be set too: --members 50000 --events 10000 … (see PartySizes). DATABASE_URL
// (default postgres://root@127.0.0.1:5432/test) is only the admin connection for the fresh database.
// The data is fictional and seeded, so two runs with the same sizes produce the same shape.

import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { parse } from 'csv-parse/sync'
import pg from 'pg'
import { wrapPool } from '../src/platform/db/client.js'

export type PartySizes = {
  /** Districts (KVs), taken in order from geodata/kreise.csv; at most its 400 rows. */
  districts: number
  localGroups: number
  members: number
  /** Members with an account; RSVPs come from them. */
  accounts: number
  /** Open partnerships (proposed, agreed, active, dormant) between distinct pairs of districts. */
  partnerships: number
  events: number
  rsvps: number
  /** Help requests of districts (most visible to partners), each with one to four shifts. */
  helpRequests: number
  /** Sign-ups for those shifts, mostly from members of a partner KV with an account. */
  signups: number
}

export const fullParty: PartySizes = {
  districts: 400,
  localGroups: 2_000,
  members: 150_000,
  accounts: 30_000,
  partnerships: 2_000,
  events: 50_000,
  rsvps: 200_000,
  helpRequests: 4_000,
  signups: 40_000,
}

export type GeneratedParty = {
  sizes: PartySizes
  federalId: string
  districts: { id: string; path: string; name: string; stateId: string; ags: string }[]
  seconds: number
  phases: Record<string, number>
}

type Queryable = Pick<pg.Pool, 'query'>

const BATCH = 20_000
const DAY = 24 * 3600_000

/** Reads --scale and single counts (--members N …) from the command line; the rest from fullParty. */
export function sizesFromArgs(argv: readonly string[]): PartySizes {
  const flag = (name: string) => {
    const i = argv.indexOf(`--${name}`)
    if (i < 0) return undefined
    const value = Number(argv[i + 1])
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`)
    return value
  }
  const scale = flag('scale') ?? 1
  const sizes = { ...fullParty }
  for (const key of Object.keys(sizes) as (keyof PartySizes)[]) {
    sizes[key] = Math.max(1, Math.round(flag(key.toLowerCase()) ?? fullParty[key] * scale))
  }
  // Fewer than two districts leave no pair to partner; a KV list needs a few.
  sizes.districts = Math.min(400, Math.max(10, sizes.districts))
  return sizes
}

function prng(seed: number) {
  let s = seed >>> 0
  const next = () => {
    // mulberry32: small, fast and good enough for test data.
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  const pick = <T>(list: readonly T[]) => list[int(list.length)]!
  const uuid = () => {
    const h = Array.from({ length: 32 }, () => int(16).toString(16))
    h[12] = '4'
    h[16] = ((int(4) + 8) as number).toString(16)
    const s = h.join('')
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
  }
  return { next, int, pick, uuid }
}

function pushRow(columns: unknown[][], row: readonly unknown[]) {
  for (let c = 0; c < row.length; c++) columns[c]!.push(row[c])
}

/** Inserts column arrays in batches: `sql` uses $1…$n as the n column arrays. */
async function insertColumns(db: Queryable, sql: string, columns: unknown[][]) {
  const rows = columns[0]?.length ?? 0
  for (let off = 0; off < rows; off += BATCH) {
    await db.query(
      sql,
      columns.map((c) => c.slice(off, off + BATCH)),
    )
  }
}

const firstNames = [
  'Alma',
  'Bent',
  'Carla',
  'Dario',
  'Edda',
  'Fiete',
  'Greta',
  'Hagen',
  'Ilka',
  'Jonas',
  'Kemal',
  'Lea',
]
const eventTypes = [
  'neumitgliedertreffen',
  'stammtisch',
  'workshop',
  'podium',
  'aktionstag',
  'infostand',
  'fest',
]
const audiences = ['own_members', 'own_members', 'partner_members', 'state', 'public', 'public']

/**
 * Fills an empty, migrated database with a party of the given sizes. `db` is a pg Pool or client;
 * the caller owns it. Returns the districts (for picking a KV to measure) and the time it took.
 */
export async function generateParty(
  db: Queryable,
  sizes: PartySizes = fullParty,
  opts: { now?: Date; seed?: number } = {},
): Promise<GeneratedParty> {
  const now = opts.now ?? new Date()
  const r = prng(opts.seed ?? 20261121)
  const phases: Record<string, number> = {}
  const started = performance.now()
  let mark = started
  const phase = (name: string) => {
    const t = performance.now()
    phases[name] = (t - mark) / 1000
    mark = t
  }

  // Units: federation, the states of the chosen districts, the districts, local groups.
  const kreise = (
    parse(readFileSync(new URL('../geodata/kreise.csv', import.meta.url)), { columns: true }) as Record<
      string,
      string
    >[]
  ).slice(0, sizes.districts)
  const unitCols: unknown[][] = [[], [], [], [], [], [], [], [], []]
  const addUnit = (
    kind: string,
    parent: { id: string; path: string } | null,
    name: string,
    extra: { ags?: string; bez?: string; lon?: number; lat?: number } = {},
  ) => {
    const id = r.uuid()
    const path = `${parent?.path ?? '/'}${id}/`
    const values: unknown[] = [id, kind, parent?.id ?? null, path, name, extra.ags ?? null, extra.bez ?? null]
    values.push(extra.lon ?? null, extra.lat ?? null)
    pushRow(unitCols, values)
    return { id, path, name }
  }
  const federal = addUnit('federal', null, 'Bundesverband (Benchmark)')
  const states = new Map<string, { id: string; path: string; name: string }>()
  const districts: GeneratedParty['districts'] = []
  for (const k of kreise) {
    let state = states.get(k.land_ags!)
    if (!state) {
      state = addUnit('state', federal, k.land!, { ags: k.land_ags! })
      states.set(k.land_ags!, state)
    }
    const unit = addUnit('district', state, k.name!, {
      ags: k.ags!,
      bez: k.bez!,
      lon: Number(k.label_lon),
      lat: Number(k.label_lat),
    })
    districts.push({ ...unit, stateId: state.id, ags: k.ags! })
  }
  const localsOf = new Map<string, string[]>(districts.map((d) => [d.id, []]))
  for (let i = 0; i < sizes.localGroups; i++) {
    const d = districts[i % districts.length]!
    const local = addUnit('local', d, `Ortsverband ${d.name} ${Math.floor(i / districts.length) + 1}`)
    localsOf.get(d.id)!.push(local.id)
  }
  await insertColumns(
    db,
    `insert into org_units (id, kind, parent_id, path, name, ags, kreis_type, anchor_lon, anchor_lat)
     select id, kind::unit_kind, parent_id, path, name, ags, kreis_type, lon, lat
     from unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
                 $8::float8[], $9::float8[]) as u(id, kind, parent_id, path, name, ags, kreis_type, lon, lat)
     order by length(path)`,
    unitCols,
  )
  phase('units')

  // Members, each in a district and in six of ten cases in one of its local groups.
  const memberIds: string[] = []
  const memberHome: number[] = []
  const memberCols: unknown[][] = [[], [], [], [], [], [], []]
  for (let i = 0; i < sizes.members; i++) {
    const di = r.int(districts.length)
    const d = districts[di]!
    const locals = localsOf.get(d.id)!
    const id = r.uuid()
    memberIds.push(id)
    memberHome.push(di)
    const row = [
      id,
      `P${String(i).padStart(7, '0')}`,
      r.pick(firstNames),
      `Beispiel-${i}`,
      `mitglied${i}@example.org`,
      d.id,
      locals.length > 0 && r.next() < 0.6 ? r.pick(locals) : null,
    ]
    pushRow(memberCols, row)
  }
  await insertColumns(
    db,
    `insert into members (id, member_number, first_name, last_name, email, home_unit_id, local_unit_id)
     select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::uuid[])`,
    memberCols,
  )
  phase('members')

  // Accounts for the first members (their districts are random, so they spread over all KVs).
  const accountCount = Math.min(sizes.accounts, sizes.members)
  const accountIds: string[] = []
  const accountsByDistrict = new Map<number, string[]>()
  const accountCols: unknown[][] = [[], [], [], []]
  for (let i = 0; i < accountCount; i++) {
    const id = r.uuid()
    accountIds.push(id)
    const home = memberHome[i]!
    if (!accountsByDistrict.has(home)) accountsByDistrict.set(home, [])
    accountsByDistrict.get(home)!.push(id)
    pushRow(accountCols, [id, `mitglied${i}@example.org`, `Mitglied ${i}`, memberIds[i]])
  }
  await insertColumns(
    db,
    `insert into users (id, email, display_name, member_id, email_verified_at)
     select id, email, display_name, member_id, now()
     from unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[]) as u(id, email, display_name, member_id)`,
    accountCols,
  )
  phase('accounts')

  // Partnerships: distinct unordered pairs, all open, so the open-pair index holds each once.
  const maxPairs = (districts.length * (districts.length - 1)) / 2
  const pairCount = Math.min(sizes.partnerships, maxPairs)
  const taken = new Set<string>()
  const partnerCols: unknown[][] = [[], [], [], []]
  const openStatuses = ['proposed', 'agreed', 'active', 'active', 'active', 'dormant']
  // Partners whose members a request "for partners" reaches (agreed, active, dormant), per district.
  const partnersOf = new Map<number, number[]>(districts.map((_, i) => [i, []]))
  while (taken.size < pairCount) {
    const a = r.int(districts.length)
    const b = r.int(districts.length)
    const key = a < b ? `${a}:${b}` : `${b}:${a}`
    if (a === b || taken.has(key)) continue
    taken.add(key)
    partnerCols[0]!.push(districts[a]!.id)
    partnerCols[1]!.push(districts[b]!.id)
    const status = r.pick(openStatuses)
    partnerCols[2]!.push(status)
    if (status !== 'proposed') {
      partnersOf.get(a)!.push(b)
      partnersOf.get(b)!.push(a)
    }
    partnerCols[3]!.push(`${2000 + r.int(26)}-0${1 + r.int(9)}-01`)
  }
  await insertColumns(
    db,
    `insert into partnerships (unit_a_id, unit_b_id, status, started_on)
     select a, b, s::partnership_status, d from unnest($1::uuid[], $2::uuid[], $3::text[], $4::date[]) as u(a, b, s, d)`,
    partnerCols,
  )
  phase('partnerships')

  // Events over two years around now (half of them still ahead), hosted by a district or one of its
  // local groups; most published, a few drafts and cancellations.
  const eventCols: unknown[][] = Array.from({ length: 11 }, () => [])
  const hostCols: unknown[][] = [[], []]
  const eventDistrict: number[] = []
  for (let i = 0; i < sizes.events; i++) {
    const id = r.uuid()
    const di = r.int(districts.length)
    const d = districts[di]!
    const locals = localsOf.get(d.id)!
    const host = locals.length > 0 && r.next() < 0.25 ? r.pick(locals) : d.id
    const startsAt = new Date(now.getTime() + (r.next() * 2 - 1) * 365 * DAY)
    startsAt.setUTCMinutes(0, 0, 0)
    const endsAt = new Date(startsAt.getTime() + (1 + r.int(4)) * 3600_000)
    const status = r.next() < 0.9 ? 'published' : r.next() < 0.5 ? 'draft' : 'cancelled'
    const type = r.pick(eventTypes)
    const row = [
      id,
      type,
      `${type[0]!.toUpperCase()}${type.slice(1)} in ${d.name} #${i}`,
      'Offenes Treffen für Mitglieder und Interessierte, mit Zeit für Fragen und Austausch.',
      startsAt.toISOString(),
      endsAt.toISOString(),
      `Bürgerhaus ${d.name}`,
      r.next() < 0.7 ? null : 20 + r.int(180),
      r.pick(audiences),
      status,
      r.int(0xffffff).toString(16).toUpperCase().padStart(6, '0'),
    ]
    pushRow(eventCols, row)
    hostCols[0]!.push(id)
    hostCols[1]!.push(host)
    eventDistrict.push(di)
  }
  await insertColumns(
    db,
    `insert into events (id, type, title, description, starts_at, ends_at, venue_name, capacity, audience, status, check_in_code)
     select id, type::event_type, title, description, starts_at, ends_at, venue, capacity,
            audience::event_audience, status::event_status, code
     from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[],
                 $7::text[], $8::int[], $9::text[], $10::text[], $11::text[])
       as u(id, type, title, description, starts_at, ends_at, venue, capacity, audience, status, code)`,
    eventCols,
  )
  await insertColumns(
    db,
    'insert into event_hosts (event_id, unit_id) select * from unnest($1::uuid[], $2::uuid[])',
    hostCols,
  )
  phase('events')

  // RSVPs: one per account and event, mostly from the hosting district's own members.
  const rsvpCols: unknown[][] = [[], [], [], []]
  const seen = new Set<string>()
  const maxRsvps = Math.min(sizes.rsvps, Math.floor(sizes.events * accountIds.length * 0.5))
  while (seen.size < maxRsvps && accountIds.length > 0) {
    const e = r.int(sizes.events)
    const local = accountsByDistrict.get(eventDistrict[e]!)
    const user = local && r.next() < 0.8 ? r.pick(local) : r.pick(accountIds)
    const key = `${e}:${user}`
    if (seen.has(key)) continue
    seen.add(key)
    const roll = r.next()
    rsvpCols[0]!.push(eventCols[0]![e])
    rsvpCols[1]!.push(user)
    rsvpCols[2]!.push(roll < 0.85 ? 'confirmed' : roll < 0.93 ? 'waitlisted' : 'cancelled')
    rsvpCols[3]!.push(r.next() < 0.1 ? 'online' : 'on_site')
  }
  await insertColumns(
    db,
    `insert into event_rsvps (event_id, user_id, status, participation, confirmed_at, cancelled_at)
     select e, u, s::event_rsvp_status, p::event_participation,
            case when s = 'confirmed' then now() end, case when s = 'cancelled' then now() end
     from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) as x(e, u, s, p)`,
    rsvpCols,
  )
  phase('rsvps')

  // Help requests of districts with one to four shifts each in the coming weeks, and sign-ups for
  // them: mostly members of a partner KV who have an account, some of the KV's own.
  const memberOfAccount = new Map<string, string>()
  for (let i = 0; i < accountIds.length; i++) memberOfAccount.set(accountIds[i]!, memberIds[i]!)
  const towns = (
    parse(readFileSync(new URL('../geodata/gemeinden.csv', import.meta.url)), { columns: true }) as Record<
      string,
      string
    >[]
  ).reduce((byKreis, g) => {
    const list = byKreis.get(g.kreis_ags!) ?? []
    list.push(g.ags!)
    return byKreis.set(g.kreis_ags!, list)
  }, new Map<string, string[]>())
  const requestCols: unknown[][] = Array.from({ length: 8 }, () => [])
  const shiftCols: unknown[][] = Array.from({ length: 6 }, () => [])
  const shiftsOfRequest: { id: string; capacity: number; district: number }[][] = []
  const helpKinds = ['haustuerwahlkampf', 'plakatieren', 'flyer', 'infostand', 'fest']
  const visibilities = ['partners', 'partners', 'partners', 'state', 'party']
  for (let i = 0; i < sizes.helpRequests; i++) {
    const di = r.int(districts.length)
    const d = districts[di]!
    const contact = memberHome.indexOf(di)
    if (contact < 0) continue
    const id = r.uuid()
    const kind = r.pick(helpKinds)
    pushRow(requestCols, [
      id,
      d.id,
      kind,
      `Hilfe beim ${kind} in ${d.name} #${i}`,
      'Wir brauchen Unterstützung aus den Partner-KVs; Material und Verpflegung stellen wir.',
      r.pick(towns.get(d.ags) ?? [`${d.ags}000`]),
      r.pick(visibilities),
      memberIds[contact],
    ])
    const shifts: { id: string; capacity: number; district: number }[] = []
    for (let k = 0, n = 1 + r.int(4); k < n; k++) {
      const shiftId = r.uuid()
      const startsAt = new Date(now.getTime() + (1 + r.int(60)) * DAY)
      startsAt.setUTCHours(8 + r.int(8), 0, 0, 0)
      const capacity = 5 + r.int(36)
      pushRow(shiftCols, [
        shiftId,
        id,
        startsAt.toISOString(),
        new Date(startsAt.getTime() + (2 + r.int(3)) * 3600_000).toISOString(),
        capacity,
        `Marktplatz ${d.name}`,
      ])
      shifts.push({ id: shiftId, capacity, district: di })
    }
    shiftsOfRequest.push(shifts)
  }
  await insertColumns(
    db,
    `insert into help_requests (id, unit_id, kind, title, description, municipality_ags, visibility, contact_member_id)
     select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::uuid[])`,
    requestCols,
  )
  await insertColumns(
    db,
    `insert into help_shifts (id, request_id, starts_at, ends_at, capacity, meeting_point)
     select * from unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[], $5::int[], $6::text[])`,
    shiftCols,
  )
  const signupCols: unknown[][] = [[], [], []]
  const signedUp = new Set<string>()
  const confirmedOf = new Map<string, number>()
  const allShifts = shiftsOfRequest.flat()
  for (
    let tries = 0;
    signedUp.size < sizes.signups && allShifts.length > 0 && tries < sizes.signups * 4;
    tries++
  ) {
    const shift = r.pick(allShifts)
    const partners = partnersOf.get(shift.district)!
    const from = partners.length > 0 && r.next() < 0.8 ? r.pick(partners) : shift.district
    const pool = accountsByDistrict.get(from)
    if (!pool) continue
    const member = memberOfAccount.get(r.pick(pool))!
    const key = `${shift.id}:${member}`
    if (signedUp.has(key)) continue
    signedUp.add(key)
    const taken = confirmedOf.get(shift.id) ?? 0
    const status = r.next() < 0.05 ? 'cancelled' : taken < shift.capacity ? 'confirmed' : 'waitlisted'
    if (status === 'confirmed') confirmedOf.set(shift.id, taken + 1)
    pushRow(signupCols, [shift.id, member, status])
  }
  await insertColumns(
    db,
    `insert into help_signups (shift_id, member_id, status)
     select * from unnest($1::uuid[], $2::uuid[], $3::text[])`,
    signupCols,
  )
  await db.query(
    `update help_shifts s set taken = (select count(*) from help_signups g where g.shift_id = s.id and g.status = 'confirmed')`,
  )
  phase('help')

  await db.query('analyze')
  phase('analyze')
  return {
    sizes: {
      ...sizes,
      accounts: accountCount,
      partnerships: pairCount,
      rsvps: seen.size,
      helpRequests: shiftsOfRequest.length,
      signups: signedUp.size,
    },
    federalId: federal.id,
    districts,
    seconds: (performance.now() - started) / 1000,
    phases,
  }
}

/** A new, migrated database next to the admin URL; drop() removes it again. */
export async function freshDatabase(adminUrl: string, prefix = 'bs_bench_party') {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: adminUrl })
    await c.connect()
    try {
      await c.query(statement)
    } finally {
      await c.end()
    }
  }
  await admin(`create database ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    name,
    url: url.toString(),
    drop: () => admin(`drop database if exists ${name} with (force)`),
  }
}

async function main() {
  const argv = process.argv.slice(2)
  const sizes = sizesFromArgs(argv)
  const urlIndex = argv.indexOf('--url')
  const given = urlIndex >= 0 ? argv[urlIndex + 1] : undefined
  const fresh = given
    ? undefined
    : await freshDatabase(process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test')
  const pool = new pg.Pool({ connectionString: given ?? fresh!.url, max: 2 })
  try {
    const migrateStarted = performance.now()
    await wrapPool(pool).migrate()
    console.log(`migrated in ${((performance.now() - migrateStarted) / 1000).toFixed(1)} s`)
    const party = await generateParty(pool, sizes)
    console.log('sizes', party.sizes)
    console.log(
      'phases (s)',
      Object.fromEntries(Object.entries(party.phases).map(([k, v]) => [k, Number(v.toFixed(2))])),
    )
    console.log(`generated the party in ${party.seconds.toFixed(1)} s`)
  } finally {
    await pool.end()
    if (fresh && argv.includes('--keep')) console.log(`kept ${fresh.url}`)
    else if (fresh) await fresh.drop()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err)
    process.exit(1)
  })
}
