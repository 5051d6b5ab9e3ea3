import { formatDate, formatDateTime } from '../../../platform/i18n/index.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { IndicatorKey } from '../indicators.js'
import type { viewResolution, viewUnitResolutions } from '../service/pages.js'
import { MotionLines } from './import.js'
import { lineRange, MonthsChart, progressText, StatusBadge } from './shared.js'

type ResolutionData = Awaited<ReturnType<typeof viewResolution>>
type UnitData = Awaited<ReturnType<typeof viewUnitResolutions>>

export function ResolutionHeader({
  ctx,
  data,
}: {
  ctx: ViewContext
  data: Pick<ResolutionData, 'resolution' | 'unit' | 'addressees'>
}) {
  const { t } = ctx
  const r = data.resolution
  return (
    <dl class="facts">
      <dt>{t('resolutions.fields.unit')}</dt>
      <dd>
        <a href={`/units/${data.unit.id}/resolutions`}>{data.unit.name}</a>
      </dd>
      {r.committee && (
        <>
          <dt>{t('resolutions.fields.committee')}</dt>
          <dd>{r.committee}</dd>
        </>
      )}
      {r.decidedOn && (
        <>
          <dt>{t('resolutions.fields.decidedOn')}</dt>
          <dd>{formatDate(ctx.locale, r.decidedOn)}</dd>
        </>
      )}
      {r.agendaItem && (
        <>
          <dt>{t('resolutions.fields.agendaItem')}</dt>
          <dd>{r.agendaItem}</dd>
        </>
      )}
      {data.addressees.length > 0 && (
        <>
          <dt>{t('resolutions.fields.addressees')}</dt>
          <dd>{data.addressees.map((u) => u.name).join(', ')}</dd>
        </>
      )}
      <dt>{t('resolutions.fields.visibility')}</dt>
      <dd>{t(`resolutions.visibilities.${r.visibility}`)}</dd>
    </dl>
  )
}

const fullTitle = (r: { code: string | null; title: string }) => (r.code ? `${r.code} ${r.title}` : r.title)

export function ResolutionPage({ ctx, data }: { ctx: ViewContext; data: ResolutionData }) {
  const { t } = ctx
  const r = data.resolution
  const title = fullTitle(r)
  const sectionTitles = [...new Set(data.groups.map((g) => g.section?.title ?? ''))]
  return (
    <Layout ctx={ctx} title={title} wide>
      <p class="eyebrow">{t('resolutions.resolution.eyebrow')}</p>
      <h1>{title}</h1>
      <ResolutionHeader ctx={ctx} data={data} />
      {data.abilities.manage && (
        <p>
          <a href={`/resolutions/${r.id}/edit`}>{t('resolutions.edit.resolutionLink')}</a>
        </p>
      )}
      <section aria-labelledby="measures-heading" class="stack">
        <h2 id="measures-heading">{t('resolutions.resolution.measuresHeading')}</h2>
        {data.share !== null && (
          <p>
            <label for="share-done">{t('resolutions.resolution.share', { share: data.share })}</label>{' '}
            <progress id="share-done" max={100} value={data.share}>
              {data.share} %
            </progress>
          </p>
        )}
        {data.groups.length === 0 && <p>{t('resolutions.resolution.noMeasures')}</p>}
        {sectionTitles.map((section) => (
          <div key={section} class="stack">
            {section && <h3>{section}</h3>}
            {data.groups
              .filter((g) => (g.section?.title ?? '') === section)
              .map((g) => (
                <article key={g.groupId} class="measure stack">
                  <h4>{g.first.title}</h4>
                  <p class="hint">
                    <a href={`#z${g.first.fromLine}`}>{lineRange(ctx, g.first.fromLine, g.first.toLine)}</a>
                    {g.first.dueOn &&
                      ` · ${t('resolutions.measure.due', { date: formatDate(ctx.locale, g.first.dueOn) })}`}
                    {g.first.dueText && ` („${g.first.dueText}“)`}
                  </p>
                  <blockquote>{g.first.quote}</blockquote>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t('resolutions.fields.responsible')}</th>
                        <th scope="col">{t('resolutions.fields.status')}</th>
                        <th scope="col">{t('resolutions.fields.progress')}</th>
                        {g.first.indicator && (
                          <th scope="col">
                            {t(`resolutions.indicators.${g.first.indicator as IndicatorKey}`)}
                          </th>
                        )}
                        <th scope="col">{t('resolutions.measure.lastNote')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {g.rows.map((row) => (
                        <tr key={row.measure.id}>
                          <td>
                            <a href={`/measures/${row.measure.id}`}>{row.unit.name}</a>
                            {row.measure.responsibleNote && ` (${row.measure.responsibleNote})`}
                          </td>
                          <td>
                            <StatusBadge ctx={ctx} status={row.status} />
                          </td>
                          <td>{progressText(row.measure)}</td>
                          {g.first.indicator && (
                            <td>
                              {row.months && (
                                <MonthsChart
                                  ctx={ctx}
                                  months={row.months}
                                  target={row.measure.indicatorTarget ?? 1}
                                  indicator={g.first.indicator as IndicatorKey}
                                />
                              )}
                            </td>
                          )}
                          <td>
                            {row.notes[0]
                              ? `${formatDateTime(ctx.locale, row.notes[0].note.createdAt)}: ${row.notes[0].note.note}`
                              : '–'}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </article>
              ))}
          </div>
        ))}
      </section>
      <section aria-labelledby="text-heading" class="stack">
        <h2 id="text-heading">{t('resolutions.resolution.textHeading')}</h2>
        {data.abilities.manage && (
          <form method="get" action={`/resolutions/${r.id}/measures/new`} class="inline-form">
            <p>{t('resolutions.resolution.makeMeasureHint')}</p>
            <label for="f-from">{t('resolutions.fields.fromLine')}</label>{' '}
            <input id="f-from" name="from" type="number" min={1} inputMode="numeric" size={5} />{' '}
            <label for="f-to">{t('resolutions.fields.toLine')}</label>{' '}
            <input id="f-to" name="to" type="number" min={1} inputMode="numeric" size={5} />{' '}
            <button type="submit">{t('resolutions.resolution.makeMeasure')}</button>
          </form>
        )}
        <MotionLines ctx={ctx} lines={data.lines} idPrefix="z" />
      </section>
    </Layout>
  )
}

export function UnitResolutionsPage({ ctx, data }: { ctx: ViewContext; data: UnitData }) {
  const { t } = ctx
  const title = t('resolutions.unit.title', { unit: data.unit.name })
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      {data.canImport && (
        <p>
          <a class="button" href={`/units/${data.unit.id}/resolutions/import`}>
            {t('resolutions.unit.import')}
          </a>
        </p>
      )}
      {data.unit.kind === 'state' && (
        <p>
          <a href={`/units/${data.unit.id}/resolutions/compare`}>{t('resolutions.compare.link')}</a>
        </p>
      )}
      {data.resolutions.length === 0 ? (
        <p>{t('resolutions.unit.none')}</p>
      ) : (
        <ul class="stack">
          {data.resolutions.map((r) => (
            <li key={r.resolution.id}>
              <a href={`/resolutions/${r.resolution.id}`}>{fullTitle(r.resolution)}</a>
              <span class="hint">
                {' · '}
                {r.unit.id === data.unit.id
                  ? t('resolutions.unit.passed')
                  : t('resolutions.unit.addressedBy', { unit: r.unit.name })}
                {r.resolution.decidedOn && ` · ${formatDate(ctx.locale, r.resolution.decidedOn)}`}
              </span>
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="tracking-heading" class="stack">
        <h2 id="tracking-heading">{t('resolutions.unit.tracking', { unit: data.unit.name })}</h2>
        {data.measures.length === 0 ? (
          <p>{t('resolutions.unit.noMeasures')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('resolutions.fields.measure')}</th>
                <th scope="col">{t('resolutions.fields.resolution')}</th>
                <th scope="col">{t('resolutions.fields.dueOn')}</th>
                <th scope="col">{t('resolutions.fields.status')}</th>
                <th scope="col">{t('resolutions.fields.progress')}</th>
              </tr>
            </thead>
            <tbody>
              {data.measures.map((m) => (
                <tr key={m.measure.id}>
                  <td>
                    <a href={`/measures/${m.measure.id}`}>{m.measure.title}</a>
                  </td>
                  <td>
                    <a href={`/resolutions/${m.resolution.id}`}>{fullTitle(m.resolution)}</a>
                  </td>
                  <td>
                    {m.measure.dueOn ? formatDate(ctx.locale, m.measure.dueOn) : (m.measure.dueText ?? '–')}
                  </td>
                  <td>
                    <StatusBadge ctx={ctx} status={m.status} />
                  </td>
                  <td>{progressText(m.measure)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  )
}

/** On a unit's page: its resolutions and the measures it is responsible for, with a link to the overview. */
export function UnitResolutionsSection({ ctx, data }: { ctx: ViewContext; data: UnitData }) {
  const { t } = ctx
  const overdue = data.measures.filter((m) => m.status === 'overdue').length
  return (
    <section aria-labelledby="resolutions-section-heading">
      <h2 id="resolutions-section-heading">{t('resolutions.section.title')}</h2>
      <p>
        {t('resolutions.section.summary', {
          resolutions: data.resolutions.length,
          measures: data.measures.length,
          overdue,
        })}{' '}
        <a href={`/units/${data.unit.id}/resolutions`}>{t('resolutions.section.link')}</a>
      </p>
    </section>
  )
}
