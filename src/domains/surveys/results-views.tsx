import { writeCsv } from '../../platform/csv.js'
import { formatDateTime, numberFormat } from '../../platform/i18n/index.js'
import type { ViewContext } from '../../platform/views/context.js'
import { Layout } from '../../platform/views/layout.js'
import type { Questionnaire } from './questionnaire.js'
import { barsOf, type Cell, MIN_ANSWERS, NO_UNIT, type QuestionResult, shown } from './results.js'
import type { exportRawAnswers, Results } from './service.js'

const CHART_WIDTH = 560
const LABEL_MAX = 48
const ROW = 40

const percent = (ctx: ViewContext, share: number) =>
  numberFormat(ctx.locale, { style: 'percent', maximumFractionDigits: 0 }).format(share)
const decimal = (ctx: ViewContext, n: number) =>
  numberFormat(ctx.locale, { maximumFractionDigits: 2 }).format(n)

/**
 * A bar chart drawn on the server: one bar per option with its count and share. It is an image with a text
 * description for screen readers; the table below it gives the same figures.
 */
function BarChart({ ctx, id, cell }: { ctx: ViewContext; id: string; cell: Cell }) {
  const height = cell.bars.length * ROW + 4
  const max = Math.max(1, ...cell.bars.map((b) => b.n))
  const barSpace = CHART_WIDTH - 120
  const description = cell.bars.map((b) => `${b.label}: ${b.n} (${percent(ctx, b.share)})`).join('; ')
  return (
    <svg
      class="survey-chart"
      viewBox={`0 0 ${CHART_WIDTH} ${height}`}
      width={CHART_WIDTH}
      height={height}
      role="img"
      aria-labelledby={`${id}-title`}
      focusable="false"
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${id}-title`}>{ctx.t('surveys.results.chartTitle', { figures: description })}</title>
      {cell.bars.map((b, i) => {
        const y = i * ROW
        const w = Math.round((b.n / max) * barSpace)
        const label = b.label.length > LABEL_MAX ? `${b.label.slice(0, LABEL_MAX - 1)}…` : b.label
        return (
          <g key={b.key}>
            <text class="survey-chart__label" x={0} y={y + 13}>
              {label}
            </text>
            <rect class="survey-chart__track" x={0} y={y + 18} width={barSpace} height={14} />
            <rect class="survey-chart__bar" x={0} y={y + 18} width={w} height={14} />
            <text class="survey-chart__value" x={barSpace + 8} y={y + 30}>
              {`${b.n} (${percent(ctx, b.share)})`}
            </text>
          </g>
        )
      })}
    </svg>
  )
}

/** Why a withheld cell shows no figures, in words. */
const withheldText = (ctx: ViewContext, cell: Cell) =>
  cell.base === 0
    ? ctx.t('surveys.results.noAnswers')
    : ctx.t(
        cell.withheld === 'complementary'
          ? 'surveys.results.withheldComplementary'
          : 'surveys.results.withheldSmall',
        { min: MIN_ANSWERS },
      )

/** Why a cell shows no figures, in words (and a short mark for sighted readers of tables). */
function WithheldNote({ ctx, cell }: { ctx: ViewContext; cell: Cell }) {
  return <p class={cell.base === 0 ? undefined : 'notice'}>{withheldText(ctx, cell)}</p>
}

function QuestionBlock({
  ctx,
  result,
  cell: given,
  texts,
}: {
  ctx: ViewContext
  result: QuestionResult
  cell: Cell | undefined
  texts: string[] | undefined
}) {
  const { t } = ctx
  const cell = given ?? { base: 0, withheld: 'none', bars: [], mean: null }
  const { question } = result
  const id = `q-${question.key}`
  const heading = `${result.number}. ${question.text}`
  return (
    <section class="survey-result" aria-labelledby={id}>
      {question.section && <p class="eyebrow">{question.section}</p>}
      <h2 id={id}>{heading}</h2>
      {!shown(cell) ? (
        <WithheldNote ctx={ctx} cell={cell} />
      ) : (
        <>
          <p>
            {t('surveys.results.base', { count: cell.base })}
            {cell.mean !== null && ` ${t('surveys.results.mean', { mean: decimal(ctx, cell.mean) })}`}
          </p>
          {cell.bars.length > 0 && (
            <figure>
              <BarChart ctx={ctx} id={`chart-${question.key}`} cell={cell} />
              <table>
                <caption class="visually-hidden">{heading}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('surveys.results.answer')}</th>
                    <th scope="col" class="num">
                      {t('surveys.results.count')}
                    </th>
                    <th scope="col" class="num">
                      {t('surveys.results.share')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {cell.bars.map((b) => (
                    <tr key={b.key}>
                      <th scope="row">{b.label}</th>
                      <td class="num">{b.n}</td>
                      <td class="num">{percent(ctx, b.share)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {question.kind === 'multiple' && (
                <figcaption class="hint">{t('surveys.results.multipleNote')}</figcaption>
              )}
            </figure>
          )}
          {texts && (
            <>
              <ul class="survey-texts">
                {texts.map((text, i) => (
                  <li key={i}>{text}</li>
                ))}
              </ul>
              {cell.base > texts.length && (
                <p class="hint">
                  {t('surveys.results.moreTexts', { shown: texts.length, count: cell.base })}
                </p>
              )}
            </>
          )}
        </>
      )}
    </section>
  )
}

/** The KVs' names by id, once per page (a page and its CSV list up to 400 KVs per question). */
const namesOf = new WeakMap<Results['units'], Map<string, string>>()
const unitName = (ctx: ViewContext, units: Results['units'], id: string) => {
  if (id === NO_UNIT) return ctx.t('surveys.results.noUnit')
  let names = namesOf.get(units)
  if (!names) {
    names = new Map(units.map((u) => [u.id, u.name]))
    namesOf.set(units, names)
  }
  return names.get(id) ?? ''
}
const byName = new Intl.Collator('de').compare

export function ResultsPage({ ctx, data }: { ctx: ViewContext; data: Results }) {
  const { t } = ctx
  const { survey, unit, version, versions, questions, people, units, kv, texts } = data
  const base = `/surveys/${survey.id}/results`
  const query = `?version=${version.number}${kv ? `&kv=${kv}` : ''}`
  const title = t('surveys.results.title', { title: survey.title })
  return (
    <Layout ctx={ctx} title={title} wide>
      <p class="eyebrow">
        <a href={`/surveys/${survey.id}`}>{survey.title}</a> · {unit.name}
      </p>
      <h1>{title}</h1>
      <p>
        {t('surveys.results.version', { number: version.number })}{' '}
        {shown(people.total)
          ? t('surveys.results.respondents', { count: people.total.base })
          : people.total.base === 0
            ? t('surveys.results.noAnswers')
            : t('surveys.results.withheldSmall', { min: MIN_ANSWERS })}
      </p>
      <form method="get" action={base} class="filters">
        {versions.length > 1 && (
          <div class="field">
            <label for="f-version">{t('surveys.results.versionField')}</label>
            <select id="f-version" name="version">
              {versions.map((v) => (
                <option key={v.id} value={String(v.number)} selected={v.number === version.number}>
                  {t('surveys.results.versionOption', { number: v.number, count: v.responses })}
                </option>
              ))}
            </select>
          </div>
        )}
        {versions.length === 1 && <input type="hidden" name="version" value={String(version.number)} />}
        <div class="field">
          <label for="f-kv">{t('surveys.results.kvField')}</label>
          <select id="f-kv" name="kv">
            <option value="">{t('surveys.results.everyone')}</option>
            {units.map((u) => (
              <option key={u.id} value={u.id} selected={u.id === kv}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="secondary">
          {t('surveys.results.apply')}
        </button>
      </form>
      <p>
        <a href={`${base}.csv${query.replace(/&kv=[^&]*/, '')}`} download>
          {t('surveys.results.csv')}
        </a>
        {!survey.anonymous && (
          <>
            {' · '}
            <a href={`/surveys/${survey.id}/answers.csv?version=${version.number}`} download>
              {t('surveys.results.rawCsv')}
            </a>
          </>
        )}
      </p>
      <p class="hint">
        {t('surveys.results.small', { min: MIN_ANSWERS })} {t('surveys.results.complementary')}
        {survey.anonymous ? ` ${t('surveys.results.anonymousNote')}` : ''}
      </p>
      {kv !== null && <h2>{t('surveys.results.forKv', { kv: unitName(ctx, units, kv) })}</h2>}
      {questions.map((r) => (
        <QuestionBlock
          key={r.question.key}
          ctx={ctx}
          result={r}
          cell={kv === null ? r.total : r.byUnit.get(kv)}
          texts={texts.get(r.question.key)}
        />
      ))}
      {people.byUnit.size > 1 && (
        <section aria-labelledby="per-kv">
          <h2 id="per-kv">{t('surveys.results.perKv')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('surveys.results.kv')}</th>
                <th scope="col" class="num">
                  {t('surveys.results.respondentsColumn')}
                </th>
              </tr>
            </thead>
            <tbody>
              {[...people.byUnit.entries()]
                .sort((a, b) => byName(unitName(ctx, units, a[0]), unitName(ctx, units, b[0])))
                .map(([id, cell]) => (
                  <tr key={id}>
                    <th scope="row">
                      {id === NO_UNIT ? (
                        unitName(ctx, units, id)
                      ) : (
                        <a href={`${base}?version=${version.number}&kv=${id}`}>{unitName(ctx, units, id)}</a>
                      )}
                    </th>
                    <td class="num">
                      {shown(cell) ? (
                        cell.base
                      ) : (
                        <>
                          <span aria-hidden="true">{cell.withheld === 'complementary' ? '–**' : '–*'}</span>
                          <span class="visually-hidden">{withheldText(ctx, cell)}</span>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      )}
    </Layout>
  )
}

/** The aggregates as CSV: every question for everyone and per KV, withheld cells named as such. */
export function resultsCsv(ctx: ViewContext, data: Results) {
  const { t } = ctx
  const { version, questions, units } = data
  const rows: (string | number | null)[][] = [
    [
      t('surveys.csv.version'),
      t('surveys.csv.group'),
      t('surveys.csv.number'),
      t('surveys.csv.question'),
      t('surveys.csv.answer'),
      t('surveys.csv.count'),
      t('surveys.csv.share'),
      t('surveys.csv.base'),
      t('surveys.csv.note'),
    ],
  ]
  const add = (r: QuestionResult, group: string, cell: Cell) => {
    const head = [version.number, group, r.number, r.question.text]
    if (!shown(cell)) {
      rows.push([...head, null, null, null, null, withheldText(ctx, cell)])
      return
    }
    for (const b of cell.bars) rows.push([...head, b.label, b.n, b.share.toFixed(4), cell.base, null])
    if (cell.mean !== null)
      rows.push([...head, t('surveys.csv.mean'), null, null, cell.base, cell.mean.toFixed(4)])
    if (cell.bars.length === 0 && cell.mean === null)
      rows.push([...head, t('surveys.csv.texts'), cell.base, null, cell.base, null])
  }
  for (const r of questions) {
    add(r, t('surveys.results.everyone'), r.total)
    const perUnit = [...r.byUnit.entries()].sort((a, b) =>
      byName(unitName(ctx, units, a[0]), unitName(ctx, units, b[0])),
    )
    for (const [id, cell] of perUnit) add(r, unitName(ctx, units, id), cell)
  }
  return writeCsv(rows)
}

/** A personal survey's answers, one row per response, for its owners. */
export function rawCsv(ctx: ViewContext, data: Awaited<ReturnType<typeof exportRawAnswers>>) {
  const { t } = ctx
  const q: Questionnaire = data.version.questionnaire
  const label = (key: string, o: string) =>
    barsOf(q.questions.find((x) => x.key === key)!).find((b) => b.key === o)?.label ?? o
  const header = [
    t('surveys.csv.memberNumber'),
    t('surveys.csv.firstName'),
    t('surveys.csv.lastName'),
    t('surveys.csv.kv'),
    t('surveys.csv.channel'),
    t('surveys.csv.submittedAt'),
    ...q.questions.map((x, i) => `${i + 1}. ${x.text}`),
  ]
  return writeCsv([
    header,
    ...data.rows.map((r) => [
      r.memberNumber,
      r.firstName,
      r.lastName,
      r.unitName,
      t(`surveys.channel.${r.channel as 'online' | 'phone'}`),
      r.submittedAt ? formatDateTime(ctx.locale, r.submittedAt) : null,
      ...q.questions.map((x) => {
        const order = barsOf(x).map((b) => b.key)
        const mine = r.answers
          .filter((a) => a.q === x.key)
          .sort((a, b) => order.indexOf(a.o ?? '') - order.indexOf(b.o ?? ''))
        if (mine.length === 0) return null
        return mine.map((a) => a.t ?? (a.o !== null ? label(x.key, a.o) : String(a.v))).join('; ')
      }),
    ]),
  ])
}
