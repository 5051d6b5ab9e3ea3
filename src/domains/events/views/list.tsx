import type { SectionUnit } from '../../../platform/deps.js'
import type { Locale } from '../../../platform/i18n/index.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { KeptRenderings, type KeptString } from '../../../platform/views/kept.js'
import { Layout } from '../../../platform/views/layout.js'
import { TrustedHtml } from '../../../platform/views/trusted-html.js'
import type { OrgUnit } from '../../org-units/index.js'
import { readInclusion } from '../inclusion.js'
import type { EventFilters } from '../input.js'
import type { EventScope, EventWithHosts } from '../service/index.js'
import { eventTypes } from '../tables.js'
import { whenOf } from './format.js'
import { InclusionList } from './icons.js'

/** What an event's card shows, and all it shows: the key of its kept rendering. */
function cardOf({ event, hosts }: EventWithHosts) {
  return {
    id: event.id,
    type: event.type,
    status: event.status,
    title: event.title,
    startsAt: event.startsAt.getTime(),
    endsAt: event.endsAt.getTime(),
    venueName: event.venueName,
    inclusion: event.inclusion,
    hosts: hosts.map((h) => h.name).join(', '),
  }
}

function EventCard({ ctx, card }: { ctx: ViewContext; card: ReturnType<typeof cardOf> }) {
  const { t } = ctx
  return (
    <li class="event-card">
      <p class="eyebrow">
        {t(`events.types.${card.type}`)}
        {card.status === 'cancelled' && ` · ${t('events.statuses.cancelled')}`}
        {card.status === 'draft' && ` · ${t('events.statuses.draft')}`}
      </p>
      <h3>
        <a href={`/events/${card.id}`}>{card.title}</a>
      </h3>
      <p>
        {whenOf(ctx.locale, new Date(card.startsAt), new Date(card.endsAt))}
        {card.venueName && ` · ${card.venueName}`}
      </p>
      <p class="hint">{t('events.list.hostedBy', { hosts: card.hosts })}</p>
      <InclusionList ctx={ctx} profile={readInclusion(card.inclusion)} compact />
    </li>
  )
}

// Cards are rendered once per language and content (a KV's list shows the same cards to all its members,
// the page around them is each member's own), so a changed event, host name or language is a new key.
const keptCards = new KeptRenderings(5000)

// A frozen list is a kept one, or the events of a kept one that a visitor is shown (service/upcoming.ts,
// shownOf): the same array, unchanged, for every request while its data is current, so all its cards are kept
// with it as one, per language. Everyone shown the same events gets the same cards without keying, rendering
// or joining any; a list that is not frozen takes the keyed path.
const keptLists = new WeakMap<readonly EventWithHosts[], Map<Locale, KeptString>>()

function cardsOf(ctx: ViewContext, events: readonly EventWithHosts[]): KeptString {
  const frozen = Object.isFrozen(events)
  const kept = frozen ? keptLists.get(events)?.get(ctx.locale) : undefined
  if (kept) return kept
  const joined = KeptRenderings.join(
    events.map((e) => {
      const card = cardOf(e)
      return keptCards.render(`${ctx.locale}\u0000${JSON.stringify(card)}`, () => (
        <EventCard ctx={ctx} card={card} />
      ))
    }),
  )
  if (frozen) {
    const byLocale = keptLists.get(events) ?? new Map<Locale, KeptString>()
    byLocale.set(ctx.locale, joined)
    keptLists.set(events, byLocale)
  }
  return joined
}

export function EventCards({ ctx, events }: { ctx: ViewContext; events: readonly EventWithHosts[] }) {
  const { t } = ctx
  if (events.length === 0) return <p>{t('events.list.empty')}</p>
  return <TrustedHtml tag="ul" class="event-list" html={cardsOf(ctx, events)} />
}

const scopes: EventScope[] = ['own', 'partners', 'state']
const scopeKey = { own: 'scopeOwn', partners: 'scopePartners', state: 'scopeState' } as const

export function UnitEventsPage(props: {
  ctx: ViewContext
  unit: OrgUnit
  scope: EventScope
  filters: EventFilters
  events: readonly EventWithHosts[]
  canCreate: boolean
}) {
  const { ctx, unit, scope, filters } = props
  const { t } = ctx
  const base = `/units/${unit.id}/events`
  return (
    <Layout ctx={ctx} title={t('events.list.title', { unit: unit.name })}>
      <h1>{t('events.list.title', { unit: unit.name })}</h1>
      <nav aria-label={t('events.list.title', { unit: unit.name })}>
        <ul class="tabs">
          {scopes.map((s) => (
            <li key={s}>
              <a href={`${base}?scope=${s}`} aria-current={s === scope ? 'page' : undefined}>
                {t(`events.list.${scopeKey[s]}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <form method="get" action={base} class="filters">
        <input type="hidden" name="scope" value={scope} />
        <div class="field">
          <label for="f-type">{t('events.fields.type_filter')}</label>
          <select id="f-type" name="type">
            <option value="">{t('events.fields.anyType')}</option>
            {eventTypes.map((ty) => (
              <option key={ty} value={ty} selected={filters.type === ty}>
                {t(`events.types.${ty}`)}
              </option>
            ))}
          </select>
        </div>
        <label>
          <input type="checkbox" name="childcare" value="on" checked={!!filters.childcare} />{' '}
          {t('events.fields.filterChildcare')}
        </label>
        <label>
          <input type="checkbox" name="online" value="on" checked={!!filters.online} />{' '}
          {t('events.fields.filterOnline')}
        </label>
        <label>
          <input type="checkbox" name="barrierFree" value="on" checked={!!filters.barrierFree} />{' '}
          {t('events.fields.filterBarrierFree')}
        </label>
        <button type="submit" class="secondary">
          {t('events.list.filter')}
        </button>
      </form>
      <p>
        {props.canCreate && (
          <>
            <a class="button" href={`/events/new?unit=${unit.id}`}>
              {t('events.list.create')}
            </a>{' '}
          </>
        )}
        <a href={`/units/${unit.id}/events.ics`}>{t('events.list.feed')}</a>
      </p>
      <EventCards ctx={ctx} events={props.events} />
    </Layout>
  )
}

/** The section on a unit's page: its next events the visitor may see. */
export function UnitEventsSection(props: { ctx: ViewContext; unit: SectionUnit; events: EventWithHosts[] }) {
  const { ctx, unit } = props
  return (
    <section aria-labelledby="unit-events-heading">
      <h2 id="unit-events-heading">{ctx.t('events.list.section')}</h2>
      <EventCards ctx={ctx} events={props.events} />
      <p>
        <a href={`/units/${unit.id}/events`}>{ctx.t('events.list.all')}</a>
        {(unit.kind === 'district' || unit.kind === 'state') && (
          <>
            {' · '}
            <a href={`/termine?${unit.kind === 'state' ? 'land' : 'kv'}=${unit.id}`}>
              {ctx.t('events.public.unitLink')}
            </a>
          </>
        )}
      </p>
    </section>
  )
}

/** The coming events of a team on its page, with the link to create one for those who may. */
export function TeamEventsSection(props: {
  ctx: ViewContext
  team: { id: string }
  events: EventWithHosts[]
  canCreate: boolean
}) {
  const { ctx, team } = props
  return (
    <section aria-labelledby="team-events-heading">
      <h2 id="team-events-heading">{ctx.t('events.list.teamSection')}</h2>
      {props.events.length === 0 ? (
        <p>{ctx.t('events.list.teamEmpty')}</p>
      ) : (
        <EventCards ctx={ctx} events={props.events} />
      )}
      {props.canCreate && (
        <p>
          <a href={`/teams/${team.id}/events/new`}>{ctx.t('events.list.teamCreate')}</a>
        </p>
      )}
    </section>
  )
}
