import { buildApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'
import { isWithoutStructure, prepareDemoInput, seedDemoData, shouldSeedDemo } from './demo/seed.js'
import { runJobNow, startJobs } from './jobs.js'
import { type Database, openDatabase } from './platform/db/client.js'
import { isNewDataDir } from './platform/db/data-dir.js'
import { DataDirLockedError } from './platform/db/lock.js'
import { createMailTransport } from './platform/mail/mailer.js'
import { phaseTimer } from './platform/runtime/phases.js'
import { resolveSecret } from './platform/secret.js'

/** How long a shutdown waits for requests in flight and a running job before it ends the process anyway. */
const SHUTDOWN_TIMEOUT_MS = 25_000

/**
 * Migrates at start, or, when the platform runs as a role that may not change the schema
 * (MIGRATE_ON_START=false), refuses to start on a database that lacks migrations.
 */
async function bringSchemaUpToDate(database: Database, migrateOnStart: boolean) {
  if (migrateOnStart) return database.migrate()
  const pending = await database.pendingMigrations()
  if (pending.length > 0) {
    throw new ConfigError([
      `MIGRATE_ON_START: the database lacks ${pending.length} migration(s) (${pending.join(', ')}); run \`npm run db:migrate\` as the role that owns the database first`,
    ])
  }
}

async function main() {
  // Milliseconds from the process's start to the application's modules loaded, then per phase (logged at debug level).
  const startup = phaseTimer()
  startup.phases.modules = Math.round(performance.now())
  startup.cpu.modules = Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000)
  const config = loadConfig(process.env)
  const isNew = config.db.kind === 'pglite' && isNewDataDir(config.db.dataDir)
  const opening = openDatabase(config.db)
  // A new embedded database is being created (prepareDataDirEarly): the demo it will hold reads its geodata meanwhile.
  if (isNew && config.demoData !== 'never') prepareDemoInput()
  const database = await opening
  startup.lap('database')
  await bringSchemaUpToDate(database, config.db.migrateOnStart)
  startup.lap('migrations')
  const secret = resolveSecret(config.sessionSecret, config.db.dataDir)
  if (await shouldSeedDemo(database, config)) {
    console.log('Filling the database with demo data (first start) …')
    const summary = await seedDemoData(database.db, { now: new Date(), secret, timer: startup })
    startup.lap('demo.commit')
    console.log(`Demo data ready: ${JSON.stringify(summary)}`)
  } else if (await isWithoutStructure(database)) {
    console.log(
      'The database holds no units yet. Load a structure, then import the members: npm run structure:load -- geodata/structure-de.csv (see the README, "Setting up a federation")',
    )
  }
  const mailer = createMailTransport({ smtpUrl: config.mail.smtpUrl, from: config.mail.from })
  const app = await buildApp(config, { database, mailer, secret })
  startup.lap('app')
  if (config.mail.outboxPage) {
    app.log.warn(
      '!!! The development outbox /dev/outbox is ON: anyone who can reach this server reads every mail, login links included. It is on only without SMTP_URL and on loopback or with DEMO_MODE=true. !!!',
    )
  }
  // SECURITY-GOALS P-4: a restored backup may hold people whose retention ended since; they are erased
  // again before the first request is served.
  const [erasure] = await runJobNow(app, 'privacy.erase-former-members')
  if (!erasure?.ok) throw new Error('the erasure after leaving failed at start-up; see the log')
  const jobs = await startJobs(app)
  startup.lap('jobs')

  // SIGTERM (a deployment, a process manager): stop accepting, finish the requests in flight and the
  // running job or mail batch, close the database (which releases the PGlite lock), then end.
  let closing = false
  const close = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    const force = setTimeout(() => {
      app.log.error('shutdown took too long; ending the process')
      process.exit(1)
    }, SHUTDOWN_TIMEOUT_MS)
    force.unref()
    try {
      await app.close()
      await jobs.stop()
      mailer.close()
      await database.close()
      process.exit(0)
    } catch (err) {
      app.log.error({ err }, 'shutdown failed')
      process.exit(1)
    }
  }
  process.once('SIGINT', () => void close('SIGINT'))
  process.once('SIGTERM', () => void close('SIGTERM'))
  await app.listen({ host: config.http.host, port: config.http.port })
  startup.lap('listen')
  app.log.debug(
    { startup: startup.phases, cpu: startup.cpu, database: database.source ?? database.kind },
    'start-up phases in ms (wall clock, CPU)',
  )
  console.log(`Brückenschlag runs at ${config.http.publicUrl} (database: ${database.kind})`)
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    console.error(err.message)
    process.exit(2)
  }
  console.error(err)
  process.exit(1)
})
