import { formatDateTime } from '../../../platform/i18n/index.js'
import type { mailQueueOverview } from '../../../platform/mail/outbox.js'
import { PostButton } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'

export type MailQueue = Awaited<ReturnType<typeof mailQueueOverview>>

/** The admin's view of the mail queue: what waits, what failed and the mail server's answer. No mail texts. */
export function MailQueuePage({ ctx, queue }: { ctx: ViewContext; queue: MailQueue }) {
  const { t, locale } = ctx
  const n = (s: keyof typeof queue.byStatus) => queue.byStatus[s] ?? 0
  return (
    <Layout ctx={ctx} title={t('accounts.mailQueue.title')} wide>
      <h1>{t('accounts.mailQueue.title')}</h1>
      <p class="lead">{t('accounts.mailQueue.intro')}</p>
      <p>
        {t('accounts.mailQueue.counts', {
          waiting: n('waiting'),
          sending: n('sending'),
          sent: n('sent'),
          failed: n('failed'),
        })}
      </p>
      {queue.open.length === 0 ? (
        <p>{t('accounts.mailQueue.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('accounts.mailQueue.to')}</th>
                <th scope="col">{t('accounts.mailQueue.subject')}</th>
                <th scope="col">{t('accounts.mailQueue.status')}</th>
                <th scope="col">{t('accounts.mailQueue.attempts')}</th>
                <th scope="col">{t('accounts.mailQueue.queuedAt')}</th>
                <th scope="col">{t('accounts.mailQueue.nextAttempt')}</th>
                <th scope="col">{t('accounts.mailQueue.reason')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('accounts.mailQueue.retry')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {queue.open.map((m) => (
                <tr key={String(m.id)}>
                  <td>{m.toAddress}</td>
                  <td>{m.subject}</td>
                  <td>{t(`accounts.mailQueue.statuses.${m.status}`)}</td>
                  <td>{m.attempts}</td>
                  <td>{formatDateTime(locale, m.createdAt)}</td>
                  <td>{m.status === 'waiting' ? formatDateTime(locale, m.nextAttemptAt) : '–'}</td>
                  <td>{m.lastError ?? '–'}</td>
                  <td>
                    {m.status !== 'sending' && (
                      <PostButton
                        ctx={ctx}
                        action={`/admin/mail/${m.id}/retry`}
                        label={t('accounts.mailQueue.retry')}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  )
}
