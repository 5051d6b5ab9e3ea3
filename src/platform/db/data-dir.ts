// The embedded database's directory: locked to one process and, when it holds no database yet, created (PGlite's
// initdb) in a child process. Small on purpose (no PGlite, no drizzle): the server starts it before it loads the
// application's modules, so a first start creates the database while the modules load.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { lockDataDir } from './lock.js'

/**
 * PGlite's buffer cache, in MB. PostgreSQL's default of 128 MB lives inside PGlite's WebAssembly memory, is
 * touched when the database starts and is never given back; the data directory's pages come from the
 * operating system's file cache when they are not in it.
 */
export const PGLITE_SHARED_BUFFERS_MB = 16

/** An embedded data directory locked to this process, with its database being created or already there. */
export type PreparedDataDir = {
  /** The database's directory, `<dataDir>/db`. */
  dir: string
  /** Settles when the directory holds a database (at once when it held one already); rejects when initdb failed. */
  created: Promise<void>
  /** Releases the lock. */
  release: () => void
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
 * Locks `<dataDir>/db.lock` to this process (DataDirLockedError when another one holds it) and, when
 * `<dataDir>/db` holds no database yet, starts creating it in a child process.
 */
export function prepareDataDir(
  dataDir: string,
  sharedBuffersMb: number = PGLITE_SHARED_BUFFERS_MB,
): PreparedDataDir {
  const release = lockDataDir(join(dataDir, 'db.lock'))
  const dir = join(dataDir, 'db')
  const created = existsSync(join(dir, 'PG_VERSION'))
    ? Promise.resolve()
    : createDataDirInChild(dir, sharedBuffersMb)
  return { dir, created, release }
}

const early = new Map<string, PreparedDataDir>()

/**
 * The server's first step, before its modules load: prepares the data directory (`prepareDataDir`) for
 * `openDatabase` to take over, so a new database is created (seconds of CPU) while the modules load.
 * A problem (the directory locked by another process, initdb failing) is not reported here: `openDatabase`
 * meets it and reports it as on any start.
 */
export function prepareDataDirEarly(dataDir: string, sharedBuffersMb: number = PGLITE_SHARED_BUFFERS_MB) {
  if (early.has(dataDir)) return
  try {
    const prepared = prepareDataDir(dataDir, sharedBuffersMb)
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
export function takePreparedDataDir(
  dataDir: string,
  sharedBuffersMb: number = PGLITE_SHARED_BUFFERS_MB,
): PreparedDataDir {
  const prepared = early.get(dataDir)
  if (prepared) {
    early.delete(dataDir)
    return prepared
  }
  return prepareDataDir(dataDir, sharedBuffersMb)
}
