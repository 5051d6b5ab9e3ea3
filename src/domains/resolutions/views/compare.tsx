import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { IndicatorKey, PeriodResult } from '../indicators.js'
import type { viewStateComparison } from '../service/index.js'
import { figureText, periodLabel, StatusBadge } from './shared.js'

type ComparisonData = Awaited<ReturnType<typeof viewStateComparison>>

/** The last period that is over (the periods run up to the current one): whether a KV met the target. */
const lastFinished = (periods: readonly PeriodResult[]) => periods.slice(0, -1).at(-1)

/** A state's KVs side by side: a row per KV, a column per measure given to them. */
export function StateComparisonPage({ ctx, data }: { ctx: ViewContext; data: ComparisonData }) {
  const { t } = ctx
  const title = t('resolutions.compare.title', { unit: data.unit.name })
  return (
    <Layout ctx={ctx} title={title} wide>
      <p class="eyebrow">
        <a href={`/units/${data.unit.id}/resolutions`}>
          {t('resolutions.unit.title', { unit: data.unit.name })}
        </a>
      </p>
      <h1>{title}</h1>
      <p>{t('resolutions.compare.intro')}</p>
      {data.columns.length === 0 ? (
        <p>{t('resolutions.compare.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="comparison">
            <caption>
              {t('resolutions.compare.caption', { kvs: data.kvs.length, measures: data.columns.length })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('resolutions.compare.kv')}</th>
                {data.columns.map((c) => (
                  <th scope="col" key={c.first.groupId}>
                    <a href={`/resolutions/${c.resolution.id}`}>{c.first.title}</a>
                    {c.first.indicator && (
                      <span class="hint">
                        {' '}
                        ({t(`resolutions.indicators.${c.first.indicator as IndicatorKey}`)})
                      </span>
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.kvs.map((kv) => (
                <tr key={kv.id}>
                  <th scope="row">
                    <a href={`/units/${kv.id}/resolutions`}>{kv.name}</a>
                  </th>
                  {data.columns.map((c) => {
                    const cell = c.cells.get(kv.id)
                    if (!cell) return <td key={c.first.groupId}>–</td>
                    const last = cell.periods && lastFinished(cell.periods)
                    const met = cell.periods?.filter((p) => p.state === 'met').length ?? 0
                    return (
                      <td key={c.first.groupId}>
                        <a href={`/measures/${cell.measureId}`}>
                          <StatusBadge ctx={ctx} status={cell.status} />
                        </a>{' '}
                        {cell.progress} %
                        {cell.periods && (
                          <p class="hint">
                            {t('resolutions.compare.met', { met, total: cell.periods.length })}
                            {last &&
                              ` · ${periodLabel(ctx, last.period)}: ${figureText(ctx, last, c.first.indicator as IndicatorKey)}, ${t(`resolutions.indicator.states.${last.state}`)}`}
                          </p>
                        )}
                      </td>
                    )
                  })}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('resolutions.compare.summary')}</th>
                {data.columns.map((c) => {
                  const cells = [...c.cells.values()]
                  const lastMet = cells.filter(
                    (x) => x.periods && lastFinished(x.periods)?.state === 'met',
                  ).length
                  return (
                    <td key={c.first.groupId}>
                      {c.first.indicator
                        ? t('resolutions.compare.lastMet', { met: lastMet, kvs: cells.length })
                        : t('resolutions.compare.done', {
                            done: cells.filter((x) => x.status === 'done').length,
                            kvs: cells.length,
                          })}
                    </td>
                  )
                })}
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </Layout>
  )
}
