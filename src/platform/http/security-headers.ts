export type HeaderOptions = {
  secure: boolean
  embed: boolean
  embedOrigins: readonly string[]
  authenticated: boolean
}

/** Headers for every response: nothing loads from another origin, and only embed pages may be framed. */
export function securityHeaders(opts: HeaderOptions): Record<string, string> {
  const frameAncestors = opts.embed
    ? opts.embedOrigins.length > 0
      ? opts.embedOrigins.join(' ')
      : "'none'"
    : "'none'"
  const headers: Record<string, string> = {
    'content-security-policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      `frame-ancestors ${frameAncestors}`,
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
  }
  if (!opts.embed) headers['x-frame-options'] = 'DENY'
  if (opts.secure) headers['strict-transport-security'] = 'max-age=31536000; includeSubDomains'
  if (opts.authenticated) headers['cache-control'] = 'no-store'
  return headers
}
