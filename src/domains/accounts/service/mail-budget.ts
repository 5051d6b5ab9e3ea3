import type { AppDeps } from '../../../platform/deps.js'

const WINDOW_MS = 3600_000
const MAILS_PER_WINDOW = 5
const PRUNE_ABOVE = 10_000

// One budget per application (keyed by its dependencies), so two apps in one test process do not share it.
const budgets = new WeakMap<object, Map<string, number[]>>()

/**
 * Takes one mail from the hourly budget of an address; false when it is spent. Per-IP limits do not
 * stop a botnet from mail-bombing one address, this does. In memory: a restart forgets it, which is acceptable.
 */
export function takeMailBudget(deps: AppDeps, address: string, now: Date): boolean {
  let perAddress = budgets.get(deps)
  if (!perAddress) {
    perAddress = new Map()
    budgets.set(deps, perAddress)
  }
  const at = now.getTime()
  const key = address.toLowerCase()
  if (perAddress.size > PRUNE_ABOVE) {
    for (const [k, times] of perAddress) {
      if (times.every((t) => at - t >= WINDOW_MS)) perAddress.delete(k)
    }
  }
  const recent = (perAddress.get(key) ?? []).filter((t) => at - t < WINDOW_MS)
  if (recent.length >= MAILS_PER_WINDOW) {
    perAddress.set(key, recent)
    return false
  }
  recent.push(at)
  perAddress.set(key, recent)
  return true
}
