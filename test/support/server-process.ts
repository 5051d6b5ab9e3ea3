import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'

export const root = new URL('../..', import.meta.url).pathname

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

export type ServerProcess = {
  child: ChildProcess
  /** Resolves once the server listens; rejects when it exits before. */
  ready: Promise<void>
  exited: Promise<number | null>
  output: () => string
}

/**
 * Runs one of the entry points (`src/server.ts`, `src/members-import.ts`, …) in a process of its own, through
 * tsx; `cwd` names another source tree (an earlier release's).
 */
export function startEntry(
  entry: string,
  env: Record<string, string>,
  args: string[] = [],
  cwd = root,
): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString()
  })
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString()
  })
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('runs at')) {
        clearInterval(timer)
        resolve()
      }
    }, 100)
    child.once('exit', (code) => {
      clearInterval(timer)
      reject(new Error(`${entry} exited with ${code}: ${output}`))
    })
  })
  // Not every caller waits for readiness; an exit before it is then the expected outcome, not an unhandled rejection.
  ready.catch(() => undefined)
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  return { child, ready, exited, output: () => output }
}

/** The server (`src/server.ts`) in a process of its own. */
export function startServer(env: Record<string, string>) {
  return startEntry('src/server.ts', env)
}
