import { formatDate } from '../../../platform/i18n/index.js'
import { CsrfField, ErrorSummary, Field, type FormState } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { Enrolment, TwoFactorStatus } from '../service/index.js'

function CodeField({ ctx, form, label }: { ctx: ViewContext; form: FormState; label: string }) {
  return (
    <Field
      ctx={ctx}
      form={form}
      name="code"
      label={label}
      autocomplete="one-time-code"
      inputmode="numeric"
      required
    />
  )
}

/** The code prompt right after logging in, and whenever the notice's link is followed. */
export function SecondFactorPromptPage({
  ctx,
  form,
  next,
}: {
  ctx: ViewContext
  form: FormState
  next: string
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('accounts.twoFactor.promptTitle')}>
      <h1>{t('accounts.twoFactor.promptTitle')}</h1>
      <p>{t('accounts.twoFactor.promptIntro')}</p>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action="/login/two-factor" class="stack" novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="next" value={next} />
        <CodeField ctx={ctx} form={form} label={t('accounts.twoFactor.code')} />
        <button type="submit">{t('accounts.twoFactor.promptSubmit')}</button>
      </form>
      <p>
        <a href={next}>{t('accounts.twoFactor.skip')}</a>
      </p>
    </Layout>
  )
}

/** Set-up when the account has no authenticator; its state and the way to remove it when it has one. */
export function TwoFactorPage(props: {
  ctx: ViewContext
  status: TwoFactorStatus
  enrolment: Enrolment | undefined
  qr: { size: number; path: string } | undefined
  form: FormState
}) {
  const { ctx, status, enrolment, form } = props
  const { t, locale } = ctx
  return (
    <Layout ctx={ctx} title={t('accounts.twoFactor.title')}>
      <h1>{t('accounts.twoFactor.title')}</h1>
      <p>{t('accounts.twoFactor.intro')}</p>
      {!status.needed && !status.enrolled && <p class="notice">{t('accounts.twoFactor.notNeeded')}</p>}
      {status.enrolled && status.confirmedAt && (
        <>
          <p>{t('accounts.twoFactor.enrolled', { date: formatDate(locale, status.confirmedAt) })}</p>
          <p>{t('accounts.twoFactor.recoveryLeft', { count: status.recoveryCodesLeft })}</p>
          {status.confirmedHere ? (
            <p>{t('accounts.twoFactor.confirmedHere')}</p>
          ) : (
            <p>
              {t('accounts.twoFactor.notConfirmedHere')}{' '}
              <a href="/login/two-factor">{t('accounts.twoFactor.confirmNow')}</a>
            </p>
          )}
          <h2>{t('accounts.twoFactor.disableTitle')}</h2>
          <p>
            {status.confirmedHere
              ? t('accounts.twoFactor.disableIntro')
              : t('accounts.twoFactor.disableIntroUnconfirmed')}
          </p>
          <ErrorSummary ctx={ctx} form={form} />
          <form method="post" action="/account/two-factor/disable" class="stack" novalidate>
            <CsrfField ctx={ctx} />
            {status.confirmedHere && (
              <Field
                ctx={ctx}
                form={form}
                name="password"
                type="password"
                label={t('accounts.twoFactor.password')}
                autocomplete="current-password"
              />
            )}
            <Field
              ctx={ctx}
              form={form}
              name="code"
              label={
                status.confirmedHere
                  ? t('accounts.twoFactor.codeOrRecovery')
                  : t('accounts.twoFactor.codeOnly')
              }
              autocomplete="one-time-code"
            />
            <button type="submit" class="danger">
              {t('accounts.twoFactor.disableSubmit')}
            </button>
          </form>
        </>
      )}
      {enrolment && (
        <>
          <h2>{t('accounts.twoFactor.setupTitle')}</h2>
          <ErrorSummary ctx={ctx} form={form} />
          <ol class="stack">
            <li>
              <p>{t('accounts.twoFactor.step1')}</p>
              {props.qr && (
                <svg
                  class="qr-code"
                  role="img"
                  aria-label={t('accounts.twoFactor.qrLabel')}
                  viewBox={`-4 -4 ${props.qr.size + 8} ${props.qr.size + 8}`}
                  width={(props.qr.size + 8) * 5}
                  height={(props.qr.size + 8) * 5}
                  shape-rendering="crispEdges"
                >
                  <rect x={-4} y={-4} width={props.qr.size + 8} height={props.qr.size + 8} fill="#fff" />
                  <path d={props.qr.path} fill="#000" />
                </svg>
              )}
              <dl class="facts">
                <dt>{t('accounts.twoFactor.secret')}</dt>
                <dd>
                  <code class="secret">{enrolment.grouped}</code>
                </dd>
              </dl>
              <p>
                <a href={enrolment.uri}>{t('accounts.twoFactor.uri')}</a>
              </p>
            </li>
            <li>
              <form method="post" action="/account/two-factor" class="stack" novalidate>
                <CsrfField ctx={ctx} />
                <input type="hidden" name="enrolment" value={enrolment.sealed} />
                <CodeField ctx={ctx} form={form} label={t('accounts.twoFactor.step2')} />
                <button type="submit">{t('accounts.twoFactor.enrolSubmit')}</button>
              </form>
            </li>
          </ol>
        </>
      )}
    </Layout>
  )
}

/** Shown once, right after set-up: only the hashes are kept. */
export function RecoveryCodesPage({ ctx, codes }: { ctx: ViewContext; codes: string[] }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('accounts.twoFactor.recoveryTitle')}>
      <h1>{t('accounts.twoFactor.recoveryTitle')}</h1>
      <p>{t('accounts.twoFactor.recoveryIntro')}</p>
      <ul class="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <p>
        <a href="/" class="button">
          {t('accounts.twoFactor.continue')}
        </a>
      </p>
    </Layout>
  )
}
