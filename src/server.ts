import { buildApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'
import { isWithoutStructure, seedDemoData, shouldSeedDemo } from './demo/seed.js'
import { startJobs } from './jobs.js'
import { type Database, openDatabase } from './platform/db/client.js'
import { DataDirLockedError } from './platform/db/lock.js'
import { createMailer } from './platform/mail/mailer.js'
import { resolveSecret } from './platform/secret.js'

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
  const config = loadConfig(process.env)
  const database = await openDatabase(config.db)
  await bringSchemaUpToDate(database, config.db.migrateOnStart)
  const secret = resolveSecret(config.sessionSecret, config.db.dataDir)
  if (await shouldSeedDemo(database, config)) {
    console.log('Filling the database with demo data (first start) …')
    const summary = await seedDemoData(database.db, { now: new Date(), secret })
    console.log(`Demo data ready: ${JSON.stringify(summary)}`)
  } else if (await isWithoutStructure(database)) {
    console.log(
      'The database holds no units yet. Load a structure, then import the members: npm run structure:load -- geodata/structure-de.csv (see the README, "Setting up a federation")',
    )
  }
  const mailer = createMailer({
    smtpUrl: config.mail.smtpUrl,
    from: config.mail.from,
    keepOutbox: config.mail.outboxPage,
  })
  const app = await buildApp(config, {
    database,
    mailer,
    secret,
  })
  const stopJobs = startJobs(app)
  const close = async () => {
    stopJobs()
    await app.close()
    await database.close()
    process.exit(0)
  }
  process.once('SIGINT', close)
  process.once('SIGTERM', close)
  await app.listen({ host: config.http.host, port: config.http.port })
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
