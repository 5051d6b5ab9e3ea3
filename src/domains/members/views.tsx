import { type ComponentChildren, Fragment } from 'preact'
import { writeCsv } from '../../platform/csv.js'
import { formatDate, formatNumber } from '../../platform/i18n/index.js'
import {
  CsrfField,
  ErrorSummary,
  Field,
  type FormState,
  SelectField,
  TextareaField,
} from '../../platform/views/components.js'
import type { ViewContext } from '../../platform/views/context.js'
import { Layout } from '../../platform/views/layout.js'
import type { ImportOutcome, RowProblem } from './import-outcome.js'
import { exportPurposes, type MemberListQuery, onboardingStates } from './input.js'
import { IMPORT_MAX_BYTES, memberColumnHeaders, memberColumns, type Reason } from './member-csv.js'
import type { MemberListRow } from './repo.js'
import type { viewMember, viewMemberList } from './service.js'

type ListData = Awaited<ReturnType<typeof viewMemberList>>

/** The search as query parameters, for the pages' and the export's links. */
function queryString(query: MemberListQuery, page?: number) {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (k !== 'page' && v !== undefined) params.set(k, String(v))
  if (page && page > 1) params.set('page', String(page))
  const text = params.toString()
  return text ? `?${text}` : ''
}

export function MemberListPage({
  ctx,
  unit,
  members,
  total,
  pages,
  options,
  query,
  exportError = false,
}: { ctx: ViewContext; query: MemberListQuery; exportError?: boolean } & ListData) {
  const { t } = ctx
  const select = (name: string, label: string, choices: { value: string; label: string }[]) => (
    <div class="field">
      <label for={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name}>
        <option value="">{t('members.list.any')}</option>
        {choices.map((c) => (
          <option key={c.value} value={c.value} selected={query[name as keyof MemberListQuery] === c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  )
  return (
    <Layout ctx={ctx} title={t('members.list.title', { unit: unit.name })} wide>
      <h1>{t('members.list.title', { unit: unit.name })}</h1>
      <form method="get" action={`/units/${unit.id}/members`} class="filter-form">
        <div class="field">
          <label for="f-q">{t('members.list.search')}</label>
          <input id="f-q" name="q" type="search" value={query.q ?? ''} maxlength={100} />
        </div>
        {options.locals.length > 0 &&
          select('local', t('members.list.localGroup'), [
            { value: 'none', label: t('members.list.noLocalGroup') },
            ...options.locals.map((l) => ({ value: l.id, label: l.name })),
          ])}
        {options.teams.length > 0 &&
          select(
            'team',
            t('members.list.team'),
            options.teams.map((l) => ({ value: l.id, label: l.name })),
          )}
        <div class="field">
          <label for="f-enteredFrom">{t('members.list.enteredFrom')}</label>
          <input id="f-enteredFrom" name="enteredFrom" type="date" value={query.enteredFrom ?? ''} />
        </div>
        <div class="field">
          <label for="f-enteredTo">{t('members.list.enteredTo')}</label>
          <input id="f-enteredTo" name="enteredTo" type="date" value={query.enteredTo ?? ''} />
        </div>
        {select(
          'onboarding',
          t('members.list.onboarding'),
          onboardingStates.map((s) => ({ value: s, label: t(`members.list.onboardingStates.${s}`) })),
        )}
        <button type="submit">{t('members.list.filter')}</button>
      </form>
      <p>{t('members.list.found', { count: formatNumber(ctx.locale, total) })}</p>
      {total > 0 && (
        <form method="get" action={`/units/${unit.id}/members.csv`} class="filter-form">
          {Object.entries(query).map(([k, v]) =>
            k !== 'page' && v !== undefined ? (
              <input key={k} type="hidden" name={k} value={String(v)} />
            ) : null,
          )}
          <div class={exportError ? 'field field--error' : 'field'}>
            <label for="f-purpose">{t('members.list.purpose')}</label>
            {exportError && (
              <p class="field-error" id="f-purpose-error">
                {t('members.list.purposeRequired')}
              </p>
            )}
            <select
              id="f-purpose"
              name="purpose"
              aria-invalid={exportError ? 'true' : undefined}
              aria-describedby={exportError ? 'f-purpose-error' : undefined}
            >
              <option value="">{t('members.list.choosePurpose')}</option>
              {exportPurposes.map((p) => (
                <option key={p} value={p}>
                  {t(`members.list.purposes.${p}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{t('members.list.export')}</button>
        </form>
      )}
      {members.length === 0 ? (
        <p>{t('members.list.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('members.list.number')}</th>
                <th scope="col">{t('members.list.name')}</th>
                <th scope="col">{t('members.list.localGroup')}</th>
                <th scope="col">{t('members.list.postalCode')}</th>
                <th scope="col">{t('members.list.enteredOn')}</th>
                <th scope="col">{t('members.list.onboarding')}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.id}>
                  <td>{m.memberNumber}</td>
                  <td>
                    <a href={`/members/${m.id}`}>{`${m.lastName}, ${m.firstName}`}</a>
                  </td>
                  <td>{m.localName ?? ''}</td>
                  <td>{m.postalCode ?? ''}</td>
                  <td>{formatDate(ctx.locale, m.enteredOn)}</td>
                  <td>{t(`members.list.onboardingStates.${m.onboarding}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <nav aria-label={t('members.list.pages')} class="pager">
          {query.page > 1 && (
            <a href={`/units/${unit.id}/members${queryString(query, query.page - 1)}`}>
              {t('members.list.previous')}
            </a>
          )}{' '}
          {t('members.list.pageOf', { page: query.page, pages })}{' '}
          {query.page < pages && (
            <a href={`/units/${unit.id}/members${queryString(query, query.page + 1)}`}>
              {t('members.list.next')}
            </a>
          )}
        </nav>
      )}
    </Layout>
  )
}

/** The export's columns, named in the reader's language. */
export function memberCsv(t: ViewContext['t'], rows: MemberListRow[]) {
  const header = [
    t('members.list.number'),
    t('members.csv.firstName'),
    t('members.csv.lastName'),
    t('members.list.postalCode'),
    t('members.list.localGroup'),
    t('members.list.enteredOn'),
    t('members.list.onboarding'),
  ]
  return writeCsv([
    header,
    ...rows.map((m) => [
      m.memberNumber,
      m.firstName,
      m.lastName,
      m.postalCode,
      m.localName,
      m.enteredOn,
      t(`members.list.onboardingStates.${m.onboarding}`),
    ]),
  ])
}

/** A member as their board sees them: the member record, where they belong, their teams and onboarding. */
export function MemberPage({
  ctx,
  data,
  form = {},
}: {
  ctx: ViewContext
  data: Awaited<ReturnType<typeof viewMember>>
  /** The placement form as sent, with its errors, when it failed. */
  form?: FormState
}) {
  const { t } = ctx
  const { member, home, local, teams, onboarding } = data
  const name = `${member.firstName} ${member.lastName}`
  const row = (label: string, value: ComponentChildren) => (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  )
  return (
    <Layout ctx={ctx} title={name}>
      <p class="eyebrow">
        <a href={`/units/${home.id}/members`}>{t('members.list.title', { unit: home.name })}</a>
      </p>
      <h1>{name}</h1>
      {form.errors && <ErrorSummary ctx={ctx} form={form} />}
      <dl class="facts">
        {row(t('members.list.number'), member.memberNumber)}
        {row(t('members.list.postalCode'), member.postalCode ?? '–')}
        {row(t('members.list.enteredOn'), formatDate(ctx.locale, member.enteredOn))}
        {member.leftOn && row(t('members.page.leftOn'), formatDate(ctx.locale, member.leftOn))}
        {row(ctx.levelNames.district, <a href={`/units/${home.id}`}>{home.name}</a>)}
        {row(t('members.list.localGroup'), local?.id ? local.name : t('members.list.noLocalGroup'))}
        {row(
          t('members.list.onboarding'),
          onboarding
            ? t('members.page.onboardingSteps', { closed: onboarding.closed, steps: onboarding.steps })
            : t('members.list.onboardingStates.none'),
        )}
      </dl>
      <h2>{t('members.page.teams')}</h2>
      {teams.length === 0 ? (
        <p>{t('members.page.noTeams')}</p>
      ) : (
        <ul>
          {teams.map((team) => (
            <li key={team.id}>
              {team.name} ({t(`members.page.teamStatus.${team.status === 'applied' ? 'applied' : team.role}`)}
              )
            </li>
          ))}
        </ul>
      )}
      <p class="hint">{t('members.page.privacy')}</p>
      <section aria-labelledby="message-heading">
        <h2 id="message-heading">{t('members.message.title')}</h2>
        {member.reachable ? (
          <>
            <p>{t('members.message.intro')}</p>
            <form method="post" action={`/members/${member.id}/message`} novalidate>
              <CsrfField ctx={ctx} />
              <Field ctx={ctx} form={form} name="subject" label={t('members.message.subject')} required />
              <TextareaField ctx={ctx} form={form} name="text" rows={6} label={t('members.message.text')} />
              <button type="submit">{t('members.message.submit')}</button>
            </form>
          </>
        ) : (
          <p>{t('members.message.unreachable')}</p>
        )}
      </section>
      {data.moveOptions.districts.length > 0 && (
        <section aria-labelledby="move-heading">
          <h2 id="move-heading">{t('members.move.title')}</h2>
          <p>{t('members.move.intro')}</p>
          <form method="post" action={`/members/${member.id}/placement`} novalidate>
            <CsrfField ctx={ctx} />
            <SelectField
              ctx={ctx}
              form={form}
              name="homeUnitId"
              label={t('members.move.home')}
              value={home.id}
              options={data.moveOptions.districts.map((d) => ({ value: d.id, label: d.name }))}
            />
            <SelectField
              ctx={ctx}
              form={form}
              name="localUnitId"
              label={t('members.move.local')}
              value={local?.id ?? ''}
              options={[
                { value: '', label: t('members.move.noLocal') },
                ...data.moveOptions.locals.map((l) => ({ value: l.id, label: l.name })),
              ]}
            />
            <button type="submit">{t('members.move.submit')}</button>
          </form>
        </section>
      )}
    </Layout>
  )
}

/** More rows than this would make the page too heavy to be read; the counts still say how many there are. */
const REPORT_ROWS = 500

function ProblemTable({
  ctx,
  problems,
  title,
  id = 'import-report',
}: {
  ctx: ViewContext
  problems: RowProblem[]
  title: string
  id?: string
}) {
  const { t } = ctx
  const shown = problems.slice(0, REPORT_ROWS)
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
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
      <p>
        {`${t('members.import.fileFormat', { megabytes: IMPORT_MAX_BYTES / 1024 / 1024 })} `}
        <a href="#columns">{t('members.import.columnsLink')}</a>
        {' · '}
        <a href="/admin/members/import/sample.csv" download="mitglieder-beispiel.csv">
          {t('members.import.sample')}
        </a>
      </p>
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
      <ImportColumns ctx={ctx} />
    </Layout>
  )
}

/** What the importer takes, column by column: the names it knows, whether it needs them, the format. */
function ImportColumns({ ctx }: { ctx: ViewContext }) {
  const { t } = ctx
  const columns = Object.keys(memberColumns) as (keyof typeof memberColumns)[]
  return (
    <section aria-labelledby="columns" class="import-columns">
      <h2 id="columns">{t('members.import.columnsTitle')}</h2>
      <p>{t('members.import.columnsIntro')}</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('members.import.columnName')}</th>
              <th scope="col">{t('members.import.columnRequired')}</th>
              <th scope="col">{t('members.import.columnContent')}</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((column) => {
              const [german, english] = memberColumnHeaders[column]
              return (
                <tr key={column} data-column={column}>
                  <th scope="row">
                    <code>{german}</code> {t('members.import.or')} <code lang="en">{english}</code>
                  </th>
                  <td>
                    {memberColumns[column].required
                      ? t('members.import.required')
                      : column === 'kv'
                        ? t('members.import.requiredWithoutPostalCode')
                        : t('members.import.optional')}
                  </td>
                  <td>{t(`members.import.columns.${column}`)}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      <p>{t('members.import.placing')}</p>
      <p>
        <a href="/admin/members/import/sample.csv" download="mitglieder-beispiel.csv">
          {t('members.import.sample')}
        </a>
        {` – ${t('members.import.sampleHint')}`}
      </p>
    </section>
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
    ['placedLocal', outcome.placedLocal],
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
      {outcome.notPlaced.length > 0 && (
        <>
          <p class="note" id="not-placed-intro">
            {t('members.import.notPlacedIntro')}
          </p>
          <ProblemTable
            ctx={ctx}
            problems={outcome.notPlaced}
            title={t('members.import.notPlacedTitle')}
            id="not-placed"
          />
        </>
      )}
      <p>
        <a href="/admin/members/import">{t('members.import.again')}</a>
      </p>
    </Layout>
  )
}
