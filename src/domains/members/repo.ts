import { and, asc, eq, inArray, isNotNull, isNull, like, max, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { queryRows } from '../../platform/db/query.js'
import type { DbOrTx } from '../../platform/db/types.js'
import { onboardingPipelines, onboardingPlanSteps, onboardingStepProgress } from '../onboarding/tables.js'
import { orgUnits } from '../org-units/tables.js'
import { teamMembers } from '../teams/tables.js'
import { memberImports } from './imports.tables.js'
import type { MemberListQuery, OnboardingState } from './input.js'
import { members } from './tables.js'

/** Every unit of one kind below a path, with just what an import needs to recognise it. */
export async function listUnitsUnder(db: DbOrTx, path: string, kind: 'district' | 'local') {
  return db
    .select({
      id: orgUnits.id,
      name: orgUnits.name,
      key: orgUnits.key,
      ags: orgUnits.ags,
      kreisType: orgUnits.kreisType,
      parentId: orgUnits.parentId,
      postalCodes: orgUnits.postalCodes,
      municipalities: orgUnits.municipalities,
    })
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, kind), isNull(orgUnits.dissolvedAt), like(orgUnits.path, `${path}%`)))
}

export type MemberUpsert = {
  memberNumber: string
  firstName: string
  lastName: string
  email: string | null
  phone: string | null
  postalCode: string | null
  homeUnitId: string
  localUnitId: string | null
  enteredOn: string
  leftOn: string | null
}

export type InsertedMember = {
  id: string
  homeUnitId: string
  enteredOn: string | null
  leftOn: string | null
}

/** Rows per statement: large enough that round trips do not count, small enough to keep each statement short. */
const BATCH = 1000

const column = <K extends keyof MemberUpsert>(rows: readonly MemberUpsert[], key: K) =>
  sql.param(rows.map((r) => r[key]))

/**
 * Inserts new members and updates changed ones, keyed by member number. A row whose fields are all
 * equal to the stored ones is not touched at all (its updated_at stays), which makes a re-run a no-op.
 * `xmax = 0` holds only for a row this statement inserted, so RETURNING tells inserts from updates
 * (and what the onboarding of the inserted members starts from, without reading them again).
 * Each column travels as one array parameter: PostgreSQL parses 10 parameters instead of 10,000.
 */
export async function upsertMembers(db: DbOrTx, rows: readonly MemberUpsert[], now: Date) {
  const at = now.toISOString()
  const insertedMembers: InsertedMember[] = []
  let updated = 0
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH)
    const result = await queryRows<InsertedMember & { inserted: boolean }>(
      db,
      sql`insert into members as m (member_number, first_name, last_name, email, phone, postal_code,
          home_unit_id, local_unit_id, entered_on, left_on, created_at, updated_at)
        select r.*, ${at}::timestamptz, ${at}::timestamptz
        from unnest(${column(batch, 'memberNumber')}::text[], ${column(batch, 'firstName')}::text[],
          ${column(batch, 'lastName')}::text[], ${column(batch, 'email')}::text[], ${column(batch, 'phone')}::text[],
          ${column(batch, 'postalCode')}::text[], ${column(batch, 'homeUnitId')}::uuid[],
          ${column(batch, 'localUnitId')}::uuid[], ${column(batch, 'enteredOn')}::date[],
          ${column(batch, 'leftOn')}::date[]) as r
        on conflict (member_number) do update set
          first_name = excluded.first_name, last_name = excluded.last_name, email = excluded.email,
          phone = excluded.phone, postal_code = excluded.postal_code, home_unit_id = excluded.home_unit_id,
          local_unit_id = excluded.local_unit_id, entered_on = excluded.entered_on, left_on = excluded.left_on,
          updated_at = excluded.updated_at
        where (m.first_name, m.last_name, m.email, m.phone, m.postal_code, m.home_unit_id,
               m.local_unit_id, m.entered_on, m.left_on)
          is distinct from (excluded.first_name, excluded.last_name, excluded.email, excluded.phone,
               excluded.postal_code, excluded.home_unit_id, excluded.local_unit_id, excluded.entered_on,
               excluded.left_on)
        returning id, home_unit_id as "homeUnitId", entered_on::text as "enteredOn", left_on::text as "leftOn",
          (xmax = 0) as inserted`,
    )
    for (const r of result) {
      if (r.inserted)
        insertedMembers.push({ id: r.id, homeUnitId: r.homeUnitId, enteredOn: r.enteredOn, leftOn: r.leftOn })
      else updated++
    }
  }
  return { inserted: insertedMembers.length, updated, insertedMembers }
}

/** Where the members with these numbers are now: KV, postal code and local group, by member number. */
export async function listPlacementsOf(db: DbOrTx, numbers: readonly string[]) {
  const found = new Map<
    string,
    { homeUnitId: string; postalCode: string | null; localUnitId: string | null }
  >()
  for (let start = 0; start < numbers.length; start += 10 * BATCH) {
    const rows = await db
      .select({
        memberNumber: members.memberNumber,
        homeUnitId: members.homeUnitId,
        postalCode: members.postalCode,
        localUnitId: members.localUnitId,
      })
      .from(members)
      .where(
        sql`${members.memberNumber} = any(${sql.param(numbers.slice(start, start + 10 * BATCH))}::text[])`,
      )
    for (const { memberNumber, ...r } of rows) found.set(memberNumber, r)
  }
  return found
}

/** For each key of an erased member's number among `keys`, the latest day such a member left. */
export async function lastLeavingOfErased(db: DbOrTx, keys: readonly string[]) {
  const rows = await db
    .select({ key: members.memberNumberHash, leftOn: max(members.leftOn) })
    .from(members)
    .where(
      and(
        isNotNull(members.erasedAt),
        sql`${members.memberNumberHash} = any(${sql.param([...keys])}::text[])`,
      ),
    )
    .groupBy(members.memberNumberHash)
  const found = new Map<string, string>()
  for (const r of rows) if (r.key && r.leftOn) found.set(r.key, r.leftOn)
  return found
}

export async function insertMemberImport(db: DbOrTx, values: typeof memberImports.$inferInsert) {
  const [row] = await db.insert(memberImports).values(values).returning()
  return row!
}

export type MemberListRow = {
  id: string
  memberNumber: string
  firstName: string
  lastName: string
  postalCode: string | null
  enteredOn: string | null
  localName: string | null
  onboarding: OnboardingState
}

/**
 * The current members of a unit (a local group's own, or everyone whose home KV lies in the unit) that match the
 * board's search, with the onboarding state (none: no pipeline; done: every step of its plan closed), as a
 * statement to select from. Its columns are the list's allowlist (SECURITY-GOALS AC-4): what the page, the export
 * and the API show, no contact data. A member who moved to another KV is not in the old KV's list any more.
 * `after` keeps only the members whose id sorts after it (the API's pages).
 */
function foundMembers(
  unit: { id: string; path: string; kind: string },
  query: Omit<MemberListQuery, 'page'>,
  after?: string,
) {
  const conditions = [
    sql`m.erased_at is null`,
    sql`(m.left_on is null or m.left_on > current_date)`,
    unit.kind === 'local' ? sql`m.local_unit_id = ${unit.id}::uuid` : sql`h.path like ${`${unit.path}%`}`,
  ]
  if (after !== undefined) conditions.push(sql`m.id > ${after}::uuid`)
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    conditions.push(
      sql`(m.first_name || ' ' || m.last_name ilike ${pattern} or m.last_name || ', ' || m.first_name ilike ${pattern}
        or m.member_number = ${query.q})`,
    )
  }
  if (query.local === 'none') conditions.push(sql`m.local_unit_id is null`)
  else if (query.local) conditions.push(sql`m.local_unit_id = ${query.local}::uuid`)
  if (query.team)
    conditions.push(sql`exists (select 1 from ${teamMembers} tm where tm.team_id = ${query.team}::uuid
      and tm.member_id = m.id and tm.status = 'active')`)
  if (query.enteredFrom) conditions.push(sql`m.entered_on >= ${query.enteredFrom}::date`)
  if (query.enteredTo) conditions.push(sql`m.entered_on <= ${query.enteredTo}::date`)
  return sql`select m.id, m.member_number as "memberNumber", m.first_name as "firstName", m.last_name as "lastName",
          m.postal_code as "postalCode", m.entered_on::text as "enteredOn", l.name as "localName",
          case when p.id is null then 'none'
            when (select count(*) from ${onboardingPlanSteps} s where s.plan_id = p.plan_id)
              <= (select count(*) from ${onboardingStepProgress} g where g.pipeline_id = p.id) then 'done'
            else 'running' end as onboarding
        from ${members} m
        join ${orgUnits} h on h.id = m.home_unit_id
        left join ${orgUnits} l on l.id = m.local_unit_id
        left join ${onboardingPipelines} p on p.member_id = m.id
        where ${sql.join(conditions, sql` and `)}`
}

/** The board's search (foundMembers) by name, one page of it, with the total count. */
export async function searchMembersOfUnit(
  db: DbOrTx,
  unit: { id: string; path: string; kind: string },
  query: Omit<MemberListQuery, 'page'>,
  page: { limit: number; offset: number },
) {
  const state = query.onboarding ? sql`where onboarding = ${query.onboarding}` : sql``
  const rows = await queryRows<MemberListRow & { total: number }>(
    db,
    sql`with found as (${foundMembers(unit, query)})
      select *, count(*) over ()::int as total from found ${state}
      order by "lastName", "firstName", "memberNumber"
      limit ${page.limit} offset ${page.offset}`,
  )
  return { rows: rows.map(({ total: _, ...r }) => r), total: rows[0]?.total ?? 0 }
}

/**
 * The same search in the order of the members' ids, `limit` rows after the id `after` (keyset: a member added or
 * leaving between two pages moves no other member to another page), for the API's cursor pages.
 */
export async function pageMembersOfUnit(
  db: DbOrTx,
  unit: { id: string; path: string; kind: string },
  query: Omit<MemberListQuery, 'page'>,
  page: { after: string | undefined; limit: number },
) {
  const state = query.onboarding ? sql`where onboarding = ${query.onboarding}` : sql``
  return queryRows<MemberListRow>(
    db,
    sql`with found as (${foundMembers(unit, query, page.after)})
      select * from found ${state}
      order by id
      limit ${page.limit}`,
  )
}

/** The local groups below a district and the teams its members can be in (hosted by it or a unit above). */
export async function listMemberFilterOptions(db: DbOrTx, unit: { id: string; path: string }) {
  const ancestors = unit.path.split('/').filter(Boolean)
  const locals = await db
    .select({ id: orgUnits.id, name: orgUnits.name })
    .from(orgUnits)
    .where(and(eq(orgUnits.parentId, unit.id), eq(orgUnits.kind, 'local'), isNull(orgUnits.dissolvedAt)))
    .orderBy(asc(orgUnits.name))
  const teams = await db
    .select({ id: orgUnits.id, name: orgUnits.name })
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, 'team'), inArray(orgUnits.parentId, ancestors)))
    .orderBy(asc(orgUnits.name))
  return { locals, teams }
}

/** One member with their KV and local group, for the board's member page. */
export async function findMemberWithUnits(db: DbOrTx, id: string) {
  const local = alias(orgUnits, 'local_unit')
  const [row] = await db
    .select({
      // What the board's page shows, and nothing more: no e-mail address or phone number.
      member: {
        id: members.id,
        memberNumber: members.memberNumber,
        firstName: members.firstName,
        lastName: members.lastName,
        postalCode: members.postalCode,
        enteredOn: members.enteredOn,
        leftOn: members.leftOn,
        // Whether a message relayed by the platform can reach them; the address itself stays hidden.
        reachable: sql<boolean>`(${members.email} is not null or exists (select 1 from users u
          where u.member_id = ${members.id} and u.deactivated_at is null))`,
      },
      home: { id: orgUnits.id, name: orgUnits.name, path: orgUnits.path, kind: orgUnits.kind },
      local: { id: local.id, name: local.name },
    })
    .from(members)
    .innerJoin(orgUnits, eq(orgUnits.id, members.homeUnitId))
    .leftJoin(local, eq(local.id, members.localUnitId))
    .where(and(eq(members.id, id), isNull(members.erasedAt)))
  return row
}

/** The districts that are not dissolved below any of these paths (the subtrees an actor acts in), by name. */
export async function listOpenDistrictsUnder(db: DbOrTx, paths: readonly string[]) {
  if (paths.length === 0) return []
  const rows = await db
    .select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path })
    .from(orgUnits)
    .where(
      and(
        eq(orgUnits.kind, 'district'),
        isNull(orgUnits.dissolvedAt),
        sql`${orgUnits.path} like any(${sql.param(paths.map((p) => `${p}%`))}::text[])`,
      ),
    )
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'de'))
}

/** The member's home KV and local group, and where a mail to them goes (their account's address and language first). */
export async function findMemberPlacement(db: DbOrTx, id: string) {
  const [row] = await queryRows<{
    id: string
    firstName: string
    lastName: string
    homeUnitId: string
    localUnitId: string | null
    postalCode: string | null
    mailTo: string | null
    locale: string | null
  }>(
    db,
    sql`select m.id, m.first_name as "firstName", m.last_name as "lastName", m.home_unit_id as "homeUnitId",
        m.local_unit_id as "localUnitId", m.postal_code as "postalCode", coalesce(u.email, m.email) as "mailTo",
        u.locale
      from ${members} m left join users u on u.member_id = m.id and u.deactivated_at is null
      where m.id = ${id}::uuid and m.erased_at is null
      for update of m`,
  )
  return row
}

export async function updateMemberPlacement(
  db: DbOrTx,
  id: string,
  placement: { homeUnitId: string; localUnitId: string | null },
  now: Date,
) {
  await db
    .update(members)
    .set({ ...placement, updatedAt: now })
    .where(eq(members.id, id))
}

/** The teams a member is in or asked to join, by name. */
export async function listTeamsOfMember(db: DbOrTx, memberId: string) {
  return db
    .select({ id: orgUnits.id, name: orgUnits.name, role: teamMembers.role, status: teamMembers.status })
    .from(teamMembers)
    .innerJoin(orgUnits, eq(orgUnits.id, teamMembers.teamId))
    .where(and(eq(teamMembers.memberId, memberId), inArray(teamMembers.status, ['active', 'applied'])))
    .orderBy(asc(orgUnits.name))
}

/** The member's onboarding: how many steps of the plan are closed, if a pipeline runs. */
export async function findOnboardingProgress(db: DbOrTx, memberId: string) {
  const [row] = await queryRows<{ id: string; steps: number; closed: number }>(
    db,
    sql`select p.id,
        (select count(*)::int from ${onboardingPlanSteps} s where s.plan_id = p.plan_id) as steps,
        (select count(*)::int from ${onboardingStepProgress} g where g.pipeline_id = p.id) as closed
      from ${onboardingPipelines} p where p.member_id = ${memberId}::uuid`,
  )
  return row
}
