import { CsrfField, ErrorSummary, Field, type FormState } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'

export function RegisterPage({ ctx, form }: { ctx: ViewContext; form: FormState }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('accounts.register.title')}>
      <h1>{t('accounts.register.title')}</h1>
      <p class="lead">{t('accounts.register.intro')}</p>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action="/register" class="stack" novalidate>
        <CsrfField ctx={ctx} />
        <Field
          ctx={ctx}
          form={form}
          name="displayName"
          label={t('accounts.register.displayName')}
          autocomplete="name"
          required
        />
        <Field
          ctx={ctx}
          form={form}
          name="email"
          type="email"
          label={t('accounts.register.email')}
          autocomplete="email"
          required
        />
        <Field
          ctx={ctx}
          form={form}
          name="password"
          type="password"
          label={t('accounts.register.password')}
          hint={t('accounts.register.passwordHint')}
          autocomplete="new-password"
          required
        />
        <button type="submit">{t('accounts.register.submit')}</button>
      </form>
      <ul class="links">
        <li>
          <a href="/login">{t('accounts.register.haveAccount')}</a>
        </li>
      </ul>
    </Layout>
  )
}

/** The one answer to every request that might send a mail, whether or not it did. */
export function CheckInboxPage({ ctx }: { ctx: ViewContext }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('accounts.sent.title')}>
      <h1>{t('accounts.sent.title')}</h1>
      <p>{t('accounts.sent.body')}</p>
      <p>
        <a href="/login">{t('accounts.sent.back')}</a>
      </p>
    </Layout>
  )
}

/** A page with one button, so that fetching a link (as mail scanners do) never uses it up. */
export function ConfirmLinkPage(props: {
  ctx: ViewContext
  title: string
  intro: string
  action: string
  submit: string
}) {
  const { ctx } = props
  return (
    <Layout ctx={ctx} title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.intro}</p>
      <form method="post" action={props.action} class="stack">
        <CsrfField ctx={ctx} />
        <button type="submit">{props.submit}</button>
      </form>
    </Layout>
  )
}

export function InvalidLinkPage({ ctx }: { ctx: ViewContext }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('accounts.invalidLink.title')}>
      <h1>{t('accounts.invalidLink.title')}</h1>
      <p>{t('accounts.invalidLink.body')}</p>
      <ul class="links">
        <li>
          <a href="/login/link">{t('accounts.invalidLink.again')}</a>
        </li>
        <li>
          <a href="/password/forgot">{t('accounts.login.forgot')}</a>
        </li>
      </ul>
    </Layout>
  )
}
