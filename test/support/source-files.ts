import { readdirSync } from 'node:fs'
import { join } from 'node:path'

/** The repository's root, for paths that rule tests report. */
export const repositoryRoot = join(import.meta.dirname, '../..')

/** The TypeScript source files under a folder, tests left out: what the rule tests read. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : []
  })
}
