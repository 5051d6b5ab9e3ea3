// Compiles src/ to dist/ with tsc and copies the files beside the sources that are not TypeScript.
// dist/ mirrors src/ one level below the repository, so paths like `../../../public` resolve alike from both.
// Then makes the template of a new embedded database (dist/pglite-template/: PGlite's initdb and the migrations,
// which a first start copies instead of making them; src/platform/db/template.ts) unless the one there has the key
// of this PGlite and these migrations. The template outlives a rebuild of the code: only its key decides.
//
//   node scripts/build.mjs             build (what `npm run build` runs)
//   node scripts/build.mjs --if-stale  build only when dist/ is missing or older than a source (what `npm start` runs)
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'

const root = join(import.meta.dirname, '..')
const src = join(root, 'src')
const dist = join(root, 'dist')
const stamp = join(dist, '.built')
const templateDir = 'pglite-template'
// Besides the sources, what changes the output: the compiler's settings and the installed packages.
const inputs = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) => join(root, f))

const isTest = (name) => /\.test\.tsx?$/.test(name)

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* files(path)
    else yield path
  }
}

function newestInput() {
  let newest = 0
  for (const f of [...files(src), ...inputs]) {
    if (existsSync(f)) newest = Math.max(newest, statSync(f).mtimeMs)
  }
  return newest
}

function isStale() {
  if (!existsSync(stamp) || !existsSync(join(dist, 'server.js'))) return true
  return newestInput() > statSync(stamp).mtimeMs
}

function build() {
  let tsc
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  } catch {
    console.error(
      'dist/ is missing or out of date, and TypeScript is not installed: run `npm ci` (with dev dependencies) and `npm run build`.',
    )
    process.exit(1)
  }
  const started = performance.now()
  // A clean build, so a deleted source leaves no module behind; the database template stays (its key decides).
  if (existsSync(dist)) {
    for (const entry of readdirSync(dist)) {
      if (entry !== templateDir) rmSync(join(dist, entry), { recursive: true, force: true })
    }
  }
  const run = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
  })
  if (run.status !== 0) {
    rmSync(stamp, { force: true })
    console.error('The build failed: dist/ was not written.')
    process.exit(run.status ?? 1)
  }
  let copied = 0
  for (const file of files(src)) {
    if (/\.tsx?$/.test(file) || isTest(file) || file.endsWith('.md')) continue
    const target = join(dist, relative(src, file))
    mkdirSync(dirname(target), { recursive: true })
    copyFileSync(file, target)
    copied++
  }
  writeFileSync(stamp, `${new Date().toISOString()}\n`)
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(`Built dist/ in ${seconds} s${copied > 0 ? ` (${copied} files copied)` : ''}.`)
}

/** Makes dist/pglite-template/ in a process of its own (with npm start's WebAssembly flag) unless it is current. */
async function buildTemplate() {
  const template = await import(pathToFileURL(join(dist, 'platform/db/template.js')).href)
  const dir = join(dist, templateDir)
  if (template.keyOfTemplate(dir) === template.templateKey()) return
  const started = performance.now()
  const builder = pathToFileURL(join(dist, 'platform/db/template-build.js')).href
  const script = `import(${JSON.stringify(builder)}).then((m) => m.buildTemplate(${JSON.stringify(dir)}))
    .catch((err) => { console.error(err); process.exit(1) })`
  const run = spawnSync(process.execPath, ['--liftoff-only', '-e', script], { stdio: 'inherit' })
  if (run.status !== 0) {
    console.error('Making the database template (dist/pglite-template/) failed.')
    process.exit(run.status ?? 1)
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(`Made the database template in ${seconds} s.`)
}

if (!process.argv.includes('--if-stale') || isStale()) build()
await buildTemplate()
