// The server's entry point. The module resolution cache goes in first: it must be registered before the
// application's modules are resolved, so they are loaded by the dynamic imports below, not imported here.
import { cacheModuleResolution } from './platform/runtime/module-resolution.js'

cacheModuleResolution()
// An embedded database that does not exist yet is created (a copy of the build's template, or PGlite's initdb in a
// child process of seconds) while the application's modules load; openDatabase takes it over. A configuration
// problem is reported by main.
const { loadConfig } = await import('./config.js')
const { prepareDataDirEarly } = await import('./platform/db/data-dir.js')
try {
  const { db } = loadConfig(process.env)
  if (db.kind === 'pglite')
    prepareDataDirEarly(db.dataDir, { sharedBuffersMb: db.sharedBuffersMb, useTemplate: db.migrateOnStart })
} catch {
  // main loads the configuration again and says what is wrong.
}
await import('./main.js')
