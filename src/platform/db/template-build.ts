// Makes the template of a new embedded database (template.ts): what a first start would make, once, at build time.
// scripts/build.mjs runs it (compiled) in a process of its own after compiling.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pgliteOptions, wrapPglite } from './client.js'
import { defaultTemplateDir, keyOfTemplate, templateDataDir, templateKey } from './template.js'

/**
 * Writes the template into `templateDir` unless it holds one of this checkout's key already: a PGlite data directory
 * created as a first start creates it (initdb, then every committed migration), closed cleanly, and its key. Made in
 * `<templateDir>.new` and renamed, key included, so a template is complete or absent.
 */
export async function buildTemplate(templateDir: string = defaultTemplateDir): Promise<'current' | 'built'> {
  const key = templateKey()
  if (keyOfTemplate(templateDir) === key) return 'current'
  const staging = `${templateDir}.new`
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(staging, { recursive: true })
  try {
    const database = wrapPglite(await PGlite.create(templateDataDir(staging), pgliteOptions()))
    try {
      await database.migrate()
    } finally {
      await database.close()
    }
    writeFileSync(join(staging, 'key'), `${key}\n`)
    rmSync(templateDir, { recursive: true, force: true })
    renameSync(staging, templateDir)
  } catch (err) {
    rmSync(staging, { recursive: true, force: true })
    throw err
  }
  return 'built'
}
