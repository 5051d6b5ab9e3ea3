import { BoundedMap } from '../../../platform/bounded-map.js'
import type { OrgUnit } from '../../org-units/index.js'
import type { EventWithHosts } from './shared.js'

export type UpcomingList = { unit: OrgUnit; events: readonly EventWithHosts[] }

type Entry = { version: string; expiresAt: number; list: Promise<UpcomingList | undefined> }

/**
 * The upcoming events of a unit, of its partners or of its state (with their hosts and the hosts' partners,
 * before anyone's rights are applied), as `listUnitEvents` reads them, kept per unit and scope. A kept list
 * is used while
 *
 *  - the public data version, read before the list and again for every request, is unchanged: a write to
 *    events, their hosts, units or partnerships that committed before a request arrived is on the page it
 *    gets (the version counts every committed transaction that changed such a table, platform/pages);
 *  - none of its events has ended (the list changes by the clock alone when the first one ends), and for at
 *    most `maxAgeMs`.
 *
 * What each visitor may see of it is decided per request, from the kept rows, as without the cache.
 * Requests that miss together share one reading. A kept list's events are frozen: the same array, unchanged,
 * for every request while it is kept (the views keep its rendered cards with it, views/list.tsx).
 */
export class UpcomingEventLists {
  readonly #entries: BoundedMap<string, Entry>

  constructor(
    private readonly opts: {
      version: () => Promise<string>
      now: () => Date
      maxEntries?: number
      maxAgeMs?: number
    },
  ) {
    this.#entries = new BoundedMap(opts.maxEntries ?? 2000)
  }

  /**
   * The kept list of `key` if it is current, else `load`'s (which reads the public data version before
   * the list, in its first round trip). A key kept before costs a shared reading of the version; a key
   * seen for the first time costs the load alone.
   */
  async get(
    key: string,
    load: () => Promise<{ version: string; list: UpcomingList | undefined }>,
  ): Promise<UpcomingList | undefined> {
    const kept = this.#entries.get(key)
    if (kept) {
      const version = await this.opts.version()
      if (kept.version === version && this.opts.now().getTime() < kept.expiresAt) return kept.list
    }
    const now = this.opts.now().getTime()
    const reading = load()
    const entry: Entry = {
      version: '',
      expiresAt: now + (this.opts.maxAgeMs ?? 60_000),
      list: reading.then((r) => r.list),
    }
    this.#entries.set(key, entry)
    try {
      const { version, list } = await reading
      entry.version = version
      if (!list) this.#forget(key, entry)
      else {
        Object.freeze(list.events)
        for (const { event } of list.events)
          entry.expiresAt = Math.min(entry.expiresAt, event.endsAt.getTime())
      }
      return list
    } catch (err) {
      this.#forget(key, entry)
      throw err
    }
  }

  #forget(key: string, entry: Entry) {
    if (this.#entries.get(key) === entry) this.#entries.delete(key)
  }
}

const choices = new WeakMap<readonly EventWithHosts[], BoundedMap<string, readonly EventWithHosts[]>>()

/**
 * The events of `events` that `show` takes, in their order. For a kept (frozen) list, one frozen array per
 * choice of its events: everyone shown the same events of a kept list gets the same array, whose cards the
 * view keeps with it (views/list.tsx); at most eight choices per list are kept, the oldest dropped first.
 * A list that is not kept gives a new array.
 */
export function shownOf(
  events: readonly EventWithHosts[],
  show: (e: EventWithHosts) => boolean,
): readonly EventWithHosts[] {
  let choice = ''
  const shown: EventWithHosts[] = []
  for (const e of events) {
    const taken = show(e)
    if (taken) shown.push(e)
    choice += taken ? '1' : '0'
  }
  if (!Object.isFrozen(events)) return shown
  if (shown.length === events.length) return events
  let kept = choices.get(events)
  if (!kept) {
    kept = new BoundedMap(8)
    choices.set(events, kept)
  }
  const same = kept.get(choice)
  if (same) return same
  Object.freeze(shown)
  kept.set(choice, shown)
  return shown
}
