import type { CookieSerializeOptions } from '@fastify/cookie'
import { parseCookie, stringifySetCookie } from 'cookie'

/** The platform's own cookies (the session cookie's name is configuration). */
export const platformCookies = { flash: 'bs_flash', csrf: 'bs_csrf', lang: 'bs_lang' } as const

/**
 * What every cookie of the platform carries unless a call says otherwise: the whole site, not sent along
 * with requests from other sites (Lax), out of reach of scripts (HttpOnly), and Secure where the site is
 * served over https. @fastify/cookie applies them to `reply.setCookie` and `reply.clearCookie`.
 */
export function cookieDefaults(secure: boolean) {
  return { path: '/', sameSite: 'lax', httpOnly: true, secure } satisfies CookieSerializeOptions
}

// Outside a request's hooks (the front cache, kept pages written to the socket) the same library that
// @fastify/cookie uses reads and writes cookies, with the same defaults.

/** The cookies of a `Cookie` header; a value that is not valid percent-encoding stays as it came. */
export function parseCookies(header: string | undefined): Record<string, string | undefined> {
  return header ? parseCookie(header) : {}
}

/** A `Set-Cookie` header value with the platform's defaults. */
export function serializeCookie(name: string, value: string, opts: { secure: boolean; maxAge?: number }) {
  const { maxAge, secure } = opts
  return stringifySetCookie({
    name,
    value,
    ...cookieDefaults(secure),
    ...(maxAge === undefined ? {} : { maxAge }),
  })
}
