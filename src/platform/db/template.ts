// The template of a new embedded database: a PGlite data directory after initdb and every committed migration,
// made once by `npm run build` (dist/pglite-template/) and copied by a first start into an empty data directory
// instead of creating the database there (initdb and the migrations: seconds of CPU). A template counts only while
// its key, PGlite's version and the migrations it holds, is this checkout's; any other is ignored, and the start
// creates the database as it does without one. The migrations still run at every start (none are pending on a
// fresh copy). Small on purpose (node: modules only): the server uses it before the application's modules load.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { cp, rename, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** Raised when what a template holds, or how it is made, changes while PGlite and the migrations stay. */
const TEMPLATE_FORMAT = 1

export const migrationsFolder = new URL('../../../migrations', import.meta.url).pathname

/** Where `npm run build` keeps the template: beside the compiled code (the same path from src/ and from dist/). */
export const defaultTemplateDir = new URL('../../../dist/pglite-template', import.meta.url).pathname

/** The template's data directory inside `templateDir`, beside the file `key`. */
export const templateDataDir = (templateDir: string) => join(templateDir, 'db')

/** True when `dir` holds a PGlite (PostgreSQL) data directory. */
export function hasDatabase(dir: string) {
  return existsSync(join(dir, 'PG_VERSION'))
}

/** The installed PGlite's version, from its package.json (found from its entry: its exports do not list the file). */
function pgliteVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'))
  for (;;) {
    const file = join(dir, 'package.json')
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string }
      if (pkg.name === '@electric-sql/pglite' && pkg.version) return pkg.version
    }
    if (dirname(dir) === dir) throw new Error('the package.json of @electric-sql/pglite was not found')
    dir = dirname(dir)
  }
}

/**
 * What a template must have been made from to be used: its format, PGlite's version (which writes the data
 * directory) and the migrations (the journal and every SQL file, which the migrator applies; drizzle-kit's
 * snapshots, 20 MB that no start reads, are left out).
 */
export function templateKey(migrations: string = migrationsFolder): string {
  const hash = createHash('sha256')
  hash.update(`format ${TEMPLATE_FORMAT}\npglite ${pgliteVersion()}\n`)
  const files = [
    'meta/_journal.json',
    ...readdirSync(migrations)
      .filter((f) => f.endsWith('.sql'))
      .sort(),
  ]
  for (const file of files) {
    hash.update(`${file}\n`)
    hash.update(readFileSync(join(migrations, file)))
    hash.update('\n')
  }
  return hash.digest('hex')
}

/** The key `templateDir`'s template was made with, or undefined when it holds no complete template. */
export function keyOfTemplate(templateDir: string): string | undefined {
  const file = join(templateDir, 'key')
  if (!existsSync(file) || !hasDatabase(templateDataDir(templateDir))) return undefined
  return readFileSync(file, 'utf8').trim()
}

/** The template's data directory when `templateDir` holds a template made with this checkout's key, else undefined. */
export function matchingTemplate(templateDir: string = defaultTemplateDir): string | undefined {
  try {
    const key = keyOfTemplate(templateDir)
    return key !== undefined && key === templateKey() ? templateDataDir(templateDir) : undefined
  } catch {
    // Unreadable: as if there were none.
    return undefined
  }
}

/**
 * Copies the template's data directory `from` to `dir`, which must not exist or be empty: into `<dir>.new` first,
 * then renamed, so an interrupted copy never leaves a partial database at `dir` (the next start copies again).
 */
export async function copyTemplate(from: string, dir: string) {
  const staging = `${dir}.new`
  await rm(staging, { recursive: true, force: true })
  try {
    await cp(from, staging, { recursive: true })
    await rename(staging, dir)
  } catch (err) {
    await rm(staging, { recursive: true, force: true })
    throw err
  }
}

/** True when `dir` is missing or an empty directory: the only place a template is copied to. */
export function isEmptyDir(dir: string) {
  try {
    return readdirSync(dir).length === 0
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT'
  }
}
