import type { ComponentChildren } from 'preact'
import { formatDate } from '../../../platform/i18n/index.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { EmbedLayout as BareEmbedLayout, Layout } from '../../../platform/views/layout.js'
import { partnershipKinds, publicStatuses } from '../../partnerships/index.js'
import { mapGeometry } from '../geometry.js'
import { filterQuery, type MapFilters } from '../input.js'
import type { DirectoryHit, MapData, MapSearch, PublicPartnership } from '../service.js'
import { LineSample, MapSvg } from './map-svg.js'

type Target = '_top' | undefined

/** The credits SOURCES.md requires next to every map. */
export function Attribution({ ctx, postalCodes }: { ctx: ViewContext; postalCodes?: boolean }) {
  const { t } = ctx
  return (
    <p class="pm-attribution">
      <span class="visually-hidden">{`${t('partnershipMap.attribution.label')}: `}</span>
      <a href="https://www.bkg.bund.de" rel="external noopener" target="_blank">
        {t('partnershipMap.attribution.bkg')}
      </a>
      {', '}
      <a href="https://www.govdata.de/dl-de/by-2-0" rel="external license noopener" target="_blank">
        {t('partnershipMap.attribution.bkgLicence')}
      </a>
      {' · '}
      {t('partnershipMap.attribution.destatis')}
      {postalCodes && ` · ${t('partnershipMap.attribution.geonames')}`}
    </p>
  )
}

export function KindLabel({ ctx, kind }: { ctx: ViewContext; kind: PublicPartnership['kind'] }) {
  return <>{ctx.t(`partnershipMap.kinds.${kind}`)}</>
}

export function StatusLabel({ ctx, status }: { ctx: ViewContext; status: PublicPartnership['status'] }) {
  return <>{ctx.t(`partnershipMap.statuses.${status}`)}</>
}

function Legend({ ctx, searched }: { ctx: ViewContext; searched?: boolean }) {
  const { t } = ctx
  return (
    <section class="pm-legend" aria-labelledby="pm-legend-title">
      <h2 id="pm-legend-title">{t('partnershipMap.legend.title')}</h2>
      <p class="pm-legend-head">{t('partnershipMap.legend.kinds')}</p>
      <ul>
        {partnershipKinds.map((kind) => (
          <li key={kind}>
            <LineSample kind={kind} status="active" /> <KindLabel ctx={ctx} kind={kind} />
          </li>
        ))}
      </ul>
      <p class="pm-legend-head">{t('partnershipMap.legend.statuses')}</p>
      <ul>
        {publicStatuses.map((status) => (
          <li key={status}>
            <LineSample kind="partnership" status={status} /> <StatusLabel ctx={ctx} status={status} />
          </li>
        ))}
        <li>
          <svg class="pm-sample" viewBox="0 0 120 32" aria-hidden="true" focusable="false">
            <rect class="pm-kreis" x="40" y="4" width="40" height="24" />
          </svg>{' '}
          {t('partnershipMap.legend.district')}
        </li>
        {searched && (
          <li>
            <svg class="pm-sample" viewBox="0 0 120 32" aria-hidden="true" focusable="false">
              <rect class="pm-kreis pm-kreis--hit" x="40" y="4" width="40" height="24" />
            </svg>{' '}
            {t('partnershipMap.search.legend')}
          </li>
        )}
      </ul>
    </section>
  )
}

function Select(props: {
  name: string
  label: string
  value: string | undefined
  allLabel: string
  options: { value: string; label: string }[]
}) {
  const id = `pm-f-${props.name}`
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name}>
        <option value="">{props.allLabel}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}

/** The current filters as hidden fields, so that a second form keeps them. */
function KeepFields({ filters, except }: { filters: MapFilters; except: keyof MapFilters | 'filters' }) {
  return (
    <>
      {Object.entries(filters).map(([name, value]) =>
        value === undefined || name === except || (except === 'filters' && name !== 'q') ? null : (
          <input key={name} type="hidden" name={name} value={String(value)} />
        ),
      )}
    </>
  )
}

function Filters({ ctx, filters, action }: { ctx: ViewContext; filters: MapFilters; action: string }) {
  const { t } = ctx
  const all = t('partnershipMap.filters.all')
  return (
    <form method="get" action={action} class="pm-filters">
      <KeepFields filters={filters} except="filters" />
      <fieldset>
        <legend>{t('partnershipMap.filters.legend')}</legend>
        <Select
          name="state"
          label={t('partnershipMap.filters.state')}
          value={filters.state}
          allLabel={all}
          options={mapGeometry().states.map((s) => ({ value: s.ags, label: s.name }))}
        />
        <Select
          name="kind"
          label={t('partnershipMap.filters.kind')}
          value={filters.kind}
          allLabel={all}
          options={partnershipKinds.map((k) => ({ value: k, label: t(`partnershipMap.kinds.${k}`) }))}
        />
        <Select
          name="status"
          label={t('partnershipMap.filters.status')}
          value={filters.status}
          allLabel={all}
          options={publicStatuses.map((s) => ({ value: s, label: t(`partnershipMap.statuses.${s}`) }))}
        />
        <div class="field">
          <label for="pm-f-since">{t('partnershipMap.filters.since')}</label>
          <p class="hint" id="pm-f-since-hint">
            {t('partnershipMap.filters.sinceHint')}
          </p>
          <input
            id="pm-f-since"
            name="since"
            type="number"
            inputMode="numeric"
            min="1949"
            max="2100"
            value={filters.since === undefined ? '' : String(filters.since)}
            aria-describedby="pm-f-since-hint"
          />
        </div>
        <button type="submit">{t('partnershipMap.filters.apply')}</button>{' '}
        <a href={action}>{t('partnershipMap.filters.reset')}</a>
      </fieldset>
    </form>
  )
}

/** Find a KV by name, town or postal code: the same search as the directory, as a plain GET form. */
function SearchForm({ ctx, filters }: { ctx: ViewContext; filters: MapFilters }) {
  const { t } = ctx
  return (
    <form method="get" action="/map" class="pm-search">
      <div class="field">
        <label for="pm-q">{t('partnershipMap.directory.query')}</label>
        <input
          id="pm-q"
          name="q"
          type="search"
          value={filters.q ?? ''}
          maxLength={100}
          autocomplete="off"
          aria-describedby="pm-q-hint"
        />
        <p class="hint" id="pm-q-hint">
          {t('partnershipMap.search.hint')}
        </p>
      </div>
      <KeepFields filters={filters} except="q" />
      <button type="submit">{t('partnershipMap.directory.search')}</button>
    </form>
  )
}

/** The KVs a search found, each with the way it was found and its partners; the map and the directory show it alike. */
export function HitList({ ctx, hits }: { ctx: ViewContext; hits: DirectoryHit[] }) {
  const { t } = ctx
  return (
    <ul class="pm-hits">
      {hits.map((hit) => (
        <li key={hit.unit.id}>
          <a href={`/units/${hit.unit.id}`}>{hit.unit.name}</a>
          {hit.via.kind === 'town' &&
            ` (${t('partnershipMap.directory.viaTown', { town: hit.via.town.name })})`}
          {hit.via.kind === 'postalCode' &&
            ` (${t('partnershipMap.directory.viaPostalCode', { code: hit.via.code })})`}
          <br />
          {hit.partners.length === 0 ? (
            t('partnershipMap.directory.noPartners')
          ) : (
            <>
              {`${t('partnershipMap.directory.partners')} `}
              {hit.partners.map((p, i) => (
                <span key={p.id}>
                  {i > 0 && ', '}
                  <a href={`/units/${p.id}`}>{p.name}</a>
                </span>
              ))}
            </>
          )}
        </li>
      ))}
    </ul>
  )
}

function SearchResults({
  ctx,
  search,
  filters,
}: {
  ctx: ViewContext
  search: MapSearch
  filters: MapFilters
}) {
  const { t } = ctx
  return (
    <section aria-labelledby="pm-results" class="pm-results">
      <h2 id="pm-results">{t('partnershipMap.directory.results', { q: search.q })}</h2>
      {search.hits.length === 0 ? (
        <p>{t('partnershipMap.search.none')}</p>
      ) : (
        <>
          <p>{t('partnershipMap.search.marked')}</p>
          <HitList ctx={ctx} hits={search.hits} />
        </>
      )}
      <p>
        <a href={`/map${filterQuery(filters)}`}>{t('partnershipMap.search.clear')}</a>
      </p>
    </section>
  )
}

export function PartnershipTable(props: {
  ctx: ViewContext
  partnerships: PublicPartnership[]
  target?: Target
}) {
  const { ctx, partnerships, target } = props
  const { t } = ctx
  return (
    <div class="table-wrap" id="pm-list" tabindex={-1}>
      <table class="pm-table">
        <caption>
          {t('partnershipMap.table.caption')}
          {' · '}
          {partnerships.length === 1
            ? t('partnershipMap.map.countOne')
            : t('partnershipMap.map.count', { count: partnerships.length })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('partnershipMap.table.a')}</th>
            <th scope="col">{t('partnershipMap.table.b')}</th>
            <th scope="col">{t('partnershipMap.table.kind')}</th>
            <th scope="col">{t('partnershipMap.table.status')}</th>
            <th scope="col">{t('partnershipMap.table.since')}</th>
          </tr>
        </thead>
        <tbody>
          {partnerships.length === 0 && (
            <tr>
              <td colSpan={5}>{t('partnershipMap.table.empty')}</td>
            </tr>
          )}
          {partnerships.map((p) => (
            <tr key={p.id}>
              <td>
                <a href={`/units/${p.a.id}`} target={target}>
                  {p.a.name}
                </a>
              </td>
              <td>
                <a href={`/units/${p.b.id}`} target={target}>
                  {p.b.name}
                </a>
              </td>
              <td>
                <KindLabel ctx={ctx} kind={p.kind} />
              </td>
              <td>
                <StatusLabel ctx={ctx} status={p.status} />
              </td>
              <td>{p.startedOn ? formatDate(ctx.locale, p.startedOn) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function ExportLinks({ ctx, filters }: { ctx: ViewContext; filters: MapFilters }) {
  const { t } = ctx
  const q = filterQuery(filters)
  return (
    <p class="pm-exports">
      {`${t('partnershipMap.exports.title')}: `}
      <a href={`/partnerships.csv${q}`}>{t('partnershipMap.exports.csv')}</a>
      {' · '}
      <a href={`/partnerships.geojson${q}`}>{t('partnershipMap.exports.geojson')}</a>
      {' · '}
      <a href={`/partnerships.json${q}`}>{t('partnershipMap.exports.json')}</a>
    </p>
  )
}

function MapFigure(props: {
  ctx: ViewContext
  data: MapData
  target?: Target
  children?: ComponentChildren
}) {
  const marked = new Set(props.data.search?.hits.map((h) => h.unit.id))
  return (
    <figure class="pm-figure">
      <MapSvg ctx={props.ctx} data={props.data} target={props.target} marked={marked} />
      <figcaption>
        <Attribution ctx={props.ctx} postalCodes={props.data.search !== undefined} />
      </figcaption>
    </figure>
  )
}

export function MapPage({ ctx, data, filters }: { ctx: ViewContext; data: MapData; filters: MapFilters }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('partnershipMap.map.title')} description={t('partnershipMap.map.intro')} wide>
      <h1>{t('partnershipMap.map.title')}</h1>
      <p class="lead">{t('partnershipMap.map.intro')}</p>
      <p>
        <a href="/playbook?tag=partnership">{t('playbook.links.partnershipTips')}</a>
      </p>
      <SearchForm ctx={ctx} filters={filters} />
      {data.search && <SearchResults ctx={ctx} search={data.search} filters={filters} />}
      <Filters ctx={ctx} filters={filters} action="/map" />
      <a class="skip-link pm-skip" href="#pm-list">
        {t('partnershipMap.map.skipToList')}
      </a>
      <div class="pm-layout">
        <div class="pm-map-column">
          <MapFigure ctx={ctx} data={data} />
          <Legend ctx={ctx} searched={(data.search?.hits.length ?? 0) > 0} />
        </div>
        <div class="pm-list-column">
          <PartnershipTable ctx={ctx} partnerships={data.partnerships} />
          <p>
            <a href="/partnerships/report">{t('partnershipMap.reportLink.missing')}</a>
          </p>
          <ExportLinks ctx={ctx} filters={filters} />
        </div>
      </div>
      <script src={ctx.assetUrl('map.js')} defer />
    </Layout>
  )
}

/** The map's bare page for an iframe: the platform's embed layout with the map's script. */
export function EmbedLayout(props: { ctx: ViewContext; title: string; children: ComponentChildren }) {
  return <BareEmbedLayout {...props} script="map.js" />
}

export function EmbedMapPage({
  ctx,
  data,
  filters,
}: {
  ctx: ViewContext
  data: MapData
  filters: MapFilters
}) {
  const { t } = ctx
  return (
    <EmbedLayout ctx={ctx} title={t('partnershipMap.map.title')}>
      <h1 class="pm-embed-title">
        <a href={`/map${filterQuery(filters)}`} target="_top">
          {t('partnershipMap.map.title')}
        </a>
      </h1>
      <a class="skip-link pm-skip" href="#pm-list">
        {t('partnershipMap.map.skipToList')}
      </a>
      <MapFigure ctx={ctx} data={data} target="_top" />
      <Legend ctx={ctx} />
      <PartnershipTable ctx={ctx} partnerships={data.partnerships} target="_top" />
    </EmbedLayout>
  )
}
