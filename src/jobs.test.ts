import { afterAll, beforeAll, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../test/support/app.js'
import { runJobsOnce } from './jobs.js'

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
    'agreements.commitment-reminders',
    'onboarding.mails',
    'privacy.erase-former-members',
    'audit.seal',
    'audit.verify',
  ])
  expect(first.every((r) => r.ok)).toBe(true)
  expect((await runJobsOnce(t.app)).every((r) => r.ok)).toBe(true)
})
