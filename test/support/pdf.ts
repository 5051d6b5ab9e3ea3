import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The text of a PDF as Debian's pdftotext (poppler-utils) reads it, in reading order with `-layout`. */
export function pdfText(pdf: Buffer, layout = true): string {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-'))
  try {
    writeFileSync(join(dir, 'document.pdf'), pdf)
    return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), join(dir, 'document.pdf'), '-'], {
      encoding: 'utf8',
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
