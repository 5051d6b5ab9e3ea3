// Entry of `npm run admin:grant -- <e-mail>`: the account with this address becomes admin of the federation.
// For the first admin of a federation set up without demo data; every later role is granted on the platform.
import { ConfigError, loadConfig } from './config.js'
import { grantFederationAdmin } from './domains/org-units/index.js'
import { openDatabase } from './platform/db/client.js'
import { DataDirLockedError } from './platform/db/lock.js'

const email = process.argv.slice(2).find((a) => a !== '--')
if (!email) {
  console.error('Usage: npm run admin:grant -- <e-mail of a registered account>')
  process.exit(2)
}

const answers = {
  granted: `${email} is admin of the federation now (second factor required at the next login when MFA_REQUIRED).`,
  already: `${email} is admin of the federation already.`,
  'no-account': `No account has the address ${email}: register it on the platform first.`,
  'no-federation': 'There is no federation yet: load a structure first (npm run structure:load).',
}

try {
  const config = loadConfig(process.env)
  const database = await openDatabase(config.db)
  if (config.db.migrateOnStart) await database.migrate()
  const outcome = await grantFederationAdmin({ database, now: () => new Date() }, email)
  await database.close()
  console.log(answers[outcome])
  if (outcome === 'no-account' || outcome === 'no-federation') process.exit(1)
} catch (err) {
  console.error(err instanceof ConfigError || err instanceof DataDirLockedError ? err.message : err)
  process.exit(err instanceof ConfigError || err instanceof DataDirLockedError ? 2 : 1)
}
