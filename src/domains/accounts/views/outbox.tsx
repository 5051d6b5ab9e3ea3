import { formatDateTime } from '../../../platform/i18n/index.js'
import { linkify } from '../../../platform/mail/linkify.js'
import type { OutboxMail } from '../../../platform/mail/outbox.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'

export function OutboxPage({ ctx, mails }: { ctx: ViewContext; mails: readonly OutboxMail[] }) {
  const { t, locale } = ctx
  return (
    <Layout ctx={ctx} title={t('accounts.outbox.title')} wide>
      <h1>{t('accounts.outbox.title')}</h1>
      <p>{t('accounts.outbox.intro')}</p>
      {mails.length === 0 && <p>{t('accounts.outbox.empty')}</p>}
      {mails.map((mail, i) => (
        <article key={String(i)} class="outbox-mail">
          <h2>{mail.subject}</h2>
          <dl class="facts">
            <dt>{t('accounts.outbox.to')}</dt>
            <dd>{mail.to}</dd>
            <dt>{t('accounts.outbox.sentAt')}</dt>
            <dd>{formatDateTime(locale, mail.createdAt)}</dd>
          </dl>
          <pre class="mail">{linkify(mail.text ?? '')}</pre>
        </article>
      ))}
    </Layout>
  )
}
