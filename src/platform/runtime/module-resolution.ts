import { existsSync, readFileSync } from 'node:fs'
import module from 'node:module'
import { dirname, join, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/**
 * Node 24 looks up the nearest package.json again for every ES module it loads and, on the way, parses
 * that file's whole `exports` map anew each time (`getPackageScopeConfig` spreads the lazily parsed
 * fields). For a package with a large map that is costly: drizzle-orm's package.json is 175 KB, its ~100
 * modules parse it ~100 times, and a bare `drizzle-orm` import from each of our files once more. Loading
 * the application then leaves about 160 MB of garbage that V8 keeps reserved (RSS 317 MB right after the
 * imports instead of 155 MB; Node 20 did not do this).
 *
 * The two resolution hooks below give Node the answers it would compute itself, computed once:
 *
 *  - a relative import inside an installed package (`./column.js` in `node_modules/drizzle-orm/`) resolves
 *    to the file next to its importer; its format follows the extension (`.mjs`, `.cjs`) or, for `.js`, the
 *    `type` of the nearest package.json, read once per directory. Anything else (no such file, no extension,
 *    a directory) goes to Node's own resolution, errors included.
 *  - a bare specifier (`drizzle-orm/pg-core`) resolves once per package the import comes from (the
 *    application counts as one package) and set of conditions; Node's own resolution gives the answer.
 *
 * Where `module.registerHooks` does not exist (Node before 22.15) nothing is registered.
 */
export function cacheModuleResolution(): boolean {
  const register = (module as { registerHooks?: (hooks: { resolve: ResolveHook }) => unknown }).registerHooks
  if (typeof register !== 'function') return false
  register({ resolve: resolveWithCache() })
  return true
}

type ResolveContext = { parentURL?: string | undefined; conditions?: readonly string[] }
type Resolved = { url: string; format?: string | null | undefined; shortCircuit?: boolean }
export type ResolveHook = (
  specifier: string,
  context: ResolveContext,
  next: (specifier: string, context: ResolveContext) => Resolved,
) => Resolved

const NODE_MODULES = `${sep}node_modules${sep}`

/** The resolve hook on its own (without registering it), for the tests. */
export function resolveWithCache(): ResolveHook {
  const typeOfDir = new Map<string, string>()
  const packageRootOf = new Map<string, string>()
  const bare = new Map<string, Resolved>()

  /** The `type` of the package.json nearest to a directory ('commonjs' without one), read once per directory. */
  function packageType(dir: string): string {
    const known = typeOfDir.get(dir)
    if (known !== undefined) return known
    const file = join(dir, 'package.json')
    let type: string
    if (existsSync(file)) {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { type?: unknown }
      type = parsed.type === 'module' ? 'module' : 'commonjs'
    } else {
      const parent = dirname(dir)
      type = parent === dir ? 'commonjs' : packageType(parent)
    }
    typeOfDir.set(dir, type)
    return type
  }

  /** The directory of the package a file belongs to: the one holding its nearest package.json. */
  function packageRoot(dir: string): string {
    const known = packageRootOf.get(dir)
    if (known !== undefined) return known
    const parent = dirname(dir)
    const root = existsSync(join(dir, 'package.json')) || parent === dir ? dir : packageRoot(parent)
    packageRootOf.set(dir, root)
    return root
  }

  return (specifier, context, next) => {
    const parentURL = context.parentURL
    if (!parentURL?.startsWith('file:')) return next(specifier, context)
    const parentPath = fileURLToPath(parentURL)
    if (specifier.startsWith('./') || specifier.startsWith('../')) {
      if (!parentPath.includes(NODE_MODULES)) return next(specifier, context)
      const target = fileURLToPath(new URL(specifier, parentURL))
      const format = target.endsWith('.mjs')
        ? 'module'
        : target.endsWith('.cjs')
          ? 'commonjs'
          : target.endsWith('.js')
            ? packageType(dirname(target))
            : undefined
      if (!format || !existsSync(target) || specifier.includes('?') || specifier.includes('#'))
        return next(specifier, context)
      return { url: pathToFileURL(target).href, format, shortCircuit: true }
    }
    if (specifier.startsWith('node:') || specifier.startsWith('/') || specifier.includes(':'))
      return next(specifier, context)
    const key = `${packageRoot(dirname(parentPath))}\0${(context.conditions ?? []).join(',')}\0${specifier}`
    let resolved = bare.get(key)
    if (!resolved) {
      resolved = next(specifier, context)
      bare.set(key, resolved)
    }
    return { url: resolved.url, format: resolved.format, shortCircuit: true }
  }
}
