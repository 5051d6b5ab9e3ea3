import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify from 'fastify'
import { afterAll, expect, test } from 'vitest'
import { loggedError, loggedUrl, loggerOptions, RequestLog } from '../src/platform/log.js'
import { multipart } from './support/factories.js'
import { freePort, startServer } from './support/server-process.js'
import { startTestSmtp } from './support/smtp.js'

/**
 * The log of a real server process at level trace, in production's JSON format, while people register,
 * confirm their address, log in with right and wrong passwords, use login and reset links, read their
 * data, and an admin imports members: no password, token, session or member data may appear in it.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'bs-log-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const linkIn = (text: string, path: string) => {
  const m = text.match(new RegExp(`${path}/([A-Za-z0-9_-]+)`))
  if (!m?.[1]) throw new Error(`no ${path} link in: ${text}`)
  return m[1]
}

test('tokens, passwords and member data never reach the log', async () => {
  const smtp = await startTestSmtp()
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const server = startServer({
    NODE_ENV: 'production',
    LOG_LEVEL: 'trace',
    DATA_DIR: dataDir,
    PORT: String(port),
    PUBLIC_URL: base,
    SESSION_SECRET: 'log-canary-secret-log-canary-secret-0123',
    SMTP_URL: smtp.url,
    DEMO_DATA: 'always',
    MFA_REQUIRED: 'false',
  })
  const canaries: string[] = []
  try {
    await server.ready
    let cookies: Record<string, string> = {}
    const cookieHeader = () =>
      Object.entries(cookies)
        .map(([k, v]) => `${k}=${v}`)
        .join('; ')
    const remember = (res: Response) => {
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';')
        const [k, v] = pair!.split('=')
        if (v) cookies[k!] = v
        else delete cookies[k!]
      }
      if (cookies.bs_session) canaries.push(cookies.bs_session)
      return res
    }
    const get = async (path: string) => {
      const res = remember(
        await fetch(`${base}${path}`, { headers: { cookie: cookieHeader() }, redirect: 'manual' }),
      )
      return { res, body: await res.text() }
    }
    const csrfOf = (body: string) => body.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? ''
    const post = async (path: string, fields: Record<string, string>, from = path) => {
      const csrf = csrfOf((await get(from)).body)
      return remember(
        await fetch(`${base}${path}`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader() },
          body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
        }),
      )
    }

    const email = 'kanarienvogel.zwitschert@example.org'
    const password = 'Kanarien-Passwort-Gelb-4711'
    const wrong = 'Falsches-Kanarien-Passwort-0815'
    const name = 'Kanaria Zwitscherlein'
    canaries.push(email, password, wrong, name)

    expect((await post('/register', { displayName: name, email, password })).status).toBe(303)
    const verify = linkIn((await smtp.nextMailTo(email, 30_000)).text, '/register/verify')
    canaries.push(verify)
    expect((await get(`/register/verify/${verify}`)).res.status).toBe(200)
    expect((await post(`/register/verify/${verify}`, {})).status).toBe(303)

    expect((await post('/login', { email, password: wrong })).status).toBe(422)
    expect((await post('/login', { email, password })).status).toBe(303)
    expect((await get('/account/data')).res.status).toBe(200)
    cookies = {}

    expect((await post('/login/link', { email })).status).toBe(303)
    const link = linkIn((await smtp.nextMailTo(email, 30_000)).text, '/login/link')
    canaries.push(link)
    await get(`/login/link/${link}`)
    expect((await post(`/login/link/${link}`, {})).status).toBe(303)
    cookies = {}

    expect((await post('/password/forgot', { email })).status).toBe(303)
    const reset = linkIn((await smtp.nextMailTo(email, 30_000)).text, '/password/reset')
    canaries.push(reset)
    expect((await get(`/password/reset/${reset}`)).res.status).toBe(200)
    const newPassword = 'Neues-Kanarien-Passwort-1234'
    canaries.push(newPassword)
    await post(`/password/reset/${reset}`, { password: newPassword })
    cookies = {}

    // A search typed into a form and an address someone guessed stay out of the log too.
    await get(`/map?q=${encodeURIComponent(name)}`)
    await get(`/login/link/${'x'.repeat(12)}${verify.slice(0, 30)}`)

    // The admin imports members: their names, addresses and phone numbers are member data.
    expect(
      (await post('/login', { email: 'admin@demo.example.org', password: 'demo-passwort-2026' })).status,
    ).toBe(303)
    const csrf = csrfOf((await get('/admin/members/import')).body)
    const people = [
      ['KAN-0001', 'Amsel', 'Kanarienweg', 'amsel.kanarienweg@example.org', '+49 30 555 01 23'],
      ['KAN-0002', 'Drossel', 'Kanarienhof', 'drossel.kanarienhof@example.org', '+49 30 555 45 67'],
    ]
    for (const p of people) canaries.push(p[2]!, p[3]!, p[4]!)
    const csv = [
      'Mitgliedsnummer;Vorname;Nachname;E-Mail;Telefon;KV;Eintrittsdatum',
      ...people.map((p) => `${p.join(';')};Saale-Orla-Kreis;2024-01-01`),
    ].join('\n')
    const body = multipart({ _csrf: csrf }, { name: 'file', filename: 'kanarien.csv', content: csv })
    const imported = await fetch(`${base}/admin/members/import`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...body.headers, cookie: cookieHeader() },
      body: body.payload,
    })
    expect(imported.status).toBeLessThan(400)
    canaries.push('demo-passwort-2026')
  } finally {
    server.child.kill('SIGTERM')
    await server.exited
    await smtp.close()
  }

  const log = server.output()
  const lines = log
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { reqId?: string; url?: string; msg: string })
  const requestLines = lines.filter((l) => l.msg === 'request completed')
  // The log is not empty: every request is there once, with its id, and the token routes by their pattern.
  expect(requestLines.length).toBeGreaterThan(20)
  expect(requestLines.every((l) => typeof l.reqId === 'string' && l.reqId.length === 36)).toBe(true)
  expect(new Set(requestLines.map((l) => l.reqId)).size).toBe(requestLines.length)
  expect(lines.filter((l) => l.msg === 'incoming request')).toEqual([])
  expect(requestLines.map((l) => l.url)).toContain('/register/verify/:token')
  expect(requestLines.map((l) => l.url)).toContain('/map?q')
  const found = [...new Set(canaries)].flatMap((c) => log.split('\n').filter((line) => line.includes(c)))
  expect(found).toEqual([])
}, 300_000)

test('the logged form of addresses and errors', () => {
  const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCd'
  expect(loggedUrl({ url: `/login/link/${token}`, routeOptions: { url: '/login/link/:token' } })).toBe(
    '/login/link/:token',
  )
  expect(loggedUrl({ url: `/somewhere/${token}?email=a@b.org&q=x&q=y` })).toBe('/somewhere/:redacted?email&q')
  const id = '0b6f1d2e-8a3c-4c1e-9d7b-2f5a6c8e9d01'
  expect(loggedUrl({ url: `/units/${id}/members`, routeOptions: { url: '/units/:id/members' } })).toBe(
    `/units/${id}/members`,
  )
  const err = new Error(
    'Failed query: insert into members (email) values ($1)\nparams: kanarie@example.org',
    {
      cause: Object.assign(new Error('duplicate key: Key (email)=(kanarie@example.org) already exists.'), {
        code: '23505',
      }),
    },
  )
  const logged = JSON.stringify(loggedError(err))
  expect(logged).not.toContain('kanarie@example.org')
  expect(logged).toContain('Failed query: insert into members')
  expect(logged).toContain('23505')
})

test('one line per request, when it is answered: method, address as logged, route, status, time and id', async () => {
  const written: string[] = []
  const options = loggerOptions({ env: 'production', level: 'info' }) as Record<string, unknown>
  const app = Fastify({
    logger: { ...options, stream: { write: (line: string) => written.push(line) } },
    logController: new RequestLog(),
    genReqId: () => randomUUID(),
  })
  app.get('/units/:id', async () => 'unit')
  app.get('/login/link/:token', async () => 'link')
  app.get('/broken', async () => {
    throw new Error('broken')
  })
  const id = '0b6f1d2e-8a3c-4c1e-9d7b-2f5a6c8e9d01'
  const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCd'
  const email = 'kanarie.zwitschert@example.org'
  await app.inject({ url: `/units/${id}?email=${encodeURIComponent(email)}&q=x` })
  await app.inject({ url: `/login/link/${token}`, headers: { cookie: `bs_session=${token}` } })
  await app.inject({ method: 'POST', url: '/nowhere', payload: { email } })
  await app.inject({ url: '/broken' })
  await app.close()
  const lines = written.map((l) => JSON.parse(l) as Record<string, unknown>)
  const requests = lines.filter((l) => typeof l.reqId === 'string')
  const completed = requests.filter((l) => l.msg === 'request completed')
  expect(completed.map(({ method, url, route, statusCode }) => ({ method, url, route, statusCode }))).toEqual(
    [
      { method: 'GET', url: `/units/${id}?email&q`, route: '/units/:id', statusCode: 200 },
      { method: 'GET', url: '/login/link/:token', route: '/login/link/:token', statusCode: 200 },
      { method: 'POST', url: '/nowhere', route: undefined, statusCode: 404 },
      { method: 'GET', url: '/broken', route: '/broken', statusCode: 500 },
    ],
  )
  for (const line of completed) {
    expect(line.reqId).toMatch(/^[0-9a-f-]{36}$/)
    expect(line.level).toBe(30)
    expect(typeof line.responseTime).toBe('number')
  }
  // Apart from these, a request writes only what went wrong: the failure of /broken.
  expect(new Set(completed.map((l) => l.reqId)).size).toBe(4)
  const others = requests.filter((l) => l.msg !== 'request completed')
  expect(others.map((l) => [l.reqId, l.level, l.msg])).toEqual([[completed[3]!.reqId, 50, 'broken']])
  const all = written.join('')
  for (const secret of [token, email, encodeURIComponent(email)]) expect(all).not.toContain(secret)
})
