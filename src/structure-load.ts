// Entry of `npm run structure:load -- <file.csv> [<file.csv> …]`: loads a federation's structure (states,
// district associations, local groups) from structure files, idempotent by each unit's key. The files are
// read together, as one structure; a bad file is reported with its lines and nothing is written.
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { ConfigError, loadConfig } from './config.js'
import { loadStructure } from './domains/org-units/index.js'
import { openDatabase } from './platform/db/client.js'
import { DataDirLockedError } from './platform/db/lock.js'
import { translator } from './platform/i18n/index.js'

const paths = process.argv.slice(2).filter((a) => a !== '--')
if (paths.length === 0) {
  console.error(
    'Usage: npm run structure:load -- <file.csv> [<file.csv> …]   (Germany: geodata/structure-de.csv)',
  )
  process.exit(2)
}

try {
  const config = loadConfig(process.env)
  const t = translator(config.i18n.defaultLocale, config.i18n.genderMark)
  const files = paths.map((path) => ({ name: basename(path), content: readFileSync(path) }))
  const database = await openDatabase(config.db)
  // Run as the role that owns the schema, it brings the schema up to date first, as a start would.
  if (config.db.migrateOnStart) await database.migrate()
  const outcome = await loadStructure({ database, now: () => new Date() }, 'command-line', files)
  await database.close()
  if (outcome.kind === 'rejected') {
    console.error(t('orgUnits.structure.rejected'))
    for (const p of outcome.problems) {
      const where = p.line === 0 ? p.file : `${p.file}:${p.line}${p.field ? ` (${p.field})` : ''}`
      console.error(`  ${where}: ${t(p.reason.key, p.reason.params)}`)
    }
    process.exit(1)
  }
  const { created, updated, unchanged } = outcome
  console.log(
    created + updated === 0
      ? t('orgUnits.structure.unchangedAll')
      : t('orgUnits.structure.loaded', { created, updated, unchanged }),
  )
  for (const c of outcome.changed) console.log(`  ~ ${c.key} ${c.name}: ${c.fields.join(', ')}`)
  if (outcome.missing.length > 0) {
    console.log(`${t('orgUnits.structure.missingHeading')}:`)
    for (const m of outcome.missing) console.log(`  ? ${m.key || m.id} ${m.name} (${m.kind})`)
  }
} catch (err) {
  console.error(err instanceof ConfigError || err instanceof DataDirLockedError ? err.message : err)
  process.exit(err instanceof ConfigError || err instanceof DataDirLockedError ? 2 : 1)
}
