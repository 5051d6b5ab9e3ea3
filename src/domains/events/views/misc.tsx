import { CsrfField } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { Event, EventRsvp } from '../tables.js'
import { whenOf } from './format.js'

export function GuestSentPage({ ctx }: { ctx: ViewContext }) {
  return (
    <Layout ctx={ctx} title={ctx.t('events.guest.sentTitle')}>
      <h1>{ctx.t('events.guest.sentTitle')}</h1>
      <p>{ctx.t('events.guest.sentBody')}</p>
    </Layout>
  )
}

/** The page a confirmation link opens: a button, so a mail scanner that follows links confirms nothing. */
export function GuestConfirmPage(props: { ctx: ViewContext; token: string; event: Event; rsvp: EventRsvp }) {
  const { ctx, event, rsvp } = props
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('events.guest.confirmTitle')}>
      <h1>{t('events.guest.confirmTitle')}</h1>
      <p>
        {t('events.guest.confirmIntro', {
          name: rsvp.guestName ?? '',
          title: event.title,
          when: whenOf(ctx.locale, event.startsAt, event.endsAt),
        })}
      </p>
      <form method="post" action={`/events/rsvp/${props.token}`}>
        <CsrfField ctx={ctx} />
        <button type="submit">{t('events.guest.confirm')}</button>
      </form>
    </Layout>
  )
}

export function GuestDonePage(props: { ctx: ViewContext; event: Event; status: EventRsvp['status'] }) {
  const { ctx, event } = props
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('events.guest.doneTitle')}>
      <h1>{t('events.guest.doneTitle')}</h1>
      <p>
        {props.status === 'waitlisted'
          ? t('events.guest.doneWaitlisted', { title: event.title })
          : t('events.guest.doneConfirmed', { title: event.title })}
      </p>
      <p>
        <a href={`/events/${event.id}`}>{event.title}</a>
      </p>
    </Layout>
  )
}

export function CalendarPage(props: { ctx: ViewContext; since: string | null; feedUrl?: string }) {
  const { ctx } = props
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('events.calendar.title')}>
      <h1>{t('events.calendar.title')}</h1>
      <p>{t('events.calendar.intro')}</p>
      {props.feedUrl ? (
        <div class="panel">
          <p>{t('events.calendar.yourUrl')}</p>
          <p>
            <code class="feed-url">{props.feedUrl}</code>
          </p>
        </div>
      ) : (
        <p>{props.since ? t('events.calendar.since', { date: props.since }) : t('events.calendar.none')}</p>
      )}
      <form method="post" action="/calendar">
        <CsrfField ctx={ctx} />
        <button type="submit">
          {props.since || props.feedUrl ? t('events.calendar.renew') : t('events.calendar.create')}
        </button>
      </form>
    </Layout>
  )
}
