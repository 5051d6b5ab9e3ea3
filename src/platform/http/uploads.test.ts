import type { AddressInfo } from 'node:net'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  anonymousVisitor,
  buildDistrict,
  buildFederation,
  buildState,
  buildUser,
  multipart,
  type Session,
  sessionFor,
} from '../../../test/support/factories.js'

let t: TestApp
let port: number
let admin: Session
let member: Session
beforeAll(async () => {
  t = await buildTestApp()
  await t.app.listen({ host: '127.0.0.1', port: 0 })
  port = (t.app.server.address() as AddressInfo).port
  const db = t.database.db
  const federation = await buildFederation(db)
  admin = await sessionFor(db, await buildUser(db, { roles: [['admin', federation]] }), t.clock.now())
  member = await sessionFor(db, await buildUser(db, { member: await buildDistrict(db) }), t.clock.now())
})
afterAll(() => t.close())

let address = 0
const from = () => `10.41.${Math.floor(++address / 250)}.${(address % 250) + 1}`
const boundary = '----uploadtestboundary'
const declared = 64 * 1024 * 1024

/**
 * Sends the head of a request that announces a 64 MiB multipart body and only the first kilobyte
 * of it, and returns the status line the server answers with before any more arrives: a server
 * that buffers the body first answers nothing (null).
 */
function answerBeforeBody(path: string, cookie: string, firstPart: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let received = ''
    const done = (line: string | null) => {
      clearTimeout(timer)
      socket.destroy()
      resolve(line)
    }
    const timer = setTimeout(() => done(null), 2_000)
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1')
      if (received.includes('\r\n')) done(received.split('\r\n')[0]!)
    })
    socket.on('error', (err) => (received ? done(received.split('\r\n')[0]!) : reject(err)))
    const head = [
      `POST ${path} HTTP/1.1`,
      'Host: 127.0.0.1',
      `Content-Type: multipart/form-data; boundary=${boundary}`,
      `Content-Length: ${declared}`,
      `Cookie: ${cookie}`,
      '',
      '',
    ].join('\r\n')
    socket.write(head + firstPart + 'x'.repeat(1024))
  })
}

const field = (name: string, value: string) =>
  `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`
const fileHead = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n`

describe('multipart bodies', () => {
  test('a route that takes no file refuses multipart with 415 and a stable code, before the body arrives', async () => {
    const visitor = anonymousVisitor()
    const body = multipart(
      { _csrf: visitor.csrf, email: 'a@example.org' },
      { name: 'file', filename: 'x.csv', content: 'x' },
    )
    const res = await t.app.inject({
      method: 'POST',
      url: '/login',
      payload: body.payload,
      headers: { ...body.headers, cookie: visitor.cookie, accept: 'application/json' },
      remoteAddress: from(),
    })
    expect(res.statusCode).toBe(415)
    expect(res.json()).toMatchObject({ error: 'unsupportedMediaType' })

    const lines = await Promise.all(
      ['/login', '/register', '/password/forgot', '/partnerships/report', '/logout', '/calendar'].map(
        (path) => answerBeforeBody(path, visitor.cookie, field('_csrf', visitor.csrf) + fileHead),
      ),
    )
    for (const line of lines) expect(line).toMatch(/^HTTP\/1\.1 415 /)
  })

  test('eight refused 64 MiB uploads are answered at once, none of them read', async () => {
    const visitor = anonymousVisitor()
    const anonymous = await Promise.all(
      Array.from({ length: 8 }, () =>
        answerBeforeBody('/admin/members/import', visitor.cookie, field('_csrf', visitor.csrf) + fileHead),
      ),
    )
    for (const line of anonymous) expect(line).toMatch(/^HTTP\/1\.1 401 /)
    const notAdmin = await answerBeforeBody(
      '/admin/members/import',
      member.cookie,
      field('_csrf', member.csrf) + fileHead,
    )
    expect(notAdmin).toMatch(/^HTTP\/1\.1 403 /)
    // An admin of a state passes the gate of the route, but only the federation's admin imports.
    const db = t.database.db
    const stateAdmin = await sessionFor(
      db,
      await buildUser(db, { roles: [['admin', await buildState(db)]] }),
      t.clock.now(),
    )
    const notTheirs = await answerBeforeBody(
      '/admin/members/import',
      stateAdmin.cookie,
      field('_csrf', stateAdmin.csrf) + fileHead,
    )
    expect(notTheirs).toMatch(/^HTTP\/1\.1 403 /)
  })

  test('the file route checks the CSRF token, the first field, before it reads the file', async () => {
    const wrongToken = await answerBeforeBody(
      '/admin/members/import',
      admin.cookie,
      field('_csrf', 'forged') + fileHead,
    )
    expect(wrongToken).toMatch(/^HTTP\/1\.1 403 /)
    const fileFirst = await answerBeforeBody('/admin/members/import', admin.cookie, fileHead)
    expect(fileFirst).toMatch(/^HTTP\/1\.1 403 /)
  })

  test('a file over the route limit answers 413, a broken body 400', async () => {
    const big = multipart(
      { _csrf: admin.csrf },
      { name: 'file', filename: 'big.csv', content: Buffer.alloc(24 * 1024 * 1024 + 1, 'a') },
    )
    const tooLarge = await t.app.inject({
      method: 'POST',
      url: '/admin/members/import',
      payload: big.payload,
      headers: { ...big.headers, cookie: admin.cookie },
      remoteAddress: from(),
    })
    expect(tooLarge.statusCode).toBe(413)
    const broken = [
      `${field('_csrf', admin.csrf)}${fileHead}no end`,
      `--${boundary}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--${boundary}--\r\n`,
      `${field('_csrf', admin.csrf)}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n`,
      'not multipart at all',
      '',
    ]
    for (const payload of broken) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/admin/members/import',
        payload,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: admin.cookie },
        remoteAddress: from(),
      })
      expect(res.statusCode, JSON.stringify(payload)).toBeGreaterThanOrEqual(400)
      expect(res.statusCode, JSON.stringify(payload)).toBeLessThan(500)
    }
    const noBoundary = await t.app.inject({
      method: 'POST',
      url: '/admin/members/import',
      payload: 'x',
      headers: { 'content-type': 'multipart/form-data', cookie: admin.cookie },
      remoteAddress: from(),
    })
    expect(noBoundary.statusCode).toBeGreaterThanOrEqual(400)
    expect(noBoundary.statusCode).toBeLessThan(500)
  })
})
