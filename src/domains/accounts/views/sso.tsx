import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'

const reasons = [
  'expired',
  'unreachable',
  'denied',
  'invalid',
  'unknownPerson',
  'unverifiedEmail',
  'noEmail',
  'otherLink',
  'deactivated',
  'ambiguous',
] as const

/** Why a sign-in with the party's provider did not lead to a session, and the way back to the login page. */
export function SsoFailedPage({
  ctx,
  provider,
  reason,
}: {
  ctx: ViewContext
  provider: string
  reason: string
}) {
  const { t } = ctx
  const known = (reasons as readonly string[]).includes(reason)
    ? (reason as (typeof reasons)[number])
    : 'invalid'
  return (
    <Layout ctx={ctx} title={t('accounts.sso.failedTitle', { provider })}>
      <h1>{t('accounts.sso.failedTitle', { provider })}</h1>
      <p role="alert">{t(`accounts.sso.reasons.${known}`, { provider })}</p>
      <p>
        <a href="/login">{t('accounts.sso.backToLogin')}</a>
      </p>
    </Layout>
  )
}

/** The button on the login page: a link that starts the sign-in at the provider. */
export function SsoButton({ ctx, provider, next }: { ctx: ViewContext; provider: string; next: string }) {
  const href = next === '/' ? '/login/oidc' : `/login/oidc?next=${encodeURIComponent(next)}`
  return (
    <p>
      <a class="button" href={href}>
        {ctx.t('accounts.sso.button', { provider })}
      </a>
    </p>
  )
}

/**
 * After signing out of the platform, on the way to the provider to end the sign-in there too. The browser is sent
 * on by the answer's `Refresh` header rather than a redirect of the sign-out form, which the pages' CSP
 * (`form-action 'self'`) would stop at the provider's origin; the link is for a browser that does not follow it.
 */
export function ProviderLogoutPage({
  ctx,
  provider,
  url,
}: {
  ctx: ViewContext
  provider: string
  url: string
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('accounts.sso.logoutTitle', { provider })}>
      <h1>{t('accounts.sso.logoutTitle', { provider })}</h1>
      <p role="status">{t('accounts.sso.logoutBody', { provider })}</p>
      <p>
        <a class="button" href={url}>
          {t('accounts.sso.logoutContinue', { provider })}
        </a>
      </p>
    </Layout>
  )
}
