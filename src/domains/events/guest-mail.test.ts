import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  anonymousVisitor,
  buildDistrict,
  buildEvent,
  buildUser,
  sessionFor,
} from '../../../test/support/factories.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

let lastIp = 0
function postGuest(eventId: string, fields: Record<string, string>, language?: string) {
  const who = anonymousVisitor()
  return t.app.inject({
    method: 'POST',
    url: `/events/${eventId}/guests`,
    remoteAddress: `192.0.2.${++lastIp}`,
    payload: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: who.cookie,
      ...(language ? { 'accept-language': language } : {}),
    },
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

describe("a guest's later mails", () => {
  test('speak the language the guest used on the form, not the default', async () => {
    const kv = await buildDistrict(t.database.db)
    const event = await buildEvent(t.database.db, [kv], {
      audience: 'public',
      title: 'Infostand Hermannplatz',
    })
    const organiser = await buildUser(t.database.db, { roles: [['coordinator', kv]] })
    const guests = { en: 'guest-en@example.org', de: 'guest-de@example.org' }
    for (const [language, email] of Object.entries(guests)) {
      const res = await postGuest(event.id, { name: 'Robin', email, participation: 'on_site' }, language)
      expect(res.statusCode).toBe(303)
      const [ask] = await mailsTo(email)
      const token = /\/events\/rsvp\/([\w-]+)/.exec(ask!.text)?.[1]
      expect(token).toBeDefined()
      // The link is followed in a browser that sends no language at all.
      const browser = anonymousVisitor()
      const confirmed = await t.app.inject({
        method: 'POST',
        url: `/events/rsvp/${token}`,
        payload: new URLSearchParams({ _csrf: browser.csrf, action: 'confirm' }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: browser.cookie },
      })
      expect(confirmed.statusCode).toBe(200)
      const [registered] = await mailsTo(email)
      expect(registered!.subject).toBe(
        `${language === 'en' ? 'Registered' : 'Angemeldet'}: Infostand Hermannplatz`,
      )
    }
    const session = await sessionFor(t.database.db, organiser, t.clock.now())
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/events/${event.id}/status`,
      payload: new URLSearchParams({ _csrf: session.csrf, status: 'cancelled' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
    })
    expect(cancelled.statusCode).toBe(303)
    const [toEnglish] = await mailsTo(guests.en)
    expect(toEnglish!.subject).toBe('Cancelled: Infostand Hermannplatz')
    const [toGerman] = await mailsTo(guests.de)
    expect(toGerman!.subject).toBe('Abgesagt: Infostand Hermannplatz')
  })
})

async function mailsTo(address: string) {
  return (await t.outbox()).filter((m) => m.to === address)
}
