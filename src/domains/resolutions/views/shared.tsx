import type { MessageKey } from '../../../platform/i18n/index.js'
import { CheckboxField } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { type IndicatorKey, indicators, type PeriodResult } from '../indicators.js'
import { type ShownStatus, shownProgress } from '../status.js'
import type { MeasureStatus } from '../tables.js'

export function StatusBadge({ ctx, status }: { ctx: ViewContext; status: ShownStatus }) {
  return (
    <span class={`badge badge--${status === 'overdue' ? 'warning' : status}`}>
      {ctx.t(`resolutions.statuses.${status}`)}
    </span>
  )
}

/** A period's name: "März 25" for '2025-03', "2025" for a year. */
export const periodLabel = (ctx: ViewContext, period: string) =>
  period.length === 4
    ? period
    : new Intl.DateTimeFormat(ctx.locale, { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(
        new Date(`${period}-15T12:00:00Z`),
      )

/** A figure as shown: "3", "85 %", or "fewer than 5" when withheld. */
export function figureText(ctx: ViewContext, r: PeriodResult, key: IndicatorKey) {
  if (r.value === null) return ctx.t('resolutions.indicator.withheld')
  return indicators[key].figure === 'percent' ? `${r.value} %` : String(r.value)
}

const fills = { met: '#2e7d32', missed: '#c62828', running: '#9e9e9e', withheld: '#bdbdbd' } as const

/**
 * An indicator's periods as a server-drawn chart (one bar per month or year, its height the figure, its
 * colour met, missed, still running or withheld) with the same figures as a table for screen readers and
 * printing. A withheld figure is drawn as a flat bar.
 */
export function MonthsChart({
  ctx,
  months,
  target,
  indicator,
}: {
  ctx: ViewContext
  months: PeriodResult[]
  target: number
  indicator: IndicatorKey
}) {
  if (months.length === 0) return null
  const { t } = ctx
  const yearly = indicators[indicator].period === 'year'
  const max = Math.max(target, ...months.map((m) => m.value ?? 0), 1)
  const w = 28
  const h = 60
  const width = months.length * w
  const met = months.filter((m) => m.state === 'met').length
  const summary = t(yearly ? 'resolutions.indicator.summaryYears' : 'resolutions.indicator.summary', {
    met,
    total: months.length,
  })
  return (
    <figure class="indicator-chart">
      <svg
        viewBox={`0 0 ${width} ${h + 16}`}
        width={width}
        height={h + 16}
        role="img"
        aria-label={summary}
        xmlns="http://www.w3.org/2000/svg"
      >
        <line
          x1="0"
          x2={width}
          y1={h - (target / max) * h}
          y2={h - (target / max) * h}
          stroke="#555"
          stroke-dasharray="3 2"
        />
        {months.map((m, i) => {
          const bar = Math.max(2, ((m.value ?? 0) / max) * h)
          return (
            <g key={m.period}>
              <rect x={i * w + 4} y={h - bar} width={w - 8} height={bar} fill={fills[m.state]}>
                <title>{`${periodLabel(ctx, m.period)}: ${figureText(ctx, m, indicator)} · ${t(`resolutions.indicator.states.${m.state}`)}`}</title>
              </rect>
              <text x={i * w + w / 2} y={h + 12} font-size="8" text-anchor="middle">
                {yearly ? m.period.slice(2) : m.period.slice(5)}
              </text>
            </g>
          )
        })}
      </svg>
      <figcaption>{summary}</figcaption>
      <details>
        <summary>{t('resolutions.indicator.table')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t(yearly ? 'resolutions.indicator.year' : 'resolutions.indicator.month')}</th>
              <th scope="col">{t(`resolutions.indicator.figures.${indicators[indicator].figure}`)}</th>
              <th scope="col">{t('resolutions.indicator.state')}</th>
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={m.period}>
                <td>{periodLabel(ctx, m.period)}</td>
                <td>{figureText(ctx, m, indicator)}</td>
                <td>{t(`resolutions.indicator.states.${m.state}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  )
}

export const lineRange = (ctx: ViewContext, from: number, to: number) =>
  from === to ? ctx.t('resolutions.lines.one', { from }) : ctx.t('resolutions.lines.range', { from, to })

/** A measure's share done as shown: "40 %", a done one "100 %". */
export const progressText = (m: { status: MeasureStatus; progress: number }) => `${shownProgress(m)} %`

/**
 * Units to tick in a form (the units a resolution addresses, those responsible for a measure), with the field's
 * error and an optional hint.
 */
export function UnitChoices(props: {
  ctx: ViewContext
  name: string
  legend: string
  hint?: string
  error?: MessageKey | undefined
  units: readonly { id: string; name: string }[]
  checked: ReadonlySet<string>
}) {
  const { ctx, name, units, checked, error } = props
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {props.hint && <p class="hint">{props.hint}</p>}
      {error && (
        <p class="field-error" id={`f-${name}`}>
          {ctx.t(error)}
        </p>
      )}
      {units.map((u) => (
        <CheckboxField key={u.id} name={name} value={u.id} label={u.name} checked={checked.has(u.id)} />
      ))}
    </fieldset>
  )
}
