/** The platform's own cookies (the session cookie's name is configuration). */
export const platformCookies = { flash: 'bs_flash', csrf: 'bs_csrf', lang: 'bs_lang' } as const

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (!header) return out
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 1) continue
    const name = part.slice(0, eq).trim()
    const raw = part.slice(eq + 1).trim()
    try {
      out[name] = decodeURIComponent(raw)
    } catch {
      // A cookie that is not valid percent-encoding is ignored, not a 500.
    }
  }
  return out
}

export type CookieOptions = {
  maxAgeSeconds?: number
  httpOnly?: boolean
  secure: boolean
  sameSite?: 'Lax' | 'Strict'
}

export function serializeCookie(name: string, value: string, opts: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', `SameSite=${opts.sameSite ?? 'Lax'}`]
  if (opts.httpOnly !== false) parts.push('HttpOnly')
  if (opts.secure) parts.push('Secure')
  if (opts.maxAgeSeconds !== undefined) parts.push(`Max-Age=${opts.maxAgeSeconds}`)
  return parts.join('; ')
}
