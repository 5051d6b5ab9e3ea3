import { formatDate } from '../../platform/i18n/index.js'
import { type PdfBlock, type PdfDocumentSpec, textBlocks } from '../../platform/pdf/document.js'
import type { ViewContext } from '../../platform/views/context.js'
import type { viewPrintableAgreement } from './service/index.js'

type Data = Awaited<ReturnType<typeof viewPrintableAgreement>>

/** The agreement as a printed document: the same parts as its print view, with each side's ratification. */
export function agreementDocument(ctx: Pick<ViewContext, 't' | 'locale'>, data: Data): PdfDocumentSpec {
  const { t } = ctx
  const parties = `${t('agreements.print.between')} ${data.unitA.name} ${t('agreements.print.and')} ${data.unitB.name}`
  const blocks: PdfBlock[] = [
    { kind: 'heading', level: 1, text: data.agreement.title },
    { kind: 'paragraph', text: parties },
    { kind: 'note', text: t('agreements.print.version', { number: data.version.number }) },
  ]
  data.version.clauses.forEach((c, i) => {
    blocks.push({ kind: 'heading', text: `§ ${i + 1} ${c.title}` }, ...textBlocks(c.body))
  })
  blocks.push({ kind: 'heading', text: t('agreements.print.signatures') })
  for (const [unit, r] of [
    [data.unitA.name, data.ratificationA],
    [data.unitB.name, data.ratificationB],
  ] as const) {
    blocks.push({
      kind: 'figures',
      rows: [
        {
          label: unit,
          value: r
            ? `${r.body}, ${r.place}, ${formatDate(ctx.locale, r.ratifiedOn)}`
            : t('agreements.print.notRatified'),
        },
      ],
    })
  }
  return {
    title: `${data.agreement.title}: ${data.unitA.name} – ${data.unitB.name}`,
    header: `${data.unitA.name} – ${data.unitB.name}`,
    subject: parties,
    pageLabel: t('agreements.print.pageLabel'),
    blocks,
  }
}
