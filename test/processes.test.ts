import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createSession, users } from '../src/domains/accounts/index.js'
import { members } from '../src/domains/members/index.js'
import type { OrgUnit } from '../src/domains/org-units/index.js'
import type { Database } from '../src/platform/db/client.js'
import { queryRows } from '../src/platform/db/query.js'
import { csrfTokenFor } from '../src/platform/http/csrf.js'
import { queueMail } from '../src/platform/mail/outbox.js'
import { TEST_SECRET } from './support/app.js'
import { createTestPostgres } from './support/db.js'
import {
  anonymousVisitor,
  buildDistrict,
  buildFederation,
  buildHelpRequest,
  buildKeyedState,
  buildMappedDistrict,
  buildState,
  buildUser,
  insertPartnershipRow,
} from './support/factories.js'
import { freePort, type ServerProcess, startEntry, startServer } from './support/server-process.js'
import { startTestSmtp, type TestSmtp } from './support/smtp.js'

/**
 * Several server processes on one PostgreSQL database, as an operator runs them behind a reverse
 * proxy, and processes killed with SIGKILL in the middle of their work. PGlite is an embedded
 * database in one process, locked to it (server.test.ts checks the lock): two processes cannot share
 * it, so these tests run only with DATABASE_URL.
 */
const onPostgres = !!process.env.DATABASE_URL

type Running = ServerProcess & { port: number; base: string }
type Visitor = { cookie: string; csrf: string }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(100)
  }
}

describe.skipIf(!onPostgres)(
  'processes on one PostgreSQL database (skipped on PGlite: one process only)',
  () => {
    let database: Database
    let url: string
    let smtp: TestSmtp
    const dataDir = mkdtempSync(join(tmpdir(), 'bs-processes-'))
    const running: Running[] = []
    let one: Running
    let two: Running
    // One federation for every unit of the file, as on a real platform (the member import places members in it).
    let federal: OrgUnit

    async function start(): Promise<Running> {
      const port = await freePort()
      const server = startServer({
        DATABASE_URL: url,
        DATA_DIR: dataDir,
        PORT: String(port),
        SESSION_SECRET: TEST_SECRET,
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Brückenschlag <noreply@example.org>',
        DEMO_DATA: 'never',
      })
      const r = { ...server, port, base: `http://127.0.0.1:${port}` }
      running.push(r)
      await server.ready
      return r
    }

    async function kill(r: Running) {
      r.child.kill('SIGKILL')
      await r.exited
    }

    beforeAll(async () => {
      ;({ database, url } = await createTestPostgres())
      smtp = await startTestSmtp()
      federal = await buildFederation(database.db)
      ;[one, two] = await Promise.all([start(), start()])
    }, 120_000)

    afterAll(async () => {
      for (const r of running) r.child.kill('SIGKILL')
      await Promise.all(running.map((r) => r.exited))
      await database?.close()
      await smtp?.close()
      rmSync(dataDir, { recursive: true, force: true })
    })

    const db = () => database.db

    async function post(r: Running, path: string, who: Visitor, fields: Record<string, string> = {}) {
      return fetch(`${r.base}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: who.cookie },
        body: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString(),
      })
    }

    /** Signed-in members of `unit`, many at once: members, accounts and sessions written in bulk. */
    async function signedInMembers(unit: OrgUnit, count: number) {
      const tag = randomUUID().slice(0, 8)
      const rows = await db()
        .insert(members)
        .values(
          Array.from({ length: count }, (_, i) => ({
            memberNumber: `P-${tag}-${i}`,
            firstName: 'Proz',
            lastName: `Ess ${i}`,
            email: `p-${tag}-${i}@example.org`,
            homeUnitId: unit.id,
          })),
        )
        .returning({ id: members.id, email: members.email })
      const accounts = await db()
        .insert(users)
        .values(
          rows.map((m) => ({
            email: m.email!,
            displayName: m.email!,
            memberId: m.id,
            emailVerifiedAt: new Date(),
          })),
        )
        .returning({ id: users.id, memberId: users.memberId })
      const visitors: (Visitor & { memberId: string })[] = []
      for (const a of accounts) {
        const now = new Date()
        const { token, sessionId } = await createSession(db(), a.id, now, undefined, now)
        visitors.push({
          cookie: `bs_session=${token}`,
          csrf: csrfTokenFor(TEST_SECRET, sessionId),
          memberId: a.memberId!,
        })
      }
      return visitors
    }

    async function signupsOf(shiftId: string) {
      return queryRows<{ member_id: string; status: string }>(
        db(),
        sql`select member_id, status from help_signups where shift_id = ${shiftId}`,
      )
    }

    async function takenOf(shiftId: string) {
      const [row] = await queryRows<{ taken: number }>(
        db(),
        sql`select taken from help_shifts where id = ${shiftId}`,
      )
      return Number(row?.taken)
    }

    /** One audit row per sign-up row and no more: a repeated request did not act twice. */
    async function auditRowsPerSignup(shiftId: string) {
      return queryRows<{ object_id: string; n: number }>(
        db(),
        sql`select a.object_id, count(*)::int as n from audit_events a
          join help_signups s on s.id::text = a.object_id
          where s.shift_id = ${shiftId} and a.action like 'help.signup.%' group by a.object_id`,
      )
    }

    /** A shift of 100 places, starting next week, open to every member of the party. */
    async function burstShift() {
      const state = await buildKeyedState(db(), '12', federal)
      const district = await buildDistrict(db(), state)
      const start = new Date(Date.now() + 7 * 24 * 3600_000)
      const { shift } = await buildHelpRequest(db(), district, {
        visibility: 'party',
        capacity: 100,
        shift: { startsAt: start, endsAt: new Date(start.getTime() + 4 * 3600_000) },
      })
      return { district, shift }
    }

    test('a per-account login limit holds across both processes', async () => {
      const district = await buildDistrict(db(), await buildState(db(), federal))
      const user = await buildUser(db(), { member: district })
      const codes: number[] = []
      for (let i = 0; i < 14; i++) {
        const res = await post(i % 2 === 0 ? one : two, '/login', anonymousVisitor(), {
          email: user.email,
          password: `wrong ${i}`,
        })
        codes.push(res.status)
      }
      // Ten failures for the account within 15 minutes, then every attempt is refused, wherever it lands.
      expect(codes.slice(0, 10)).toEqual(Array(10).fill(422))
      expect(codes.slice(10)).toEqual([429, 429, 429, 429])
      for (const r of [one, two]) {
        const right = await post(r, '/login', anonymousVisitor(), {
          email: user.email,
          password: user.password,
        })
        expect(right.status).toBe(429)
      }
    }, 60_000)

    test('a sign-up burst of 500 split across both processes confirms exactly 100 of 100 places', async () => {
      const { district, shift } = await burstShift()
      const people = await signedInMembers(district, 500)
      const answers = await Promise.all(
        people.map((p, i) => post(i % 2 === 0 ? one : two, `/help/shifts/${shift.id}/signup`, p)),
      )
      expect(answers.map((a) => a.status).filter((s) => s !== 303)).toEqual([])
      const rows = await signupsOf(shift.id)
      expect(rows).toHaveLength(500)
      expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(100)
      expect(rows.filter((r) => r.status === 'waitlisted')).toHaveLength(400)
      expect(await takenOf(shift.id)).toBe(100)
      const flashes = answers.map((a) => a.headers.get('set-cookie') ?? '')
      expect(flashes.filter((c) => c.includes('help.flash.signedUp'))).toHaveLength(100)
    }, 180_000)

    test("a write on one process shows on the other's cached map page within the cache's 3 seconds", async () => {
      const state = await buildKeyedState(db(), '03', federal)
      const a = await buildMappedDistrict(db(), state, { ags: '03101' })
      const b = await buildMappedDistrict(db(), state, { ags: '03102' })
      const partnership = await insertPartnershipRow(db(), a, b, { story: 'Gemeinsam an der Leine' })
      const board = await buildUser(db(), { member: a, roles: [['board', a]] })
      const now = new Date()
      const { token, sessionId } = await createSession(db(), board.id, now, undefined, now)
      const boardVisitor = { cookie: `bs_session=${token}`, csrf: csrfTokenFor(TEST_SECRET, sessionId) }

      const map = async () => (await fetch(`${two.base}/map?state=03`)).text()
      // The line is on the map, and the page is in the other process's cache.
      await until('the line on the map', async () =>
        (await map()).includes(`data-partnership="${partnership.id}"`),
      )
      expect(await map()).toContain(`data-partnership="${partnership.id}"`)

      // The board takes the partnership off the public map, on the first process.
      const edit = await post(one, `/partnerships/${partnership.id}/edit`, boardVisitor, {
        kind: 'partnership',
      })
      expect(edit.status).toBe(303)
      const written = Date.now()
      await until(
        'the line to leave the other process’s map',
        async () => !(await map()).includes(`data-partnership="${partnership.id}"`),
        10_000,
      )
      // The cache confirms its data version at most every 3 s; a request in flight may add a little.
      expect(Date.now() - written).toBeLessThan(4_500)
    }, 60_000)

    test('killed during a sign-up burst: after a restart and a re-run nothing is lost or doubled', async () => {
      const { district, shift } = await burstShift()
      const people = await signedInMembers(district, 300)
      const confirmedFirst = new Set<string>()
      let answered = 0
      const burst = Promise.all(
        people.map(async (p) => {
          try {
            const res = await post(one, `/help/shifts/${shift.id}/signup`, p)
            answered++
            if ((res.headers.get('set-cookie') ?? '').includes('help.flash.signedUp'))
              confirmedFirst.add(p.memberId)
          } catch {
            // The process died under this request; the member tries again below.
          }
        }),
      )
      await until('the first answers', async () => answered >= 30)
      await kill(one)
      await burst
      expect(answered).toBeLessThan(300)

      one = await start()
      // Everyone sends the sign-up again (a retry after an error page), spread over both processes.
      const again = await Promise.all(
        people.map((p, i) => post(i % 2 === 0 ? one : two, `/help/shifts/${shift.id}/signup`, p)),
      )
      expect(again.map((a) => a.status).filter((s) => s !== 303)).toEqual([])

      const rows = await signupsOf(shift.id)
      expect(rows).toHaveLength(300)
      expect(new Set(rows.map((r) => r.member_id)).size).toBe(300)
      const confirmed = rows.filter((r) => r.status === 'confirmed')
      expect(confirmed).toHaveLength(100)
      expect(await takenOf(shift.id)).toBe(100)
      // Whoever was told "signed up" before the kill still has the place.
      const confirmedIds = new Set(confirmed.map((r) => r.member_id))
      expect([...confirmedFirst].filter((m) => !confirmedIds.has(m))).toEqual([])
      const audit = await auditRowsPerSignup(shift.id)
      expect(audit).toHaveLength(300)
      expect(audit.filter((a) => a.n !== 1)).toEqual([])
    }, 240_000)

    test('killed during a 100,000-row member import: the re-run imports every member exactly once', async () => {
      const state = await buildKeyedState(db(), '05', federal)
      const district = await buildMappedDistrict(db(), state, {
        name: `KV Import ${randomUUID().slice(0, 8)}`,
      })
      const file = join(dataDir, 'members.csv')
      const lines = ['Mitgliedsnummer;Vorname;Nachname;KV;Eintrittsdatum']
      for (let i = 0; i < 100_000; i++)
        lines.push(`IMP${String(i).padStart(6, '0')};Vorname${i};Nachname${i};${district.name};2020-01-01`)
      writeFileSync(file, `${lines.join('\n')}\n`)
      const env = { DATABASE_URL: url, DATA_DIR: dataDir, MIGRATE_ON_START: 'false' }
      const count = async () => {
        const [row] = await queryRows<{ n: number; distinct: number }>(
          db(),
          sql`select count(*)::int as n, count(distinct member_number)::int as distinct from members where member_number like 'IMP%'`,
        )
        return row!
      }

      const first = startEntry('src/members-import.ts', env, [file])
      // Killed while its transaction writes the members.
      await until(
        'the import to write',
        async () => {
          const [row] = await queryRows<{ n: number }>(
            db(),
            sql`select count(*)::int as n from pg_stat_activity
              where datname = current_database() and pid <> pg_backend_pid()
                and backend_xid is not null and query ilike '%insert into members%'`,
          )
          if (first.child.exitCode !== null) throw new Error(`the import ended early: ${first.output()}`)
          return (row?.n ?? 0) > 0
        },
        120_000,
      )
      first.child.kill('SIGKILL')
      expect(await first.exited).toBeNull()
      // The import is one transaction: a kill leaves none of it behind.
      expect(await count()).toEqual({ n: 0, distinct: 0 })

      const second = startEntry('src/members-import.ts', env, [file])
      expect(await second.exited).toBe(0)
      expect(await count()).toEqual({ n: 100_000, distinct: 100_000 })
      const third = startEntry('src/members-import.ts', env, [file])
      expect(await third.exited).toBe(0)
      expect(third.output()).toMatch(/0 neu, 0 geändert, 100[.,]?000 unverändert/)
      expect(await count()).toEqual({ n: 100_000, distinct: 100_000 })
    }, 400_000)

    test('every mail arrives exactly once though the mail server refuses with 4xx and the platform is killed in between', async () => {
      const tag = randomUUID().slice(0, 8)
      const recipients = Array.from({ length: 10 }, (_, i) => `m-${tag}-${i}@example.org`)
      smtp.refuse(451)
      await queueMail(
        db(),
        new Date(),
        recipients.flatMap((to) =>
          [1, 2, 3].map((n) => ({
            to,
            subject: `Nachricht ${n}`,
            text: `Text ${n}`,
            key: `proc-${tag}-${to}-${n}`,
          })),
        ),
      )
      // Both processes' workers try, are refused and put the mails back with a backoff.
      await until('the refusals', async () => {
        const [row] = await queryRows<{ n: number }>(
          db(),
          sql`select count(*)::int as n from mail_outbox
            where key like ${`proc-${tag}-%`} and status = 'waiting' and attempts > 0 and last_error like '%451%'`,
        )
        // Only the first mail per recipient is tried; the later ones wait behind it.
        return (row?.n ?? 0) >= recipients.length
      })
      expect(recipients.flatMap((r) => smtp.mailsTo(r))).toEqual([])
      await Promise.all([kill(one), kill(two)])

      smtp.refuse(undefined)
      // The backoff passes (here: the mails are made due at once), and the platform comes back.
      await db().execute(
        sql`update mail_outbox set next_attempt_at = now() where key like ${`proc-${tag}-%`}`,
      )
      ;[one, two] = await Promise.all([start(), start()])
      await until('every mail', async () => recipients.every((r) => smtp.mailsTo(r).length >= 3))
      await sleep(3000)
      for (const r of recipients) {
        expect(smtp.mailsTo(r).map((m) => m.subject)).toEqual(['Nachricht 1', 'Nachricht 2', 'Nachricht 3'])
      }
      const [left] = await queryRows<{ n: number }>(
        db(),
        sql`select count(*)::int as n from mail_outbox where key like ${`proc-${tag}-%`} and status <> 'sent'`,
      )
      expect(left?.n).toBe(0)
    }, 180_000)
  },
)
