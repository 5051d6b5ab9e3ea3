import { formatDateTime } from '../../platform/i18n/index.js'
import { type PdfBlock, type PdfDocumentSpec, textBlocks } from '../../platform/pdf/document.js'
import type { ViewContext } from '../../platform/views/context.js'
import type { ReportMeasure } from './figures.js'
import type { ReportView } from './service.js'
import { figureLabel, figureValue, measureDue, measureResponsible, periodText } from './views.js'

type Texts = Pick<ViewContext, 't' | 'locale'>

function figuresAtText(ctx: Texts, data: ReportView) {
  const time = formatDateTime(ctx.locale, data.figuresAt)
  return data.report.status === 'draft'
    ? ctx.t('reports.edit.liveFigures', { time })
    : ctx.t('reports.frozen', { time })
}

function stateNote(ctx: Texts, f: ReportView['sections'][number]['figures'][number]) {
  return f.state === undefined
    ? undefined
    : ctx.t('reports.stateBeside', { value: figureValue(ctx, { value: f.state, format: f.format }) })
}

/** A measure as a line of the printed list: title and status, who, when, its resolution, and its address. */
function measureLine(ctx: Texts, m: ReportMeasure, marked: boolean, base: string | undefined) {
  return [
    `${m.title}: ${ctx.t(`resolutions.statuses.${m.status}`)}`,
    measureResponsible(m),
    ...(m.dueOn || m.dueText ? [ctx.t('reports.measures.dueLine', { due: measureDue(ctx, m) })] : []),
    m.resolutionTitle,
    ...(marked && m.visibility === 'members' ? [ctx.t('reports.measures.membersOnly')] : []),
    ...(base ? [`${base}/measures/${m.id}`] : []),
  ].join(' · ')
}

/**
 * The report as a printed document: the same parts, in the same order, as its page. `base` (the platform's public
 * address) makes the measures' pages addresses a reader of the file can open.
 */
export function reportDocument(ctx: Texts, data: ReportView, base?: string): PdfDocumentSpec {
  const { report } = data
  const blocks: PdfBlock[] = [
    { kind: 'heading', level: 1, text: report.title },
    { kind: 'note', text: `${data.unit.name} · ${periodText(ctx, report.periodFrom, report.periodTo)}` },
  ]
  if (report.authors) blocks.push({ kind: 'paragraph', text: report.authors })
  blocks.push({ kind: 'note', text: figuresAtText(ctx, data) })
  if (report.salutation) blocks.push({ kind: 'paragraph', text: report.salutation })
  blocks.push(...textBlocks(report.introduction))
  data.sections
    .filter((s) => !s.hidden)
    .forEach((s, i) => {
      blocks.push({ kind: 'heading', text: `${i + 1}. ${s.heading}` })
      if (s.figures.length > 0)
        blocks.push({
          kind: 'figures',
          rows: s.figures.map((f) => {
            const note = stateNote(ctx, f)
            return { label: figureLabel(ctx, f), value: figureValue(ctx, f), ...(note ? { note } : {}) }
          }),
        })
      if (s.measures.length > 0)
        blocks.push(
          { kind: 'paragraph', text: ctx.t('reports.measures.caption') },
          {
            kind: 'list',
            items: s.measures.map((m) => measureLine(ctx, m, report.status === 'draft', base)),
          },
        )
      blocks.push(...textBlocks(s.body))
    })
  if (report.outlook || data.upcoming.length > 0) {
    blocks.push({ kind: 'heading', text: ctx.t('reports.edit.outlook') })
    blocks.push(...textBlocks(report.outlook))
    if (data.upcoming.length > 0)
      blocks.push(
        { kind: 'paragraph', text: ctx.t('reports.upcoming') },
        {
          kind: 'list',
          items: data.upcoming.map((e) => `${formatDateTime(ctx.locale, e.startsAt)}: ${e.title}`),
        },
      )
  }
  blocks.push(...textBlocks(report.thanks))
  return {
    title: report.title,
    header: `${data.unit.name} · ${report.title}`,
    author: report.authors || data.unit.name,
    subject: periodText(ctx, report.periodFrom, report.periodTo),
    pageLabel: ctx.t('reports.pageLabel'),
    blocks,
  }
}

/** Characters that would turn the board's plain text into Markdown markup, escaped; list lines stay lists. */
function escapeMarkdown(text: string) {
  return text
    .replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`)
    .replace(/^(\s*)(#|\d+\.)/gm, (_m, space: string, mark: string) => `${space}\\${mark}`)
}

/** The report as Markdown, for boards that publish it elsewhere too (a website, a newsletter). */
export function reportMarkdown(ctx: Texts, data: ReportView, base?: string): string {
  const doc = reportDocument(ctx, data, base)
  const out: string[] = []
  for (const b of doc.blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(`${b.level === 1 ? '#' : '##'} ${escapeMarkdown(b.text).replace(/^\\/, '')}`)
        break
      case 'paragraph':
        out.push(escapeMarkdown(b.text).replace(/\n/g, '  \n'))
        break
      case 'note':
        out.push(`_${escapeMarkdown(b.text)}_`)
        break
      case 'list':
        out.push(b.items.map((item) => `- ${escapeMarkdown(item)}`).join('\n'))
        break
      case 'figures':
        out.push(
          [
            `| ${ctx.t('reports.figuresHeading')} | |`,
            '|---|---:|',
            ...b.rows.map(
              (r) =>
                `| ${escapeMarkdown(r.label)} | ${escapeMarkdown(r.value)}${r.note ? ` (${r.note})` : ''} |`,
            ),
          ].join('\n'),
        )
        break
    }
  }
  return `${out.join('\n\n')}\n`
}
