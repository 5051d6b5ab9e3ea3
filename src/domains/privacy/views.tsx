import { formatNumber } from '../../platform/i18n/index.js'
import type { ViewContext } from '../../platform/views/context.js'
import { Layout } from '../../platform/views/layout.js'
import type { DataSummary } from './service/index.js'

/** "My data": the categories the platform holds about the person, with counts, and the download. */
export function MyDataPage({
  ctx,
  summary,
  hasMember,
  retentionDays,
}: {
  ctx: ViewContext
  summary: DataSummary
  hasMember: boolean
  retentionDays: number
}) {
  const { t, locale } = ctx
  const total = summary.reduce((sum, c) => sum + c.entries, 0)
  return (
    <Layout ctx={ctx} title={t('privacy.myData.title')}>
      <p class="eyebrow">
        <a href="/account">{t('privacy.myData.back')}</a>
      </p>
      <h1>{t('privacy.myData.title')}</h1>
      <p>{t('privacy.myData.intro')}</p>
      {!hasMember && <p>{t('privacy.myData.noMember')}</p>}
      <div class="table-wrap">
        <table class="my-data">
          <thead>
            <tr>
              <th scope="col">{t('privacy.myData.category')}</th>
              <th scope="col" class="num">
                {t('privacy.myData.entries')}
              </th>
            </tr>
          </thead>
          <tbody>
            {summary.map((c) => (
              <tr key={c.category} data-category={c.category}>
                <th scope="row">{t(`privacy.categories.${c.category}`)}</th>
                <td class="num">{formatNumber(locale, c.entries)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('privacy.myData.total')}</th>
              <td class="num">{formatNumber(locale, total)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <p>
        <a
          class="button"
          href="/account/data.json"
          download="meine-daten.json"
          aria-describedby="download-hint"
        >
          {t('privacy.myData.download')}
        </a>
      </p>
      <p class="hint" id="download-hint">
        {t('privacy.myData.downloadHint')}
      </p>
      <p>{t('privacy.myData.withheld')}</p>
      <p>{t('privacy.myData.others')}</p>
      {hasMember && <p>{t('privacy.myData.retention', { days: retentionDays })}</p>}
    </Layout>
  )
}
