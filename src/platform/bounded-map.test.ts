import { describe, expect, it } from 'vitest'
import { BoundedMap } from './bounded-map.js'

describe('BoundedMap', () => {
  it('drops the entry set longest ago when one more than the limit is set', () => {
    const m = new BoundedMap<string, number>(2)
    m.set('a', 1).set('b', 2).set('a', 3).set('c', 4)
    expect([...m.entries()]).toEqual([
      ['a', 3],
      ['c', 4],
    ])
    m.set('c', 5)
    expect(m.size).toBe(2)
    expect(m.get('a')).toBe(3)
  })
})
