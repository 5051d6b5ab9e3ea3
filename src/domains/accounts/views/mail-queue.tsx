import { formatDateTime } from '../../../platform/i18n/index.js'
import type { JobState } from '../../../platform/jobs/schedule.js'
import type { mailQueueOverview } from '../../../platform/mail/outbox.js'
import { PostButton } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'

export type MailQueue = Awaited<ReturnType<typeof mailQueueOverview>> & { jobs: JobState[] }

/**
 * The admin's view of the mail queue (what waits, what failed and the mail server's answer; no mail texts) and of
 * the timed jobs (last run, failures in a row, parked ones with their error, "resume").
 */
export function MailQueuePage({
  ctx,
  queue,
  maxFailures,
}: {
  ctx: ViewContext
  queue: MailQueue
  maxFailures: number
}) {
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
      <JobsSection ctx={ctx} jobs={queue.jobs} maxFailures={maxFailures} />
    </Layout>
  )
}

function JobsSection({
  ctx,
  jobs,
  maxFailures,
}: {
  ctx: ViewContext
  jobs: JobState[]
  maxFailures: number
}) {
  const { t, locale } = ctx
  const parked = jobs.filter((j) => j.parkedAt).length
  const at = (d: Date | null) => (d ? formatDateTime(locale, d) : '–')
  return (
    <section aria-labelledby="jobs-heading">
      <h2 id="jobs-heading">{t('accounts.jobs.title')}</h2>
      <p>{t('accounts.jobs.intro', { max: maxFailures })}</p>
      {parked > 0 && (
        <p class="notice" role="status">
          {t('accounts.jobs.parkedCount', { count: parked })}
        </p>
      )}
      {jobs.length === 0 ? (
        <p>{t('accounts.jobs.none')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('accounts.jobs.name')}</th>
                <th scope="col">{t('accounts.jobs.state')}</th>
                <th scope="col">{t('accounts.jobs.lastFinished')}</th>
                <th scope="col">{t('accounts.jobs.nextRun')}</th>
                <th scope="col">{t('accounts.jobs.error')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('accounts.jobs.action')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.name} data-job={j.name}>
                  <th scope="row">
                    <code>{j.name}</code>
                  </th>
                  <td>
                    {j.parkedAt
                      ? t('accounts.jobs.parked', { date: at(j.parkedAt), count: j.failures })
                      : j.lastError !== null
                        ? t('accounts.jobs.failing', { count: j.failures, max: maxFailures })
                        : t('accounts.jobs.ok')}
                  </td>
                  <td>{at(j.lastFinishedAt)}</td>
                  <td>{j.parkedAt ? '–' : at(j.nextRunAt)}</td>
                  <td>{j.lastError ?? '–'}</td>
                  <td>
                    {(j.parkedAt || j.lastError !== null) && (
                      <PostButton
                        ctx={ctx}
                        action={`/admin/jobs/${j.name}/resume`}
                        label={t(j.parkedAt ? 'accounts.jobs.resume' : 'accounts.jobs.retry')}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
