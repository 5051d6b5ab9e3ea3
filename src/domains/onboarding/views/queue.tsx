import { formatNumber } from '../../../platform/i18n/index.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import { queueFilters } from '../input.js'
import type { viewQueue } from '../service/index.js'
import { day, StateTag, stepTitle } from './shared.js'

type Queue = Awaited<ReturnType<typeof viewQueue>>

export function QueuePage({ ctx, data }: { ctx: ViewContext; data: Queue }) {
  const { t } = ctx
  const { kv, counts } = data
  const tabCount = {
    open: counts.overdue + counts.due + counts.later,
    overdue: counts.overdue,
    done: counts.done,
    all: counts.overdue + counts.due + counts.later + counts.done,
  }
  return (
    <Layout ctx={ctx} title={t('onboarding.queue.title', { kv: kv.name })} wide>
      <p class="eyebrow">
        <a href="/onboarding">{t('onboarding.overview.title')}</a>
      </p>
      <h1>{t('onboarding.queue.title', { kv: kv.name })}</h1>
      <p>{t('onboarding.queue.intro', { today: day(ctx, data.today) })}</p>
      <p>
        <a href={`/onboarding/standards/${kv.id}`}>{t('onboarding.queue.standardLink')}</a>
      </p>
      <p>
        <a href="/playbook?tag=onboarding">{t('playbook.links.welcomeGuide')}</a>
      </p>
      <nav class="tabs" aria-label={t('onboarding.queue.filterLabel')}>
        {queueFilters.map((f) => (
          <a
            key={f}
            href={`/onboarding/units/${kv.id}?show=${f}`}
            aria-current={data.filter === f ? 'page' : undefined}
          >
            {t(`onboarding.queue.filters.${f}`, { count: formatNumber(ctx.locale, tabCount[f]) })}
          </a>
        ))}
      </nav>
      {data.rows.length === 0 ? (
        <p>{t('onboarding.queue.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="onboarding-queue">
            <caption class="visually-hidden">{t('onboarding.queue.title', { kv: kv.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('onboarding.queue.name')}</th>
                <th scope="col">{t('onboarding.queue.entered')}</th>
                <th scope="col">{t('onboarding.queue.next')}</th>
                <th scope="col">{t('onboarding.queue.due')}</th>
                <th scope="col">{t('onboarding.queue.state')}</th>
                <th scope="col">{t('onboarding.queue.buddy')}</th>
                <th scope="col">{t('onboarding.queue.lastContact')}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.pipeline.id}>
                  <th scope="row">
                    <a href={`/onboarding/pipelines/${r.pipeline.id}`}>
                      {r.member.firstName} {r.member.lastName}
                    </a>
                  </th>
                  <td>{day(ctx, r.pipeline.enteredOn)}</td>
                  <td>{r.next ? stepTitle(ctx, r.next) : '–'}</td>
                  <td>{r.next ? day(ctx, r.next.dueOn) : '–'}</td>
                  <td>
                    <StateTag ctx={ctx} state={r.state} />
                  </td>
                  <td>{r.buddy?.id ? `${r.buddy.firstName} ${r.buddy.lastName}` : '–'}</td>
                  <td>
                    {r.lastContact
                      ? `${day(ctx, r.lastContact.attemptedOn)}: ${t(`onboarding.outcomes.${r.lastContact.outcome}`)}`
                      : '–'}
                    {r.lastContact?.callBackOn && (
                      <>
                        <br />
                        {t('onboarding.queue.callBack', { date: day(ctx, r.lastContact.callBackOn) })}
                      </>
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
