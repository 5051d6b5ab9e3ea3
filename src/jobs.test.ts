import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../test/support/app.js'
import { runDueJobs, runJobsOnce, timedJobs } from './jobs.js'
import { claimDueJobs, registerJobs, resumeJob, runClaimed, type TimedJob } from './platform/jobs/schedule.js'
import { jobSchedule } from './platform/jobs/tables.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

test('every scheduled job runs against the database and can run again', async () => {
  const first = await runJobsOnce(t.app)
  expect(first.map((r) => r.name)).toEqual([
    'events.purge-access-needs',
    'events.reminders',
    'help.shift-reminders',
    'help.signup-digests',
    'agreements.commitment-reminders',
    'onboarding.mails',
    'resolutions.reminders',
    'mentoring.reminders',
    'mentoring.erase-ended-cohorts',
    'surveys.purge-call-notes',
    'privacy.erase-former-members',
    'audit.seal',
    'audit.verify',
    'mail.prune-sent',
    'limits.prune',
  ])
  expect(first.every((r) => r.ok)).toBe(true)
  expect((await runJobsOnce(t.app)).every((r) => r.ok)).toBe(true)
})

test('of three processes asking at once, exactly one runs each scheduled run', async () => {
  const others = await Promise.all([1, 2].map(() => buildTestApp({ database: t.database })))
  try {
    const apps = [t, ...others]
    for (const a of others) a.clock.current = t.clock.current
    const advance = (ms: number) => {
      for (const a of apps) a.clock.advance(ms)
    }
    const names = timedJobs(t.app).map((j) => j.name)
    await registerJobs(t.database.db, timedJobs(t.app), t.clock.now())
    const runs = await Promise.all(apps.map((a) => runDueJobs(a.app)))
    expect(
      runs
        .flat()
        .map((r) => r.name)
        .sort(),
    ).toEqual([...names].sort())
    expect(runs.flat().every((r) => r.ok)).toBe(true)

    advance(30_000)
    expect((await Promise.all(apps.map((a) => runDueJobs(a.app)))).flat()).toEqual([])
    // A minute later the seal is due again, and only the seal, in one of the three.
    advance(30_000)
    const again = (await Promise.all(apps.map((a) => runDueJobs(a.app)))).flat()
    expect(again.map((r) => r.name)).toEqual(['audit.seal'])
  } finally {
    await Promise.all(others.map((o) => o.close()))
  }
})

test('a job failing run after run is parked after JOB_MAX_FAILURES in a row, in every process, until resumed', async () => {
  const others = await Promise.all([1, 2].map(() => buildTestApp({ database: t.database })))
  try {
    const apps = [t, ...others]
    for (const a of others) a.clock.current = t.clock.current
    const advance = (ms: number) => {
      for (const a of apps) a.clock.advance(ms)
    }
    const db = t.database.db
    const max = t.app.config.jobs.maxFailures
    expect(max).toBe(5)
    let broken = true
    let runs = 0
    const job: TimedJob = {
      name: 'test.flaky',
      everyMs: 60_000,
      run: async () => {
        runs++
        if (broken) throw new Error('Server antwortet nicht')
      },
    }
    await registerJobs(db, [job], t.clock.now())
    // Each process asks at once, as their schedule loops do: claim what is due, run it.
    const tick = async () =>
      (
        await Promise.all(
          apps.map(async (a) =>
            runClaimed(
              db,
              [job],
              await claimDueJobs(db, [job.name], a.clock.now()),
              a.clock.now,
              a.app.log,
              max,
            ),
          ),
        )
      ).flat()
    const row = async () => (await db.select().from(jobSchedule).where(eq(jobSchedule.name, job.name)))[0]!

    // Two failures, then a success: the count starts again.
    expect(await tick()).toEqual([{ name: job.name, ok: false, parked: false }])
    advance(60_000)
    expect(await tick()).toEqual([{ name: job.name, ok: false, parked: false }])
    expect((await row()).failures).toBe(2)
    broken = false
    advance(60_000)
    expect(await tick()).toEqual([{ name: job.name, ok: true, parked: false }])
    expect(await row()).toMatchObject({ failures: 0, lastError: null, parkedAt: null })

    // Then it keeps failing: the fifth failure in a row parks it.
    broken = true
    runs = 0
    for (let i = 1; i <= max; i++) {
      advance(60_000)
      expect(await tick()).toEqual([{ name: job.name, ok: false, parked: i === max }])
    }
    expect(runs).toBe(max)
    const parked = await row()
    expect(parked.failures).toBe(max)
    expect(parked.parkedAt).toEqual(t.clock.now())
    expect(parked.lastError).toBe('Server antwortet nicht')
    // However long one waits, no process takes it any more.
    for (let i = 0; i < 3; i++) {
      advance(10 * 60_000)
      expect(await tick()).toEqual([])
    }
    expect(runs).toBe(max)

    // Resumed while still broken: it runs once, in one process, and is parked again at once.
    expect((await resumeJob(db, job.name, t.clock.now()))?.parkedAt).not.toBeNull()
    expect(await tick()).toEqual([{ name: job.name, ok: false, parked: true }])
    advance(60_000)
    expect(await tick()).toEqual([])
    expect(runs).toBe(max + 1)

    // Fixed and resumed: one run, the failures are cleared, and it is back on its schedule.
    broken = false
    await resumeJob(db, job.name, t.clock.now())
    expect(await tick()).toEqual([{ name: job.name, ok: true, parked: false }])
    expect(await row()).toMatchObject({ failures: 0, lastError: null, parkedAt: null })
    advance(60_000)
    expect(await tick()).toEqual([{ name: job.name, ok: true, parked: false }])
    // Nothing to resume in a job whose last run succeeded, nor in one that does not exist.
    expect(await resumeJob(db, job.name, t.clock.now())).toBeUndefined()
    expect(await resumeJob(db, 'test.unknown', t.clock.now())).toBeUndefined()
  } finally {
    await Promise.all(others.map((o) => o.close()))
  }
})
