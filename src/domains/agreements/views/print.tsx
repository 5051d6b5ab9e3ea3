import { formatDate } from '../../../platform/i18n/index.js'
import type { ViewContext } from '../../../platform/views/context.js'
import type { viewPrintableAgreement } from '../service/index.js'
import type { AgreementRatification } from '../tables.js'
import { Paragraphs } from './text.js'

type Data = Awaited<ReturnType<typeof viewPrintableAgreement>>

function Signature({
  ctx,
  unit,
  r,
}: {
  ctx: ViewContext
  unit: string
  r: AgreementRatification | undefined
}) {
  const { t } = ctx
  return (
    <div class="signature">
      <p class="signature-unit">{unit}</p>
      {r ? (
        <p>
          {r.body}
          <br />
          {r.place}, {formatDate(ctx.locale, r.ratifiedOn)}
        </p>
      ) : (
        <p>{t('agreements.print.notRatified')}</p>
      )}
      <p class="signature-line" aria-hidden="true" />
    </div>
  )
}

/**
 * A page of its own for paper: no navigation, A4 margins from print.css. There is no PDF: the
 * browser's "print to PDF" makes one from this page.
 */
export function PrintPage({ ctx, data }: { ctx: ViewContext; data: Data }) {
  const { t } = ctx
  const title = data.agreement.title
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title}: ${data.unitA.name} – ${data.unitB.name}`}</title>
        <link rel="stylesheet" href={ctx.assetUrl('print.css')} />
      </head>
      <body class="print-page">
        <main>
          <h1>{title}</h1>
          <p class="parties">
            {t('agreements.print.between')} <strong>{data.unitA.name}</strong> {t('agreements.print.and')}{' '}
            <strong>{data.unitB.name}</strong>
          </p>
          <p class="print-version">{t('agreements.print.version', { number: data.version.number })}</p>
          <ol class="print-clauses">
            {data.version.clauses.map((c) => (
              <li key={c.key}>
                <h2>{c.title}</h2>
                <Paragraphs text={c.body} />
              </li>
            ))}
          </ol>
          <section class="signatures" aria-labelledby="signatures-title">
            <h2 id="signatures-title">{t('agreements.print.signatures')}</h2>
            <div class="signature-row">
              <Signature ctx={ctx} unit={data.unitA.name} r={data.ratificationA} />
              <Signature ctx={ctx} unit={data.unitB.name} r={data.ratificationB} />
            </div>
          </section>
          <p class="screen-only">
            <a href={`/agreements/${data.agreement.id}`}>{t('agreements.show.eyebrow')}</a>
          </p>
        </main>
      </body>
    </html>
  )
}
