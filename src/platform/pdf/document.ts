import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

/**
 * A printed document (a board report, an agreement) as PDF: A4, the platform's typeface embedded (Source Sans 3,
 * SIL Open Font License, from the `source-sans` package: no system font is needed and every reader shows the same
 * letters), a running header with the issuing unit's name and page numbers in the footer.
 *
 * The content is a list of blocks, not HTML: the domains say what is a heading, a paragraph, a list or a table of
 * figures, and this module lays them out. Text is drawn as text, so it can be searched, copied and read back.
 */
export type PdfBlock =
  | { kind: 'heading'; text: string; level?: 1 | 2 }
  | { kind: 'paragraph'; text: string }
  | { kind: 'note'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'figures'; rows: { label: string; value: string; note?: string }[] }

export type PdfDocumentSpec = {
  title: string
  /** Shown at the top of every page, e.g. the unit's name. */
  header: string
  author?: string
  subject?: string
  /** `{page}` and `{pages}` are filled in, e.g. "Seite {page} von {pages}". */
  pageLabel: string
  blocks: PdfBlock[]
}

const require = createRequire(import.meta.url)
const fontFiles = {
  regular: require.resolve('source-sans/TTF/SourceSans3-Regular.ttf'),
  bold: require.resolve('source-sans/TTF/SourceSans3-Bold.ttf'),
  italic: require.resolve('source-sans/TTF/SourceSans3-It.ttf'),
}
type FontName = keyof typeof fontFiles
/** The font files, read once on the first document and kept (about 1 MB), not from disk for every PDF. */
let fontBytes: Record<FontName, Buffer> | undefined
const fonts = () =>
  (fontBytes ??= {
    regular: readFileSync(fontFiles.regular),
    bold: readFileSync(fontFiles.bold),
    italic: readFileSync(fontFiles.italic),
  })

const MARGIN = { top: 72, bottom: 72, left: 64, right: 64 }
const INK = '#1a1a1a'
const MUTED = '#555555'

/** Paragraphs and bullet lists from a board's plain text: paragraphs at empty lines, lines with "- " or "* " as items. */
export function textBlocks(text: string): PdfBlock[] {
  const out: PdfBlock[] = []
  for (const chunk of text.split(/\n\s*\n/)) {
    const lines = chunk
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
    if (lines.length === 0) continue
    if (lines.every((l) => /^[-*•]\s+/.test(l)))
      out.push({ kind: 'list', items: lines.map((l) => l.replace(/^[-*•]\s+/, '')) })
    else out.push({ kind: 'paragraph', text: lines.join('\n') })
  }
  return out
}

/**
 * The headers of a PDF answer: shown in the browser (inline) under a file name to keep, never stored by a shared
 * cache (a document may be for some readers only). `fileName` is reduced to ASCII letters, digits, dots and dashes.
 */
export function pdfHeaders(fileName: string): Record<string, string> {
  const safe = fileName
    .normalize('NFKD')
    .replace(/[^\w .-]+/g, '')
    .replace(/\s+/g, '-')
    .slice(0, 120)
  return {
    'content-type': 'application/pdf',
    'content-disposition': `inline; filename="${safe || 'dokument.pdf'}"`,
    'cache-control': 'private, no-store',
  }
}

/**
 * Renders the document and resolves with the PDF's bytes. pdfkit (with fontkit and its decoders, some
 * 10 MB of the server's memory) is loaded with the first document, not with the server.
 */
export async function renderPdf(spec: PdfDocumentSpec, createdAt: Date): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit')
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    lang: 'de-DE',
    displayTitle: true,
    info: {
      Title: spec.title,
      Author: spec.author ?? spec.header,
      Subject: spec.subject ?? '',
      Creator: 'Brückenschlag',
      CreationDate: createdAt,
      ModDate: createdAt,
    },
  })
  for (const [name, bytes] of Object.entries(fonts())) doc.registerFont(name, bytes)

  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const width = doc.page.width - MARGIN.left - MARGIN.right
  doc.fillColor(INK)
  for (const block of spec.blocks) drawBlock(doc, block, width)

  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    // Header and footer lie in the margins; pdfkit would start a new page for text below the bottom margin.
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc
      .font('regular')
      .fontSize(9)
      .fillColor(MUTED)
      .text(spec.header, MARGIN.left, 36, { width, lineBreak: false, ellipsis: true })
    const label = spec.pageLabel.replace('{page}', String(i + 1)).replace('{pages}', String(range.count))
    doc.text(label, MARGIN.left, doc.page.height - 48, { width, align: 'right', lineBreak: false })
    doc.page.margins.bottom = bottom
  }
  doc.end()
  return done
}

function drawBlock(doc: PDFKit.PDFDocument, block: PdfBlock, width: number) {
  const x = MARGIN.left
  switch (block.kind) {
    case 'heading': {
      const size = block.level === 1 ? 20 : 14
      // Keep a heading with the first lines of what follows it.
      if (doc.y + size * 4 > doc.page.height - MARGIN.bottom) doc.addPage()
      doc.moveDown(block.level === 1 ? 0 : 0.6)
      doc.font('bold').fontSize(size).fillColor(INK).text(block.text, x, doc.y, { width })
      doc.moveDown(0.3)
      return
    }
    case 'paragraph':
      doc.font('regular').fontSize(11).fillColor(INK).text(block.text, x, doc.y, { width, lineGap: 2 })
      doc.moveDown(0.6)
      return
    case 'note':
      doc.font('italic').fontSize(9.5).fillColor(MUTED).text(block.text, x, doc.y, { width })
      doc.fillColor(INK)
      doc.moveDown(0.6)
      return
    case 'list':
      doc
        .font('regular')
        .fontSize(11)
        .fillColor(INK)
        .list(block.items, x + 8, doc.y, {
          width: width - 8,
          bulletRadius: 2,
          textIndent: 12,
          lineGap: 2,
        })
      doc.moveDown(0.6)
      return
    case 'figures': {
      const valueWidth = 150
      for (const row of block.rows) {
        doc.font('regular').fontSize(10.5)
        const labelHeight = doc.heightOfString(row.label, { width: width - valueWidth - 12 })
        if (doc.y + labelHeight > doc.page.height - MARGIN.bottom) doc.addPage()
        const y = doc.y
        doc.fillColor(INK).text(row.label, x, y, { width: width - valueWidth - 12 })
        const after = doc.y
        doc.font('bold').text(row.value, x + width - valueWidth, y, { width: valueWidth, align: 'right' })
        if (row.note)
          doc
            .font('regular')
            .fontSize(9)
            .fillColor(MUTED)
            .text(row.note, x + width - valueWidth, doc.y, { width: valueWidth, align: 'right' })
        doc.fillColor(INK)
        doc.y = Math.max(after, doc.y) + 3
        doc
          .moveTo(x, doc.y - 1.5)
          .lineTo(x + width, doc.y - 1.5)
          .lineWidth(0.3)
          .strokeColor('#bbbbbb')
          .stroke()
      }
      doc.x = x
      doc.moveDown(0.6)
      return
    }
  }
}
