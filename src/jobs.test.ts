import { afterAll, beforeAll, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../test/support/app.js'
import { runDueJobs, runJobsOnce, timedJobs } from './jobs.js'
import { registerJobs } from './platform/jobs/schedule.js'

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
