import { formatNumber } from '../../../platform/i18n/index.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { viewOverview } from '../service/index.js'

type Overview = Awaited<ReturnType<typeof viewOverview>>

export function OverviewPage({ ctx, data }: { ctx: ViewContext; data: Overview }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('onboarding.overview.title')}>
      <h1>{t('onboarding.overview.title')}</h1>
      <p>{t('onboarding.overview.intro')}</p>
      {data.districts.length === 0 ? (
        <p>{t('onboarding.overview.none')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t('onboarding.overview.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('onboarding.overview.kv')}</th>
                <th scope="col" class="num">
                  {t('onboarding.overview.open')}
                </th>
                <th scope="col" class="num">
                  {t('onboarding.overview.overdue')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.districts.map((d) => (
                <tr key={d.unit.id}>
                  <th scope="row">
                    <a href={`/onboarding/units/${d.unit.id}`}>{d.unit.name}</a>
                  </th>
                  <td class="num">{formatNumber(ctx.locale, d.open)}</td>
                  <td class="num">{formatNumber(ctx.locale, d.overdue)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data.hasDashboard && (
        <p>
          <a href="/onboarding/dashboard">{t('onboarding.overview.toDashboard')}</a>
        </p>
      )}
    </Layout>
  )
}
