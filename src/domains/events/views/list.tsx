import type { SectionUnit } from '../../../platform/deps.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { OrgUnit } from '../../org-units/index.js'
import { readInclusion } from '../inclusion.js'
import type { EventFilters } from '../input.js'
import type { EventScope, EventWithHosts } from '../service/index.js'
import { eventTypes } from '../tables.js'
import { whenOf } from './format.js'
import { InclusionList } from './icons.js'

export function EventCards({ ctx, events }: { ctx: ViewContext; events: EventWithHosts[] }) {
  const { t } = ctx
  if (events.length === 0) return <p>{t('events.list.empty')}</p>
  return (
    <ul class="event-list">
      {events.map(({ event, hosts }) => (
        <li key={event.id} class="event-card">
          <p class="eyebrow">
            {t(`events.types.${event.type}`)}
            {event.status === 'cancelled' && ` · ${t('events.statuses.cancelled')}`}
            {event.status === 'draft' && ` · ${t('events.statuses.draft')}`}
          </p>
          <h3>
            <a href={`/events/${event.id}`}>{event.title}</a>
          </h3>
          <p>
            {whenOf(ctx.locale, event.startsAt, event.endsAt)}
            {event.venueName && ` · ${event.venueName}`}
          </p>
          <p class="hint">{t('events.list.hostedBy', { hosts: hosts.map((h) => h.name).join(', ') })}</p>
          <InclusionList ctx={ctx} profile={readInclusion(event.inclusion)} compact />
        </li>
      ))}
    </ul>
  )
}

const scopes: EventScope[] = ['own', 'partners', 'state']
const scopeKey = { own: 'scopeOwn', partners: 'scopePartners', state: 'scopeState' } as const

export function UnitEventsPage(props: {
  ctx: ViewContext
  unit: OrgUnit
  scope: EventScope
  filters: EventFilters
  events: EventWithHosts[]
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
