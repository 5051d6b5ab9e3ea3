// The embedded database's directory: locked to one process and, when it holds no database yet, created: copied
// from the build's template (template.ts) when the directory is empty and the template matches, otherwise by
// PGlite's initdb in a child process. Small on purpose (no PGlite, no drizzle): the server starts it before it
// loads the application's modules, so a first start creates the database while the modules load.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { lockDataDir } from './lock.js'
import { copyTemplate, defaultTemplateDir, hasDatabase, isEmptyDir, matchingTemplate } from './template.js'

/**
 * PGlite's buffer cache, in MB. PostgreSQL's default of 128 MB lives inside PGlite's WebAssembly memory, is
 * touched when the database starts and is never given back; the data directory's pages come from the
 * operating system's file cache when they are not in it.
 */
export const PGLITE_SHARED_BUFFERS_MB = 16

/**
 * How the directory came to hold its database: it held one already, a copy of the build's template, or a new one
 * (PGlite's initdb, without the migrations).
 */
export type DataDirSource = 'existing' | 'template' | 'initdb'

/** An embedded data directory locked to this process, with its database being created or already there. */
export type PreparedDataDir = {
  /** The database's directory, `<dataDir>/db`. */
  dir: string
  /** True when `dir` held no database: this start creates it. */
  isNew: boolean
  /**
   * Settles when the directory holds a database (at once when it held one already), telling how it came to;
   * rejects when initdb failed.
   */
  created: Promise<DataDirSource>
  /** Releases the lock. */
  release: () => void
}

export type DataDirOptions = {
  /** PGlite's buffer cache in MB (PGLITE_SHARED_BUFFERS_MB unless given). */
  sharedBuffersMb?: number | undefined
  /** Where to look for the build's template (template.ts's defaultTemplateDir unless given). */
  templateDir?: string | undefined
  /**
   * False: never copy the template, which holds every migration, so a database that may not be migrated at start
   * (MIGRATE_ON_START=false) is not migrated by its creation either.
   */
  useTemplate?: boolean | undefined
}

/**
 * Creates a new PGlite data directory (initdb) in a child process. PGlite does it in a second, in-memory
 * instance beside the one it opens, about 600 MB at the peak, and the process keeps some of that memory
 * afterwards; a child gives it all back when it ends, and the server opens the directory as on any later start.
 * The child starts PGlite as `pgliteOptions` in client.ts does: its defaults and the buffer cache.
 */
async function createDataDirInChild(dir: string, sharedBuffersMb: number) {
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite')
  const script = `const { PGlite } = require(${JSON.stringify(pglite)})
    PGlite.create(${JSON.stringify(dir)}, { startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=${sharedBuffersMb}MB'] })
    .then((db) => db.close())
    .catch((err) => { console.error(err); process.exit(1) })`
  const child = spawn(process.execPath, ['--liftoff-only', '-e', script], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', resolve)
  })
  if (code !== 0)
    throw new Error(`creating the embedded database in ${dir} failed (exit ${code}): ${stderr.trim()}`)
}

/**
 * Creates the database in `dir`, which holds none: a copy of the build's template when `dir` is missing or empty
 * and the template's key is this checkout's, otherwise (or when the copy fails) PGlite's initdb in a child process.
 * A directory with files in it is left as it is: PGlite's initdb decides what to do with it, as without a template.
 */
async function createDataDir(dir: string, opts: DataDirOptions): Promise<DataDirSource> {
  const template =
    opts.useTemplate !== false && isEmptyDir(dir)
      ? matchingTemplate(opts.templateDir ?? defaultTemplateDir)
      : undefined
  if (template) {
    try {
      await copyTemplate(template, dir)
      return 'template'
    } catch (err) {
      console.warn(`Copying the database template failed, creating the database instead: ${err}`)
    }
  }
  await createDataDirInChild(dir, opts.sharedBuffersMb ?? PGLITE_SHARED_BUFFERS_MB)
  return 'initdb'
}

/**
 * Locks `<dataDir>/db.lock` to this process (DataDirLockedError when another one holds it) and, when
 * `<dataDir>/db` holds no database yet, starts creating it (createDataDir).
 */
export function prepareDataDir(dataDir: string, opts: DataDirOptions = {}): PreparedDataDir {
  const release = lockDataDir(join(dataDir, 'db.lock'))
  const dir = join(dataDir, 'db')
  const isNew = !hasDatabase(dir)
  const created = isNew ? createDataDir(dir, opts) : Promise.resolve<DataDirSource>('existing')
  return { dir, isNew, created, release }
}

const early = new Map<string, PreparedDataDir>()

/**
 * The server's first step, before its modules load: prepares the data directory (`prepareDataDir`) for
 * `openDatabase` to take over, so a new database is created (seconds of CPU) while the modules load.
 * A problem (the directory locked by another process, initdb failing) is not reported here: `openDatabase`
 * meets it and reports it as on any start.
 */
export function prepareDataDirEarly(dataDir: string, opts: DataDirOptions = {}) {
  if (early.has(dataDir)) return
  try {
    const prepared = prepareDataDir(dataDir, opts)
    prepared.created.catch(() => {})
    early.set(dataDir, prepared)
  } catch {
    // openDatabase tries again and reports what is wrong.
  }
}

/**
 * The data directory `prepareDataDirEarly` prepared, handed over once (the caller then holds its lock), or
 * a new preparation. The buffer cache does not enter what initdb writes: it is set at every start.
 */
export function takePreparedDataDir(dataDir: string, opts: DataDirOptions = {}): PreparedDataDir {
  const prepared = early.get(dataDir)
  if (prepared) {
    early.delete(dataDir)
    return prepared
  }
  return prepareDataDir(dataDir, opts)
}

/**
 * True when this start creates the embedded database in `<dataDir>/db`: as the early preparation found it, or, when
 * there was none, as the directory is now. The one place that decides whether a data directory holds a database.
 */
export function isNewDataDir(dataDir: string): boolean {
  return early.get(dataDir)?.isNew ?? !hasDatabase(join(dataDir, 'db'))
}
