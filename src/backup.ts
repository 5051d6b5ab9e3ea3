// `npm run db:backup -- <file>` and `npm run db:restore -- <file>`: a backup of the whole database
// (PostgreSQL: pg_dump custom format, online; PGlite: the data directory, with the platform stopped) and
// its restore into an empty database. See the README's section on backups.
import { ConfigError, loadConfig } from './config.js'
import { backupDatabase, restoreDatabase } from './platform/db/backup.js'
import { DataDirLockedError } from './platform/db/lock.js'

const [command, file] = process.argv.slice(2)
try {
  if ((command !== 'backup' && command !== 'restore') || !file)
    throw new ConfigError(['usage: backup.js backup|restore <file>'])
  const config = loadConfig(process.env)
  if (command === 'backup') {
    await backupDatabase(config.db, file)
    console.log(`Backup of the ${config.db.kind} database written to ${file}.`)
  } else {
    await restoreDatabase(config.db, file)
    console.log(
      `Restored ${file}. The next start erases again the people whose retention ended before it serves requests.`,
    )
  }
} catch (err) {
  console.error(err instanceof ConfigError || err instanceof DataDirLockedError ? err.message : err)
  process.exit(err instanceof ConfigError || err instanceof DataDirLockedError ? 2 : 1)
}
