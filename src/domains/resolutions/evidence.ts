/**
 * What a progress note points to as its evidence: an object of the platform (an event, a help request, a
 * volunteer project, a board report, a partnership agreement), named by its page, or a document elsewhere
 * (an https link). Pure: whether the object exists is asked by the use case.
 */

import type { EvidenceKind } from './tables.js'

export { type EvidenceKind, evidenceKinds } from './tables.js'
export type PlatformEvidenceKind = Exclude<EvidenceKind, 'document'>

/** The page of each kind of platform object: the path before its id. */
export const evidencePaths: Record<PlatformEvidenceKind, string> = {
  event: '/events/',
  help_request: '/help/',
  project: '/volunteers/projects/',
  report: '/reports/',
  agreement: '/agreements/',
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export type EvidenceTarget =
  | { kind: PlatformEvidenceKind; id: string; url: string }
  | { kind: 'document'; url: string }

/** An https address with a host, without credentials, as the URL parser normalises it; null otherwise. */
function httpsUrl(text: string) {
  if (!/^https:\/\//i.test(text) || /\s/.test(text)) return null
  try {
    const u = new URL(text)
    if (u.protocol !== 'https:' || !u.hostname || u.username || u.password) return null
    return u
  } catch {
    return null
  }
}

/**
 * The evidence a link of this kind names. A platform object is given by its path (`/events/<id>`) or by a
 * full address copied from the browser, of which only the path counts; it is stored as that path. A
 * document is an https address. Null when the link does not fit its kind.
 */
export function evidenceTarget(kind: EvidenceKind, text: string): EvidenceTarget | null {
  const value = text.trim()
  if (kind === 'document') {
    const u = httpsUrl(value)
    return u ? { kind, url: u.href } : null
  }
  let path = value
  if (!value.startsWith('/')) {
    const u = httpsUrl(value)
    if (!u) return null
    path = u.pathname
  } else if (value.startsWith('//')) return null
  path = path.replace(/[?#].*$/, '').replace(/\/$/, '')
  const prefix = evidencePaths[kind]
  if (!path.startsWith(prefix)) return null
  const id = path.slice(prefix.length).toLowerCase()
  return UUID.test(id) ? { kind, id, url: `${prefix}${id}` } : null
}
