import type { VNode } from 'preact'
import { numberFormat } from '../../../platform/i18n/index.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import { type BenchmarkRow, type Figure, type FigureName, figureNames, MIN_PEOPLE } from '../benchmark.js'
import type { viewDashboardHome, viewStateDashboard } from '../service/index.js'
import { day } from './shared.js'

type Dashboard =
  | Exclude<Awaited<ReturnType<typeof viewDashboardHome>>, { kind: 'none' }>
  | Awaited<ReturnType<typeof viewStateDashboard>>

const BAR_WIDTH = 80
const BAR_HEIGHT = 10

/** A small bar drawn on the server. The number stands beside it in the cell, so the bar is hidden from screen readers. */
function Bar({ share }: { share: number }) {
  const width = Math.round(Math.max(0, Math.min(1, share)) * BAR_WIDTH)
  return (
    <svg
      class="onboarding-bar"
      width={BAR_WIDTH}
      height={BAR_HEIGHT}
      viewBox={`0 0 ${BAR_WIDTH} ${BAR_HEIGHT}`}
      aria-hidden="true"
      focusable="false"
      xmlns="http://www.w3.org/2000/svg"
    >
      <rect class="onboarding-bar__track" x={0} y={0} width={BAR_WIDTH} height={BAR_HEIGHT} />
      <rect class="onboarding-bar__value" x={0} y={0} width={width} height={BAR_HEIGHT} />
    </svg>
  )
}

function Cell({
  ctx,
  name,
  figure,
  maxDays,
}: {
  ctx: ViewContext
  name: FigureName
  figure: Figure
  maxDays: number
}) {
  const { t } = ctx
  if (figure.value === null) {
    const reason = figure.suppressed === 'none' ? 'empty' : figure.suppressed
    return (
      <td class="num">
        <span aria-hidden="true">{reason === 'empty' ? '–' : reason === 'small' ? '–*' : '–**'}</span>
        <span class="visually-hidden">
          {t(`onboarding.dashboard.withheld.${reason}`, { min: MIN_PEOPLE })}
        </span>
      </td>
    )
  }
  let text: string
  let share: number
  if (name === 'people') {
    text = numberFormat(ctx.locale).format(figure.value)
    share = -1
  } else if (name === 'medianDays') {
    text = t('onboarding.dashboard.days', {
      days: numberFormat(ctx.locale, { maximumFractionDigits: 1 }).format(figure.value),
    })
    share = maxDays > 0 ? figure.value / maxDays : 0
  } else {
    text = numberFormat(ctx.locale, { style: 'percent', maximumFractionDigits: 0 }).format(figure.value)
    share = figure.value
  }
  return (
    <td class="num">
      <span class="onboarding-figure">{text}</span>
      {share >= 0 && <Bar share={share} />}
    </td>
  )
}

function Row(props: { ctx: ViewContext; head: VNode; figures: BenchmarkRow; maxDays: number }) {
  return (
    <tr>
      {props.head}
      {figureNames.map((n) => (
        <Cell key={n} ctx={props.ctx} name={n} figure={props.figures[n]} maxDays={props.maxDays} />
      ))}
    </tr>
  )
}

function PeriodForm({ ctx, data, action }: { ctx: ViewContext; data: Dashboard; action: string }) {
  const { t } = ctx
  return (
    <form method="get" action={action} class="filters">
      <div class="field">
        <label for="f-from">{t('onboarding.dashboard.from')}</label>
        <input id="f-from" name="from" type="date" value={data.period.from} />
      </div>
      <div class="field">
        <label for="f-to">{t('onboarding.dashboard.to')}</label>
        <input id="f-to" name="to" type="date" value={data.period.to} />
      </div>
      <button type="submit" class="secondary">
        {t('onboarding.dashboard.apply')}
      </button>
    </form>
  )
}

export function DashboardPage({ ctx, data }: { ctx: ViewContext; data: Dashboard }) {
  const { t } = ctx
  const federal = data.kind === 'federal'
  const title = federal
    ? t('onboarding.dashboard.titleFederal')
    : t('onboarding.dashboard.titleState', { state: data.unit.name })
  const action =
    federal || ctx.path === '/onboarding/dashboard'
      ? '/onboarding/dashboard'
      : `/onboarding/dashboard/${data.unit.id}`
  const { rows, total } = data.table
  const medians = [...rows.map((r) => r.figures.medianDays.value), total.medianDays.value].filter(
    (v): v is number => v !== null,
  )
  const maxDays = Math.max(0, ...medians)
  const query = `?from=${data.period.from}&to=${data.period.to}`
  return (
    <Layout ctx={ctx} title={title} wide>
      <h1>{title}</h1>
      <p>
        {t('onboarding.dashboard.intro', { from: day(ctx, data.period.from), to: day(ctx, data.period.to) })}
      </p>
      <PeriodForm ctx={ctx} data={data} action={action} />
      <div class="table-wrap">
        <table class="onboarding-benchmark">
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t(federal ? 'onboarding.dashboard.state' : 'onboarding.dashboard.kv')}</th>
              {figureNames.map((n) => (
                <th key={n} scope="col" class="num">
                  {t(`onboarding.dashboard.figures.${n}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <Row
                key={r.key.id}
                ctx={ctx}
                figures={r.figures}
                maxDays={maxDays}
                head={
                  <th scope="row">
                    {federal ? (
                      <a href={`/onboarding/dashboard/${r.key.id}${query}`}>{r.key.name}</a>
                    ) : (
                      r.key.name
                    )}
                  </th>
                }
              />
            ))}
          </tbody>
          <tfoot>
            <Row
              ctx={ctx}
              figures={total}
              maxDays={maxDays}
              head={
                <th scope="row">
                  {t(federal ? 'onboarding.dashboard.totalFederal' : 'onboarding.dashboard.totalState')}
                </th>
              }
            />
          </tfoot>
        </table>
      </div>
      <h2>{t('onboarding.dashboard.howTitle')}</h2>
      <dl class="onboarding-definitions">
        {figureNames.map((n) => (
          <div key={n}>
            <dt>{t(`onboarding.dashboard.figures.${n}`)}</dt>
            <dd>{t(`onboarding.dashboard.explain.${n}`)}</dd>
          </div>
        ))}
      </dl>
      <p>{t('onboarding.dashboard.small', { min: MIN_PEOPLE })}</p>
      <p>{t('onboarding.dashboard.complementary')}</p>
      {!federal && (
        <p>
          <a href={`/onboarding/standards/${data.unit.id}`}>{t('onboarding.dashboard.standardLink')}</a>
        </p>
      )}
      {data.otherStates.length > 0 && (
        <>
          <h2>{t('onboarding.dashboard.otherStates')}</h2>
          <ul>
            {data.otherStates.map((s) => (
              <li key={s.id}>
                <a href={`/onboarding/dashboard/${s.id}`}>{s.name}</a>
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  )
}

export function NoDashboardPage({ ctx }: { ctx: ViewContext }) {
  return (
    <Layout ctx={ctx} title={ctx.t('onboarding.dashboard.titleNone')}>
      <h1>{ctx.t('onboarding.dashboard.titleNone')}</h1>
      <p>{ctx.t('onboarding.dashboard.none')}</p>
    </Layout>
  )
}
