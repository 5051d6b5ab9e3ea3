import { formatDate, formatNumber } from '../../../platform/i18n/index.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { UnpartneredSort } from '../input.js'
import { unpartneredSorts } from '../input.js'
import type { MapUnit } from '../repo.js'
import type { DirectoryHit, PublicCoordinator, PublicPartnership, UnpartneredRow } from '../service.js'
import { Attribution, EmbedLayout, HitList, KindLabel, StatusLabel } from './map-page.js'

type Target = '_top' | undefined

function Coordinator({ ctx, c }: { ctx: ViewContext; c: PublicCoordinator }) {
  return (
    <>
      {c.name ?? ctx.t('partnershipMap.section.coordinatorNotAccepted')}
      {c.email && (
        <>
          {' · '}
          <a href={`mailto:${c.email}`}>{c.email}</a>
        </>
      )}
    </>
  )
}

/** The public partnerships of one unit, seen from that unit: the partner first. */
function PartnershipList(props: {
  ctx: ViewContext
  unitId: string
  partnerships: PublicPartnership[]
  target?: Target
  headingLevel: 'h2' | 'h3'
}) {
  const { ctx, unitId, target } = props
  const { t } = ctx
  const Heading = props.headingLevel
  if (props.partnerships.length === 0) return <p>{t('partnershipMap.section.none')}</p>
  return (
    <ul class="pm-partners">
      {props.partnerships.map((p) => {
        const [self, other] = p.a.id === unitId ? [p.a, p.b] : [p.b, p.a]
        const coordinators = [self.coordinator, other.coordinator].filter((c) => c !== null)
        return (
          <li key={p.id} class="pm-partner">
            <Heading>
              <a href={`/units/${other.id}`} target={target}>
                {other.name}
              </a>
            </Heading>
            <p>
              <KindLabel ctx={ctx} kind={p.kind} />
              {' · '}
              <StatusLabel ctx={ctx} status={p.status} />
              {p.startedOn &&
                ` · ${t('partnershipMap.section.since', { date: formatDate(ctx.locale, p.startedOn) })}`}
            </p>
            {p.story && <p class="pm-story">{p.story}</p>}
            {coordinators.length > 0 && (
              <dl class="facts">
                <dt>{t('partnershipMap.section.coordinators')}</dt>
                <dd>
                  <ul class="pm-coordinators">
                    {[self, other].map((side) =>
                      side.coordinator ? (
                        <li key={side.id}>
                          <Coordinator ctx={ctx} c={side.coordinator} /> ({side.name})
                        </li>
                      ) : null,
                    )}
                  </ul>
                </dd>
              </dl>
            )}
          </li>
        )
      })}
    </ul>
  )
}

export function UnitPartnershipsSection(props: {
  ctx: ViewContext
  unitId: string
  partnerships: PublicPartnership[]
}) {
  return (
    <section aria-labelledby="pm-section-heading" class="pm-section">
      <h2 id="pm-section-heading">{props.ctx.t('partnershipMap.section.title')}</h2>
      <PartnershipList {...props} headingLevel="h3" />
      <p>
        <a href={`/partnerships/report?unit=${props.unitId}`}>
          {props.ctx.t('partnershipMap.reportLink.change')}
        </a>
      </p>
    </section>
  )
}

export function EmbedKvPage(props: { ctx: ViewContext; unit: MapUnit; partnerships: PublicPartnership[] }) {
  const { ctx, unit } = props
  const { t } = ctx
  return (
    <EmbedLayout ctx={ctx} title={t('partnershipMap.embed.kvTitle', { name: unit.name })}>
      <h1 class="pm-embed-title">{t('partnershipMap.embed.kvTitle', { name: unit.name })}</h1>
      <PartnershipList
        ctx={ctx}
        unitId={unit.id}
        partnerships={props.partnerships}
        target="_top"
        headingLevel="h2"
      />
      <p>
        <a href={`/units/${unit.id}`} target="_top">
          {t('partnershipMap.map.open')}
        </a>
      </p>
    </EmbedLayout>
  )
}

export function DirectoryPage(props: { ctx: ViewContext; q: string; hits: DirectoryHit[] }) {
  const { ctx, q, hits } = props
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('partnershipMap.directory.title')}>
      <h1>{t('partnershipMap.directory.title')}</h1>
      <p>{t('partnershipMap.directory.intro')}</p>
      <form method="get" action="/directory" class="pm-search">
        <div class="field">
          <label for="pm-q">{t('partnershipMap.directory.query')}</label>
          <input id="pm-q" name="q" type="search" value={q} maxLength={100} autocomplete="off" />
        </div>
        <button type="submit">{t('partnershipMap.directory.search')}</button>
      </form>
      <p>
        <a href="/partnerships/report">{t('partnershipMap.reportLink.missing')}</a>
      </p>
      {q.length >= 2 && (
        <section aria-labelledby="pm-results" class="pm-results">
          <h2 id="pm-results">{t('partnershipMap.directory.results', { q })}</h2>
          {hits.length === 0 ? (
            <p>{t('partnershipMap.directory.none')}</p>
          ) : (
            <HitList ctx={ctx} hits={hits} />
          )}
        </section>
      )}
      <Attribution ctx={ctx} postalCodes />
    </Layout>
  )
}

export function UnpartneredPage(props: { ctx: ViewContext; rows: UnpartneredRow[]; sort: UnpartneredSort }) {
  const { ctx, rows, sort } = props
  const { t } = ctx
  const labels: Record<UnpartneredSort, string> = {
    state: t('partnershipMap.unpartnered.state'),
    name: t('partnershipMap.unpartnered.name'),
    population: t('partnershipMap.unpartnered.population'),
  }
  const header = (key: UnpartneredSort) => (
    <th
      scope="col"
      aria-sort={sort === key ? (key === 'population' ? 'descending' : 'ascending') : undefined}
    >
      {sort === key ? labels[key] : <a href={`/partnerships/unpartnered?sort=${key}`}>{labels[key]}</a>}
    </th>
  )
  return (
    <Layout ctx={ctx} title={t('partnershipMap.unpartnered.title')}>
      <h1>{t('partnershipMap.unpartnered.title')}</h1>
      <p>{t('partnershipMap.unpartnered.intro')}</p>
      <p>
        <a href="/matchmaking">{t('partnershipMap.unpartnered.finder')}</a>
      </p>
      <p>{t('partnershipMap.unpartnered.count', { count: formatNumber(ctx.locale, rows.length) })}</p>
      <p>
        {`${t('partnershipMap.unpartnered.sortBy')}: `}
        {unpartneredSorts.map((key, i) => (
          <span key={key}>
            {i > 0 && ' · '}
            {sort === key ? (
              <strong>
                {labels[key]} {t('partnershipMap.unpartnered.sorted')}
              </strong>
            ) : (
              <a href={`/partnerships/unpartnered?sort=${key}`}>{labels[key]}</a>
            )}
          </span>
        ))}
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              {header('name')}
              {header('state')}
              {header('population')}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <a href={`/units/${r.id}`}>{r.name}</a>
                </td>
                <td>{r.stateName ?? ''}</td>
                <td class="num">{r.population == null ? '' : formatNumber(ctx.locale, r.population)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Attribution ctx={ctx} />
    </Layout>
  )
}
