/**
 * A map of at most `limit` entries: setting a key makes it the newest, and setting one more than the limit
 * drops the oldest. For the caches kept in memory (rendered pages, lists, cards), so none grows without end.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly limit: number) {
    super()
  }

  override set(key: K, value: V): this {
    super.delete(key)
    if (this.size >= this.limit) {
      const oldest = this.keys().next().value
      if (oldest !== undefined) super.delete(oldest)
    }
    return super.set(key, value)
  }
}
