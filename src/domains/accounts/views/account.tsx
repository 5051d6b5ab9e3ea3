import { formatDateTime } from '../../../platform/i18n/index.js'
import { PostButton } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { AccountOverview } from '../service/index.js'

export function AccountPage({
  ctx,
  account,
  provider,
}: {
  ctx: ViewContext
  account: AccountOverview
  /** The configured provider, to name a login linked to it. */
  provider?: { issuer: string; name: string } | undefined
}) {
  const { t, locale } = ctx
  const { user, homeUnit, roles, sessions, currentSessionId, linkedLogins } = account
  const providerName = (issuer: string) =>
    provider && issuer.replace(/\/$/, '') === provider.issuer.replace(/\/$/, '')
      ? provider.name
      : new URL(issuer).host
  return (
    <Layout ctx={ctx} title={t('accounts.account.title')} wide>
      <h1>{t('accounts.account.title')}</h1>
      <dl class="facts">
        <dt>{t('accounts.account.name')}</dt>
        <dd>{user.displayName}</dd>
        <dt>{t('accounts.account.email')}</dt>
        <dd>
          {user.email}
          {!user.emailVerifiedAt && ` (${t('accounts.account.unverified')})`}
        </dd>
        <dt>{t('accounts.account.homeUnit')}</dt>
        <dd>
          {homeUnit ? (
            <a href={`/units/${homeUnit.id}`}>{homeUnit.name}</a>
          ) : (
            t('accounts.account.noHomeUnit')
          )}
        </dd>
      </dl>
      <p>
        <a href="/account/data">{t('privacy.myData.accountLink')}</a>
      </p>

      <h2>{t('accounts.account.roles')}</h2>
      {roles.length === 0 ? (
        <p>{t('accounts.account.noRoles')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('accounts.account.role')}</th>
                <th scope="col">{t('accounts.account.unit')}</th>
              </tr>
            </thead>
            <tbody>
              {roles.map((r) => (
                <tr key={`${r.role}-${r.unitId}`}>
                  <td>{t(`accounts.roles.${r.role}`)}</td>
                  <td>
                    <a href={`/units/${r.unitId}`}>{r.unitName}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {(provider || linkedLogins.length > 0) && (
        <>
          <h2>{t('accounts.sso.linkedTitle')}</h2>
          {linkedLogins.length === 0 ? (
            <p>{t('accounts.sso.linkedNone')}</p>
          ) : (
            <ul>
              {linkedLogins.map((l) => (
                <li key={l.id}>
                  {`${providerName(l.issuer)}, ${t('accounts.sso.linkedSince', { date: formatDateTime(locale, l.linkedAt) })} `}
                  {user.passwordHash ? (
                    <PostButton
                      ctx={ctx}
                      action={`/account/logins/${l.id}/unlink`}
                      label={t('accounts.sso.unlink')}
                      class="secondary"
                    />
                  ) : (
                    <span class="hint">{t('accounts.sso.unlinkHint')}</span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}

      <p>
        <a href="/account/two-factor">{t('accounts.twoFactor.title')}</a>
      </p>
      <p>
        <a href="/account/mails">{t('accounts.mails.title')}</a>
      </p>
      <p>
        <a href="/account/tokens">{t('api.tokens.accountLink')}</a>
      </p>

      <h2>{t('accounts.account.sessions')}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('accounts.account.created')}</th>
              <th scope="col">{t('accounts.account.lastSeen')}</th>
              <th scope="col">{t('accounts.account.userAgent')}</th>
              <th scope="col">{t('accounts.account.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td>{formatDateTime(locale, s.createdAt)}</td>
                <td>{formatDateTime(locale, s.lastSeenAt)}</td>
                <td>
                  {s.userAgent ?? t('accounts.account.unknownAgent')}
                  {s.id === currentSessionId && <strong>{` (${t('accounts.account.current')})`}</strong>}
                </td>
                <td>
                  <PostButton
                    ctx={ctx}
                    action={`/account/sessions/${s.id}/end`}
                    label={t('accounts.account.endSession')}
                    class="secondary"
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {sessions.length > 1 && (
        <PostButton ctx={ctx} action="/account/sessions/end-others" label={t('accounts.account.endOthers')} />
      )}
    </Layout>
  )
}
