import { formatDateTime } from '../../../platform/i18n/index.js'
import { CsrfField, ErrorSummary, Field, type FormState } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { OrgUnit } from '../../org-units/index.js'
import type { PartnershipWithUnits } from '../service/index.js'
import { type PartnershipReport, partnershipStatuses } from '../tables.js'
import { CheckboxField, DetailFields, SelectField, TextareaField, UnitChoice } from './fields.js'

export const HONEYPOT_FIELD = 'website'

type Search = { qa: string; qb: string; resultsA: OrgUnit[]; resultsB: OrgUnit[] }

function SearchForm({ ctx, action, search }: { ctx: ViewContext; action: string; search: Search }) {
  const { t } = ctx
  return (
    <form method="get" action={action} class="search-form">
      <p class="hint">{t('partnerships.search.hint')}</p>
      <label for="f-qa">{t('partnerships.report.searchA')}</label>
      <input id="f-qa" name="qa" type="search" value={search.qa} />
      <label for="f-qb">{t('partnerships.report.searchB')}</label>
      <input id="f-qb" name="qb" type="search" value={search.qb} />{' '}
      <button type="submit" class="secondary">
        {t('partnerships.search.submit')}
      </button>
    </form>
  )
}

/** Sends the whole report form to the search, which brings it back with the KVs found and nothing lost. */
function SearchButton({ side, label }: { side: 'a' | 'b'; label: string }) {
  return (
    <button
      type="submit"
      class="secondary"
      formaction="/partnerships/report/search"
      formnovalidate
      name="search"
      value={side}
    >
      {label}
    </button>
  )
}

export function ReportFormPage({
  ctx,
  form,
  search,
  about,
}: {
  ctx: ViewContext
  form: FormState
  search: Search
  /** The partnership the report is about, when the form was opened from its page. */
  about?: { id: string; unitA: { name: string }; unitB: { name: string } }
}) {
  const { t } = ctx
  const partnershipId = form.values?.partnershipId
  return (
    <Layout ctx={ctx} title={t('partnerships.report.title')}>
      <h1>{t('partnerships.report.title')}</h1>
      <p>{t('partnerships.report.intro')}</p>
      <form method="post" action="/partnerships/report">
        <CsrfField ctx={ctx} />
        <ErrorSummary ctx={ctx} form={form} />
        <p class="hint">{t('partnerships.search.hint')}</p>
        <Field
          ctx={ctx}
          form={form}
          name="reporterName"
          label={t('partnerships.report.name')}
          required
          autocomplete="name"
        />
        <Field
          ctx={ctx}
          form={form}
          name="reporterEmail"
          type="email"
          label={t('partnerships.report.email')}
          hint={t('partnerships.report.emailHint')}
          required
          autocomplete="email"
        />
        <Field
          ctx={ctx}
          form={form}
          name="unitAText"
          label={t('partnerships.report.unitA')}
          value={form.values?.unitAText ?? search.qa}
          required
        />
        <SearchButton side="a" label={t('partnerships.report.searchAButton')} />
        <UnitChoice
          ctx={ctx}
          form={form}
          name="unitAId"
          legend={t('partnerships.report.pickA')}
          units={search.resultsA}
          emptyText={t('partnerships.report.pickHint')}
          optional
        />
        <Field
          ctx={ctx}
          form={form}
          name="unitBText"
          label={t('partnerships.report.unitB')}
          value={form.values?.unitBText ?? search.qb}
          required
        />
        <SearchButton side="b" label={t('partnerships.report.searchBButton')} />
        <UnitChoice
          ctx={ctx}
          form={form}
          name="unitBId"
          legend={t('partnerships.report.pickB')}
          units={search.resultsB}
          emptyText={t('partnerships.report.pickHint')}
          optional
        />
        <TextareaField
          ctx={ctx}
          form={form}
          name="message"
          label={t('partnerships.report.message')}
          required
        />
        {partnershipId && (
          <>
            <input type="hidden" name="partnershipId" value={partnershipId} />
            {about && (
              <p>{t('partnerships.report.about', { pair: `${about.unitA.name} – ${about.unitB.name}` })}</p>
            )}
          </>
        )}
        {/* Hidden from people by the stylesheet, not by type=hidden: form-filling bots still see a text field. */}
        <div class="hp-field" aria-hidden="true">
          <label for={`f-${HONEYPOT_FIELD}`}>{t('partnerships.report.honeypot')}</label>
          <input
            id={`f-${HONEYPOT_FIELD}`}
            name={HONEYPOT_FIELD}
            type="text"
            tabindex={-1}
            autocomplete="off"
          />
        </div>
        <button type="submit">{t('partnerships.report.submit')}</button>
      </form>
    </Layout>
  )
}

export function ReportThanksPage({ ctx }: { ctx: ViewContext }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('partnerships.report.thanksTitle')}>
      <h1>{t('partnerships.report.thanksTitle')}</h1>
      <p>{t('partnerships.report.thanks')}</p>
    </Layout>
  )
}

export function ReportQueuePage({ ctx, reports }: { ctx: ViewContext; reports: PartnershipReport[] }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('partnerships.reports.queueTitle')} wide>
      <h1>{t('partnerships.reports.queueTitle')}</h1>
      {reports.length === 0 ? (
        <p>{t('partnerships.reports.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('partnerships.reports.received')}</th>
                <th scope="col">{t('partnerships.fields.pair')}</th>
                <th scope="col">{t('partnerships.report.message')}</th>
                <th scope="col">{t('partnerships.report.name')}</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((r) => (
                <tr key={r.id}>
                  <td>{formatDateTime(ctx.locale, r.createdAt)}</td>
                  <td>
                    <a href={`/partnerships/reports/${r.id}`}>{`${r.unitAText} – ${r.unitBText}`}</a>
                  </td>
                  <td>{r.message.length > 160 ? `${r.message.slice(0, 160)}…` : r.message}</td>
                  <td>{r.reporterName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  )
}

export function ReportReviewPage(props: {
  ctx: ViewContext
  report: PartnershipReport
  picked: OrgUnit[]
  partnership: PartnershipWithUnits | undefined
  search: Search
  acceptForm: FormState
  rejectForm: FormState
}) {
  const { ctx, report, partnership, search } = props
  const { t } = ctx
  const action = `/partnerships/reports/${report.id}`
  const unitsA = [...props.picked.filter((u) => u.id === report.unitAId), ...search.resultsA]
  const unitsB = [...props.picked.filter((u) => u.id === report.unitBId), ...search.resultsB]
  const p = partnership?.partnership
  const language = report.locale === 'en' ? 'en' : 'de'
  return (
    <Layout ctx={ctx} title={t('partnerships.reports.reviewTitle')}>
      <h1>{t('partnerships.reports.reviewTitle')}</h1>
      <dl class="facts">
        <dt>{t('partnerships.report.name')}</dt>
        <dd>{`${report.reporterName} <${report.reporterEmail}>`}</dd>
        <dt>{t('partnerships.fields.pair')}</dt>
        <dd>{`${report.unitAText} – ${report.unitBText}`}</dd>
        <dt>{t('partnerships.report.message')}</dt>
        <dd class="prewrap">{report.message}</dd>
        <dt>{t('partnerships.reports.language')}</dt>
        <dd lang={language}>{t(`common.language.${language}`)}</dd>
        {partnership && (
          <>
            <dt>{t('partnerships.reports.refersTo')}</dt>
            <dd>
              <a href={`/partnerships/${partnership.partnership.id}`}>
                {`${partnership.unitA.name} – ${partnership.unitB.name}`}
              </a>
            </dd>
          </>
        )}
      </dl>
      <section aria-labelledby="accept-heading" class="panel">
        <h2 id="accept-heading">
          {partnership ? t('partnerships.reports.acceptUpdate') : t('partnerships.reports.acceptCreate')}
        </h2>
        {!partnership && <SearchForm ctx={ctx} action={action} search={search} />}
        <form method="post" action={`${action}/accept`}>
          <CsrfField ctx={ctx} />
          <ErrorSummary ctx={ctx} form={props.acceptForm} />
          {!partnership && (
            <>
              <UnitChoice
                ctx={ctx}
                form={props.acceptForm}
                name="unitAId"
                legend={t('partnerships.reports.unitA')}
                units={unitsA}
                selected={report.unitAId ?? undefined}
                emptyText={t('partnerships.report.pickHint')}
              />
              <UnitChoice
                ctx={ctx}
                form={props.acceptForm}
                name="unitBId"
                legend={t('partnerships.reports.unitB')}
                units={unitsB}
                selected={report.unitBId ?? undefined}
                emptyText={t('partnerships.report.pickHint')}
              />
            </>
          )}
          <SelectField
            ctx={ctx}
            form={props.acceptForm}
            name="status"
            label={t('partnerships.fields.status')}
            value={p?.status ?? 'active'}
            options={partnershipStatuses.map((s) => ({ value: s, label: t(`partnerships.statuses.${s}`) }))}
          />
          <DetailFields ctx={ctx} form={props.acceptForm} values={p ?? { story: report.message }} />
          <CheckboxField
            name="isPublic"
            label={t('partnerships.fields.isPublic')}
            checked={p?.isPublic ?? true}
          />
          <button type="submit">{t('partnerships.reports.accept')}</button>
        </form>
      </section>
      <section aria-labelledby="reject-heading" class="panel">
        <h2 id="reject-heading">{t('partnerships.reports.rejectTitle')}</h2>
        <form method="post" action={`${action}/reject`}>
          <CsrfField ctx={ctx} />
          <ErrorSummary ctx={ctx} form={props.rejectForm} />
          <TextareaField
            ctx={ctx}
            form={props.rejectForm}
            name="reason"
            label={t('partnerships.reports.reason')}
            hint={t('partnerships.reports.reasonHint', { language: t(`common.language.${language}`) })}
            required
          />
          <button type="submit" class="danger">
            {t('partnerships.reports.reject')}
          </button>
        </form>
      </section>
    </Layout>
  )
}
