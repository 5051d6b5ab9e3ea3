import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestDatabase } from '../../../test/support/db.js'
import {
  actorFor,
  buildDistrict,
  buildFederation,
  buildState,
  buildUser,
} from '../../../test/support/factories.js'
import type { Database } from '../../platform/db/client.js'
import { createToken, viewTokens } from '../api/service/tokens.js'
import { listStates } from '../events/repo.js'
import { proposalOptions } from '../partnerships/service/queries.js'
import { listEditorialUnits } from '../playbook/repo.js'
import type { OrgUnit } from './tables.js'
import { orgUnits } from './tables.js'

// A dissolved unit stays as history, but no form offers it any more: not the API's scopes, not the pickers.
let database: Database
let state: OrgUnit
let kept: OrgUnit
let gone: OrgUnit
let goneState: OrgUnit
beforeAll(async () => {
  database = await createTestDatabase()
  const db = database.db
  const federation = await buildFederation(db)
  state = await buildState(db, federation)
  goneState = await buildState(db, federation)
  kept = await buildDistrict(db, state, 'Kreisverband Bleibt')
  gone = await buildDistrict(db, state, 'Kreisverband Aufgelöst')
  const at = new Date('2026-11-01T00:00:00Z')
  await db.update(orgUnits).set({ dissolvedAt: at }).where(eq(orgUnits.id, gone.id))
  await db.update(orgUnits).set({ dissolvedAt: at }).where(eq(orgUnits.id, goneState.id))
})
afterAll(() => database.close())

const deps = () =>
  ({ database, now: () => new Date('2026-11-21T10:00:00Z') }) as Parameters<typeof viewTokens>[0]

describe('dissolved units', () => {
  test("are not among the API token's scopes, and a token cannot be scoped to one", async () => {
    const office = actorFor(await buildUser(database.db, { roles: [['state_office', state]] }), [
      ['state_office', state],
    ])
    const { units } = await viewTokens(deps(), office)
    const ids = units.map((u) => u.id)
    expect(ids).toContain(kept.id)
    expect(ids).not.toContain(gone.id)
    expect(ids).not.toContain(goneState.id)
    await expect(
      createToken(deps(), office, { name: 'Export', scope: 'read', unitId: gone.id, days: 30 }),
    ).rejects.toMatchObject({ field: 'unitId', code: 'api.errors.unit' })
  })

  test('are not offered by the partner search, the calendar’s states or the editorial units', async () => {
    const board = actorFor(await buildUser(database.db), [['board', kept]])
    const { results } = await proposalOptions(deps(), board, 'Kreisverband')
    expect(results.map((u) => u.id)).toContain(kept.id)
    expect(results.map((u) => u.id)).not.toContain(gone.id)
    const states = (await listStates(database.db)).map((s) => s.id)
    expect(states).toContain(state.id)
    expect(states).not.toContain(goneState.id)
    const editorial = (await listEditorialUnits(database.db)).map((u) => u.id)
    expect(editorial).not.toContain(goneState.id)
  })
})
