import { and, asc, desc, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm'
import { preparedStatement, textStatement } from '../../platform/db/prepared.js'
import { queryRows } from '../../platform/db/query.js'
import type { DbOrTx } from '../../platform/db/types.js'
import { users } from '../accounts/tables.js'
import { members } from '../members/tables.js'
import { orgUnits } from '../org-units/tables.js'
import { partnerStatuses, partnerStatusesSql, partnerships } from '../partnerships/tables.js'
import type { SearcherPlace } from './policy.js'
import { EARTH_RADIUS_KM, type Point } from './postal-codes.js'
import {
  consents,
  skills,
  VOLUNTEER_POOL_PURPOSE,
  type VolunteerScope,
  volunteerApplications,
  volunteerProfileSkills,
  volunteerProfiles,
  volunteerProjectSkills,
  volunteerProjects,
  volunteerRequests,
} from './tables.js'

/** The skills offered to choose from: every one not retired, in the list's order. */
export async function listSkills(db: DbOrTx) {
  return db
    .select()
    .from(skills)
    .where(isNull(skills.retiredAt))
    .orderBy(asc(skills.sortOrder), asc(skills.name))
}

/** Every skill, retired ones too, with how many pool profiles and project calls name it: the admin's list. */
export async function listSkillsWithUse(db: DbOrTx) {
  return db
    .select({
      skill: skills,
      profiles: sql<number>`(select count(*)::int from ${volunteerProfileSkills} ps where ps.skill_id = ${skills.id})`,
      projects: sql<number>`(select count(*)::int from ${volunteerProjectSkills} js where js.skill_id = ${skills.id})`,
    })
    .from(skills)
    .orderBy(sql`${skills.retiredAt} is not null`, asc(skills.sortOrder), asc(skills.name))
}

/** How many of the ids are skills offered now (not retired). */
export async function countSkillsByIds(db: DbOrTx, ids: readonly string[]) {
  if (ids.length === 0) return 0
  const rows = await db
    .select({ id: skills.id })
    .from(skills)
    .where(and(inArray(skills.id, [...ids]), isNull(skills.retiredAt)))
  return rows.length
}

export async function insertSkill(db: DbOrTx, values: typeof skills.$inferInsert) {
  const [row] = await db.insert(skills).values(values).onConflictDoNothing().returning()
  return row
}

export async function findSkill(db: DbOrTx, id: string) {
  const [row] = await db.select().from(skills).where(eq(skills.id, id))
  return row
}

export async function updateSkill(db: DbOrTx, id: string, values: Partial<typeof skills.$inferInsert>) {
  const [row] = await db.update(skills).set(values).where(eq(skills.id, id)).returning()
  return row!
}

/** The skill of that name, whatever its case; with `active`, only one that is not retired. */
export async function findSkillByName(db: DbOrTx, name: string, opts: { active?: boolean } = {}) {
  const [row] = await db
    .select()
    .from(skills)
    .where(
      and(sql`lower(${skills.name}) = lower(${name})`, opts.active ? isNull(skills.retiredAt) : undefined),
    )
  return row
}

export async function listUnitsByIds(db: DbOrTx, ids: readonly string[]) {
  if (ids.length === 0) return []
  return db
    .select()
    .from(orgUnits)
    .where(inArray(orgUnits.id, [...ids]))
}

/** The partners of any of these units: the other sides of partnerships both agreed to (see `partnerStatuses`). */
export async function listPartnerIds(db: DbOrTx, unitIds: readonly string[]) {
  if (unitIds.length === 0) return []
  const ids = [...unitIds]
  const rows = await db
    .select({ a: partnerships.unitAId, b: partnerships.unitBId })
    .from(partnerships)
    .where(
      and(
        inArray(partnerships.status, [...partnerStatuses]),
        or(inArray(partnerships.unitAId, ids), inArray(partnerships.unitBId, ids)),
      ),
    )
  const out = new Set<string>()
  for (const r of rows) {
    if (!ids.includes(r.a)) out.add(r.a)
    if (!ids.includes(r.b)) out.add(r.b)
  }
  return [...out]
}

const currentPoolConsent = and(
  eq(consents.purpose, VOLUNTEER_POOL_PURPOSE),
  isNull(consents.withdrawnAt),
) as SQL

export async function findCurrentConsent(db: DbOrTx, memberId: string) {
  const [row] = await db
    .select()
    .from(consents)
    .where(and(eq(consents.memberId, memberId), currentPoolConsent))
  return row
}

export async function insertConsent(db: DbOrTx, values: typeof consents.$inferInsert) {
  const [row] = await db.insert(consents).values(values).returning()
  return row!
}

export async function withdrawConsent(db: DbOrTx, id: string, at: Date) {
  await db
    .update(consents)
    .set({ withdrawnAt: at })
    .where(and(eq(consents.id, id), isNull(consents.withdrawnAt)))
}

export async function findProfile(db: DbOrTx, memberId: string) {
  const [row] = await db.select().from(volunteerProfiles).where(eq(volunteerProfiles.memberId, memberId))
  return row
}

export async function upsertProfile(db: DbOrTx, values: typeof volunteerProfiles.$inferInsert) {
  const { memberId: _m, createdAt: _c, ...changes } = values
  await db
    .insert(volunteerProfiles)
    .values(values)
    .onConflictDoUpdate({ target: volunteerProfiles.memberId, set: changes })
}

export async function replaceProfileSkills(db: DbOrTx, memberId: string, skillIds: readonly string[]) {
  await db.delete(volunteerProfileSkills).where(eq(volunteerProfileSkills.memberId, memberId))
  if (skillIds.length > 0)
    await db.insert(volunteerProfileSkills).values(skillIds.map((skillId) => ({ memberId, skillId })))
}

/** The skill names of each member, in the list's order. */
export async function skillsOfMembers(db: DbOrTx, memberIds: readonly string[]) {
  const out = new Map<string, { id: string; name: string; takesDetail: boolean; retired: boolean }[]>()
  if (memberIds.length === 0) return out
  const rows = await db
    .select({
      memberId: volunteerProfileSkills.memberId,
      id: skills.id,
      name: skills.name,
      takesDetail: skills.takesDetail,
      retired: sql<boolean>`${skills.retiredAt} is not null`,
    })
    .from(volunteerProfileSkills)
    .innerJoin(skills, eq(skills.id, volunteerProfileSkills.skillId))
    .where(inArray(volunteerProfileSkills.memberId, [...memberIds]))
    .orderBy(asc(skills.sortOrder), asc(skills.name))
  for (const r of rows) {
    const list = out.get(r.memberId) ?? []
    list.push({ id: r.id, name: r.name, takesDetail: r.takesDetail, retired: r.retired })
    out.set(r.memberId, list)
  }
  return out
}

export type PoolFilters = {
  skillIds: readonly string[]
  minHours?: number | undefined
  weekdays?: boolean
  evenings?: boolean
  weekends?: boolean
  online?: boolean
  shortProjects?: boolean
  near?: { point: Point; km: number } | undefined
}

/** One row of a pool search: exactly the fields a searcher may see, nothing more. */
export type PoolHit = {
  memberId: string
  firstName: string
  unitId: string
  unitName: string
  languages: string | null
}

/**
 * The consent rule of policy.consentCovers as SQL, on the current consent row `c` and the home unit `h`.
 * Written out per scope so PostgreSQL can use plain equality and prefix tests.
 */
function scopeCondition(place: SearcherPlace): SQL {
  const home = sql`m.home_unit_id`
  const ownAndPartners = [place.districtId, ...place.partnerIds].filter((v): v is string => !!v)
  const parts: SQL[] = [sql`c.scope = 'party'`]
  if (place.districtId) parts.push(sql`(c.scope = 'own_kv' and ${home} = ${place.districtId})`)
  if (ownAndPartners.length > 0)
    parts.push(
      sql`(c.scope in ('partners', 'state') and ${home} in (${sql.join(
        ownAndPartners.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}))`,
    )
  if (place.statePath) parts.push(sql`(c.scope = 'state' and h.path like ${`${place.statePath}%`})`)
  return sql`(${sql.join(parts, sql` or `)})`
}

/** A unit offered in the "acting for" choice, and a skill offered in the search form. */
export type FormUnit = { id: string; name: string; path: string }
export type SkillOption = { id: string; name: string; takesDetail: boolean }

/** One search result with the member's skills (retired ones too), in the list's order. */
export type PoolHitWithSkills = PoolHit & { skills: { name: string; takesDetail: boolean }[] }

/** The audit row of a search, without its count of results, which the statement adds. */
export type SearchAuditRow = {
  actorUserId: string | null
  actingRole: string
  action: string
  objectType: string
  data: Record<string, unknown>
  requestId: string | null
}

/** The form's choices: the units among `unitIds`, and the skills offered now. */
const formColumnsSql = `
  (select json_agg(json_build_object('id', u.id, 'name', u.name, 'path', u.path))
   from org_units u where u.id = any($1::uuid[])) as units,
  (select json_agg(json_build_object('id', s.id, 'name', s.name, 'takesDetail', s.takes_detail) order by s.sort_order, s.name)
   from skills s where s.retired_at is null) as skills`

const searchFormStatement = preparedStatement<{ units: FormUnit[] | null; skills: SkillOption[] | null }>(
  'volunteers_search_form',
  `select ${formColumnsSql}`,
)

/** The search form's choices in one round trip: the units among `unitIds` (unsorted) and the skills offered now. */
export async function findSearchForm(db: DbOrTx, unitIds: readonly string[]) {
  const [row] = await searchFormStatement(db, [[...unitIds]])
  return { units: row?.units ?? [], skills: row?.skills ?? [] }
}

/**
 * The search in one statement. The searcher's place is read from the unit ($2): its KV and state from the
 * ids on its path, its partners from the partnerships both sides agreed to of the unit or its KV, as
 * `placeOf` does. The candidates are the profiles with every skill asked for (`skill_ids`, kept equal to
 * the profile's skills by triggers) that pass the profile's own filters; with a distance, those in a box on
 * (lat, lon), read from `volunteer_profiles_near_idx` (which holds every column tested here), then within the
 * exact great-circle distance. Only they are joined to their current consent and member record for the
 * consent rule (`scopeCondition`, written for arrays) and the member's own reach; the home unit's path is read
 * only where a state scope or reach needs it. Then the form's choices, the hits with their home unit's name,
 * languages and skills (from `skill_ids`), and the audit row with the number of results: the row commits with
 * the statement or not at all. $1 form units, $3 skills (all of them), $4 minimum hours, $5–$9 weekdays, evenings,
 * weekends, online, short projects, $10 limit, $11–$16 the audit row; with a distance $17 lat, $18 lon,
 * $19 km, $20–$23 the box. One text per shape (with or without a distance, with or without skills), so
 * each keeps a plan that fits it.
 */
function searchSql(near: boolean) {
  const distance = `(2 * ${EARTH_RADIUS_KM}::float8 * asin(least(1, sqrt(
      power(sin(radians(p.lat - $17::float8) / 2), 2) +
      cos(radians($17::float8)) * cos(radians(p.lat)) * power(sin(radians(p.lon - $18::float8) / 2), 2)))))`
  const boxSql = near
    ? `
      and p.lat between $20::float8 and $21::float8 and p.lon between $22::float8 and $23::float8
      and ${distance} <= $19::float8`
    : ''
  // The home unit's path is read only where the state decides (a state scope or reach): most candidates
  // are decided by their consent's scope and home unit id alone.
  const inState = `exists (select from org_units h where h.id = m.home_unit_id and starts_with(h.path, pl.state_path))`
  // Without a distance, each candidate's member record by its key ("offset 0" keeps it so): the planner would
  // rather hash all members than probe the candidates' few thousand, at twice the time.
  const memberSql = near
    ? 'join members m on m.id = p.member_id and m.left_on is null'
    : `cross join lateral (select m.id, m.first_name, m.home_unit_id from members m
      where m.id = p.member_id and m.left_on is null offset 0) m`
  const reachSql = near
    ? `
      and (p.reach = 'everywhere' or (p.reach = 'distance' and p.km <= p.reach_km)
        or (p.reach = 'own_kv' and m.home_unit_id = pl.district_id)
        or (p.reach = 'state' and ${inState}))`
    : ''
  return `with
  chain as (
    select a.id, a.kind, a.path from org_units a
    where a.id = any(string_to_array(trim(both '/' from (select u.path from org_units u where u.id = $2::uuid)), '/')::uuid[])),
  sides as (
    select $2::uuid as unit_id, (select id from chain where kind = 'district' limit 1) as district_id,
      (select path from chain where kind = 'state' limit 1) as state_path),
  place as materialized (
    select s.unit_id, s.district_id, s.state_path,
      array_remove(array[s.district_id], null) || coalesce((
        select array_agg(distinct x.id) from partnerships ps
        cross join lateral (values (ps.unit_a_id), (ps.unit_b_id)) x(id)
        where ps.status in (${partnerStatusesSql})
          and (ps.unit_a_id in (s.unit_id, s.district_id) or ps.unit_b_id in (s.unit_id, s.district_id))
          and x.id <> s.unit_id and x.id is distinct from s.district_id), '{}') as own_and_partners
    from sides s),
  candidate as ${near ? 'materialized ' : ''}(
    select p.member_id, p.skill_ids, p.reach, p.reach_km${near ? `, ${distance} as km` : ''}
    from volunteer_profiles p
    where ($4::int is null or p.hours_per_month >= $4::int)
      and (not $5::boolean or p.weekdays) and (not $6::boolean or p.evenings) and (not $7::boolean or p.weekends)
      and (not $8::boolean or p.works_online or p.reach = 'online_only')
      and (not $9::boolean or p.short_projects)
      and p.skill_ids @> $3::uuid[]${boxSql}),
  hits as materialized (
    select m.id as "memberId", m.first_name as "firstName", m.home_unit_id as "unitId", p.skill_ids
    from place pl, candidate p
    join consents c on c.member_id = p.member_id and c.purpose = '${VOLUNTEER_POOL_PURPOSE}' and c.withdrawn_at is null
    ${memberSql}
    where (c.scope = 'party'
        or (c.scope = 'own_kv' and m.home_unit_id = pl.district_id)
        or (c.scope in ('partners', 'state') and m.home_unit_id = any(pl.own_and_partners))
        or (c.scope = 'state' and ${inState}))${reachSql}
    order by m.first_name, m.id
    limit $10::int),
  audit as (
    insert into audit_events (actor_user_id, acting_role, unit_id, action, object_type, data, request_id)
    select $11::uuid, $12, $2::uuid, $13, $14,
      $15::jsonb || jsonb_build_object('resultCount', (select count(*)::int from hits)), $16)
  select ${formColumnsSql},
    (select json_agg(json_build_object('memberId', hits."memberId", 'firstName', hits."firstName",
        'unitId', hits."unitId", 'unitName', h.name, 'languages', p.languages,
        'skills', coalesce((select json_agg(json_build_object('name', s.name, 'takesDetail', s.takes_detail)
                              order by s.sort_order, s.name)
                            from skills s where s.id = any(hits.skill_ids)), '[]'))
      order by hits."firstName", hits."memberId")
     from hits
     join org_units h on h.id = hits."unitId"
     join volunteer_profiles p on p.member_id = hits."memberId") as hits`
}

type SearchRow = { units: FormUnit[] | null; skills: SkillOption[] | null; hits: PoolHitWithSkills[] | null }
// With a distance the candidates are the few in the box, whatever the values: one plan fits every
// search, made once per connection. Without one, the whole pool is read, and the plan is made for the
// values of each search (hash joins for all of it, or the members with a rare skill alone).
const searchNearStatement = preparedStatement<SearchRow>('volunteers_search_near', searchSql(true))
const searchAllStatement = textStatement<SearchRow>(searchSql(false))

/**
 * Searches the pool for a unit and writes the search's audit row, in one statement; with the search form's
 * choices for `formUnitIds`. Joins the CURRENT consent on every call: a withdrawn consent drops the member
 * from the very next search, with no cached flag in between. Left members never appear.
 */
export async function searchPool(
  db: DbOrTx,
  search: {
    unitId: string
    filters: PoolFilters
    audit: SearchAuditRow
    formUnitIds?: readonly string[]
    limit?: number
  },
) {
  const { filters: f, audit: a } = search
  const params: unknown[] = [
    [...(search.formUnitIds ?? [])],
    search.unitId,
    [...f.skillIds],
    f.minHours ?? null,
    !!f.weekdays,
    !!f.evenings,
    !!f.weekends,
    !!f.online,
    !!f.shortProjects,
    search.limit ?? 50,
    a.actorUserId,
    a.actingRole,
    a.action,
    a.objectType,
    JSON.stringify(a.data),
    a.requestId,
  ]
  if (f.near) {
    const { point, km } = f.near
    // The box around the point that holds every place within km of it, for the (lat, lon) index.
    const dLat = km / 111.2
    const dLon = km / (111.2 * Math.max(0.01, Math.cos((point.lat * Math.PI) / 180)))
    params.push(
      point.lat,
      point.lon,
      km,
      point.lat - dLat,
      point.lat + dLat,
      point.lon - dLon,
      point.lon + dLon,
    )
  }
  const [row] = await (f.near ? searchNearStatement : searchAllStatement)(db, params)
  return { units: row?.units ?? [], skills: row?.skills ?? [], hits: row?.hits ?? [] }
}

/** A member as the pool knows them, with the scope of the current consent; undefined without one. */
export async function findPoolMember(db: DbOrTx, memberId: string) {
  const [row] = await db
    .select({
      memberId: members.id,
      firstName: members.firstName,
      homeUnitId: members.homeUnitId,
      homePath: orgUnits.path,
      homeName: orgUnits.name,
      scope: consents.scope,
      languages: volunteerProfiles.languages,
    })
    .from(volunteerProfiles)
    .innerJoin(consents, and(eq(consents.memberId, volunteerProfiles.memberId), currentPoolConsent))
    .innerJoin(members, and(eq(members.id, volunteerProfiles.memberId), isNull(members.leftOn)))
    .innerJoin(orgUnits, eq(orgUnits.id, members.homeUnitId))
    .where(eq(volunteerProfiles.memberId, memberId))
  return row ? { ...row, scope: row.scope as VolunteerScope } : undefined
}

/** Pool members with at least one of the skills: candidates for a project call, before the consent rule. */
export async function listPoolMembersWithAnySkill(
  db: DbOrTx,
  place: SearcherPlace,
  skillIds: readonly string[],
) {
  if (skillIds.length === 0) return []
  const ids = sql.join(
    skillIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )
  return queryRows<PoolHit & { overlap: number }>(
    db,
    sql`select m.id as "memberId", m.first_name as "firstName", h.id as "unitId", h.name as "unitName",
        p.languages as "languages", count(ps.skill_id)::int as "overlap"
      from volunteer_profiles p
      join consents c on c.member_id = p.member_id and c.purpose = ${VOLUNTEER_POOL_PURPOSE} and c.withdrawn_at is null
      join members m on m.id = p.member_id and m.left_on is null
      join org_units h on h.id = m.home_unit_id
      join volunteer_profile_skills ps on ps.member_id = p.member_id and ps.skill_id in (${ids})
      where ${scopeCondition(place)}
      group by m.id, m.first_name, h.id, h.name, p.languages
      order by count(ps.skill_id) desc, m.first_name, m.id
      limit 50`,
  )
}

/** Contact details, for the asker after acceptance only. The member's record first, the account second. */
export async function findContact(db: DbOrTx, memberId: string) {
  const [row] = await db
    .select({
      firstName: members.firstName,
      lastName: members.lastName,
      email: members.email,
      phone: members.phone,
      accountEmail: users.email,
    })
    .from(members)
    .leftJoin(users, eq(users.memberId, members.id))
    .where(eq(members.id, memberId))
  return row ? { ...row, email: row.email ?? row.accountEmail } : undefined
}

/** Where to notify a member: the address of their record, or of their account. */
export async function findNotifyAddress(db: DbOrTx, memberId: string) {
  const c = await findContact(db, memberId)
  return c?.email ?? null
}

export async function insertRequest(db: DbOrTx, values: typeof volunteerRequests.$inferInsert) {
  const [row] = await db.insert(volunteerRequests).values(values).returning()
  return row!
}

export async function findRequest(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ request: volunteerRequests, unitName: orgUnits.name, unitPath: orgUnits.path })
    .from(volunteerRequests)
    .innerJoin(orgUnits, eq(orgUnits.id, volunteerRequests.unitId))
    .where(eq(volunteerRequests.id, id))
  return row
}

export async function answerRequest(db: DbOrTx, id: string, status: 'accepted' | 'declined', at: Date) {
  const [row] = await db
    .update(volunteerRequests)
    .set({ status, answeredAt: at })
    .where(and(eq(volunteerRequests.id, id), eq(volunteerRequests.status, 'pending')))
    .returning()
  return row
}

export async function listRequestsTo(db: DbOrTx, memberId: string) {
  return db
    .select({ request: volunteerRequests, unitName: orgUnits.name })
    .from(volunteerRequests)
    .innerJoin(orgUnits, eq(orgUnits.id, volunteerRequests.unitId))
    .where(eq(volunteerRequests.memberId, memberId))
    .orderBy(desc(volunteerRequests.createdAt))
}

export async function listRequestsBy(db: DbOrTx, userId: string) {
  return db
    .select({
      request: volunteerRequests,
      unitName: orgUnits.name,
      firstName: members.firstName,
    })
    .from(volunteerRequests)
    .innerJoin(orgUnits, eq(orgUnits.id, volunteerRequests.unitId))
    .innerJoin(members, eq(members.id, volunteerRequests.memberId))
    .where(eq(volunteerRequests.askedById, userId))
    .orderBy(desc(volunteerRequests.createdAt))
}

export async function insertProject(
  db: DbOrTx,
  values: typeof volunteerProjects.$inferInsert,
  skillIds: readonly string[],
) {
  const [row] = await db.insert(volunteerProjects).values(values).returning()
  await db.insert(volunteerProjectSkills).values(skillIds.map((skillId) => ({ projectId: row!.id, skillId })))
  return row!
}

/** A call's own fields and skills changed, while it is open; undefined once it is finished. */
export async function updateProject(
  db: DbOrTx,
  id: string,
  values: Pick<
    typeof volunteerProjects.$inferInsert,
    'title' | 'description' | 'weeks' | 'hours' | 'deadline'
  >,
  skillIds: readonly string[],
) {
  const [row] = await db
    .update(volunteerProjects)
    .set(values)
    .where(and(eq(volunteerProjects.id, id), eq(volunteerProjects.status, 'open')))
    .returning()
  if (!row) return undefined
  await db.delete(volunteerProjectSkills).where(eq(volunteerProjectSkills.projectId, id))
  await db.insert(volunteerProjectSkills).values(skillIds.map((skillId) => ({ projectId: id, skillId })))
  return row
}

export async function findProject(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ project: volunteerProjects, unit: orgUnits })
    .from(volunteerProjects)
    .innerJoin(orgUnits, eq(orgUnits.id, volunteerProjects.unitId))
    .where(eq(volunteerProjects.id, id))
  return row
}

/** The newest calls (of one team, with `teamId`); the caller keeps those the actor may see. */
export async function listProjects(db: DbOrTx, opts: { teamId?: string } = {}) {
  return db
    .select({ project: volunteerProjects, unit: orgUnits })
    .from(volunteerProjects)
    .innerJoin(orgUnits, eq(orgUnits.id, volunteerProjects.unitId))
    .where(opts.teamId ? eq(volunteerProjects.teamId, opts.teamId) : undefined)
    .orderBy(desc(volunteerProjects.createdAt))
    .limit(200)
}

export async function listProjectSkills(db: DbOrTx, projectIds: readonly string[]) {
  const out = new Map<string, { id: string; name: string }[]>()
  if (projectIds.length === 0) return out
  const rows = await db
    .select({ projectId: volunteerProjectSkills.projectId, id: skills.id, name: skills.name })
    .from(volunteerProjectSkills)
    .innerJoin(skills, eq(skills.id, volunteerProjectSkills.skillId))
    .where(inArray(volunteerProjectSkills.projectId, [...projectIds]))
    .orderBy(asc(skills.sortOrder))
  for (const r of rows) {
    const list = out.get(r.projectId) ?? []
    list.push({ id: r.id, name: r.name })
    out.set(r.projectId, list)
  }
  return out
}

export async function finishProject(db: DbOrTx, id: string, at: Date) {
  const [row] = await db
    .update(volunteerProjects)
    .set({ status: 'finished', finishedAt: at })
    .where(and(eq(volunteerProjects.id, id), eq(volunteerProjects.status, 'open')))
    .returning()
  return row
}

export async function insertApplication(db: DbOrTx, values: typeof volunteerApplications.$inferInsert) {
  const rows = await db.insert(volunteerApplications).values(values).onConflictDoNothing().returning()
  return rows[0]
}

export async function findApplication(db: DbOrTx, id: string) {
  const [row] = await db.select().from(volunteerApplications).where(eq(volunteerApplications.id, id))
  return row
}

export async function decideApplication(db: DbOrTx, id: string, status: 'accepted' | 'declined', at: Date) {
  const [row] = await db
    .update(volunteerApplications)
    .set({ status, decidedAt: at })
    .where(and(eq(volunteerApplications.id, id), eq(volunteerApplications.status, 'applied')))
    .returning()
  return row
}

export async function listApplications(db: DbOrTx, projectId: string) {
  return db
    .select({
      application: volunteerApplications,
      firstName: members.firstName,
      unitName: orgUnits.name,
    })
    .from(volunteerApplications)
    .innerJoin(members, eq(members.id, volunteerApplications.memberId))
    .innerJoin(orgUnits, eq(orgUnits.id, members.homeUnitId))
    .where(eq(volunteerApplications.projectId, projectId))
    .orderBy(asc(volunteerApplications.createdAt))
}

export async function listApplicationsOfMember(db: DbOrTx, memberId: string) {
  return db
    .select({ application: volunteerApplications, project: volunteerProjects, unitName: orgUnits.name })
    .from(volunteerApplications)
    .innerJoin(volunteerProjects, eq(volunteerProjects.id, volunteerApplications.projectId))
    .innerJoin(orgUnits, eq(orgUnits.id, volunteerProjects.unitId))
    .where(eq(volunteerApplications.memberId, memberId))
    .orderBy(desc(volunteerApplications.createdAt))
}

export async function findMemberPlace(db: DbOrTx, memberId: string) {
  const [row] = await db
    .select({
      postalCode: members.postalCode,
      homeUnitId: members.homeUnitId,
      homeName: orgUnits.name,
      homePath: orgUnits.path,
    })
    .from(members)
    .innerJoin(orgUnits, eq(orgUnits.id, members.homeUnitId))
    .where(eq(members.id, memberId))
  return row
}

export async function updateProfileHours(db: DbOrTx, memberId: string, hoursPerMonth: number, at: Date) {
  await db
    .update(volunteerProfiles)
    .set({ hoursPerMonth, updatedAt: at })
    .where(eq(volunteerProfiles.memberId, memberId))
}

export async function addProfileSkill(db: DbOrTx, memberId: string, skillId: string) {
  await db.insert(volunteerProfileSkills).values({ memberId, skillId }).onConflictDoNothing()
}
