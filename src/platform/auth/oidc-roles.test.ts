import { describe, expect, test } from 'vitest'
import { loadConfig } from '../../config.js'
import { parseRoleMapping, type RoleMapping, rolesFromClaims } from './oidc-roles.js'

const mappingOf = (claim: string, rules: unknown) => {
  const parsed = parseRoleMapping(claim, JSON.stringify(rules))
  if (parsed.problems) throw new Error(parsed.problems.join('\n'))
  return parsed.mapping as RoleMapping
}
const problemsOf = (json: string) => parseRoleMapping('groups', json).problems

describe('the mapping from claim values to roles', () => {
  const mapping = mappingOf('groups', {
    'kv:{unit}:vorstand': 'board',
    'lv.{unit}.(buero)+': 'state_office',
    Bundesgeschäftsstelle: { role: 'federal_office', unit: 'bund' },
  })

  test('a value grants the role its rule names, on the unit its key names; anything else grants nothing', () => {
    expect(
      rolesFromClaims(mapping, {
        groups: [
          'kv:05558:vorstand',
          'kv:05558:vorstand', // twice is once
          'kv:16075:vorstand',
          'kv::vorstand', // no key
          'kv:05 558:vorstand', // no unit key has a space
          'kv:05558:vorstand ',
          'xkv:05558:vorstand',
          'kv:05558:kasse',
          'lv.16.(buero)+', // the rest of a value is taken literally, not as a pattern
          'lvX16X(buero)', // so "." and "+" match nothing else
          'Bundesgeschäftsstelle',
          7,
          null,
          { unit: 'bund' },
        ],
      }),
    ).toEqual([
      { role: 'board', unitKey: '05558' },
      { role: 'board', unitKey: '16075' },
      { role: 'state_office', unitKey: '16' },
      { role: 'federal_office', unitKey: 'bund' },
    ])
  })

  test('a claim that is one string counts as one value; a missing or odd claim grants nothing', () => {
    expect(rolesFromClaims(mapping, { groups: 'kv:05558:vorstand' })).toEqual([
      { role: 'board', unitKey: '05558' },
    ])
    expect(rolesFromClaims(mapping, {})).toEqual([])
    expect(rolesFromClaims(mapping, { groups: { 'kv:05558:vorstand': true } })).toEqual([])
    expect(rolesFromClaims(mapping, { roles: ['kv:05558:vorstand'] })).toEqual([])
  })

  test('a nested claim is named by its path, and a claim whose name has dots by that name', () => {
    const keycloak = mappingOf('realm_access.roles', { 'kv-{unit}-board': 'board' })
    expect(
      rolesFromClaims(keycloak, { realm_access: { roles: ['kv-05558-board', 'offline_access'] } }),
    ).toEqual([{ role: 'board', unitKey: '05558' }])
    expect(rolesFromClaims(keycloak, { 'realm_access.roles': ['kv-16075-board'] })).toEqual([
      { role: 'board', unitKey: '16075' },
    ])
    expect(rolesFromClaims(keycloak, { realm_access: ['kv-05558-board'] })).toEqual([])
  })

  test('the settings are checked at load, with every problem named by its entry', () => {
    expect(problemsOf('{"kv:{unit}:vorstand": "board",}')?.[0]).toMatch(/^OIDC_ROLES: not valid JSON/)
    expect(problemsOf('["board"]')).toEqual(['OIDC_ROLES: must be a JSON object from claim values to roles'])
    expect(problemsOf('{}')).toEqual(['OIDC_ROLES: maps no claim value'])
    expect(
      problemsOf(
        JSON.stringify({
          'kv:{unit}:mitglied': 'member',
          'kv:{unit}:chef': 'superuser',
          'kv:{unit}:x': { role: 'board', units: ['a'] },
          'kv:{unit}:y': 7,
          'lv:x': { role: 'state_office', unit: 'Thüringen' },
        }),
      ),
    ).toEqual([
      'OIDC_ROLES["kv:{unit}:mitglied"].role: must be one of coordinator, board, state_office, federal_office, admin',
      'OIDC_ROLES["kv:{unit}:chef"].role: must be one of coordinator, board, state_office, federal_office, admin',
      'OIDC_ROLES["kv:{unit}:x"]: Unrecognized key: "units"',
      'OIDC_ROLES["kv:{unit}:y"]: must be a role, or an object with "role" and "unit"',
      'OIDC_ROLES["lv:x"].unit: must be a unit key of the structure file (letters, digits, ".", "-", "_")',
    ])
    expect(
      problemsOf(
        JSON.stringify({
          vorstand: 'board',
          '{unit}:{unit}': 'board',
          'kv:{unit}': { role: 'board', unit: '05558' },
          'kv:{kv}:vorstand': 'board',
          'ok:{unit}': 'coordinator',
        }),
      ),
    ).toEqual([
      `OIDC_ROLES["vorstand"]: names no unit; write {unit} where the claim value holds the unit's key, or give "unit"`,
      'OIDC_ROLES["{unit}:{unit}"]: may hold {unit} once',
      'OIDC_ROLES["kv:{unit}"]: names its unit twice ({unit} in the value and "unit")',
      'OIDC_ROLES["kv:{kv}:vorstand"]: {kv} is no placeholder; the only one is {unit}',
    ])
  })

  test('the platform does not start with a mapping that is wrong or incomplete', () => {
    const oidc = { OIDC_ISSUER: 'https://login.example.org', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's' }
    const roles = JSON.stringify({ 'kv:{unit}:vorstand': 'board' })
    expect(
      loadConfig({ ...oidc, OIDC_ROLES_CLAIM: 'groups', OIDC_ROLES: roles }).auth.oidc?.roles?.claim,
    ).toBe('groups')
    expect(loadConfig(oidc).auth.oidc?.roles).toBeUndefined()
    expect(() => loadConfig({ ...oidc, OIDC_ROLES: roles })).toThrow(/OIDC_ROLES_CLAIM, OIDC_ROLES: set both/)
    expect(() => loadConfig({ OIDC_ROLES_CLAIM: 'groups', OIDC_ROLES: roles })).toThrow(
      /OIDC_ROLES: needs single sign-on/,
    )
    expect(() => loadConfig({ ...oidc, OIDC_ROLES_CLAIM: 'my groups', OIDC_ROLES: roles })).toThrow(
      /OIDC_ROLES_CLAIM: must be a claim name without spaces/,
    )
    expect(() =>
      loadConfig({ ...oidc, OIDC_ROLES_CLAIM: 'groups', OIDC_ROLES: '{"kv:{unit}:vorstand":"boss"}' }),
    ).toThrow(/OIDC_ROLES\["kv:\{unit\}:vorstand"\]\.role: must be one of/)
  })
})
