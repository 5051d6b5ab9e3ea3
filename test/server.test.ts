import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { freePort, root, startServer } from './support/server-process.js'

describe('the server on the embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bs-server-'))
  const children: ChildProcess[] = []
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  })

  test('starts on an empty data directory, migrates, fills demo data and answers', async () => {
    const port = await freePort()
    const first = startServer({ DATA_DIR: dataDir, PORT: String(port) })
    children.push(first.child)
    await first.ready
    const health = await fetch(`http://127.0.0.1:${port}/health`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok' })
    const home = await fetch(`http://127.0.0.1:${port}/`)
    expect(home.status).toBe(200)
    expect(home.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(first.output()).toContain('Demo data ready')

    // A second process on the same directory would silently lose writes: it must refuse to start.
    const second = startServer({ DATA_DIR: dataDir, PORT: String(await freePort()) })
    children.push(second.child)
    expect(await second.exited).toBe(2)
    expect(second.output()).toMatch(/already open in process \d+/)

    first.child.kill('SIGTERM')
    expect(await first.exited).toBe(0)
  }, 120_000)

  test('without MIGRATE_ON_START it refuses a database that lacks migrations, and db:migrate brings it up to date', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'bs-server-'))
    try {
      const refused = startServer({
        DATA_DIR: fresh,
        MIGRATE_ON_START: 'false',
        PORT: String(await freePort()),
      })
      children.push(refused.child)
      expect(await refused.exited).toBe(2)
      expect(refused.output()).toMatch(/lacks \d+ migration\(s\) \(0000_init, /)
      expect(refused.output()).toContain('npm run db:migrate')

      const migrate = spawn(process.execPath, ['--import', 'tsx', 'src/migrate.ts'], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', DATA_DIR: fresh },
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      let said = ''
      migrate.stdout?.on('data', (d: Buffer) => {
        said += d.toString()
      })
      expect(await new Promise((resolve) => migrate.once('exit', resolve))).toBe(0)
      expect(said).toMatch(/^Applied 0000_init, /)

      const port = await freePort()
      const started = startServer({
        DATA_DIR: fresh,
        MIGRATE_ON_START: 'false',
        DEMO_DATA: 'never',
        PORT: String(port),
      })
      children.push(started.child)
      await started.ready
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200)
      started.child.kill('SIGTERM')
      expect(await started.exited).toBe(0)
    } finally {
      rmSync(fresh, { recursive: true, force: true })
    }
  }, 120_000)

  test('a broken configuration names every problem and exits', async () => {
    const run = startServer({ PORT: 'x', DATABASE_URL: 'mysql://nope', DATA_DIR: dataDir })
    expect(await run.exited).toBe(2)
    expect(run.output()).toMatch(/PORT/)
    expect(run.output()).toMatch(/DATABASE_URL/)
  })
})
