// The pages the benchmarks measure, each chosen from the data in the database the same way every
// time: the page's path and, for the signed-in rows, the account whose session requests it.
// Works on the generated party (bench/generate-party.ts) and on the demo data (src/demo/seed.ts),
// on PostgreSQL and PGlite alike.

import { sql } from 'drizzle-orm'
import { queryRows } from '../src/platform/db/query.js'
import type { Db } from '../src/platform/db/types.js'

/** The secret the benchmark's app signs sessions and CSRF tokens with. */
export const BENCH_SECRET = 'benchmark-secret-benchmark-secret-0123456789'

export type Target = {
  /** What the page is, for the report. */
  label: string
  path: string
  /** The account whose session requests the page; none for an anonymous visitor. */
  userId?: string
  /** A line on what was chosen and why, for the report. */
  detail: string
}

export type TargetName =
  | 'eventList'
  | 'eventPage'
  | 'helpRequest'
  | 'home'
  | 'unitPage'
  | 'publicEvent'
  | 'publicCalendar'

/**
 * Where the public calendar shows a month of a state's public events: {state} is the state's id,
 * {ags} its two-digit key, {month} YYYY-MM. The calendar takes either for `land`; set CALENDAR_PATH
 * to measure another address.
 */
export const calendarPath = process.env.CALENDAR_PATH ?? '/termine?land={state}&ansicht=monat&monat={month}'

export const targetNames: readonly TargetName[] = [
  'eventList',
  'eventPage',
  'helpRequest',
  'home',
  'unitPage',
  'publicEvent',
  'publicCalendar',
]

/** The KV with the most upcoming published events it hosts itself: the longest own event list. */
async function busiestDistrict(db: Db) {
  const [kv] = await queryRows<{ id: string; name: string; upcoming: number }>(
    db,
    sql`select u.id, u.name, count(*)::int as upcoming
        from event_hosts h join events e on e.id = h.event_id join org_units u on u.id = h.unit_id
        where u.kind = 'district' and e.status = 'published' and e.ends_at >= now()
        group by u.id, u.name order by upcoming desc, u.name limit 1`,
  )
  if (!kv) throw new Error('no district hosts an upcoming published event')
  return kv
}

async function accountIn(db: Db, unitId: string) {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`select a.id from users a join members m on m.id = a.member_id
        where m.home_unit_id = ${unitId} and m.left_on is null and a.deactivated_at is null
          and not exists (select 1 from role_grants g where g.user_id = a.id and g.revoked_at is null)
        order by a.email limit 1`,
  )
  if (!row) throw new Error(`no plain member account in unit ${unitId}`)
  return row.id
}

export async function pickTarget(db: Db, name: TargetName): Promise<Target> {
  switch (name) {
    case 'eventList': {
      const kv = await busiestDistrict(db)
      return {
        label: "a KV's event list, signed-in member",
        path: `/units/${kv.id}/events`,
        userId: await accountIn(db, kv.id),
        detail: `GET /units/:id/events of ${kv.name} (${kv.upcoming} upcoming events hosted by the KV itself), as a member of that KV`,
      }
    }
    case 'eventPage': {
      // An upcoming event for the KV's members with limited places, and a member who registered for it.
      const [row] = await queryRows<{ event: string; title: string; user: string; rsvps: number }>(
        db,
        sql`select e.id as event, e.title, r.user_id as user,
                   (select count(*)::int from event_rsvps x where x.event_id = e.id) as rsvps
            from events e
            join event_hosts h on h.event_id = e.id
            join org_units u on u.id = h.unit_id and u.kind = 'district'
            join event_rsvps r on r.event_id = e.id and r.status = 'confirmed' and r.user_id is not null
            join users a on a.id = r.user_id and a.deactivated_at is null
            join members m on m.id = a.member_id and m.home_unit_id = u.id and m.left_on is null
            where e.status = 'published' and e.starts_at > now() and e.capacity is not null
              and e.audience in ('own_members', 'partner_members')
              and not exists (select 1 from role_grants g where g.user_id = a.id and g.revoked_at is null)
            order by rsvps desc, e.id, a.email limit 1`,
      )
      if (!row) throw new Error('no upcoming members-only event with an RSVP of a member')
      return {
        label: 'an event page with RSVP state, signed-in member',
        path: `/events/${row.event}`,
        userId: row.user,
        detail: `GET /events/:id of "${row.title}" (${row.rsvps} RSVPs, limited places), as a member of the host KV with a confirmed place`,
      }
    }
    case 'helpRequest': {
      // A request for partners with several shifts, seen by a member of a partner KV who signed up.
      const [row] = await queryRows<{ request: string; title: string; user: string; shifts: number }>(
        db,
        sql`select q.id as request, q.title, a.id as user,
                   (select count(*)::int from help_shifts s where s.request_id = q.id) as shifts
            from help_requests q
            join help_shifts s on s.request_id = q.id
            join help_signups g on g.shift_id = s.id and g.status = 'confirmed'
            join members m on m.id = g.member_id and m.left_on is null and m.home_unit_id <> q.unit_id
            join users a on a.member_id = m.id and a.deactivated_at is null
            where q.status = 'open' and q.visibility = 'partners'
              and exists (select 1 from partnerships p
                          where p.status in ('agreed', 'active', 'dormant')
                            and ((p.unit_a_id = q.unit_id and p.unit_b_id = m.home_unit_id)
                              or (p.unit_b_id = q.unit_id and p.unit_a_id = m.home_unit_id)))
              and not exists (select 1 from role_grants r where r.user_id = a.id and r.revoked_at is null)
            order by shifts desc, q.id, a.email limit 1`,
      )
      if (!row) throw new Error('no partners-only help request with a sign-up from a partner KV')
      return {
        label: 'a help request with shifts, signed-in member of a partner KV',
        path: `/help/${row.request}`,
        userId: row.user,
        detail: `GET /help/:id of "${row.title}" (${row.shifts} shifts, visible to partners), as a member of a partner KV signed up for a shift`,
      }
    }
    case 'home': {
      const kv = await busiestDistrict(db)
      return {
        label: "the member's home page",
        path: '/',
        userId: await accountIn(db, kv.id),
        detail: `GET / as a member of ${kv.name}`,
      }
    }
    case 'unitPage': {
      // The KV whose public page has the most to show: partnerships and upcoming events.
      const [kv] = await queryRows<{ id: string; name: string; partners: number; events: number }>(
        db,
        sql`select * from (
              select u.id, u.name,
                     (select count(*)::int from partnerships p where p.unit_a_id = u.id or p.unit_b_id = u.id) as partners,
                     (select count(*)::int from event_hosts h join events e on e.id = h.event_id
                      where h.unit_id = u.id and e.ends_at >= now()) as events
              from org_units u where u.kind = 'district') c
            order by partners + events desc, name limit 1`,
      )
      if (!kv) throw new Error('no district')
      return {
        label: "a KV's public page, anonymous",
        path: `/units/${kv.id}`,
        detail: `GET /units/:id of ${kv.name} (${kv.partners} partnerships, ${kv.events} upcoming events), without a session`,
      }
    }
    case 'publicEvent': {
      const [row] = await queryRows<{ id: string; title: string }>(
        db,
        sql`select e.id, e.title from events e
            where e.status = 'published' and e.audience = 'public' and e.starts_at > now()
            order by (select count(*) from event_rsvps r where r.event_id = e.id) desc, e.starts_at, e.id
            limit 1`,
      )
      if (!row) throw new Error('no upcoming public event')
      return {
        label: 'a public event page, anonymous',
        path: `/events/${row.id}`,
        detail: `GET /events/:id of "${row.title}" (public, upcoming), without a session`,
      }
    }
    case 'publicCalendar': {
      // The state with the most public events in the coming month.
      const [row] = await queryRows<{
        id: string
        name: string
        ags: string | null
        events: number
        month: string
      }>(
        db,
        sql`select s.id, s.name, s.ags, count(distinct e.id)::int as events, to_char(now(), 'YYYY-MM') as month
            from org_units s
            join org_units u on u.path like s.path || '%'
            join event_hosts h on h.unit_id = u.id
            join events e on e.id = h.event_id
            where s.kind = 'state' and e.status = 'published' and e.audience = 'public'
              and e.starts_at >= date_trunc('month', now()) and e.starts_at < date_trunc('month', now()) + interval '1 month'
            group by s.id, s.name, s.ags order by events desc, s.name limit 1`,
      )
      if (!row) throw new Error('no state with public events this month')
      return {
        label: 'a month of public events of a state',
        path: calendarPath
          .replace('{state}', row.id)
          .replace('{ags}', row.ags ?? '')
          .replace('{month}', row.month),
        detail: `the public calendar of ${row.name} for ${row.month} (${row.events} public events), without a session`,
      }
    }
  }
}
