import { CsrfField, ErrorSummary, Field, type FormState } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import { SsoButton } from './sso.js'

export function LoginPage({
  ctx,
  form,
  next,
  sso,
  passwordLogin = true,
}: {
  ctx: ViewContext
  form: FormState
  next: string
  /** The party's provider, when single sign-on is configured. */
  sso?: string | undefined
  /** False where only the provider (and the e-mail link) log people in. */
  passwordLogin?: boolean
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('accounts.login.title')}>
      <h1>{t('accounts.login.title')}</h1>
      {sso ? <SsoButton ctx={ctx} provider={sso} next={next} /> : null}
      {sso && passwordLogin ? <p>{t('accounts.sso.or')}</p> : null}
      <ErrorSummary ctx={ctx} form={form} />
      {passwordLogin && (
        <form method="post" action="/login" class="stack" novalidate>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="next" value={next} />
          <Field
            ctx={ctx}
            form={form}
            name="email"
            type="email"
            label={t('accounts.login.email')}
            autocomplete="email"
            required
          />
          <Field
            ctx={ctx}
            form={form}
            name="password"
            type="password"
            label={t('accounts.login.password')}
            autocomplete="current-password"
            required
          />
          <button type="submit">{t('accounts.login.submit')}</button>
        </form>
      )}
      <ul class="links">
        <li>
          <a href="/login/link">{t('accounts.login.magicLinkInstead')}</a>
        </li>
        {passwordLogin && (
          <li>
            <a href="/password/forgot">{t('accounts.login.forgot')}</a>
          </li>
        )}
        {passwordLogin && (
          <li>
            <a href="/register">{t('accounts.login.noAccount')}</a>
          </li>
        )}
      </ul>
    </Layout>
  )
}
