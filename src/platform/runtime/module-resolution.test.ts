import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const self = new URL('./module-resolution.ts', import.meta.url).href

// A child process loads the whole application (src/app.ts, through tsx as the tests do) with a hook that records
// every resolution it sees, with or without the cache registered beneath it, and prints the answers as JSON.
const probe = (withCache: boolean) => `
  import module from 'node:module'
  import { cacheModuleResolution } from '${self}'
  ${withCache ? 'cacheModuleResolution()' : ''}
  const seen = {}
  module.registerHooks({
    resolve(specifier, context, next) {
      const r = next(specifier, context)
      seen[specifier + ' from ' + context.parentURL] = { url: r.url, format: r.format ?? null }
      return r
    },
  })
  await import('${new URL('../../app.ts', import.meta.url).href}')
  console.log(JSON.stringify({ seen }))
`

function run(withCache: boolean) {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', probe(withCache)],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  )
  return JSON.parse(out.trim().split('\n').at(-1)!) as {
    seen: Record<string, { url: string; format: string | null }>
  }
}

const hasHooks = typeof (await import('node:module')).default.registerHooks === 'function'

describe.runIf(hasHooks)('the module resolution cache', () => {
  it('resolves every import of the application as Node does, drizzle-orm inside and out', () => {
    const plain = run(false)
    const cached = run(true)
    const keys = Object.keys(plain.seen)
    expect(Object.keys(cached.seen).sort()).toEqual([...keys].sort())
    const inDrizzle = keys.filter((k) => k.includes('/node_modules/drizzle-orm/') && k.startsWith('./'))
    const bareDrizzle = keys.filter((k) => k.startsWith('drizzle-orm'))
    expect(inDrizzle.length).toBeGreaterThan(50)
    expect(bareDrizzle.length).toBeGreaterThan(50)
    for (const key of keys) {
      const a = plain.seen[key]!
      const b = cached.seen[key]!
      expect(b.url, key).toBe(a.url)
      if (a.format !== null) expect(b.format, key).toBe(a.format)
    }
  }, 60_000)
})
