// Preloaded into the benchmark's app process (`--import`), so it loads its modules as the server does
// (src/server.ts registers the same cache before it imports the application).
import { cacheModuleResolution } from '../src/platform/runtime/module-resolution.js'

cacheModuleResolution()
