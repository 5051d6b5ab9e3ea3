// Applies the committed migrations and exits: for deployments where the platform itself runs with
// MIGRATE_ON_START=false as a role that may not change the schema (see the README's PostgreSQL section).
import { ConfigError, loadConfig } from './config.js'
import { openDatabase } from './platform/db/client.js'
import { DataDirLockedError } from './platform/db/lock.js'

try {
  const config = loadConfig(process.env)
  const database = await openDatabase(config.db)
  const pending = await database.pendingMigrations()
  await database.migrate()
  await database.close()
  console.log(pending.length > 0 ? `Applied ${pending.join(', ')}.` : 'The database was up to date.')
} catch (err) {
  console.error(err instanceof ConfigError || err instanceof DataDirLockedError ? err.message : err)
  process.exit(err instanceof ConfigError || err instanceof DataDirLockedError ? 2 : 1)
}
