import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import { anonymousVisitor, buildDistrict, buildEvent } from '../../../test/support/factories.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

let lastIp = 0
function postGuest(eventId: string, fields: Record<string, string>) {
  const who = anonymousVisitor()
  return t.app.inject({
    method: 'POST',
    url: `/events/${eventId}/guests`,
    remoteAddress: `192.0.2.${++lastIp}`,
    payload: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: who.cookie },
  })
}

describe('the public guest-RSVP form (issue 13, F7)', () => {
  test('mails one address at most five times an hour, whatever the senders, and never echoes their text', async () => {
    const kv = await buildDistrict(t.database.db)
    const events = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        buildEvent(t.database.db, [kv], { audience: 'public', title: `Stand ${i}` }),
      ),
    )
    const victim = 'victim@example.org'
    const bait = 'Gewinn abholen unter https://attacker.example/claim'
    for (let i = 0; i < 8; i++) {
      const res = await postGuest(events[i % 4]!.id, { name: bait, email: victim, participation: 'on_site' })
      expect(res.statusCode).toBe(303)
    }
    const mails = await mailsTo(victim)
    expect(mails).toHaveLength(5)
    for (const mail of mails) {
      expect(mail.text).not.toContain('attacker.example')
      expect(mail.subject).not.toContain('attacker.example')
    }
    t.clock.advance(3600_000 + 1000)
    await postGuest(events[0]!.id, { name: 'Gabi', email: victim, participation: 'on_site' })
    expect(await mailsTo(victim)).toHaveLength(6)
  })
})

async function mailsTo(address: string) {
  return (await t.outbox()).filter((m) => m.to === address)
}
