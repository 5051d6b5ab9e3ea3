import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { DataDirLockedError, lockDataDir } from './lock.js'

const lockModule = new URL('./lock.ts', import.meta.url).pathname

/** Starts another process that holds the lock until it is killed. */
function holdLockInAnotherProcess(lockFile: string) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `const { lockDataDir } = await import(${JSON.stringify(lockModule)}); lockDataDir(${JSON.stringify(lockFile)}); console.log('locked'); setInterval(() => {}, 1000)`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  return new Promise<typeof child>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve(child))
    child.on('exit', (code) => reject(new Error(`holder exited with ${code}`)))
  })
}

test('a second process on the same data directory is refused with a clear message', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bs-lock-'))
  const lockFile = join(dir, 'db.lock')
  const holder = await holdLockInAnotherProcess(lockFile)
  try {
    expect(() => lockDataDir(lockFile)).toThrow(DataDirLockedError)
    expect(() => lockDataDir(lockFile)).toThrow(/already open in process \d+/)
  } finally {
    holder.kill('SIGKILL')
    await new Promise((r) => holder.once('exit', r))
  }
  // The holder died without cleaning up: its stale lock is taken over, and released again.
  const release = lockDataDir(lockFile)
  expect(existsSync(lockFile)).toBe(true)
  release()
  expect(existsSync(lockFile)).toBe(false)
})
