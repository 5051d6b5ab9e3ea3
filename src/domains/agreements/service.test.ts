import { and, desc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import { actorFor, buildMember, buildPartnership, buildUser } from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import { ConflictError, FieldError, ForbiddenError, NotFoundError } from '../../platform/errors.js'
import { partnerships } from '../partnerships/index.js'
import {
  addAgreementClause,
  compareAgreementVersions,
  ensureDefaultTemplate,
  publishAgreement,
  ratifyAgreement,
  recordExchange,
  recordRetreat,
  removeAgreementClause,
  rewordAgreementClause,
  sendCommitmentReminders,
  shareMinutes,
  startAgreement,
  viewAgreement,
} from './service/index.js'
import { agreementRatifications, agreementReminders, federalCongresses } from './tables.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

const db = () => t.database.db
const deps = () => t.app.deps

/** A partnership of its own, its two boards as actors, and an agreement from the default template. */
async function agreementWorld() {
  const p = await buildPartnership(db(), { status: 'active' })
  const boardA = actorFor(p.boardA, [['board', p.unitA]])
  const boardB = actorFor(p.boardB, [['board', p.unitB]])
  const { template } = await ensureDefaultTemplate(db(), new Date())
  const agreement = await startAgreement(deps(), boardA, p.partnership.id, template.id)
  return { ...p, boardA, boardB, agreement }
}

const ratify = (side: 'a' | 'b', versionNumber: number, place = 'Neubrandenburg', revision = 1) => ({
  side,
  versionNumber,
  revision,
  body: 'Kreisparteitag',
  ratifiedOn: '2026-11-10',
  place,
})

describe('ratification', () => {
  test('a draft becomes partly ratified, then in force when both sides adopt the same version', async () => {
    const w = await agreementWorld()
    expect((await viewAgreement(deps(), w.boardA, w.agreement.id)).state.status).toBe('draft')
    expect((await ratifyAgreement(deps(), w.boardB, w.agreement.id, ratify('b', 1))).status).toBe(
      'partly_ratified',
    )
    const inForce = await ratifyAgreement(deps(), w.boardA, w.agreement.id, ratify('a', 1, 'Emsdetten'))
    expect(inForce).toMatchObject({ status: 'in_force', inForceVersion: 1, pending: null })
    const [audit] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.objectId, w.agreement.id), eq(auditEvents.action, 'agreement.ratified')))
    expect(audit).toBeDefined()
  })

  test('an edit after entry into force is a draft; the old version stays in force until both ratify the new one', async () => {
    const w = await agreementWorld()
    await ratifyAgreement(deps(), w.boardA, w.agreement.id, ratify('a', 1))
    await ratifyAgreement(deps(), w.boardB, w.agreement.id, ratify('b', 1))
    await addAgreementClause(deps(), w.boardB, w.agreement.id, {
      type: 'text',
      title: 'Jugend',
      body: 'Die Jugendverbände tauschen sich aus.',
    })
    const afterEdit = await viewAgreement(deps(), w.boardA, w.agreement.id)
    expect(afterEdit.state).toMatchObject({
      status: 'in_force',
      inForceVersion: 1,
      pending: { version: 2, status: 'draft' },
    })
    expect(afterEdit.version.number).toBe(2)
    await ratifyAgreement(deps(), w.boardA, w.agreement.id, ratify('a', 2))
    expect((await viewAgreement(deps(), w.boardA, w.agreement.id)).state.pending).toEqual({
      version: 2,
      status: 'partly_ratified',
    })
    const done = await ratifyAgreement(deps(), w.boardB, w.agreement.id, ratify('b', 2))
    expect(done).toMatchObject({ status: 'in_force', inForceVersion: 2, pending: null })
  })

  test('a side ratifies only for itself, and never a version twice or one older than the version in force', async () => {
    const w = await agreementWorld()
    await expect(ratifyAgreement(deps(), w.boardA, w.agreement.id, ratify('b', 1))).rejects.toBeInstanceOf(
      ForbiddenError,
    )
    await ratifyAgreement(deps(), w.boardA, w.agreement.id, ratify('a', 1))
    await expect(ratifyAgreement(deps(), w.boardA, w.agreement.id, ratify('a', 1))).rejects.toBeInstanceOf(
      FieldError,
    )
    await ratifyAgreement(deps(), w.boardB, w.agreement.id, ratify('b', 1))
    await addAgreementClause(deps(), w.boardA, w.agreement.id, { type: 'text', title: 'Neu', body: 'Neu.' })
    await expect(ratifyAgreement(deps(), w.boardB, w.agreement.id, ratify('b', 5))).rejects.toBeInstanceOf(
      FieldError,
    )
  })

  test('the public sees a published agreement in the version in force, not the newer draft', async () => {
    const w = await agreementWorld()
    await ratifyAgreement(deps(), w.boardA, w.agreement.id, ratify('a', 1))
    await ratifyAgreement(deps(), w.boardB, w.agreement.id, ratify('b', 1))
    await addAgreementClause(deps(), w.boardA, w.agreement.id, {
      type: 'text',
      title: 'Entwurf',
      body: 'Noch nicht beschlossen.',
    })
    await expect(viewAgreement(deps(), undefined, w.agreement.id)).rejects.toBeInstanceOf(NotFoundError)
    await publishAgreement(deps(), w.boardB, w.agreement.id, true)
    const pub = await viewAgreement(deps(), undefined, w.agreement.id)
    expect(pub.version.number).toBe(1)
    expect(pub.can.internals).toBe(false)
    expect(pub.commitments).toBeUndefined()
    expect(pub.version.clauses.map((c) => c.title)).not.toContain('Entwurf')
  })
})

describe('one draft per amendment', () => {
  const links = { publicUrl: 'https://bs.example.org' }
  /** An agreement both sides ratified as version 1. */
  async function ratifiedWorld() {
    const w = await agreementWorld()
    await ratifyAgreement(deps(), w.boardA, w.agreement.id, ratify('a', 1, 'Emsdetten'))
    await ratifyAgreement(deps(), w.boardB, w.agreement.id, ratify('b', 1))
    return w
  }
  const ratificationsOf = (id: string) =>
    db().select().from(agreementRatifications).where(eq(agreementRatifications.agreementId, id))

  test('an added, a removed and a reworded clause are one draft version, compared with the text in force', async () => {
    const w = await ratifiedWorld()
    const v1 = (await viewAgreement(deps(), w.boardA, w.agreement.id)).version
    const [first, second] = v1.clauses
    const opened = await addAgreementClause(deps(), w.boardA, w.agreement.id, {
      type: 'text',
      title: 'Sport',
      body: 'Ein jährliches Fußballspiel.',
    })
    expect(opened).toEqual({ version: 2, revision: 1, opened: true, reset: false })
    await removeAgreementClause(deps(), w.boardB, w.agreement.id, second!.key)
    const last = await rewordAgreementClause(deps(), w.boardA, w.agreement.id, first!.key, {
      type: first!.type,
      title: first!.title,
      body: `${first!.body} Sie feiern gemeinsam.`,
    })
    expect(last).toEqual({ version: 2, revision: 3, opened: false, reset: false })
    const cmp = await compareAgreementVersions(deps(), w.boardB, w.agreement.id, 1, 2)
    const kinds = cmp.changes.map((c) => c.kind)
    expect(kinds.filter((k) => k === 'added')).toHaveLength(1)
    expect(kinds.filter((k) => k === 'removed')).toHaveLength(1)
    const changed = cmp.changes.find((c) => c.kind === 'changed')
    expect(
      changed?.kind === 'changed' && changed.body.filter((p) => p.op === 'ins').map((p) => p.text.trim()),
    ).toEqual(['Sie feiern gemeinsam.'])
    const page = await viewAgreement(deps(), w.boardA, w.agreement.id)
    expect(page.versions.map((v) => [v.number, v.revision, v.note])).toEqual([
      [2, 3, 'amendment'],
      [1, 1, null],
    ])
    expect(page.state).toMatchObject({ inForceVersion: 1, pending: { version: 2, status: 'draft' } })
    // The page shows the amendment as a whole: the three changed clauses against version 1.
    expect(page.amendment).toMatchObject({ from: 1, to: 2 })
    expect(page.amendment!.changes.map((c) => c.kind).sort()).toEqual(['added', 'changed', 'removed'])
    // A clause saved as it was changes nothing.
    const same = page.version.clauses[0]!
    expect(
      await rewordAgreementClause(deps(), w.boardB, w.agreement.id, same.key, {
        type: same.type,
        title: same.title,
        body: same.body,
      }),
    ).toEqual({ version: 2, revision: 3, opened: false, reset: false })
  })

  test('a ratification of a draft changed since the page was read is refused, with nothing written', async () => {
    const w = await ratifiedWorld()
    await addAgreementClause(deps(), w.boardA, w.agreement.id, { type: 'text', title: 'Neu', body: 'Eins.' })
    // Board B reads revision 1; board A changes the draft before B saves.
    await addAgreementClause(deps(), w.boardA, w.agreement.id, {
      type: 'text',
      title: 'Neu 2',
      body: 'Zwei.',
    })
    const before = await ratificationsOf(w.agreement.id)
    const outbox = (await t.outbox()).length
    const stale = ratifyAgreement(
      deps(),
      w.boardB,
      w.agreement.id,
      ratify('b', 2, 'Neubrandenburg', 1),
      links,
    )
    await expect(stale).rejects.toBeInstanceOf(ConflictError)
    await expect(stale).rejects.toMatchObject({ code: 'agreements.errors.textChanged', status: 409 })
    expect(await ratificationsOf(w.agreement.id)).toHaveLength(before.length)
    expect(await t.outbox()).toHaveLength(outbox)
    // A revision that never was is refused the same way.
    await expect(
      ratifyAgreement(deps(), w.boardB, w.agreement.id, ratify('b', 2, 'Neubrandenburg', 7)),
    ).rejects.toBeInstanceOf(ConflictError)
    // The text on the page now, revision 2, is ratified.
    const done = await ratifyAgreement(deps(), w.boardB, w.agreement.id, ratify('b', 2, 'Neubrandenburg', 2))
    expect(done.pending).toEqual({ version: 2, status: 'partly_ratified' })
    const row = (await ratificationsOf(w.agreement.id)).find((r) => r.versionNumber === 2)
    expect(row?.revision).toBe(2)
  })

  test("an edit after one side ratified the draft undoes that side's ratification, and both boards are told", async () => {
    const w = await ratifiedWorld()
    await addAgreementClause(deps(), w.boardA, w.agreement.id, {
      type: 'text',
      title: 'Jugend',
      body: 'Alt.',
    })
    await ratifyAgreement(deps(), w.boardA, w.agreement.id, ratify('a', 2, 'Emsdetten', 1), links)
    const secondBoardA = await buildUser(db(), { roles: [['board', w.unitA]] })
    const secondBoardB = await buildUser(db(), { roles: [['board', w.unitB]] })
    const jugend = (await viewAgreement(deps(), w.boardB, w.agreement.id)).version.clauses.at(-1)!
    const edit = await rewordAgreementClause(
      deps(),
      w.boardB,
      w.agreement.id,
      jugend.key,
      { type: 'text', title: 'Jugend', body: 'Neu gefasst.' },
      links,
    )
    expect(edit).toEqual({ version: 2, revision: 2, opened: false, reset: true })
    expect((await ratificationsOf(w.agreement.id)).filter((r) => r.versionNumber === 2)).toEqual([])
    const page = await viewAgreement(deps(), w.boardA, w.agreement.id)
    expect(page.state).toMatchObject({ inForceVersion: 1, pending: { version: 2, status: 'draft' } })
    const mails = await t.outbox()
    const told = (email: string) =>
      mails.filter((m) => m.to === email.toLowerCase() && m.subject.includes('Entwurf nach einem Beschluss'))
    // Side A ratified: its boards must decide again; the one who changed the text (board B) gets no mail.
    expect(told(w.boardA.email)).toHaveLength(1)
    expect(told(w.boardA.email)[0]!.text).toContain('Euer Beschluss gilt für den geänderten Text nicht mehr')
    expect(told(secondBoardA.email)).toHaveLength(1)
    expect(told(w.boardB.email)).toEqual([])
    // The other side's board, which may have been told it was its turn, learns that the text changed.
    expect(told(secondBoardB.email).map((m) => m.text)).toEqual([
      expect.stringContaining(`${w.unitA.name} hatte Version 2 eurer Partnerschaftsvereinbarung`),
    ])
    const [audit] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.objectId, w.agreement.id), eq(auditEvents.action, 'agreement.revised')))
      .orderBy(desc(auditEvents.id))
      .limit(1)
    expect(audit?.data).toMatchObject({
      version: 2,
      revision: 2,
      ratificationsReset: [{ side: 'a', revision: 1 }],
    })
  })

  test('both sides ratify the draft once: one new version in force, its commitments from the later ratification', async () => {
    const w = await ratifiedWorld()
    const clauses = (await viewAgreement(deps(), w.boardA, w.agreement.id)).version.clauses
    for (const c of clauses.slice(0, 3))
      await rewordAgreementClause(deps(), w.boardA, w.agreement.id, c.key, {
        type: c.type,
        title: c.title,
        body: `${c.body} (geändert)`,
      })
    const draft = (await viewAgreement(deps(), w.boardB, w.agreement.id)).version
    expect([draft.number, draft.revision]).toEqual([2, 3])
    await ratifyAgreement(deps(), w.boardB, w.agreement.id, {
      ...ratify('b', 2, 'Waren', 3),
      ratifiedOn: '2026-11-12',
    })
    const done = await ratifyAgreement(deps(), w.boardA, w.agreement.id, {
      ...ratify('a', 2, 'Emsdetten', 3),
      ratifiedOn: '2026-11-14',
    })
    expect(done).toMatchObject({ status: 'in_force', inForceVersion: 2, pending: null })
    const page = await viewAgreement(deps(), w.boardA, w.agreement.id)
    expect(page.versions.map((v) => v.number)).toEqual([2, 1])
    expect(page.amendment).toBeUndefined()
    expect(page.version.clauses.filter((c) => c.body.endsWith('(geändert)'))).toHaveLength(3)
    expect(page.commitments?.inForceSince).toBe('2026-11-14')
    // The next edit opens the next amendment.
    const next = await addAgreementClause(deps(), w.boardB, w.agreement.id, {
      type: 'text',
      title: 'X',
      body: 'Y',
    })
    expect(next).toMatchObject({ version: 3, revision: 1, opened: true })
  })

  test('versions are not there for someone who only reads the published text', async () => {
    const w = await agreementWorld()
    await publishAgreement(deps(), w.boardA, w.agreement.id, true)
    await expect(compareAgreementVersions(deps(), undefined, w.agreement.id, 1, 1)).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })
})

describe('commitments and reminders', () => {
  async function inForceWorld() {
    const w = await agreementWorld()
    const coordA = await buildMember(db(), w.unitA, { email: `koord-a-${w.agreement.id}@example.org` })
    const coordB = await buildMember(db(), w.unitB, { email: `koord-b-${w.agreement.id}@example.org` })
    await db()
      .update(partnerships)
      .set({ coordinatorAMemberId: coordA.id, coordinatorBMemberId: coordB.id })
      .where(eq(partnerships.id, w.partnership.id))
    await ratifyAgreement(deps(), w.boardA, w.agreement.id, { ...ratify('a', 1), ratifiedOn: '2024-01-10' })
    await ratifyAgreement(deps(), w.boardB, w.agreement.id, { ...ratify('b', 1), ratifiedOn: '2024-01-20' })
    return { ...w, coordA, coordB }
  }

  test('the page shows whose turn it is and a missed year as overdue, by the injected clock', async () => {
    const w = await inForceWorld()
    t.clock.current = new Date('2025-07-01T10:00:00Z')
    await recordRetreat(deps(), w.boardA, w.agreement.id, {
      heldOn: '2025-06-01',
      hostSide: 'a',
      place: 'Rheine',
    })
    const page = await viewAgreement(deps(), w.boardB, w.agreement.id)
    expect(page.commitments?.commitments.find((c) => c.type === 'retreat')).toMatchObject({
      status: 'met',
      nextHost: 'b',
    })
    t.clock.current = new Date('2027-02-01T10:00:00Z')
    const later = await viewAgreement(deps(), w.boardB, w.agreement.id)
    expect(later.commitments?.commitments.find((c) => c.type === 'retreat')).toMatchObject({
      status: 'overdue',
      missedYear: 2026,
      nextHost: 'b',
    })
  })

  test('each due commitment is mailed to both coordinators once', async () => {
    const w = await inForceWorld()
    t.clock.current = new Date('2025-12-05T10:00:00Z')
    await recordRetreat(deps(), w.boardA, w.agreement.id, {
      heldOn: '2025-03-01',
      hostSide: 'a',
      place: 'Rheine',
    })
    await shareMinutes(deps(), w.boardA, w.agreement.id, {
      side: 'a',
      meetingOn: '2025-12-01',
      title: 'Sitzung',
      body: 'Text',
    })
    const before = (await t.outbox()).length
    const sent = await sendCommitmentReminders(deps(), t.app.config)
    expect((await t.outbox()).length - before).toBe(sent)
    // Side B never shared minutes, neither side confirmed its links, and neither recorded information for
    // the partner this year (a month before its end): both coordinators hear of each.
    const mine = (await t.outbox())
      .slice(0, sent)
      .filter((m) => m.to === w.coordA.email || m.to === w.coordB.email)
    expect(mine).toHaveLength(8)
    expect(mine.filter((m) => m.subject.includes('Vorstandsprotokolle'))).toHaveLength(2)
    expect(mine.filter((m) => m.subject.includes('Gegenseitige Links'))).toHaveLength(2)
    expect(mine.filter((m) => m.subject.includes('Gegenseitige Information bald fällig'))).toHaveLength(4)
    expect(await sendCommitmentReminders(deps(), t.app.config)).toBe(0)
    const rows = await db()
      .select()
      .from(agreementReminders)
      .where(eq(agreementReminders.agreementId, w.agreement.id))
    expect(rows.map((r) => r.commitment)).toContain('minutes-b')
    expect(rows.map((r) => r.commitment)).not.toContain('retreat')
  })

  test('a month before a federal congress both coordinators are asked to consult; a recorded consultation stills it', async () => {
    const w = await inForceWorld()
    await db().insert(federalCongresses).values({
      name: 'Bundesparteitag in Erfurt',
      startsOn: '2030-01-17',
      endsOn: '2030-01-19',
      source: 'Einberufung durch den Parteivorstand',
    })
    // Everything else of the year is done, so only the consultation is due.
    t.clock.current = new Date('2029-12-20T10:00:00Z')
    for (const [side, board] of [
      ['a', w.boardA],
      ['b', w.boardB],
    ] as const) {
      await recordExchange(deps(), board, w.agreement.id, {
        kind: 'information',
        side,
        heldOn: '2029-12-19',
        note: 'Aktionsplan geschickt',
      })
      await shareMinutes(deps(), board, w.agreement.id, {
        side,
        meetingOn: '2029-12-18',
        title: 'S',
        body: 'T',
      })
    }
    await recordRetreat(deps(), w.boardA, w.agreement.id, {
      heldOn: '2029-05-01',
      hostSide: 'a',
      place: 'Rheine',
    })
    await db().delete(agreementReminders).where(eq(agreementReminders.agreementId, w.agreement.id))
    const before = (await t.outbox()).length
    const sent = await sendCommitmentReminders(deps(), t.app.config)
    const mine = (await t.outbox())
      .slice(0, (await t.outbox()).length - before)
      .filter((m) => m.to === w.coordA.email || m.to === w.coordB.email)
    const congress = mine.filter((m) =>
      m.subject.includes('Abstimmung vor dem Bundesparteitag am 17.01.2030'),
    )
    expect(congress.map((m) => m.to).sort()).toEqual([w.coordA.email, w.coordB.email].sort())
    expect(congress[0]!.text).toContain('am 17.01.2030 beginnt ein Bundesparteitag')
    expect(congress[0]!.text).toContain(`/agreements/${w.agreement.id}`)
    expect(sent).toBeGreaterThanOrEqual(2)

    // A consultation on the board's form in December meets it: after the congress nothing is overdue.
    t.clock.current = new Date('2029-12-28T18:00:00Z')
    await recordExchange(deps(), w.boardB, w.agreement.id, {
      kind: 'consultation',
      side: 'b',
      heldOn: '2029-12-28',
      note: 'Telefonat der Vorstände zu den Anträgen',
    })
    t.clock.current = new Date('2030-01-20T10:00:00Z')
    const page = await viewAgreement(deps(), w.boardA, w.agreement.id)
    expect(page.commitments?.commitments.find((c) => c.type === 'consultation')).toMatchObject({
      status: 'met',
      congresses: [
        { startsOn: '2030-01-17', status: 'met', consultations: [{ side: 'b', heldOn: '2029-12-28' }] },
      ],
    })
    expect(page.commitments?.reminders.some((r) => r.commitment === 'consultation')).toBe(false)
  })

  test('an exchange is recorded by the board of its own side, for a day that has passed, with an audit row', async () => {
    const w = await inForceWorld()
    t.clock.current = new Date('2026-11-21T10:00:00Z')
    const input = {
      kind: 'materials' as const,
      side: 'a' as const,
      heldOn: '2026-11-20',
      note: 'Plakatvorlagen',
    }
    await expect(recordExchange(deps(), w.boardB, w.agreement.id, input)).rejects.toBeInstanceOf(
      ForbiddenError,
    )
    await expect(
      recordExchange(deps(), w.boardA, w.agreement.id, { ...input, heldOn: '2026-11-22' }),
    ).rejects.toBeInstanceOf(FieldError)
    const row = await recordExchange(deps(), w.boardA, w.agreement.id, input)
    const [audit] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'agreement.exchange_recorded'), eq(auditEvents.objectId, row.id)))
    expect(audit?.unitId).toBe(w.unitA.id)
    expect(JSON.stringify(audit?.data)).not.toContain('Plakatvorlagen')
  })
})
