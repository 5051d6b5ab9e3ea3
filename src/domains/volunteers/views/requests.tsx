import { formatDateTime } from '../../../platform/i18n/index.js'
import { PostButton } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { listMyRequests, listSentRequests } from '../service/index.js'
import { SubNav } from './shared.js'

type Inbox = Awaited<ReturnType<typeof listMyRequests>>
type Sent = Awaited<ReturnType<typeof listSentRequests>>

export function InboxPage({ ctx, rows }: { ctx: ViewContext; rows: Inbox }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('volunteers.requests.title')}>
      <SubNav ctx={ctx} />
      <h1>{t('volunteers.requests.title')}</h1>
      <p>{t('volunteers.requests.intro')}</p>
      {rows.length === 0 && <p>{t('volunteers.requests.empty')}</p>}
      {rows.map((r) => (
        <article key={r.request.id} class="volunteers-request">
          <h2>
            {t('volunteers.requests.from')} {r.unitName}
            {r.request.askedAs && ` (${t(`accounts.roles.${r.request.askedAs}`)})`}
          </h2>
          <p class="hint">
            {formatDateTime(ctx.locale, r.request.createdAt)} · {t(`volunteers.statuses.${r.request.status}`)}
          </p>
          <p class="volunteers-message">{r.request.message}</p>
          {r.request.status === 'pending' && (
            <p class="actions">
              <PostButton
                ctx={ctx}
                action={`/volunteers/requests/${r.request.id}/answer`}
                label={t('volunteers.requests.accept')}
              >
                <input type="hidden" name="answer" value="accept" />
              </PostButton>{' '}
              <PostButton
                ctx={ctx}
                action={`/volunteers/requests/${r.request.id}/answer`}
                label={t('volunteers.requests.decline')}
                class="secondary"
              >
                <input type="hidden" name="answer" value="decline" />
              </PostButton>
            </p>
          )}
        </article>
      ))}
    </Layout>
  )
}

export function SentPage({ ctx, rows }: { ctx: ViewContext; rows: Sent }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('volunteers.sent.title')} wide>
      <SubNav ctx={ctx} />
      <h1>{t('volunteers.sent.title')}</h1>
      {rows.length === 0 ? (
        <p>{t('volunteers.sent.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('volunteers.sent.to')}</th>
                <th scope="col">{t('volunteers.ask.unit')}</th>
                <th scope="col">{t('volunteers.ask.message')}</th>
                <th scope="col">{t('partnerships.fields.status')}</th>
                <th scope="col">{t('volunteers.sent.contact')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.request.id}>
                  <td>{r.contact ? `${r.contact.firstName} ${r.contact.lastName}` : r.firstName}</td>
                  <td>{r.unitName}</td>
                  <td>{r.request.message}</td>
                  <td>{t(`volunteers.statuses.${r.request.status}`)}</td>
                  <td>
                    {r.contact ? (
                      <dl class="volunteers-contact">
                        {r.contact.email && (
                          <>
                            <dt>{t('volunteers.sent.email')}</dt>
                            <dd>
                              <a href={`mailto:${r.contact.email}`}>{r.contact.email}</a>
                            </dd>
                          </>
                        )}
                        {r.contact.phone && (
                          <>
                            <dt>{t('volunteers.sent.phone')}</dt>
                            <dd>{r.contact.phone}</dd>
                          </>
                        )}
                      </dl>
                    ) : (
                      <span class="hint">{t('volunteers.sent.hidden')}</span>
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
