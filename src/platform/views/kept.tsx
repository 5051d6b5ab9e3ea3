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

/**
 * Renderings of a view kept by a key that names everything the markup depends on (the caller's duty:
 * content-addressed keys, such as the language and the ids and versions of what is shown), so a kept
 * rendering is never stale and never another visitor's: the same key always renders the same markup.
 * At most `maxEntries`, the least recently used dropped first.
 */
export class KeptRenderings {
  readonly #entries: BoundedMap<string, KeptString>
  constructor(maxEntries = 2000) {
    this.#entries = new BoundedMap(maxEntries)
  }

  render(key: string, view: () => VNode): KeptString {
    const kept = this.#entries.get(key)
    const made = kept ?? ({ html: renderFragment(view()) } as SafeHtml)
    this.#entries.set(key, made)
    return made
  }

  /** Kept renderings one after the other, as one. */
  static join(parts: readonly KeptString[]): KeptString {
    return { html: parts.map((p) => p.html).join('') } as SafeHtml
  }

  get size() {
    return this.#entries.size
  }
}
