import { CsrfField, ErrorSummary, Field, type FormState } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'

/** "Send me a link": used for the login link and for the password reset, which differ only in words. */
export function RequestLinkPage(props: {
  ctx: ViewContext
  form: FormState
  kind: 'link' | 'forgot'
  action: string
}) {
  const { ctx, form, kind } = props
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t(`accounts.${kind}.title`)}>
      <h1>{t(`accounts.${kind}.title`)}</h1>
      <p>{t(`accounts.${kind}.intro`)}</p>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={props.action} class="stack" novalidate>
        <CsrfField ctx={ctx} />
        <Field
          ctx={ctx}
          form={form}
          name="email"
          type="email"
          label={t(`accounts.${kind}.email`)}
          autocomplete="email"
          required
        />
        <button type="submit">{t(`accounts.${kind}.submit`)}</button>
      </form>
    </Layout>
  )
}

export function ResetPasswordPage({
  ctx,
  form,
  action,
}: {
  ctx: ViewContext
  form: FormState
  action: string
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('accounts.reset.title')}>
      <h1>{t('accounts.reset.title')}</h1>
      <p>{t('accounts.reset.intro')}</p>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={action} class="stack" novalidate>
        <CsrfField ctx={ctx} />
        <Field
          ctx={ctx}
          form={form}
          name="password"
          type="password"
          label={t('accounts.reset.password')}
          hint={t('accounts.register.passwordHint')}
          autocomplete="new-password"
          required
        />
        <button type="submit">{t('accounts.reset.submit')}</button>
      </form>
    </Layout>
  )
}
