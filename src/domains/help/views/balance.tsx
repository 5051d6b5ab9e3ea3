import { formatDate } from '../../../platform/i18n/index.js'
import { CsrfField, ErrorSummary, Field, type FormState } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { BalancePageData, BalanceRow } from '../service/index.js'
import { helpKinds } from '../tables.js'
import { euro, num, SelectField } from './fields.js'

const CHART_WIDTH = 560
const LABEL_WIDTH = 60
const VALUE_WIDTH = 70
const BAR_HEIGHT = 16
const YEAR_GAP = 14

/**
 * Person-hours per year, one bar per direction, drawn on the server. Colours come from CSS
 * classes; every bar carries its number as text, so the chart reads without colour too.
 */
export function BalanceChart(props: {
  ctx: ViewContext
  rows: BalanceRow[]
  aId: string
  aName: string
  bName: string
}) {
  const { ctx, rows, aId } = props
  const { t } = ctx
  const years = [...new Set(rows.map((r) => r.year))].sort((x, y) => y - x)
  const hours = (year: number, fromA: boolean) =>
    rows.find((r) => r.year === year && (r.fromUnitId === aId) === fromA)?.hours ?? 0
  const max = Math.max(1, ...rows.map((r) => r.hours))
  const barSpace = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
  const blockHeight = BAR_HEIGHT * 2 + YEAR_GAP
  const legendHeight = 40
  const height = legendHeight + years.length * blockHeight
  const titleId = 'balance-chart-title'
  return (
    <svg
      class="help-chart"
      viewBox={`0 0 ${CHART_WIDTH} ${height}`}
      role="img"
      aria-labelledby={titleId}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={titleId}>{t('help.balance.chartTitle')}</title>
      <rect class="help-chart__bar help-chart__bar--ab" x={0} y={4} width={12} height={12} />
      <text class="help-chart__legend" x={18} y={14}>
        {t('help.balance.arrow', { from: props.aName, to: props.bName })}
      </text>
      <rect class="help-chart__bar help-chart__bar--ba" x={0} y={22} width={12} height={12} />
      <text class="help-chart__legend" x={18} y={32}>
        {t('help.balance.arrow', { from: props.bName, to: props.aName })}
      </text>
      {years.map((year, i) => {
        const y = legendHeight + i * blockHeight
        return (
          <g key={year}>
            <text class="help-chart__year" x={0} y={y + BAR_HEIGHT + 4}>
              {String(year)}
            </text>
            {[true, false].map((fromA, j) => {
              const value = hours(year, fromA)
              const w = Math.max(value > 0 ? 2 : 0, Math.round((value / max) * barSpace))
              return (
                <g key={String(fromA)}>
                  <rect
                    class={`help-chart__bar help-chart__bar--${fromA ? 'ab' : 'ba'}`}
                    x={LABEL_WIDTH}
                    y={y + j * BAR_HEIGHT}
                    width={w}
                    height={BAR_HEIGHT - 2}
                  />
                  <text class="help-chart__value" x={LABEL_WIDTH + w + 4} y={y + j * BAR_HEIGHT + 11}>
                    {`${num(ctx.locale, value)} h`}
                  </text>
                </g>
              )
            })}
          </g>
        )
      })}
    </svg>
  )
}

export function BalancePage(props: { ctx: ViewContext; data: BalancePageData; form?: FormState }) {
  const { ctx, data } = props
  const { t } = ctx
  const { unitA, unitB } = data
  const form = props.form ?? {}
  const nameOf = (id: string) => (id === unitA.id ? unitA.name : unitB.name)
  const otherOf = (id: string) => (id === unitA.id ? unitB.name : unitA.name)
  const title = t('help.balance.title', { a: unitA.name, b: unitB.name })
  const sides = [unitA, unitB].map((u) => ({ value: u.id, label: u.name }))
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{t('help.balance.intro')}</p>
      {data.rows.length === 0 ? (
        <p>{t('help.balance.empty')}</p>
      ) : (
        <>
          <BalanceChart ctx={ctx} rows={data.rows} aId={unitA.id} aName={unitA.name} bName={unitB.name} />
          <div class="table-wrap">
            <table class="help-balance">
              <thead>
                <tr>
                  <th scope="col">{t('help.balance.year')}</th>
                  <th scope="col">{t('help.balance.direction')}</th>
                  <th scope="col">{t('help.balance.people')}</th>
                  <th scope="col">{t('help.balance.hours')}</th>
                  <th scope="col">{t('help.balance.euros')}</th>
                  <th scope="col">{t('help.balance.events')}</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r) => (
                  <tr key={`${r.year}-${r.fromUnitId}`}>
                    <td>{String(r.year)}</td>
                    <td>
                      {t('help.balance.arrow', { from: nameOf(r.fromUnitId), to: otherOf(r.fromUnitId) })}
                    </td>
                    <td class="num">{num(ctx.locale, r.people)}</td>
                    <td class="num">{num(ctx.locale, r.hours)}</td>
                    <td class="num">{euro(ctx.locale, Math.round(r.euros * 100))}</td>
                    <td class="num">{num(ctx.locale, r.events)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>{t('help.balance.records')}</h2>
          <ul class="help-records">
            {data.records.map((r) => (
              <li key={r.id}>
                {formatDate(ctx.locale, r.helpedOn)} · {t(`help.kinds.${r.kind}`)} ·{' '}
                {t('help.balance.arrow', { from: nameOf(r.helperUnitId), to: nameOf(r.helpedUnitId) })}
                {r.municipalityName ? ` · ${r.municipalityName}` : ''}
                {r.note ? ` · ${r.note}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      {data.canEnter && (
        <section aria-labelledby="record-heading">
          <h2 id="record-heading">{t('help.balance.add')}</h2>
          <p class="hint">{t('help.balance.addHint')}</p>
          <form method="post" action={`/help/partnerships/${data.partnership.id}/records`}>
            <CsrfField ctx={ctx} />
            <ErrorSummary ctx={ctx} form={form} />
            <SelectField
              ctx={ctx}
              form={form}
              name="helperUnitId"
              label={t('help.fields.helper')}
              options={sides}
            />
            <SelectField
              ctx={ctx}
              form={form}
              name="helpedUnitId"
              label={t('help.fields.helped')}
              options={sides}
              value={unitB.id}
            />
            <SelectField
              ctx={ctx}
              form={form}
              name="kind"
              label={t('help.fields.kind')}
              options={helpKinds.map((k) => ({ value: k, label: t(`help.kinds.${k}`) }))}
            />
            <Field
              ctx={ctx}
              form={form}
              name="helpedOn"
              type="date"
              label={t('help.fields.helpedOn')}
              required
            />
            <Field ctx={ctx} form={form} name="people" type="number" label={t('help.fields.people')} />
            <Field ctx={ctx} form={form} name="hours" type="number" label={t('help.fields.hours')} />
            <Field ctx={ctx} form={form} name="euros" label={t('help.fields.euros')} inputmode="numeric" />
            <Field
              ctx={ctx}
              form={form}
              name="municipalityAgs"
              label={t('help.fields.where')}
              inputmode="numeric"
            />
            <Field ctx={ctx} form={form} name="note" label={t('help.fields.note')} />
            <button type="submit">{t('help.actions.save')}</button>
          </form>
        </section>
      )}
    </Layout>
  )
}
