import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import { buildFederation, buildUser, type Session, sessionFor } from '../../../test/support/factories.js'
import { startTestSmtp, type TestSmtp } from '../../../test/support/smtp.js'
import { auditEvents } from '../../platform/audit/tables.js'
import { createMailTransport } from '../../platform/mail/mailer.js'
import { queueMail } from '../../platform/mail/outbox.js'
import { mailOutbox } from '../../platform/mail/tables.js'

let t: TestApp
let smtp: TestSmtp
let admin: Session
let member: Session
beforeAll(async () => {
  smtp = await startTestSmtp()
  t = await buildTestApp({ mailer: createMailTransport({ smtpUrl: smtp.url, from: 'noreply@example.org' }) })
  const federal = await buildFederation(t.database.db)
  admin = await sessionFor(t.database.db, await buildUser(t.database.db, { roles: [['admin', federal]] }))
  member = await sessionFor(t.database.db, await buildUser(t.database.db))
})
afterAll(async () => {
  await t.close()
  await smtp.close()
})

const retry = (id: number, who: Session) =>
  t.app.inject({
    method: 'POST',
    url: `/admin/mail/${id}/retry`,
    payload: new URLSearchParams({ _csrf: who.csrf }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: who.cookie },
  })

describe('the admin mail queue', () => {
  test('shows a failed mail with the server’s answer, but not its text; "retry now" sends it', async () => {
    const to = 'bounced@example.org'
    await queueMail(t.database.db, t.clock.now(), [{ to, subject: 'Dein Anmeldelink', text: 'geheim-123' }])
    smtp.refuse(550)
    await t.deliverMail()
    smtp.refuse(undefined)
    const [row] = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, to))

    const page = await t.app.inject({ url: '/admin/mail', headers: admin.headers })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(to)
    expect(page.body).toContain('550')
    expect(page.body).toContain('gescheitert')
    expect(page.body).not.toContain('geheim-123')

    expect((await t.app.inject({ url: '/admin/mail', headers: member.headers })).statusCode).toBe(403)
    expect((await retry(row!.id, member)).statusCode).toBe(403)

    const done = await retry(row!.id, admin)
    expect(done.statusCode).toBe(303)
    await t.deliverMail()
    expect(smtp.mailsTo(to)).toHaveLength(1)
    expect((await retry(row!.id, admin)).statusCode).toBe(404)
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'mail.retried'))
    expect(audit.map((a) => a.objectId)).toEqual([String(row!.id)])
  })
})
