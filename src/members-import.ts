// Entry of `npm run members:import -- <file.csv> [--good-only]`: imports the member database's CSV export as
// an admin does at /admin/members/import (docs/member-import.md), recorded as an import from the command line.
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { ConfigError, loadConfig } from './config.js'
import { importMembers } from './domains/members/index.js'
import { openDatabase } from './platform/db/client.js'
import { DataDirLockedError } from './platform/db/lock.js'
import { translator } from './platform/i18n/index.js'

const args = process.argv.slice(2).filter((a) => a !== '--')
const path = args.find((a) => !a.startsWith('--'))
if (!path) {
  console.error('Usage: npm run members:import -- <file.csv> [--good-only]')
  process.exit(2)
}

try {
  const config = loadConfig(process.env)
  const t = translator(config.i18n.defaultLocale, config.i18n.genderMark)
  const database = await openDatabase(config.db)
  if (config.db.migrateOnStart) await database.migrate()
  const outcome = await importMembers({ database, now: () => new Date() }, 'command-line', {
    csv: readFileSync(path),
    fileName: basename(path),
    mode: args.includes('--good-only') ? 'good-only' : 'all-or-nothing',
  })
  await database.close()
  if (outcome.kind === 'file-rejected') {
    console.error(t(outcome.problem.key, outcome.problem.params))
    process.exit(1)
  }
  for (const p of outcome.problems)
    console.error(`  ${path}:${p.line} (${p.field}): ${t(p.reason.key, p.reason.params)}`)
  if (outcome.kind === 'rows-rejected') {
    console.error(t('members.import.cliRejected', { bad: outcome.rowsTotal - outcome.good }))
    process.exit(1)
  }
  const { inserted, updated, unchanged, skipped, erased, placedLocal } = outcome
  console.log(t('members.import.cliDone', { inserted, updated, unchanged, skipped, erased, placedLocal }))
  if (outcome.notPlaced.length > 0) {
    console.log(t('members.import.cliNotPlaced', { count: outcome.notPlaced.length }))
    for (const p of outcome.notPlaced)
      console.log(`  ${path}:${p.line} (${p.field}): ${t(p.reason.key, p.reason.params)}`)
  }
} catch (err) {
  console.error(err instanceof ConfigError || err instanceof DataDirLockedError ? err.message : err)
  process.exit(err instanceof ConfigError || err instanceof DataDirLockedError ? 2 : 1)
}
