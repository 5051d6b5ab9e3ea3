import type { ViewContext } from '../../../platform/views/context.js'
import type { MonthResult } from '../indicators.js'
import type { ShownStatus } from '../status.js'

export function StatusBadge({ ctx, status }: { ctx: ViewContext; status: ShownStatus }) {
  return (
    <span class={`badge badge--${status === 'overdue' ? 'warning' : status}`}>
      {ctx.t(`resolutions.statuses.${status}`)}
    </span>
  )
}

const monthLabel = (ctx: ViewContext, month: string) =>
  new Intl.DateTimeFormat(ctx.locale, { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(
    new Date(`${month}-15T12:00:00Z`),
  )

const fills = { met: '#2e7d32', missed: '#c62828', running: '#9e9e9e' } as const

/**
 * An indicator's months as a server-drawn chart (one bar per month, its height the count, its colour
 * met, missed or still running) with the same figures as a table for screen readers and printing.
 */
export function MonthsChart({
  ctx,
  months,
  target,
}: {
  ctx: ViewContext
  months: MonthResult[]
  target: number
}) {
  if (months.length === 0) return null
  const max = Math.max(target, ...months.map((m) => m.count), 1)
  const w = 28
  const h = 60
  const width = months.length * w
  const met = months.filter((m) => m.state === 'met').length
  const summary = ctx.t('resolutions.indicator.summary', { met, total: months.length })
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
          const bar = Math.max(2, (m.count / max) * h)
          return (
            <g key={m.month}>
              <rect x={i * w + 4} y={h - bar} width={w - 8} height={bar} fill={fills[m.state]}>
                <title>{`${monthLabel(ctx, m.month)}: ${m.count} · ${ctx.t(`resolutions.indicator.states.${m.state}`)}`}</title>
              </rect>
              <text x={i * w + w / 2} y={h + 12} font-size="8" text-anchor="middle">
                {m.month.slice(5)}
              </text>
            </g>
          )
        })}
      </svg>
      <figcaption>{summary}</figcaption>
      <details>
        <summary>{ctx.t('resolutions.indicator.table')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{ctx.t('resolutions.indicator.month')}</th>
              <th scope="col">{ctx.t('resolutions.indicator.count')}</th>
              <th scope="col">{ctx.t('resolutions.indicator.state')}</th>
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={m.month}>
                <td>{monthLabel(ctx, m.month)}</td>
                <td>{m.count}</td>
                <td>{ctx.t(`resolutions.indicator.states.${m.state}`)}</td>
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
