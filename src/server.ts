// The server's entry point. The module resolution cache goes in first: it must be registered before the
// application's modules are resolved, so they are loaded by the dynamic import below, not imported here.
import { cacheModuleResolution } from './platform/runtime/module-resolution.js'

cacheModuleResolution()
await import('./main.js')
