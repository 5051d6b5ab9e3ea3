import type { AuditTrailState, BreakReason } from '../../platform/audit/chain.js'
import { type Role, roles } from '../../platform/auth/actor.js'
import { formatDateTime, formatNumber } from '../../platform/i18n/index.js'
import { PostButton } from '../../platform/views/components.js'
import type { ViewContext } from '../../platform/views/context.js'
import { Layout } from '../../platform/views/layout.js'
import type { AuditQuery } from './input.js'
import type { AuditAbilities } from './policy.js'
import type { AuditRow } from './repo.js'

const isRole = (v: string | null): v is Role => (roles as readonly string[]).includes(v ?? '')

function actingRole(ctx: ViewContext, value: string | null) {
  if (isRole(value)) return ctx.t(`orgUnits.roles.names.${value}`)
  if (value === 'anonymous') return ctx.t('auditLog.list.anonymous')
  return ctx.t('auditLog.list.none')
}

function pageUrl(query: AuditQuery, page: number) {
  const params = new URLSearchParams()
  if (query.action) params.set('action', query.action)
  if (query.actor) params.set('actor', query.actor)
  if (page > 1) params.set('page', String(page))
  const qs = params.toString()
  return qs ? `/admin/audit?${qs}` : '/admin/audit'
}

const breakReasons: readonly string[] = ['mismatch', 'missing_row', 'unsealed_row'] satisfies BreakReason[]
const isBreakReason = (v: string | null): v is BreakReason => breakReasons.includes(v ?? '')

function LastCheck({ ctx, check }: { ctx: ViewContext; check: AuditTrailState['lastCheck'] }) {
  const { t, locale } = ctx
  if (!check) return <p>{t('auditLog.chain.neverChecked')}</p>
  const at = formatDateTime(locale, check.at)
  if (check.brokenAt === null) {
    return (
      <p class="flash flash--success">
        {check.checkedUpTo === null
          ? t('auditLog.chain.checkOkEmpty', { at })
          : t('auditLog.chain.checkOk', {
              at,
              upTo: formatNumber(locale, check.checkedUpTo),
              rows: formatNumber(locale, check.rows),
            })}
      </p>
    )
  }
  return (
    <div class="flash flash--error">
      <p>
        <strong>
          {t('auditLog.chain.checkBroken', { at, brokenAt: formatNumber(locale, check.brokenAt) })}
        </strong>
      </p>
      {isBreakReason(check.reason) && <p>{t(`auditLog.chain.reasons.${check.reason}`)}</p>}
    </div>
  )
}

/** How far the hash chain reaches and whether the latest check found it intact (SECURITY-GOALS L-4). */
function ChainState({ ctx, chain, can }: { ctx: ViewContext; chain: AuditTrailState; can: AuditAbilities }) {
  const { t, locale } = ctx
  return (
    <section aria-labelledby="chain-heading" class="audit-chain">
      <h2 id="chain-heading">{t('auditLog.chain.title')}</h2>
      <p>{t('auditLog.chain.intro')}</p>
      <p>
        {chain.sealed
          ? t('auditLog.chain.sealed', {
              seq: formatNumber(locale, chain.sealed.seq),
              at: formatDateTime(locale, chain.sealed.sealedAt),
            })
          : t('auditLog.chain.nothingSealed')}{' '}
        {chain.pending > 0 && t('auditLog.chain.pending', { count: formatNumber(locale, chain.pending) })}
      </p>
      {chain.sealed && (
        <dl>
          <dt>{t('auditLog.chain.head')}</dt>
          <dd>
            <code class="audit-id">{chain.sealed.hash}</code>
            <p class="hint">{t('auditLog.chain.headHint')}</p>
          </dd>
        </dl>
      )}
      <LastCheck ctx={ctx} check={chain.lastCheck} />
      {can.verify && <PostButton ctx={ctx} action="/admin/audit/verify" label={t('auditLog.chain.verify')} />}
    </section>
  )
}

export function AuditLogPage({
  ctx,
  query,
  rows,
  hasNext,
  chain,
  can,
}: {
  ctx: ViewContext
  query: AuditQuery
  rows: AuditRow[]
  hasNext: boolean
  chain: AuditTrailState
  can: AuditAbilities
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('auditLog.list.title')} wide>
      <p class="eyebrow">
        <a href="/admin">{t('orgUnits.admin.title')}</a>
      </p>
      <h1>{t('auditLog.list.title')}</h1>
      <p>{t('auditLog.list.intro')}</p>
      <ChainState ctx={ctx} chain={chain} can={can} />
      <form method="get" action="/admin/audit" class="audit-filter">
        <fieldset>
          <legend>{t('auditLog.list.filter')}</legend>
          <div class="field">
            <label for="f-action">{t('auditLog.list.action')}</label>
            <p class="hint" id="f-action-hint">
              {t('auditLog.list.actionHint')}
            </p>
            <input
              id="f-action"
              name="action"
              type="search"
              value={query.action ?? ''}
              maxlength={100}
              aria-describedby="f-action-hint"
            />
          </div>
          <div class="field">
            <label for="f-actor">{t('auditLog.list.actor')}</label>
            <input id="f-actor" name="actor" type="search" value={query.actor ?? ''} maxlength={254} />
          </div>
          <button type="submit">{t('auditLog.list.apply')}</button>{' '}
          {(query.action || query.actor) && <a href="/admin/audit">{t('auditLog.list.reset')}</a>}
        </fieldset>
      </form>
      {rows.length === 0 ? (
        <p>{t('auditLog.list.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table class="audit-table">
            <thead>
              <tr>
                <th scope="col">{t('auditLog.list.at')}</th>
                <th scope="col">{t('auditLog.list.who')}</th>
                <th scope="col">{t('auditLog.list.role')}</th>
                <th scope="col">{t('auditLog.list.unit')}</th>
                <th scope="col">{t('auditLog.list.what')}</th>
                <th scope="col">{t('auditLog.list.object')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <time dateTime={r.at.toISOString()}>{formatDateTime(ctx.locale, r.at)}</time>
                  </td>
                  <td>{r.actorEmail ?? t('auditLog.list.system')}</td>
                  <td>{actingRole(ctx, r.actingRole)}</td>
                  <td>{r.unitId ? <a href={`/units/${r.unitId}`}>{r.unitName}</a> : ''}</td>
                  <td>
                    <code>{r.action}</code>
                  </td>
                  <td>
                    {r.objectType}
                    {r.objectId && (
                      <>
                        {' '}
                        <code class="audit-id">{r.objectId}</code>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label={t('common.pager.page', { page: query.page })}>
        {query.page > 1 && (
          <a href={pageUrl(query, query.page - 1)} rel="prev">
            {t('common.pager.previous')}
          </a>
        )}{' '}
        <span>{t('common.pager.page', { page: query.page })}</span>{' '}
        {hasNext && (
          <a href={pageUrl(query, query.page + 1)} rel="next">
            {t('common.pager.next')}
          </a>
        )}
      </nav>
    </Layout>
  )
}
