import { describe, expect, test } from 'vitest'
import { ConfigError, loadConfig } from './config.js'

describe('loadConfig', () => {
  test('an empty environment gives a working development setup on PGlite', () => {
    const config = loadConfig({})
    expect(config.env).toBe('development')
    expect(config.db.kind).toBe('pglite')
    expect(config.http.port).toBe(3000)
    expect(config.levelNames.district).toBe('Kreisverband')
    expect(Object.isFrozen(config)).toBe(true)
  })

  test('links point at the configured port until a public address is set', () => {
    expect(loadConfig({ PORT: '3999' }).http.publicUrl).toBe('http://localhost:3999')
    const config = loadConfig({ PORT: '3999', PUBLIC_URL: 'https://kv.example.org/' })
    expect(config.http.publicUrl).toBe('https://kv.example.org')
    expect(config.http.secureCookies).toBe(true)
  })

  test('two-factor login for roles above member is on unless MFA_REQUIRED says otherwise', () => {
    expect(loadConfig({}).auth.mfaRequired).toBe(true)
    expect(loadConfig({ MFA_REQUIRED: 'false' }).auth.mfaRequired).toBe(false)
    expect(loadConfig({ MFA_REQUIRED: 'yes' }).auth.mfaRequired).toBe(true)
    expect(() => loadConfig({ MFA_REQUIRED: 'sometimes' })).toThrow(/MFA_REQUIRED/)
  })

  test('single sign-on takes all three OIDC settings or none, and https except on this machine', () => {
    expect(loadConfig({}).auth.oidc).toBeUndefined()
    const oidc = {
      OIDC_ISSUER: 'https://login.example.org/realms/p',
      OIDC_CLIENT_ID: 'c',
      OIDC_CLIENT_SECRET: 's',
    }
    expect(loadConfig({ ...oidc, PUBLIC_URL: 'https://kv.example.org' }).auth.oidc).toMatchObject({
      issuer: 'https://login.example.org/realms/p',
      name: 'Parteilogin',
      redirectUrl: 'https://kv.example.org/login/oidc/callback',
      postLogoutRedirectUrl: 'https://kv.example.org/',
      scopes: 'openid email profile',
    })
    expect(() => loadConfig({ OIDC_ISSUER: oidc.OIDC_ISSUER })).toThrow(/set all three/)
    expect(() => loadConfig({ ...oidc, OIDC_ISSUER: 'http://login.example.org' })).toThrow(/must be https/)
    expect(loadConfig({ ...oidc, OIDC_ISSUER: 'http://localhost:3900' }).auth.oidc?.issuer).toBe(
      'http://localhost:3900',
    )
    expect(() => loadConfig({ ...oidc, OIDC_SCOPES: 'email profile' })).toThrow(/must include openid/)
    expect(() => loadConfig({ OIDC_PASSWORD_LOGIN: 'false' })).toThrow(/needs single sign-on/)
    expect(loadConfig({ ...oidc, OIDC_PASSWORD_LOGIN: 'false' }).auth.passwordLogin).toBe(false)
  })

  test('a timed job is parked after JOB_MAX_FAILURES failures in a row, five unless set', () => {
    expect(loadConfig({}).jobs.maxFailures).toBe(5)
    expect(loadConfig({ JOB_MAX_FAILURES: '12' }).jobs.maxFailures).toBe(12)
    expect(() => loadConfig({ JOB_MAX_FAILURES: '0' })).toThrow(/JOB_MAX_FAILURES/)
    expect(() => loadConfig({ JOB_MAX_FAILURES: 'oft' })).toThrow(/JOB_MAX_FAILURES/)
  })

  test('PostgreSQL gets a pool of 10 connections unless DB_POOL_MAX says otherwise', () => {
    const url = 'postgres://u@127.0.0.1:5432/db'
    expect(loadConfig({ DATABASE_URL: url }).db).toMatchObject({ kind: 'postgres', poolMax: 10 })
    expect(loadConfig({ DATABASE_URL: url, DB_POOL_MAX: '25' }).db).toMatchObject({ poolMax: 25 })
    for (const bad of ['0', '501', '2.5', 'viele'])
      expect(() => loadConfig({ DATABASE_URL: url, DB_POOL_MAX: bad })).toThrow(/DB_POOL_MAX/)
  })

  test("the embedded database's buffer cache is 16 MB unless PGLITE_SHARED_BUFFERS_MB says otherwise", () => {
    expect(loadConfig({}).db).toMatchObject({ kind: 'pglite', sharedBuffersMb: 16 })
    expect(loadConfig({ PGLITE_SHARED_BUFFERS_MB: '64' }).db).toMatchObject({ sharedBuffersMb: 64 })
    expect(() => loadConfig({ PGLITE_SHARED_BUFFERS_MB: '4' })).toThrow(/PGLITE_SHARED_BUFFERS_MB/)
    expect(() => loadConfig({ PGLITE_SHARED_BUFFERS_MB: 'lots' })).toThrow(/PGLITE_SHARED_BUFFERS_MB/)
  })

  test('DATABASE_URL switches to PostgreSQL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@127.0.0.1/db' }).db.kind).toBe('postgres')
  })

  test('every problem is reported at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LEVEL_NAMES: 'only,two' })
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError)
      const problems = (err as ConfigError).problems.join('\n')
      expect(problems).toMatch(/PORT/)
      expect(problems).toMatch(/DATABASE_URL/)
      expect(problems).toMatch(/LEVEL_NAMES/)
    }
  })

  test('production refuses to start without a session secret and SMTP', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET[\s\S]*SMTP_URL/)
  })

  test('level names and embed origins are configuration', () => {
    const config = loadConfig({
      LEVEL_NAMES: 'Bund,Land,Bezirksverband,Basisorganisation,Team',
      EMBED_ORIGINS: 'https://a.example, https://b.example',
    })
    expect(config.levelNames.district).toBe('Bezirksverband')
    expect(config.http.embedOrigins).toEqual(['https://a.example', 'https://b.example'])
  })
})

describe('the development outbox page (issue 13, F9)', () => {
  test('is on only without SMTP and on loopback or in demo mode', () => {
    expect(loadConfig({}).mail.outboxPage).toBe(true)
    expect(loadConfig({ HOST: '::1' }).mail.outboxPage).toBe(true)
    expect(loadConfig({ SMTP_URL: 'smtp://127.0.0.1:25' }).mail.outboxPage).toBe(false)
    expect(loadConfig({ HOST: '0.0.0.0' }).mail.outboxPage).toBe(false)
    expect(loadConfig({ HOST: '0.0.0.0', DEMO_MODE: 'true' }).mail.outboxPage).toBe(true)
    expect(loadConfig({ SMTP_URL: 'smtp://127.0.0.1:25', DEMO_MODE: 'true' }).mail.outboxPage).toBe(false)
    expect(loadConfig({ NODE_ENV: 'test', HOST: '0.0.0.0' }).mail.outboxPage).toBe(false)
  })
})
