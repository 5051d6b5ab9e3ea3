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

/**
 * The page a guest's link opens: a button, so a mail scanner that follows links changes nothing.
 * Unconfirmed, the button confirms; confirmed or waiting, it cancels.
 */
export function GuestConfirmPage(props: { ctx: ViewContext; token: string; event: Event; rsvp: EventRsvp }) {
  const { ctx, event, rsvp } = props
  const { t } = ctx
  const confirming = rsvp.status === 'unconfirmed'
  const when = whenOf(ctx.locale, event.startsAt, event.endsAt)
  const title = confirming ? t('events.guest.confirmTitle') : t('events.guest.manageTitle')
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>
        {confirming
          ? t('events.guest.confirmIntro', { name: rsvp.guestName ?? '', title: event.title, when })
          : t('events.guest.manageIntro', {
              name: rsvp.guestName ?? '',
              title: event.title,
              when,
              status: t(`events.rsvpStatuses.${rsvp.status}`),
            })}
      </p>
      <form method="post" action={`/events/rsvp/${props.token}`}>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="action" value={confirming ? 'confirm' : 'cancel'} />
        <button type="submit" class={confirming ? undefined : 'danger'}>
          {confirming ? t('events.guest.confirm') : t('events.guest.cancel')}
        </button>
      </form>
    </Layout>
  )
}

export function GuestDonePage(props: { ctx: ViewContext; event: Event; status: EventRsvp['status'] }) {
  const { ctx, event } = props
  const { t } = ctx
  const title = props.status === 'cancelled' ? t('events.guest.cancelledTitle') : t('events.guest.doneTitle')
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>
        {props.status === 'cancelled'
          ? t('events.guest.cancelledBody', { title: event.title })
          : props.status === 'waitlisted'
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
