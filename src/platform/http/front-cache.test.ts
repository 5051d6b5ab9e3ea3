import type { IncomingMessage, ServerResponse } from 'node:http'
import { expect, test } from 'vitest'
import { FrontCache } from './front-cache.js'

const request = (url: string, headers: Record<string, string> = {}, method = 'GET') =>
  ({ method, url, headers }) as unknown as IncomingMessage

function response() {
  const written: { status?: number; headers?: Record<string, string>; body?: Buffer } = {}
  const res = {
    writeHead: (status: number, headers: Record<string, string>) => {
      written.status = status
      written.headers = headers
    },
    end: (body?: Buffer) => {
      written.body = body
    },
  } as unknown as ServerResponse
  return { res, written }
}

const ready = { body: Buffer.from('<p>map</p>'), headers: { 'content-type': 'text/html', etag: '"abc"' } }

test('answers only GET on the exact path, without session or flash cookie, and hands everything else on', () => {
  const front = new FrontCache({ sessionCookieName: 'bs_session', defaultLocale: 'de' })
  const seen: unknown[] = []
  front.answer('/map', (req) => {
    seen.push(req)
    return ready
  })
  const ok = response()
  expect(front.tryAnswer(request('/map?state=16&state=02', { 'accept-language': 'en-GB' }), ok.res)).toBe(
    true,
  )
  expect(ok.written).toEqual({ status: 200, headers: ready.headers, body: ready.body })
  expect(seen.at(-1)).toEqual({
    path: '/map',
    params: {},
    query: { state: ['16', '02'] },
    locale: 'en',
    acceptsGzip: false,
    csrfBinding: undefined,
  })

  expect(front.tryAnswer(request('/map', { cookie: 'bs_lang=en' }), response().res)).toBe(true)
  expect(seen.at(-1)).toMatchObject({ locale: 'en' })
  for (const [url, headers, method] of [
    ['/map', {}, 'HEAD'],
    ['/map', {}, 'POST'],
    ['/map/', {}, 'GET'],
    ['/mapx', {}, 'GET'],
    ['/map', { cookie: 'a=b; bs_session=token' }, 'GET'],
    ['/map', { cookie: 'bs_flash=success:common.flash.saved' }, 'GET'],
  ] as const) {
    expect(front.tryAnswer(request(url, headers, method), response().res), `${method} ${url}`).toBe(false)
  }
})

test('a responder that has nothing ready or throws leaves the request to the application', () => {
  const front = new FrontCache({ sessionCookieName: 'bs_session', defaultLocale: 'de' })
  front.answer('/empty', () => undefined)
  front.answer('/broken', () => {
    throw new Error('boom')
  })
  const { res, written } = response()
  expect(front.tryAnswer(request('/empty'), res)).toBe(false)
  expect(front.tryAnswer(request('/broken'), res)).toBe(false)
  expect(written).toEqual({})
})

test('a matching validator gets 304 without the body and its headers; embeds ignore cookies', () => {
  const front = new FrontCache({ sessionCookieName: 'bs_session', defaultLocale: 'de' })
  front.answer('/embed/map', () => ready, { ignoreCookies: true })
  const { res, written } = response()
  expect(
    front.tryAnswer(request('/embed/map', { cookie: 'bs_session=x', 'if-none-match': 'W/"abc"' }), res),
  ).toBe(true)
  expect(written).toEqual({ status: 304, headers: { etag: '"abc"' }, body: undefined })
})

test('a pattern answers every path of its shape and hands over the segments it stands for', () => {
  const front = new FrontCache({ sessionCookieName: 'bs_session', defaultLocale: 'de' })
  const seen: unknown[] = []
  front.answer('/embed/kv/:id/events', (req) => {
    seen.push(req.params)
    return ready
  })
  expect(front.tryAnswer(request('/embed/kv/abc-1/events?n=3'), response().res)).toBe(true)
  expect(seen).toEqual([{ id: 'abc-1' }])
  for (const url of [
    '/embed/kv//events',
    '/embed/kv/abc/events/',
    '/embed/kv/abc',
    '/embed/state/abc/events',
  ])
    expect(front.tryAnswer(request(url), response().res), url).toBe(false)
})

test('a responder may answer after asking, and is told the visitor’s CSRF cookie', async () => {
  const front = new FrontCache({ sessionCookieName: 'bs_session', defaultLocale: 'de' })
  const seen: string[] = []
  front.answer('/units/:id', async (req) => {
    seen.push(`${req.path} ${req.params.id} ${req.csrfBinding}`)
    return req.params.id === 'cold' ? undefined : ready
  })
  const ok = response()
  const answered = front.tryAnswer(request('/units/abc', { cookie: 'bs_csrf=bound' }), ok.res)
  expect(answered).toBeInstanceOf(Promise)
  expect(await answered).toBe(true)
  expect(ok.written.status).toBe(200)
  expect(await front.tryAnswer(request('/units/cold'), response().res)).toBe(false)
  expect(seen).toEqual(['/units/abc abc bound', '/units/cold cold undefined'])
  expect(front.tryAnswer(request('/units/abc', { cookie: 'bs_session=x' }), response().res)).toBe(false)
})
