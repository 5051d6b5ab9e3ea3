import { dateTimeFormat, type Locale } from '../../../platform/i18n/index.js'
import { localDay, TIME_ZONE, weekdayOf } from '../../../platform/time.js'
import { ErrorSummary, Field, type FormState } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { EmbedLayout, Layout } from '../../../platform/views/layout.js'
import { readInclusion } from '../inclusion.js'
import { type CalendarNeed, calendarDistances, calendarNeeds, type PublicCalendarFilters } from '../input.js'
import { pad } from '../recurrence.js'
import type { CalendarEvent, CalendarRegion, PublicCalendarData } from '../service/index.js'
import { eventTypes } from '../tables.js'
import { timeOf, whenOf } from './format.js'
import { InclusionList } from './icons.js'

export const PUBLIC_CALENDAR_PATH = '/termine'

/**
 * The address of the calendar with these filters, in the order and words a person reads
 * (`/termine?land=16&art=infostand&plz=07926&km=25`); defaults are left out, so each choice has one address.
 */
export function calendarHref(f: Partial<PublicCalendarFilters>, path = PUBLIC_CALENDAR_PATH) {
  const q = new URLSearchParams()
  if (f.kv) q.set('kv', f.kv)
  else if (f.land) q.set('land', f.land)
  if (f.ansicht === 'monat') q.set('ansicht', 'monat')
  if (f.ansicht === 'monat' && f.monat) q.set('monat', f.monat)
  if (f.ansicht !== 'monat' && f.von) q.set('von', f.von)
  if (f.ansicht !== 'monat' && f.bis) q.set('bis', f.bis)
  if (f.art) q.set('art', f.art)
  if (f.plz) {
    q.set('plz', f.plz)
    q.set('km', String(f.km ?? 25))
  }
  for (const need of calendarNeeds) if (f[need]) q.set(need, 'ja')
  const query = q.toString()
  return query ? `${path}?${query}` : path
}

/** The feed of a choice: the same filters, without the view. */
export function feedHref(f: Partial<PublicCalendarFilters>) {
  return calendarHref({ ...f, ansicht: 'liste' }, `${PUBLIC_CALENDAR_PATH}.ics`)
}

/**
 * How a region is named in the address: its key in the structure where it has one (`16`, `16075`),
 * else a state's official key, else its id.
 */
export function regionParam(region: { id: string; kind: string; key: string | null; ags?: string | null }) {
  return region.key ?? (region.kind === 'state' ? region.ags : null) ?? region.id
}

function regionTitle(ctx: ViewContext, region: CalendarRegion) {
  return region.kind === 'party'
    ? ctx.t('events.public.titleParty')
    : ctx.t('events.public.titleRegion', { region: region.name })
}

const dayHeading = (locale: Locale) =>
  dateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: TIME_ZONE,
  })

function monthName(locale: Locale, month: string) {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return dateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  )
}

function shiftMonth(month: string, by: number) {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const index = y * 12 + (m - 1) + by
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`
}

function CalendarCard({ ctx, item, target }: { ctx: ViewContext; item: CalendarEvent; target?: string }) {
  const { t } = ctx
  const { event, hosts } = item
  const place = [event.venueName, event.address].filter(Boolean).join(', ')
  return (
    <li class="event-card">
      <p class="eyebrow">
        {t(`events.types.${event.type}`)}
        {event.status === 'cancelled' && ` · ${t('events.statuses.cancelled')}`}
      </p>
      <h3>
        <a href={`/events/${event.id}`} target={target}>
          {event.status === 'cancelled' ? <s>{event.title}</s> : event.title}
        </a>
      </h3>
      <p>
        {whenOf(ctx.locale, event.startsAt, event.endsAt)}
        {place && ` · ${place}`}
      </p>
      {hosts.length > 0 && (
        <p class="hint">{t('events.list.hostedBy', { hosts: hosts.map((h) => h.name).join(', ') })}</p>
      )}
      {item.distanceKm !== null && <p class="hint">{t('events.public.distance', { km: item.distanceKm })}</p>}
      <InclusionList ctx={ctx} profile={readInclusion(event.inclusion)} compact />
    </li>
  )
}

/** The events by Berlin calendar day, each day under its own heading. */
function DayList({ ctx, events }: { ctx: ViewContext; events: CalendarEvent[] }) {
  const days = new Map<string, CalendarEvent[]>()
  for (const e of events) {
    const day = localDay(e.event.startsAt)
    days.set(day, [...(days.get(day) ?? []), e])
  }
  const heading = dayHeading(ctx.locale)
  return (
    <>
      {[...days].map(([day, items]) => (
        <section key={day} aria-labelledby={`tag-${day}`} class="calendar-day">
          <h2 id={`tag-${day}`}>{heading.format(items[0]!.event.startsAt)}</h2>
          <ul class="event-list">
            {items.map((item) => (
              <CalendarCard key={item.event.id} ctx={ctx} item={item} />
            ))}
          </ul>
        </section>
      ))}
    </>
  )
}

/** A month as a table of weeks, Monday first; each day lists its events with their start time. */
function MonthGrid(props: { ctx: ViewContext; month: string; today: string; events: CalendarEvent[] }) {
  const { ctx, month, today } = props
  const { t } = ctx
  const [y, m] = month.split('-').map(Number) as [number, number]
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate()
  const lead = weekdayOf(`${month}-01`)
  const byDay = new Map<number, CalendarEvent[]>()
  for (const e of props.events) {
    const day = localDay(e.event.startsAt)
    if (!day.startsWith(month)) continue
    const d = Number(day.slice(8))
    byDay.set(d, [...(byDay.get(d) ?? []), e])
  }
  const cells: (number | null)[] = [
    ...Array.from({ length: lead }, () => null),
    ...Array.from({ length: daysInMonth }, (_, i) => i + 1),
  ]
  while (cells.length % 7 !== 0) cells.push(null)
  const weeks = Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7))
  // 2024-01-01 was a Monday.
  const weekdays = Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)))
  const short = dateTimeFormat(ctx.locale, { weekday: 'short', timeZone: 'UTC' })
  const long = dateTimeFormat(ctx.locale, { weekday: 'long', timeZone: 'UTC' })
  const dayLabel = dayHeading(ctx.locale)
  return (
    <table class="month-grid">
      <caption>{t('events.public.monthCaption', { month: monthName(ctx.locale, month) })}</caption>
      <thead>
        <tr>
          {weekdays.map((d) => (
            <th key={d.getTime()} scope="col">
              <abbr title={long.format(d)}>{short.format(d)}</abbr>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week.join('-')}>
            {week.map((d, i) => {
              if (d === null) return <td key={`x${i}`} class="month-grid__blank" />
              const iso = `${month}-${pad(d)}`
              const items = byDay.get(d) ?? []
              return (
                <td key={iso} class={iso === today ? 'month-grid__today' : undefined}>
                  <span class="month-grid__day">
                    <span class="visually-hidden">
                      {dayLabel.format(new Date(Date.UTC(y, m - 1, d, 12)))}
                    </span>
                    <span aria-hidden="true">{d}</span>
                  </span>
                  {items.length > 0 && (
                    <ul>
                      {items.map(({ event }) => (
                        <li key={event.id}>
                          <a href={`/events/${event.id}`}>
                            {`${timeOf(ctx.locale, event.startsAt)} `}
                            {event.status === 'cancelled' ? (
                              <s>{`${event.title} (${t('events.statuses.cancelled')})`}</s>
                            ) : (
                              event.title
                            )}
                          </a>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              )
            })}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

const needLabels: Record<CalendarNeed, `events.public.needs.${CalendarNeed}`> = {
  kinderbetreuung: 'events.public.needs.kinderbetreuung',
  stufenlos: 'events.public.needs.stufenlos',
  online: 'events.public.needs.online',
  gebaerdensprache: 'events.public.needs.gebaerdensprache',
  ruheraum: 'events.public.needs.ruheraum',
}

function FilterForm(props: {
  ctx: ViewContext
  data: Pick<PublicCalendarData, 'region' | 'states' | 'view' | 'month'>
  filters: PublicCalendarFilters
  form: FormState
}) {
  const { ctx, data, filters, form } = props
  const { t } = ctx
  const region = data.region
  const value = (name: keyof PublicCalendarFilters) =>
    form.values?.[name] ?? (typeof filters[name] === 'string' ? (filters[name] as string) : '')
  const stateValue =
    region.kind === 'state' ? region.id : region.kind === 'district' ? (region.stateId ?? '') : ''
  return (
    <form method="get" action={PUBLIC_CALENDAR_PATH} class="filters calendar-filters">
      <input type="hidden" name="ansicht" value={data.view} />
      {data.view === 'monat' && <input type="hidden" name="monat" value={data.month} />}
      {region.kind === 'district' ? (
        <p>
          <input type="hidden" name="kv" value={regionParam(region)} />
          {t('events.public.onlyKv', { kv: region.name })}{' '}
          {region.stateId && (
            <a href={calendarHref({ ...filters, kv: undefined, land: region.stateId })}>
              {t('events.public.showState')}
            </a>
          )}
        </p>
      ) : (
        <div class="field">
          <label for="f-land">{t('events.public.region')}</label>
          <select id="f-land" name="land">
            <option value="">{t('events.public.wholeParty')}</option>
            {data.states.map((s) => (
              <option key={s.id} value={regionParam(s)} selected={s.id === stateValue}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div class="field">
        <label for="f-art">{t('events.public.type')}</label>
        <select id="f-art" name="art">
          <option value="">{t('events.fields.anyType')}</option>
          {eventTypes.map((ty) => (
            <option key={ty} value={ty} selected={filters.art === ty}>
              {t(`events.types.${ty}`)}
            </option>
          ))}
        </select>
      </div>
      {data.view === 'liste' && (
        <>
          <Field
            ctx={ctx}
            form={form}
            name="von"
            type="date"
            label={t('events.public.from')}
            value={value('von')}
          />
          <Field
            ctx={ctx}
            form={form}
            name="bis"
            type="date"
            label={t('events.public.to')}
            value={value('bis')}
          />
        </>
      )}
      <Field
        ctx={ctx}
        form={form}
        name="plz"
        label={t('events.public.postalCode')}
        inputmode="numeric"
        autocomplete="postal-code"
        value={value('plz')}
      />
      <div class="field">
        <label for="f-km">{t('events.public.distanceLabel')}</label>
        <select id="f-km" name="km">
          {calendarDistances.map((km) => (
            <option key={km} value={String(km)} selected={filters.km === km}>
              {t('events.public.km', { km })}
            </option>
          ))}
        </select>
      </div>
      <fieldset class="calendar-needs">
        <legend>{t('events.public.needsLegend')}</legend>
        {calendarNeeds.map((need) => (
          <label key={need}>
            <input type="checkbox" name={need} value="ja" checked={filters[need]} /> {t(needLabels[need])}
          </label>
        ))}
      </fieldset>
      <button type="submit">{t('events.public.submit')}</button>
    </form>
  )
}

export function PublicCalendarPage(props: {
  ctx: ViewContext
  data: PublicCalendarData
  filters: PublicCalendarFilters
  publicUrl: string
}) {
  const { ctx, data, filters } = props
  const { t } = ctx
  const title = regionTitle(ctx, data.region)
  const region = data.region
  const chosen = {
    ...filters,
    ...(region.kind === 'district' ? { kv: regionParam(region), land: undefined } : {}),
    ...(region.kind === 'state' ? { land: regionParam(region), kv: undefined } : {}),
  }
  const feed = feedHref(chosen)
  const host = new URL(props.publicUrl).host
  const embedPath =
    region.kind === 'district'
      ? `/embed/kv/${region.id}/events`
      : region.kind === 'state'
        ? `/embed/state/${region.id}/events`
        : null
  return (
    <Layout ctx={ctx} title={title} description={t('events.public.intro')} wide>
      <h1>{title}</h1>
      <p class="lead">{t('events.public.intro')}</p>
      <FilterForm ctx={ctx} data={data} filters={chosen} form={{}} />
      <nav aria-label={t('events.public.viewsLabel')}>
        <ul class="tabs">
          <li>
            <a
              href={calendarHref({ ...chosen, ansicht: 'liste' })}
              aria-current={data.view === 'liste' ? 'page' : undefined}
            >
              {t('events.public.viewList')}
            </a>
          </li>
          <li>
            <a
              href={calendarHref({ ...chosen, ansicht: 'monat', monat: data.month })}
              aria-current={data.view === 'monat' ? 'page' : undefined}
            >
              {t('events.public.viewMonth')}
            </a>
          </li>
        </ul>
      </nav>
      <p class="calendar-feed">
        <a href={`webcal://${host}${feed}`}>{t('events.public.subscribe')}</a>
        {' · '}
        <a href={feed} type="text/calendar">
          {t('events.public.download')}
        </a>
        <br />
        <span class="hint">{t('events.public.feedHint')}</span>
      </p>
      {data.view === 'monat' ? (
        <>
          <nav aria-label={t('events.public.monthNav')}>
            <ul class="tabs">
              <li>
                <a href={calendarHref({ ...chosen, ansicht: 'monat', monat: shiftMonth(data.month, -1) })}>
                  {t('events.public.prevMonth', { month: monthName(ctx.locale, shiftMonth(data.month, -1)) })}
                </a>
              </li>
              <li>
                <a href={calendarHref({ ...chosen, ansicht: 'monat', monat: shiftMonth(data.month, 1) })}>
                  {t('events.public.nextMonth', { month: monthName(ctx.locale, shiftMonth(data.month, 1)) })}
                </a>
              </li>
            </ul>
          </nav>
          <div class="month-grid-wrap">
            <MonthGrid ctx={ctx} month={data.month} today={data.today} events={data.events} />
          </div>
          {data.events.length === 0 && <p>{t('events.public.empty')}</p>}
        </>
      ) : data.events.length === 0 ? (
        <p>{t('events.public.empty')}</p>
      ) : (
        <>
          <DayList ctx={ctx} events={data.events} />
          {data.truncated && <p>{t('events.public.truncated', { count: data.events.length })}</p>}
        </>
      )}
      {embedPath && (
        <details class="calendar-embed">
          <summary>{t('events.public.embedHowTo')}</summary>
          <p>{t('events.public.embedHint')}</p>
          <pre>
            <code>{`<iframe src="${props.publicUrl}${embedPath}" title="${title}" width="100%" height="480" style="border:0"></iframe>`}</code>
          </pre>
        </details>
      )}
    </Layout>
  )
}

/** The calendar page when what was typed cannot be used: the form with its errors (422). */
export function PublicCalendarErrorPage(props: {
  ctx: ViewContext
  data: Pick<PublicCalendarData, 'region' | 'states' | 'view' | 'month'>
  filters: PublicCalendarFilters
  form: FormState
}) {
  const { ctx } = props
  const title = regionTitle(ctx, props.data.region)
  return (
    <Layout ctx={ctx} title={title} wide>
      <h1>{title}</h1>
      <ErrorSummary ctx={ctx} form={props.form} />
      <FilterForm {...props} />
    </Layout>
  )
}

/** The list a KV or state puts on its own website: its next public events, each opening on the platform. */
export function EmbedEventsPage(props: {
  ctx: ViewContext
  unit: { id: string; kind: string; name: string; key: string | null }
  events: CalendarEvent[]
}) {
  const { ctx, unit } = props
  const { t } = ctx
  const title = t('events.public.titleRegion', { region: unit.name })
  const all = calendarHref(unit.kind === 'state' ? { land: regionParam(unit) } : { kv: regionParam(unit) })
  return (
    <EmbedLayout ctx={ctx} title={title}>
      <h1 class="pm-embed-title">{title}</h1>
      {props.events.length === 0 ? (
        <p>{t('events.public.emptyUpcoming')}</p>
      ) : (
        <ul class="event-list">
          {props.events.map((item) => (
            <CalendarCard key={item.event.id} ctx={ctx} item={item} target="_top" />
          ))}
        </ul>
      )}
      <p>
        <a href={all} target="_top">
          {t('events.public.embedAll')}
        </a>
      </p>
    </EmbedLayout>
  )
}
