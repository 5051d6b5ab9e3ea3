import { randomUUID } from 'node:crypto'
import type { VNode } from 'preact'
import { BoundedMap } from '../bounded-map.js'
import { renderFragment } from './render.js'
import type { SafeHtml } from './trusted-html.js'

/**
 * Markup this process rendered itself with its views (so escaped like every page) and kept, put back as it
 * was with `TrustedHtml`: made by `KeptRenderings` from views only, never from text of a request, a file
 * or the database, which goes through the views.
 */
export type KeptString = SafeHtml

/** Where a value goes in a kept rendering: text no view renders (the process's own random id). */
const HOLE = `\u0000${randomUUID()}\u0000`

/** Escapes text for markup, in text or a quoted attribute alike. */
function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/**
 * Renderings of a view kept by a key that names everything the markup depends on (the caller's duty:
 * content-addressed keys, such as the language and the ids and versions of what is shown), so a kept
 * rendering is never stale and never another visitor's: the same key always renders the same markup.
 * At most `maxEntries`, the least recently used dropped first.
 */
export class KeptRenderings {
  readonly #entries: BoundedMap<string, KeptString>
  readonly #holed: BoundedMap<string, readonly string[]>
  constructor(maxEntries = 2000) {
    this.#entries = new BoundedMap(maxEntries)
    this.#holed = new BoundedMap(maxEntries)
  }

  render(key: string, view: () => VNode): KeptString {
    const kept = this.#entries.get(key)
    const made = kept ?? ({ html: renderFragment(view()) } as SafeHtml)
    this.#entries.set(key, made)
    return made
  }

  /**
   * A kept rendering with a hole for a value of the request (a CSRF token): `view` renders the markup with
   * `hole` where the value goes, as text or in an attribute (never through a function that changes it); the
   * markup is kept by `key` as for `render`, and `value`, escaped as the renderer escapes text and
   * attributes, goes into the hole each time.
   */
  renderWithHole(key: string, view: (hole: string) => VNode, value: string): KeptString {
    let parts = this.#holed.get(key)
    if (!parts) parts = renderFragment(view(HOLE)).split(HOLE)
    this.#holed.set(key, parts)
    return { html: parts.join(escapeMarkup(value)) } as SafeHtml
  }

  /** Kept renderings one after the other, as one. */
  static join(parts: readonly KeptString[]): KeptString {
    return { html: parts.map((p) => p.html).join('') } as SafeHtml
  }

  get size() {
    return this.#entries.size
  }
}
