import { formatDateTime } from '../../platform/i18n/index.js'
import {
  CsrfField,
  ErrorSummary,
  Field,
  type FormState,
  PostButton,
  SelectField,
} from '../../platform/views/components.js'
import type { ViewContext } from '../../platform/views/context.js'
import { Layout } from '../../platform/views/layout.js'
import { tokenLifetimesDays } from './input.js'
import type { viewTokens } from './service/tokens.js'

type TokensData = Awaited<ReturnType<typeof viewTokens>>

export function TokensPage({ ctx, data, form }: { ctx: ViewContext; data: TokensData; form: FormState }) {
  const { t, locale } = ctx
  return (
    <Layout ctx={ctx} title={t('api.tokens.title')} wide>
      <h1>{t('api.tokens.title')}</h1>
      <p>{t('api.tokens.intro')}</p>
      <p>
        <a href="/api/v1/docs">{t('api.tokens.docs')}</a>
      </p>

      <h2>{t('api.tokens.list')}</h2>
      {data.tokens.length === 0 ? (
        <p>{t('api.tokens.none')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('api.tokens.name')}</th>
                <th scope="col">{t('api.tokens.scope')}</th>
                <th scope="col">{t('api.tokens.unit')}</th>
                <th scope="col">{t('api.tokens.created')}</th>
                <th scope="col">{t('api.tokens.expires')}</th>
                <th scope="col">{t('api.tokens.lastUsed')}</th>
                <th scope="col">{t('api.tokens.state')}</th>
                <th scope="col">{t('api.tokens.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {data.tokens.map((tok) => (
                <tr key={tok.id}>
                  <td>{tok.name}</td>
                  <td>{tok.scope === 'write' ? t('api.tokens.scopeWrite') : t('api.tokens.scopeRead')}</td>
                  <td>{tok.unitName}</td>
                  <td>{formatDateTime(locale, tok.createdAt)}</td>
                  <td>{formatDateTime(locale, tok.expiresAt)}</td>
                  <td>
                    {tok.lastUsedAt ? formatDateTime(locale, tok.lastUsedAt) : t('api.tokens.neverUsed')}
                  </td>
                  <td>{t(`api.tokens.${tok.state}`)}</td>
                  <td>
                    {tok.state === 'live' && (
                      <PostButton
                        ctx={ctx}
                        action={`/account/tokens/${tok.id}/revoke`}
                        label={t('api.tokens.revoke')}
                        class="secondary"
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t('api.tokens.new')}</h2>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action="/account/tokens" novalidate>
        <CsrfField ctx={ctx} />
        <Field ctx={ctx} form={form} name="name" label={t('api.tokens.name')} required />
        <SelectField
          ctx={ctx}
          form={form}
          name="scope"
          label={t('api.tokens.scope')}
          value="read"
          options={[
            { value: 'read', label: t('api.tokens.scopeRead') },
            { value: 'write', label: t('api.tokens.scopeWrite') },
          ]}
        />
        <SelectField
          ctx={ctx}
          form={form}
          name="unitId"
          label={t('api.tokens.unit')}
          options={data.units.map((u) => ({ value: u.id, label: u.name }))}
        />
        <SelectField
          ctx={ctx}
          form={form}
          name="days"
          label={t('api.tokens.days')}
          value="90"
          options={tokenLifetimesDays.map((d) => ({
            value: String(d),
            label: t('api.tokens.daysValue', { days: d }),
          }))}
        />
        <button type="submit">{t('api.tokens.create')}</button>
      </form>
    </Layout>
  )
}

export function TokenCreatedPage({ ctx, token, name }: { ctx: ViewContext; token: string; name: string }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('api.tokens.createdTitle')}>
      <h1>{t('api.tokens.createdTitle')}</h1>
      <p>{name}</p>
      <p role="alert">{t('api.tokens.createdOnce')}</p>
      <p>
        <code id="new-token" class="token">
          {token}
        </code>
      </p>
      <p>
        <a href="/account/tokens">{t('api.tokens.back')}</a>
      </p>
    </Layout>
  )
}

type Operation = {
  method: string
  path: string
  operationId: string
  summary: string
  description?: string
  tag: string
  secured: boolean
  write: boolean
  parameters: { name: string; in: string; required: boolean; description?: string; schema: unknown }[]
  body?: unknown
  response: unknown
  statuses: { status: string; description: string }[]
}

/** The reference of the API, rendered by the platform from its own OpenAPI document: no third-party scripts. */
export function ApiDocsPage({
  ctx,
  operations,
  problems,
  rateLimit,
}: {
  ctx: ViewContext
  operations: Operation[]
  problems: { code: string; status: number; title: string }[]
  rateLimit: number
}) {
  const { t } = ctx
  const json = (v: unknown) => JSON.stringify(v, null, 2)
  return (
    <Layout ctx={ctx} title={t('api.docs.title')} wide>
      <h1>{t('api.docs.title')}</h1>
      <p>{t('api.docs.intro')}</p>
      <p>{t('api.docs.rateLimit', { max: rateLimit })}</p>
      <p>
        <a href="/api/v1/openapi.json">{t('api.docs.document')}</a>
      </p>
      <h2>{t('api.docs.operations')}</h2>
      <ul>
        {operations.map((op) => (
          <li key={op.operationId}>
            <a href={`#op-${op.operationId}`}>
              <code>{`${op.method} ${op.path}`}</code>
            </a>{' '}
            {op.summary}
          </li>
        ))}
      </ul>
      {operations.map((op) => (
        <section key={op.operationId} id={`op-${op.operationId}`} aria-labelledby={`h-${op.operationId}`}>
          <h3 id={`h-${op.operationId}`}>
            <code>{`${op.method} ${op.path}`}</code>
          </h3>
          <p>
            {op.summary}
            {op.secured && ` (${op.write ? t('api.docs.write') : t('api.docs.auth')})`}
          </p>
          {op.description && <p>{op.description}</p>}
          {op.parameters.length > 0 && (
            <>
              <h4>{t('api.docs.parameters')}</h4>
              <ul>
                {op.parameters.map((p) => (
                  <li key={`${p.in}-${p.name}`}>
                    <code>{p.name}</code> ({p.in}
                    {p.required ? ', required' : ''}) <code>{JSON.stringify(p.schema)}</code>
                    {p.description ? ` ${p.description}` : ''}
                  </li>
                ))}
              </ul>
            </>
          )}
          {op.body !== undefined && (
            <>
              <h4>{t('api.docs.body')}</h4>
              <pre>{json(op.body)}</pre>
            </>
          )}
          <h4>{t('api.docs.response')}</h4>
          <pre>{json(op.response)}</pre>
          <h4>{t('api.docs.answers')}</h4>
          <ul>
            {op.statuses.map((s) => (
              <li key={s.status}>
                <code>{s.status}</code> {s.description}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <h2>{t('api.docs.problems')}</h2>
      <dl>
        {problems.map((p) => (
          <div key={p.code} id={`problem-${p.code}`}>
            <dt>
              <code>{p.code}</code> ({p.status})
            </dt>
            <dd>{p.title}</dd>
          </div>
        ))}
      </dl>
    </Layout>
  )
}
