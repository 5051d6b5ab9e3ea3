/** Any host: only the origin of the parsed value is compared with it. */
const base = new URL('http://local.invalid')
/** Control characters (C0, DEL, C1) and backslashes: browsers drop or reinterpret them while parsing a URL. */
const unsafeCharacters = /[\p{Cc}\\]/u

/**
 * A local path to send someone back to (a redirect or a link), or "/" when the value is anything
 * else. The value is read as a browser reads a Location header (WHATWG URL against a fixed base),
 * and kept only when it stays on this origin and its path begins with a single slash. The answer
 * is the parsed path, query and fragment, percent-encoded, so it is plain ASCII and fits in a header.
 */
export function safeLocalPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) return '/'
  if (unsafeCharacters.test(value)) return '/'
  let url: URL
  try {
    url = new URL(value, base)
  } catch {
    return '/'
  }
  if (url.origin !== base.origin || url.pathname.startsWith('//')) return '/'
  return `${url.pathname}${url.search}${url.hash}`
}
