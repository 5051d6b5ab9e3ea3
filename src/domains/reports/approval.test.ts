import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  actorFor,
  buildDistrict,
  buildFederation,
  buildState,
  buildUser,
} from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import { FieldError, ForbiddenError, NotFoundError } from '../../platform/errors.js'
import { users } from '../accounts/tables.js'
import {
  approveReport,
  publishReport,
  restoreVersion,
  saveReport,
  setReportSettings,
  startReport,
  viewReport,
  viewVersion,
} from './service.js'
import { boardReports, boardReportVersions } from './tables.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

const db = () => t.database.db
const deps = () => t.app.deps
const config = () => t.app.config

/** A KV with two board members, a member and the state office above. */
async function board() {
  const federal = await buildFederation(db())
  const state = await buildState(db(), federal)
  const kv = await buildDistrict(db(), state)
  const first = await buildUser(db(), { member: kv, roles: [['board', kv]] })
  const second = await buildUser(db(), { member: kv, roles: [['board', kv]] })
  const member = await buildUser(db(), { member: kv })
  const office = await buildUser(db(), { roles: [['state_office', state]] })
  return {
    kv,
    anna: actorFor(first, [['board', kv]]),
    bernd: actorFor(second, [['board', kv]]),
    member: actorFor(member, []),
    office: actorFor(office, [['state_office', state]]),
  }
}

const texts = (introduction: string) => ({
  title: 'Halbjahresbericht',
  authors: 'Anna und Bernd',
  salutation: 'Liebe Genoss:innen,',
  introduction,
  outlook: '',
  thanks: 'Danke.',
})

async function reportRow(id: string) {
  const [row] = await db().select().from(boardReports).where(eq(boardReports.id, id))
  return row!
}

describe('versions of a draft', () => {
  test('each save keeps the texts as the next version; an earlier one comes back as the newest', async () => {
    const w = await board()
    const report = await startReport(deps(), w.anna, w.kv.id, {})
    const sections = (await viewReport(deps(), w.anna, report.id)).sections
    const events = sections.find((s) => s.kind === 'events')!

    expect(await saveReport(deps(), w.anna, report.id, texts('Erste Fassung'), {})).toBe(1)
    expect(
      await saveReport(deps(), w.bernd, report.id, texts('Zweite Fassung'), {
        [events.id]: { body: 'Viele Stammtische.', hidden: true },
      }),
    ).toBe(2)

    const first = await viewVersion(deps(), w.bernd, report.id, 1)
    expect(first.version.texts.introduction).toBe('Erste Fassung')
    expect(first.version.texts.sections.find((s) => s.id === events.id)).toMatchObject({
      body: '',
      hidden: false,
    })
    const [anna] = await db()
      .select({ name: users.displayName })
      .from(users)
      .where(eq(users.id, w.anna.userId))
    expect(first.savedBy).toBe(anna!.name)

    // The board and the office above read the history; a member does not.
    await expect(viewVersion(deps(), w.office, report.id, 2)).resolves.toBeDefined()
    await expect(viewVersion(deps(), w.member, report.id, 1)).rejects.toBeInstanceOf(NotFoundError)
    await expect(viewVersion(deps(), w.anna, report.id, 9)).rejects.toBeInstanceOf(NotFoundError)

    expect(await restoreVersion(deps(), w.anna, report.id, 1)).toBe(3)
    const now = await viewReport(deps(), w.anna, report.id)
    expect(now.report.introduction).toBe('Erste Fassung')
    expect(now.sections.find((s) => s.id === events.id)).toMatchObject({ body: '', hidden: false })
    expect(now.approval?.versions.map((v) => v.version)).toEqual([3, 2, 1])

    const kept = await db()
      .select({ version: boardReportVersions.version })
      .from(boardReportVersions)
      .where(eq(boardReportVersions.reportId, report.id))
    expect(kept.map((v) => v.version).sort()).toEqual([1, 2, 3])
    const audit = await db()
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.objectId, report.id), eq(auditEvents.action, 'report.version_restored')))
    expect(audit).toHaveLength(1)

    // The office reads but does not restore.
    await expect(restoreVersion(deps(), w.office, report.id, 2)).rejects.toBeInstanceOf(ForbiddenError)
  })
})

describe('approval by a second board member', () => {
  test('off by default: the board publishes without one, and nobody can approve', async () => {
    const w = await board()
    const report = await startReport(deps(), w.anna, w.kv.id, {})
    await expect(approveReport(deps(), w.bernd, report.id)).rejects.toMatchObject({
      code: 'reports.errors.approvalOff',
    })
    await publishReport(deps(), config(), w.anna, report.id, { audience: 'members' })
    expect((await reportRow(report.id)).status).toBe('published')
  })

  test('when the unit asks for it: not by the last editor, withdrawn by a change, then publication', async () => {
    const w = await board()
    await expect(
      setReportSettings(deps(), w.member, w.kv.id, { requiresApproval: true }),
    ).rejects.toBeInstanceOf(ForbiddenError)
    await setReportSettings(deps(), w.anna, w.kv.id, { requiresApproval: true })
    const report = await startReport(deps(), w.anna, w.kv.id, {})

    // Without approval, nobody publishes.
    const refused = publishReport(deps(), config(), w.anna, report.id, { audience: 'members' })
    await expect(refused).rejects.toBeInstanceOf(FieldError)
    await expect(refused).rejects.toMatchObject({ code: 'reports.errors.approvalNeeded' })

    // Anna started it: she cannot approve her own text; Bernd can, and the page says so.
    const own = await viewReport(deps(), w.anna, report.id)
    expect(own.approval).toMatchObject({ required: true, canApprove: false, ownChange: true })
    await expect(approveReport(deps(), w.anna, report.id)).rejects.toMatchObject({
      code: 'reports.errors.approveOwn',
    })
    expect((await viewReport(deps(), w.bernd, report.id)).approval?.canApprove).toBe(true)
    await approveReport(deps(), w.bernd, report.id)
    expect((await reportRow(report.id)).approvedById).toBe(w.bernd.userId)

    // Bernd changes a word: his approval is gone, and now Anna approves Bernd's change.
    await saveReport(deps(), w.bernd, report.id, texts('Bernd ergänzt'), {})
    expect((await reportRow(report.id)).approvedById).toBeNull()
    await expect(
      publishReport(deps(), config(), w.bernd, report.id, { audience: 'members' }),
    ).rejects.toMatchObject({ code: 'reports.errors.approvalNeeded' })
    await expect(approveReport(deps(), w.bernd, report.id)).rejects.toMatchObject({
      code: 'reports.errors.approveOwn',
    })
    await approveReport(deps(), w.anna, report.id)
    await expect(approveReport(deps(), w.bernd, report.id)).rejects.toMatchObject({
      code: 'reports.errors.approvedAlready',
    })

    await publishReport(deps(), config(), w.bernd, report.id, { audience: 'members' })
    const published = await reportRow(report.id)
    expect(published.status).toBe('published')
    expect(published.approvedById).toBe(w.anna.userId)
  })
})
