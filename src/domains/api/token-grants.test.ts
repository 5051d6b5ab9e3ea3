import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildApiToken } from '../../../test/support/api-tokens.js'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildFederation,
  buildState,
  buildUser,
  sessionFor,
  type TestUser,
} from '../../../test/support/factories.js'
import { type Actor, holds, type Role } from '../../platform/auth/actor.js'
import { resolveActorFor } from '../accounts/sessions.js'
import { twoFactorCredentials } from '../accounts/tables.js'
import { can as agreementCan } from '../agreements/policy.js'
import { can as mentoringCan } from '../mentoring/policy.js'
import type { OrgUnit } from '../org-units/index.js'
import { can as reportCan } from '../reports/policy.js'
import { actingUnitIds, can as poolCan, roleFor } from '../volunteers/policy.js'
import { resolveTokenActorFor } from './service/tokens.js'

/**
 * A token acts as its owner does on the pages, cut to its unit: a role inherited from above reaches the units
 * inside the token, but a check of the role a person holds on a unit itself (the pool's acting unit, an
 * agreement's or a report's board, a programme's office) sees the unit the role was granted on, as the pages do.
 */

let t: TestApp
let state: OrgUnit
let kv: OrgUnit
let otherKv: OrgUnit
let farKv: OrgUnit
let federation: OrgUnit

async function person(roles: [Role, OrgUnit][]) {
  const user = await buildUser(t.database.db, { roles })
  await t.database.db
    .insert(twoFactorCredentials)
    .values({ userId: user.id, secretSealed: 'sealed', confirmedAt: t.clock.now() })
  return user
}

async function webActor(user: TestUser): Promise<Actor> {
  const session = await sessionFor(t.database.db, user, t.clock.now())
  const actor = await resolveActorFor(t.app.deps, t.app.config)(session.cookie.split('=')[1]!)
  expect(actor).toBeDefined()
  return actor!
}

async function tokenActor(user: TestUser, unit: OrgUnit): Promise<Actor> {
  const token = await buildApiToken(t.database.db, user.id, unit.id, t.clock.now())
  const actor = await resolveTokenActorFor(t.app.deps, t.app.config)(token)
  expect(actor).toBeDefined()
  return actor!
}

/** The checks of a role held on the unit itself, for one unit, as the pages' policies answer them. */
function ownUnitChecks(a: Actor, unit: OrgUnit) {
  const agreement = {
    unitA: unit,
    unitB: farKv,
    partnershipPublic: false,
    isPublished: false,
  }
  return {
    poolRole: roleFor(a, unit.id),
    poolSearch: poolCan(a, 'pool.search', { unit }),
    projectPost: poolCan(a, 'project.post', { unit }),
    actsFor: actingUnitIds(a).includes(unit.id),
    agreementView: agreementCan(a, 'agreement.view', { agreement }),
    agreementEdit: agreementCan(a, 'agreement.edit', { agreement }),
    reportWrite: reportCan(a, 'report.write', { unit }),
    programmeCreate: mentoringCan(a, 'programme.create', unit),
  }
}

beforeAll(async () => {
  t = await buildTestApp()
  const db = t.database.db
  federation = await buildFederation(db)
  state = await buildState(db, federation)
  kv = await buildDistrict(db, state, 'Erster KV')
  otherKv = await buildDistrict(db, state, 'Zweiter KV')
  farKv = await buildDistrict(db, await buildState(db, federation), 'Ferner KV')
})
afterAll(() => t.close())

describe('a token scoped below a role of its owner', () => {
  const cases: [string, Role][] = [
    ['a state office', 'state_office'],
    ['a board of the state', 'board'],
    ['a coordinator of the state', 'coordinator'],
  ]
  test.each(cases)(
    'of %s does not act as the KV board or coordinator the pages do not see in it',
    async (_, role) => {
      const user = await person([[role, state]])
      const web = await webActor(user)
      const token = await tokenActor(user, kv)
      // The pages: the person speaks for the state, not for the KV.
      expect(ownUnitChecks(web, kv)).toEqual({
        poolRole: null,
        poolSearch: false,
        projectPost: false,
        actsFor: false,
        agreementView: false,
        agreementEdit: false,
        reportWrite: false,
        programmeCreate: false,
      })
      // The token, scoped to the KV, answers as the pages for the KV …
      expect(ownUnitChecks(token, kv)).toEqual(ownUnitChecks(web, kv))
      // … and the role still reaches the KV by inheritance, but nothing outside the token.
      expect(holds(token, role, kv.path)).toBe(true)
      expect(holds(token, role, otherKv.path)).toBe(false)
      expect(holds(token, role, state.path)).toBe(false)
    },
  )

  test('of a KV board keeps what the pages give the board on its KV', async () => {
    const user = await person([['board', kv]])
    const web = await webActor(user)
    const token = await tokenActor(user, kv)
    const onWeb = ownUnitChecks(web, kv)
    expect(onWeb.poolRole).toBe('board')
    expect(onWeb.agreementEdit).toBe(true)
    expect(onWeb.reportWrite).toBe(true)
    expect(ownUnitChecks(token, kv)).toEqual(onWeb)
  })

  test('of the federal office scoped to a state does not speak for that state', async () => {
    const user = await person([['federal_office', federation]])
    const web = await webActor(user)
    const token = await tokenActor(user, state)
    const onWeb = ownUnitChecks(web, state)
    const withToken = ownUnitChecks(token, state)
    // Never more than the pages (the agreement's other side lies outside the token, so less there) …
    for (const [check, value] of Object.entries(withToken))
      if (value) expect(onWeb[check as keyof typeof onWeb], check).toBe(value)
    // … and the office speaks for the federation, not for the state the token is scoped to.
    expect(roleFor(web, state.id)).toBeNull()
    expect(roleFor(token, state.id)).toBeNull()
    expect(withToken.reportWrite).toBe(false)
    expect(holds(token, 'federal_office', kv.path)).toBe(true)
    expect(holds(token, 'federal_office', farKv.path)).toBe(false)
  })
})
