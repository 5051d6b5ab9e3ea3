import type { MessageKey } from '../../platform/i18n/index.js'
import { formatDate, formatDateTime, formatNumber } from '../../platform/i18n/index.js'
import { textBlocks } from '../../platform/pdf/document.js'
import {
  CheckboxField,
  CsrfField,
  ErrorSummary,
  Field,
  type FormState,
  TextareaField,
} from '../../platform/views/components.js'
import type { ViewContext } from '../../platform/views/context.js'
import { Layout } from '../../platform/views/layout.js'
import type { FigureLine, ReportMeasure } from './figures.js'
import type { listUnitReports, ReportView, viewReportOverview, viewVersion } from './service.js'
import { type BoardReport, boardReportAudiences } from './tables.js'

type ReportList = Awaited<ReturnType<typeof listUnitReports>>
type ReportOverview = Awaited<ReturnType<typeof viewReportOverview>>
type VersionView = Awaited<ReturnType<typeof viewVersion>>

/**
 * The page a figure comes from, where the reader can follow it: the unit's events (filtered as the figure counts)
 * for everyone; the onboarding queue, help requests, partnerships and the volunteer pages for the board, whose
 * pages they are.
 */
export function figureSource(
  unitId: string,
  kind: string,
  f: Pick<FigureLine, 'name' | 'type'>,
  board: boolean,
): string | null {
  if (kind === 'events') {
    const filter =
      f.name === 'eventsOfType' && f.type
        ? `?type=${encodeURIComponent(f.type)}`
        : f.name === 'childcare'
          ? '?childcare=on'
          : f.name === 'stepFree'
            ? '?barrierFree=on'
            : ''
    return `/units/${unitId}/events${filter}`
  }
  if (kind === 'resolutions') return `/units/${unitId}/resolutions`
  if (!board) return null
  if (kind === 'new_members') return `/onboarding/units/${unitId}?show=all`
  if (kind === 'help') return '/help'
  if (kind === 'partnerships') return '/partnerships'
  if (kind === 'volunteers') return f.name === 'pool' ? '/volunteers/search' : '/volunteers/projects'
  if (kind === 'surveys') return `/units/${unitId}/surveys`
  return null
}

/** A web address in the board's text: http(s) only, up to the next space or closing bracket. */
const webAddress = /\bhttps?:\/\/[^\s<>"')\]]+[^\s<>"')\].,;:!?]/g

/** A line of the board's text with its web addresses as links (external: no referrer, no follow). */
function Linked({ text }: { text: string }) {
  const parts: (string | { href: string })[] = []
  let last = 0
  for (const m of text.matchAll(webAddress)) {
    parts.push(text.slice(last, m.index), { href: m[0] })
    last = m.index + m[0].length
  }
  parts.push(text.slice(last))
  return (
    <>
      {parts.map((p, i) =>
        typeof p === 'string' ? (
          p
        ) : (
          <a key={i} href={p.href} rel="noopener noreferrer nofollow">
            {p.href}
          </a>
        ),
      )}
    </>
  )
}

/**
 * The board's text: plain text with paragraphs (split at empty lines, line breaks kept), lists (every line of a
 * paragraph starting with "- ", "* " or "•") and web addresses as links; the same blocks the PDF draws. Escaped by
 * preact: no markup of the board's reaches the page.
 */
export function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {textBlocks(text).map((b, i) =>
        b.kind === 'list' ? (
          <ul key={i} class="report-text">
            {b.items.map((item, j) => (
              <li key={j}>
                <Linked text={item} />
              </li>
            ))}
          </ul>
        ) : (
          <p key={i} class="report-text">
            <Linked text={b.kind === 'paragraph' || b.kind === 'note' ? b.text : ''} />
          </p>
        ),
      )}
    </>
  )
}

/** A figure as the reader sees it: a count, a percentage, hours, or "fewer than 5". */
export function figureValue(
  ctx: Pick<ViewContext, 't' | 'locale'>,
  f: { value: number | null; format: FigureLine['format']; suppressed?: boolean },
) {
  if (f.suppressed) return ctx.t('reports.suppressed')
  if (f.value === null) return '–'
  if (f.format === 'share') return `${formatNumber(ctx.locale, Math.round(f.value * 100))} %`
  if (f.format === 'hours') return `${formatNumber(ctx.locale, f.value)} h`
  return formatNumber(ctx.locale, f.value)
}

export function figureLabel(ctx: Pick<ViewContext, 't' | 'locale'>, f: FigureLine) {
  const type = f.type ? ctx.t(`events.types.${f.type}` as MessageKey) : ''
  return ctx.t(`reports.figures.${f.name}` as MessageKey, { type })
}

function Figures(props: {
  ctx: ViewContext
  figures: FigureLine[]
  source?: (f: FigureLine) => string | null
}) {
  const { ctx, figures, source } = props
  return (
    <dl class="report-figures">
      {figures.map((f, i) => {
        const href = source?.(f)
        const label = figureLabel(ctx, f)
        return (
          <div key={i}>
            <dt>{href ? <a href={href}>{label}</a> : label}</dt>
            <dd>
              {figureValue(ctx, f)}
              {f.state !== undefined && (
                <span class="hint">
                  {' '}
                  (
                  {ctx.t('reports.stateBeside', {
                    value: figureValue(ctx, { value: f.state, format: f.format }),
                  })}
                  )
                </span>
              )}
            </dd>
          </div>
        )
      })}
    </dl>
  )
}

/** When a measure is due: the date, and the resolution's own words where it has them; '–' without either. */
export function measureDue(
  ctx: Pick<ViewContext, 't' | 'locale'>,
  m: Pick<ReportMeasure, 'dueOn' | 'dueText'>,
) {
  const parts = [m.dueOn ? formatDate(ctx.locale, m.dueOn) : '', m.dueText ? `„${m.dueText}“` : '']
  return parts.filter(Boolean).join(' ') || '–'
}

/** Who is responsible for a measure: the unit, and the team or role within it. */
export const measureResponsible = (m: Pick<ReportMeasure, 'unitName' | 'responsibleNote'>) =>
  m.responsibleNote ? `${m.unitName} (${m.responsibleNote})` : m.unitName

/**
 * The measures of resolutions the unit is responsible for: each with its page, its resolution, who is responsible,
 * when it is due and how it stands. `marked` (a draft) names the ones a public report leaves out.
 */
function MeasureList(props: { ctx: ViewContext; measures: readonly ReportMeasure[]; marked: boolean }) {
  const { ctx, measures, marked } = props
  const { t } = ctx
  if (measures.length === 0) return null
  return (
    <table class="report-measures">
      <caption>{t('reports.measures.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('reports.measures.measure')}</th>
          <th scope="col">{t('reports.measures.responsible')}</th>
          <th scope="col">{t('reports.measures.due')}</th>
          <th scope="col">{t('reports.measures.status')}</th>
        </tr>
      </thead>
      <tbody>
        {measures.map((m) => (
          <tr key={m.id}>
            <td>
              <a href={`/measures/${m.id}`}>{m.title}</a>
              <br />
              <span class="hint">{m.resolutionTitle}</span>
              {marked && m.visibility === 'members' && (
                <>
                  <br />
                  <span class="hint">{t('reports.measures.membersOnly')}</span>
                </>
              )}
            </td>
            <td>{measureResponsible(m)}</td>
            <td>{measureDue(ctx, m)}</td>
            <td>{t(`resolutions.statuses.${m.status}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export const periodText = (ctx: Pick<ViewContext, 't' | 'locale'>, from: string, to: string) =>
  ctx.t('reports.period', { from: formatDate(ctx.locale, from), to: formatDate(ctx.locale, to) })

export function ReportListPage(props: { ctx: ViewContext; data: ReportList; form: FormState }) {
  const { ctx, data, form } = props
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={`${t('reports.title')} – ${data.unit.name}`}>
      <h1>
        {t('reports.title')} – {data.unit.name}
      </h1>
      <p>{t('reports.intro')}</p>
      {data.reports.length === 0 && <p>{t('reports.empty')}</p>}
      <ul class="report-list">
        {data.reports.map((r) => (
          <li key={r.id}>
            <a href={`/reports/${r.id}`}>{r.title}</a> · {periodText(ctx, r.periodFrom, r.periodTo)} ·{' '}
            {r.status === 'published' ? t(`reports.audiences.${r.audience}`) : t('reports.statuses.draft')}
          </li>
        ))}
      </ul>
      {data.canSeeOverview && (
        <p>
          <a href={`/units/${data.unit.id}/reports/overview`}>{t('reports.overview.link')}</a>
        </p>
      )}
      <p>
        <a href={`/units/${data.unit.id}/reports.atom`} type="application/atom+xml">
          {t('reports.feed')}
        </a>
      </p>
      {data.canStart && (
        <section>
          <h2>{t('reports.start.heading')}</h2>
          <ErrorSummary ctx={ctx} form={form} />
          <form method="post" action={`/units/${data.unit.id}/reports`}>
            <CsrfField ctx={ctx} />
            <p class="hint">{t('reports.start.hint')}</p>
            <Field
              ctx={ctx}
              form={form}
              name="from"
              type="date"
              label={t('reports.start.from')}
              value={data.defaults.from}
            />
            <Field
              ctx={ctx}
              form={form}
              name="to"
              type="date"
              label={t('reports.start.to')}
              value={data.defaults.to}
            />
            <button type="submit">{t('reports.start.submit')}</button>
          </form>
        </section>
      )}
      {data.canStart && (
        <section>
          <h2>{t('reports.settings.heading')}</h2>
          <form method="post" action={`/units/${data.unit.id}/reports/settings`}>
            <CsrfField ctx={ctx} />
            <CheckboxField
              name="requiresApproval"
              label={t('reports.settings.requiresApproval')}
              checked={data.requiresApproval}
            />
            <button type="submit">{t('reports.settings.save')}</button>
          </form>
        </section>
      )}
    </Layout>
  )
}

/** The offices' overview: every KV under the unit, and whether it has reported on the last half-year. */
export function ReportOverviewPage(props: { ctx: ViewContext; data: ReportOverview }) {
  const { ctx, data } = props
  const { t } = ctx
  const title = `${t('reports.overview.title')} – ${data.unit.name}`
  const withState = data.unit.kind === 'federal'
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href={`/units/${data.unit.id}/reports`}>{t('reports.title')}</a>
      </p>
      <h1>{title}</h1>
      <p>
        {t('reports.overview.summary', {
          period: periodText(ctx, data.period.from, data.period.to),
          reported: data.reported,
          all: data.rows.length,
        })}
      </p>
      <table>
        <thead>
          <tr>
            {withState && <th scope="col">{ctx.levelNames.state}</th>}
            <th scope="col">{ctx.levelNames.district}</th>
            <th scope="col">{t('reports.overview.report')}</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r) => (
            <tr key={r.unitId}>
              {withState && <td>{r.stateName}</td>}
              <th scope="row">
                <a href={`/units/${r.unitId}/reports`}>{r.unitName}</a>
              </th>
              <td>
                {r.reportId ? (
                  <>
                    <a href={`/reports/${r.reportId}`}>{r.reportTitle}</a>
                    {r.publishedAt && ` (${formatDate(ctx.locale, r.publishedAt)})`}
                  </>
                ) : (
                  t('reports.overview.none')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  )
}

/** On the unit's page: its newest published reports the visitor may read, and the way to all of them. */
export function UnitReportsSection(props: {
  ctx: ViewContext
  unit: { id: string }
  reports: Pick<BoardReport, 'id' | 'title' | 'periodFrom' | 'periodTo'>[]
}) {
  const { ctx, unit, reports } = props
  return (
    <section aria-labelledby="reports-section-heading">
      <h2 id="reports-section-heading">{ctx.t('reports.title')}</h2>
      {reports.length > 0 && (
        <ul>
          {reports.map((r) => (
            <li key={r.id}>
              <a href={`/reports/${r.id}`}>{r.title}</a> ({periodText(ctx, r.periodFrom, r.periodTo)})
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={`/units/${unit.id}/reports`}>{ctx.t('reports.section.all')}</a>
      </p>
    </section>
  )
}

/** The report as a file: a PDF to print or pass on, Markdown to publish elsewhere. */
function Downloads({ ctx, id }: { ctx: ViewContext; id: string }) {
  return (
    <p class="report-downloads">
      <a href={`/reports/${id}/pdf`} type="application/pdf">
        {ctx.t('reports.pdf')}
      </a>{' '}
      · <a href={`/reports/${id}/markdown`}>{ctx.t('reports.markdown')}</a>
    </p>
  )
}

/** The report as its readers see it; a draft says its figures are live. */
export function ReportPage(props: { ctx: ViewContext; data: ReportView; preview?: boolean }) {
  const { ctx, data, preview } = props
  const { t } = ctx
  const { report } = data
  const shown = data.sections.filter((s) => !s.hidden)
  const board = data.board
  return (
    <Layout ctx={ctx} title={report.title}>
      {preview && (
        <p class="notice">
          {t('reports.preview.notice')} <a href={`/reports/${report.id}`}>{t('reports.preview.back')}</a>
        </p>
      )}
      <article class="board-report">
        <p>
          <a href={`/units/${data.unit.id}/reports`}>{data.unit.name}</a> ·{' '}
          {periodText(ctx, report.periodFrom, report.periodTo)}
        </p>
        <h1>{report.title}</h1>
        <p class="report-authors">{report.authors}</p>
        <p class="hint">
          {report.status === 'draft'
            ? t('reports.edit.liveFigures', { time: formatDateTime(ctx.locale, data.figuresAt) })
            : t('reports.frozen', { time: formatDateTime(ctx.locale, data.figuresAt) })}
        </p>
        <Downloads ctx={ctx} id={report.id} />
        <p>{report.salutation}</p>
        <Paragraphs text={report.introduction} />
        {shown.map((s, i) => (
          <section key={s.id}>
            <h2>
              {i + 1}. {s.heading}
            </h2>
            <Figures
              ctx={ctx}
              figures={s.figures}
              source={(f) => figureSource(data.unit.id, s.kind, f, board)}
            />
            <MeasureList ctx={ctx} measures={s.measures} marked={report.status === 'draft'} />
            <Paragraphs text={s.body} />
          </section>
        ))}
        {(report.outlook || data.upcoming.length > 0) && (
          <section>
            <h2>{t('reports.edit.outlook')}</h2>
            <Paragraphs text={report.outlook} />
            {data.upcoming.length > 0 && (
              <>
                <h3>{t('reports.upcoming')}</h3>
                <ul>
                  {data.upcoming.map((e) => (
                    <li key={e.id}>
                      {formatDateTime(ctx.locale, e.startsAt)}: <a href={`/events/${e.id}`}>{e.title}</a>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
        )}
        <Paragraphs text={report.thanks} />
      </article>
    </Layout>
  )
}

/** The draft editor: the board's texts, each section's figures beside its text, then save or publish. */
export function ReportEditPage(props: { ctx: ViewContext; data: ReportView; form: FormState }) {
  const { ctx, data, form } = props
  const { t } = ctx
  const { report } = data
  const v = (name: string) => form.values?.[name]
  return (
    <Layout ctx={ctx} title={`${t('reports.edit.heading')}: ${report.title}`}>
      <p>
        <a href={`/units/${data.unit.id}/reports`}>{data.unit.name}</a> ·{' '}
        {periodText(ctx, report.periodFrom, report.periodTo)} · {t('reports.statuses.draft')}
      </p>
      <h1>{t('reports.edit.heading')}</h1>
      <p class="hint">
        {t('reports.edit.liveFigures', { time: formatDateTime(ctx.locale, data.figuresAt) })}
      </p>
      <p>
        <a href={`/reports/${report.id}/preview`}>{t('reports.preview.link')}</a>
      </p>
      <Downloads ctx={ctx} id={report.id} />
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={`/reports/${report.id}`}>
        <CsrfField ctx={ctx} />
        <Field
          ctx={ctx}
          form={form}
          name="title"
          label={t('reports.edit.titleField')}
          value={report.title}
          required
        />
        <Field
          ctx={ctx}
          form={form}
          name="authors"
          label={t('reports.edit.authors')}
          value={report.authors}
          required
        />
        <Field
          ctx={ctx}
          form={form}
          name="salutation"
          label={t('reports.edit.salutation')}
          value={report.salutation}
          required
        />
        <TextareaField
          ctx={ctx}
          form={form}
          name="introduction"
          label={t('reports.edit.introduction')}
          hint={t('reports.edit.textHint')}
          value={report.introduction}
          rows={8}
        />
        {data.sections.map((s, i) => (
          <fieldset key={s.id} class="report-section" id={`section-${s.id}`}>
            <legend>
              {i + 1}. {s.heading}
            </legend>
            {s.kind === 'custom' ? (
              <Field
                ctx={ctx}
                form={form}
                name={`heading_${s.id}`}
                label={t('reports.edit.sectionHeading')}
                value={s.heading}
              />
            ) : (
              <>
                <Figures
                  ctx={ctx}
                  figures={s.figures}
                  source={(f) => figureSource(data.unit.id, s.kind, f, true)}
                />
                <MeasureList ctx={ctx} measures={s.measures} marked />
              </>
            )}
            <TextareaField
              ctx={ctx}
              form={form}
              name={`section_${s.id}`}
              label={t('reports.edit.sectionText')}
              value={s.body}
              rows={8}
            />
            <CheckboxField
              name={`hide_${s.id}`}
              label={t('reports.edit.hide')}
              checked={form.values ? v(`hide_${s.id}`) === 'on' : s.hidden}
            />
          </fieldset>
        ))}
        <TextareaField
          ctx={ctx}
          form={form}
          name="outlook"
          label={t('reports.edit.outlook')}
          value={report.outlook}
          rows={6}
        />
        <TextareaField
          ctx={ctx}
          form={form}
          name="thanks"
          label={t('reports.edit.thanks')}
          value={report.thanks}
          rows={3}
        />
        <button type="submit">{t('reports.edit.save')}</button>
      </form>
      <form method="post" action={`/reports/${report.id}/sections`} class="report-add-section">
        <CsrfField ctx={ctx} />
        <Field
          ctx={ctx}
          form={form}
          name="heading"
          label={t('reports.edit.newSection')}
          hint={t('reports.edit.newSectionHint')}
        />
        <button type="submit">{t('reports.edit.addSection')}</button>
      </form>
      {data.approval?.required && (
        <section class="report-approval">
          <h2>{t('reports.approval.heading')}</h2>
          {data.approval.approvedBy && data.approval.approvedAt ? (
            <p>
              {t('reports.approval.given', {
                name: data.approval.approvedBy,
                time: formatDateTime(ctx.locale, data.approval.approvedAt),
              })}
            </p>
          ) : (
            <>
              <p>{t('reports.approval.needed')}</p>
              {data.approval.canApprove ? (
                <form method="post" action={`/reports/${report.id}/approve`}>
                  <CsrfField ctx={ctx} />
                  <button type="submit">{t('reports.approval.approve')}</button>
                </form>
              ) : (
                data.approval.ownChange && <p class="hint">{t('reports.approval.ownChange')}</p>
              )}
            </>
          )}
        </section>
      )}
      <form method="post" action={`/reports/${report.id}/publish`} class="report-publish">
        <CsrfField ctx={ctx} />
        <fieldset>
          <legend>{t('reports.publish.legend')}</legend>
          <p class="hint">{t('reports.edit.publishHint')}</p>
          {boardReportAudiences.map((a) => (
            <div class="field field--radio" key={a}>
              <label>
                <input
                  type="radio"
                  name="audience"
                  value={a}
                  checked={(v('audience') ?? 'members') === a}
                  required
                />{' '}
                {t(`reports.audiences.${a}`)}
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit">{t('reports.edit.publish')}</button>
      </form>
      {data.approval && (
        <section class="report-versions">
          <h2>{t('reports.versions.heading')}</h2>
          {data.approval.versions.length === 0 ? (
            <p>{t('reports.versions.none')}</p>
          ) : (
            <ol reversed>
              {data.approval.versions.map((v) => (
                <li key={v.version}>
                  <a href={`/reports/${report.id}/versions/${v.version}`}>
                    {t('reports.versions.item', {
                      version: v.version,
                      time: formatDateTime(ctx.locale, v.savedAt),
                      name: v.savedBy ?? t('reports.versions.unknown'),
                    })}
                  </a>
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
    </Layout>
  )
}

/** A saved version's texts as they were, and the way to take them back into the draft. */
export function ReportVersionPage(props: { ctx: ViewContext; data: VersionView }) {
  const { ctx, data } = props
  const { t } = ctx
  const { report, version } = data
  const texts = version.texts
  const title = t('reports.versions.title', { version: version.version, title: texts.title })
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href={`/reports/${report.id}`}>{t('reports.versions.back')}</a>
      </p>
      <h1>{title}</h1>
      <p class="hint">
        {t('reports.versions.savedBy', {
          time: formatDateTime(ctx.locale, version.savedAt),
          name: data.savedBy ?? t('reports.versions.unknown'),
        })}
      </p>
      <article class="board-report">
        <p class="report-authors">{texts.authors}</p>
        <p>{texts.salutation}</p>
        <Paragraphs text={texts.introduction} />
        {texts.sections
          .filter((s) => !s.hidden)
          .map((s) => (
            <section key={s.id}>
              <h2>{s.heading}</h2>
              <Paragraphs text={s.body} />
            </section>
          ))}
        {texts.outlook && (
          <section>
            <h2>{t('reports.edit.outlook')}</h2>
            <Paragraphs text={texts.outlook} />
          </section>
        )}
        <Paragraphs text={texts.thanks} />
      </article>
      {data.canWrite && report.status === 'draft' && (
        <form method="post" action={`/reports/${report.id}/versions/${version.version}/restore`}>
          <CsrfField ctx={ctx} />
          <p class="hint">{t('reports.versions.restoreHint')}</p>
          <button type="submit">{t('reports.versions.restore')}</button>
        </form>
      )}
    </Layout>
  )
}
