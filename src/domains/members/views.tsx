import { Fragment } from 'preact'
import { formatDate, formatNumber } from '../../platform/i18n/index.js'
import { CsrfField } from '../../platform/views/components.js'
import type { ViewContext } from '../../platform/views/context.js'
import { Layout } from '../../platform/views/layout.js'
import type { OrgUnit } from '../org-units/index.js'
import type { ImportOutcome, RowProblem } from './import-outcome.js'
import type { Reason } from './member-csv.js'
import type { Member } from './tables.js'

export function MemberListPage({
  ctx,
  unit,
  members,
}: {
  ctx: ViewContext
  unit: OrgUnit
  members: Member[]
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('members.list.title', { unit: unit.name })} wide>
      <h1>{t('members.list.title', { unit: unit.name })}</h1>
      {members.length === 0 ? (
        <p>{t('members.list.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('members.list.number')}</th>
                <th scope="col">{t('members.list.name')}</th>
                <th scope="col">{t('members.list.postalCode')}</th>
                <th scope="col">{t('members.list.enteredOn')}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.id}>
                  <td>{m.memberNumber}</td>
                  <td>{`${m.lastName}, ${m.firstName}`}</td>
                  <td>{m.postalCode ?? ''}</td>
                  <td>{formatDate(ctx.locale, m.enteredOn)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  )
}

/** More rows than this would make the page too heavy to be read; the counts still say how many there are. */
const REPORT_ROWS = 500

function ProblemTable({ ctx, problems, title }: { ctx: ViewContext; problems: RowProblem[]; title: string }) {
  const { t } = ctx
  const shown = problems.slice(0, REPORT_ROWS)
  return (
    <section aria-labelledby="import-report">
      <h2 id="import-report">{title}</h2>
      {problems.length > shown.length && (
        <p>{t('members.import.reportTruncated', { shown: shown.length, total: problems.length })}</p>
      )}
      <div class="table-wrap">
        <table class="import-report">
          <thead>
            <tr>
              <th scope="col">{t('members.import.reportLine')}</th>
              <th scope="col">{t('members.import.reportColumn')}</th>
              <th scope="col">{t('members.import.reportReason')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((p) => (
              <tr key={`${p.line}-${p.field}`}>
                <td>{p.line}</td>
                <td>{p.field}</td>
                <td>{t(p.reason.key, p.reason.params)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

function IgnoredColumns({ ctx, columns }: { ctx: ViewContext; columns: string[] }) {
  if (columns.length === 0) return null
  return <p class="note">{ctx.t('members.import.ignoredColumns', { columns: columns.join(', ') })}</p>
}

export type ImportPageState =
  | { kind: 'empty' }
  | { kind: 'file-rejected'; problem: Reason }
  | Extract<ImportOutcome, { kind: 'rows-rejected' }>

/** The upload form, with what went wrong on the last attempt above it. */
export function MemberImportPage({ ctx, state }: { ctx: ViewContext; state: ImportPageState }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('members.import.title')} wide>
      <h1>{t('members.import.title')}</h1>
      {state.kind === 'file-rejected' && (
        <div class="error-summary" role="alert" tabindex={-1}>
          <p>
            <strong>{t('members.import.fileProblem')}</strong>
          </p>
          <p id="f-file-error">{t(state.problem.key, state.problem.params)}</p>
        </div>
      )}
      {state.kind === 'rows-rejected' && (
        <>
          <div class="error-summary" role="alert" tabindex={-1}>
            <p>
              <strong>{t('members.import.rejectedTitle', { count: state.rowsTotal - state.good })}</strong>
            </p>
            <p>{t('members.import.nothingWritten')}</p>
            <p>
              {state.good > 0
                ? t('members.import.goodRowsHint', { good: state.good, total: state.rowsTotal })
                : t('members.import.noGoodRows')}
            </p>
          </div>
          <IgnoredColumns ctx={ctx} columns={state.ignoredColumns} />
          <ProblemTable ctx={ctx} problems={state.problems} title={t('members.import.reportTitle')} />
        </>
      )}
      <p>{t('members.import.intro')}</p>
      <p class="hint">{t('members.import.columnsHelp')}</p>
      <form method="post" action="/admin/members/import" enctype="multipart/form-data" class="stack">
        {/* The CSRF check reads the body's first fields; the token must come before the file. */}
        <CsrfField ctx={ctx} />
        <div class={state.kind === 'file-rejected' ? 'field field--error' : 'field'}>
          <label for="f-file">{t('members.import.file')}</label>
          <input
            id="f-file"
            name="file"
            type="file"
            accept=".csv,text/csv,text/plain"
            required
            aria-describedby={state.kind === 'file-rejected' ? 'f-file-error' : undefined}
          />
        </div>
        <div class="field field--checkbox">
          <input
            id="f-goodOnly"
            name="goodOnly"
            type="checkbox"
            aria-describedby="f-goodOnly-hint"
            checked={state.kind === 'rows-rejected' && state.good > 0}
          />
          <label for="f-goodOnly">{t('members.import.goodOnly')}</label>
          <p class="hint" id="f-goodOnly-hint">
            {t('members.import.goodOnlyHint')}
          </p>
        </div>
        <button type="submit">{t('members.import.submit')}</button>
      </form>
    </Layout>
  )
}

/** The counts of a finished import, and in good-only mode the rows it skipped. */
export function MemberImportResultPage({
  ctx,
  outcome,
}: {
  ctx: ViewContext
  outcome: Extract<ImportOutcome, { kind: 'imported' }>
}) {
  const { t, locale } = ctx
  const counts = [
    ['rowsTotal', outcome.rowsTotal],
    ['inserted', outcome.inserted],
    ['updated', outcome.updated],
    ['unchanged', outcome.unchanged],
    ['skipped', outcome.skipped],
    ['erased', outcome.erased],
  ] as const
  return (
    <Layout ctx={ctx} title={t('members.import.doneTitle')} wide>
      <h1>{t('members.import.doneTitle')}</h1>
      <dl class="facts import-counts">
        {counts.map(([key, value]) => (
          <Fragment key={key}>
            <dt>{t(`members.import.${key}`)}</dt>
            <dd data-count={key}>{formatNumber(locale, value)}</dd>
          </Fragment>
        ))}
      </dl>
      <IgnoredColumns ctx={ctx} columns={outcome.ignoredColumns} />
      {outcome.problems.length > 0 && (
        <ProblemTable ctx={ctx} problems={outcome.problems} title={t('members.import.skippedTitle')} />
      )}
      <p>
        <a href="/admin/members/import">{t('members.import.again')}</a>
      </p>
    </Layout>
  )
}
