import { CsrfField } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { planEvent } from '../service/index.js'

type Plan = Awaited<ReturnType<typeof planEvent>>

export function OrganisePage({ ctx, plan }: { ctx: ViewContext; plan: Plan }) {
  const { t } = ctx
  const { event: e, figures } = plan
  return (
    <Layout ctx={ctx} title={t('events.organise.title', { title: e.title })}>
      <h1>{t('events.organise.title', { title: e.title })}</h1>
      <p>
        <a href={`/events/${e.id}`}>{e.title}</a>
      </p>
      <p class="panel">
        <strong>{t('events.organise.checkInCode', { code: e.checkInCode })}</strong>
      </p>
      <h2>{t('events.organise.figures')}</h2>
      <dl class="facts">
        <dt>{t('events.organise.onSite')}</dt>
        <dd>{figures.onSite}</dd>
        <dt>{t('events.organise.online')}</dt>
        <dd>{figures.online}</dd>
        <dt>{t('events.organise.waiting')}</dt>
        <dd>{figures.waiting}</dd>
        <dt>{t('events.organise.unconfirmedGuests')}</dt>
        <dd>{figures.unconfirmedGuests}</dd>
        <dt>{t('events.organise.attended')}</dt>
        <dd>{figures.attended}</dd>
      </dl>
      <h2>{t('events.organise.children')}</h2>
      <table>
        <tbody>
          {figures.children.map((c) => (
            <tr key={c.group}>
              <th scope="row">{t('events.organise.ageGroup', { group: c.group })}</th>
              <td>{c.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 id="access-needs-heading">{t('events.organise.accessNeedCounts')}</h2>
      <p class="hint">{t('events.organise.accessNeedCountsHint')}</p>
      <div class="table-wrap">
        <table aria-labelledby="access-needs-heading">
          <thead>
            <tr>
              <th scope="col">{t('events.organise.need')}</th>
              <th scope="col">{t('events.organise.withPlace')}</th>
              <th scope="col">{t('events.organise.waiting')}</th>
            </tr>
          </thead>
          <tbody>
            {plan.accessNeedCounts.map((c) => (
              <tr key={c.kind}>
                <th scope="row">{t(`events.accessNeedKinds.${c.kind}`)}</th>
                <td>{c.confirmed}</td>
                <td>{c.waiting}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('events.organise.accessNeeds')}</h2>
      {plan.accessNeeds.length === 0 ? (
        <p>{t('events.organise.noAccessNeeds')}</p>
      ) : (
        <ul>
          {plan.accessNeeds.map((a, i) => (
            <li key={i}>
              <strong>{a.name}:</strong> {a.text}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('events.organise.roster')}</h2>
      {plan.roster.length === 0 ? (
        <p>{t('events.organise.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('events.organise.name')}</th>
                <th scope="col">{t('events.organise.status')}</th>
                <th scope="col">{t('events.organise.participation')}</th>
                <th scope="col">{t('events.organise.childrenCol')}</th>
                <th scope="col">{t('events.organise.present')}</th>
              </tr>
            </thead>
            <tbody>
              {plan.roster.map(({ rsvp, name }) => (
                <tr key={rsvp.id}>
                  <td>{name}</td>
                  <td>{t(`events.rsvpStatuses.${rsvp.status}`)}</td>
                  <td>{t(`events.participation.${rsvp.participation}`)}</td>
                  <td>{rsvp.childrenAges.join(', ')}</td>
                  <td>
                    {rsvp.status === 'confirmed' && (
                      <form method="post" action={`/events/${e.id}/attendance`} class="inline-form">
                        <CsrfField ctx={ctx} />
                        <input type="hidden" name="rsvpId" value={rsvp.id} />
                        {rsvp.attendedAt === null && <input type="hidden" name="attended" value="on" />}
                        <button type="submit" class={rsvp.attendedAt ? 'secondary' : undefined}>
                          {rsvp.attendedAt
                            ? `✓ ${t('events.organise.unmark')}`
                            : t('events.organise.markPresent')}
                          <span class="visually-hidden">{` – ${name}`}</span>
                        </button>
                      </form>
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
