import { formatNumber } from '../../../platform/i18n/index.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { MunicipalityRef, OrgUnit } from '../../org-units/index.js'
import { KREIS_MAP_HEIGHT, KREIS_MAP_WIDTH, type KreisMap } from '../geodata.js'
import type { WhiteSpots } from '../service/index.js'

const LABELLED_SPOTS = 5

function radius(population: number) {
  return Math.round(Math.min(14, Math.max(3, Math.sqrt(population) / 12)) * 10) / 10
}

/** The Kreis with a point per municipality; white spots are drawn open and labelled, the largest by name. */
export function WhiteSpotMap(props: { ctx: ViewContext; map: KreisMap; result: WhiteSpots }) {
  const { ctx, map, result } = props
  const { t } = ctx
  const point = (m: MunicipalityRef) => map.project(m.lon, m.lat)
  const labelled = new Set(result.spots.slice(0, LABELLED_SPOTS).map((m) => m.ags))
  return (
    <figure class="help-map">
      <svg
        viewBox={`0 0 ${KREIS_MAP_WIDTH} ${KREIS_MAP_HEIGHT}`}
        role="img"
        aria-labelledby="white-spot-map-title"
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id="white-spot-map-title">{t('help.whiteSpots.mapTitle')}</title>
        <path class="help-map__kreis" d={map.outline} />
        {result.covered.map((m) => {
          const p = point(m)
          return (
            p && (
              <circle
                key={m.ags}
                class="help-map__point help-map__point--covered"
                cx={p[0]}
                cy={p[1]}
                r={radius(m.population)}
              >
                <title>{m.name}</title>
              </circle>
            )
          )
        })}
        {result.spots.map((m) => {
          const p = point(m)
          return (
            p && (
              <g key={m.ags}>
                <circle
                  class="help-map__point help-map__point--spot"
                  cx={p[0]}
                  cy={p[1]}
                  r={radius(m.population)}
                >
                  <title>{`${m.name}: ${t('help.whiteSpots.legendSpot')}`}</title>
                </circle>
                {labelled.has(m.ags) && (
                  <text class="help-map__label" x={p[0] + radius(m.population) + 3} y={p[1] + 4}>
                    {m.name}
                  </text>
                )}
              </g>
            )
          )
        })}
      </svg>
      <figcaption>
        <span class="help-map__key help-map__key--spot" aria-hidden="true" />{' '}
        {t('help.whiteSpots.legendSpot')}{' '}
        <span class="help-map__key help-map__key--covered" aria-hidden="true" />{' '}
        {t('help.whiteSpots.legendCovered')}
        <br />
        <small>{t('help.whiteSpots.attribution')}</small>
      </figcaption>
    </figure>
  )
}

export function WhiteSpotsPage(props: {
  ctx: ViewContext
  unit: OrgUnit
  result: WhiteSpots | null
  map: KreisMap | null
}) {
  const { ctx, unit, result } = props
  const { t } = ctx
  const title = t('help.whiteSpots.title', { unit: unit.name })
  const n = (v: number) => formatNumber(ctx.locale, v)
  return (
    <Layout ctx={ctx} title={title} wide>
      <h1>{title}</h1>
      <p>{t('help.whiteSpots.intro')}</p>
      {!result ? (
        <p>{t('help.whiteSpots.noTerritory')}</p>
      ) : (
        <>
          <p class="help-summary">
            {t('help.whiteSpots.summary', {
              spots: n(result.spots.length),
              total: n(result.municipalities),
              people: n(result.peopleInSpots),
              unplaced: n(result.unplaced),
            })}
          </p>
          {result.spots.length === 0 ? (
            <p>{t('help.whiteSpots.none')}</p>
          ) : (
            <div class="help-white-spots">
              <div class="table-wrap">
                <table class="help-spots">
                  <thead>
                    <tr>
                      <th scope="col">{t('help.whiteSpots.municipality')}</th>
                      <th scope="col">{t('help.whiteSpots.population')}</th>
                      <th scope="col">
                        <span class="visually-hidden">{t('help.whiteSpots.askHere')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.spots.map((m) => (
                      <tr key={m.ags}>
                        <td>{m.name}</td>
                        <td class="num">{n(m.population)}</td>
                        <td>
                          <a href={`/help/new?unit=${unit.id}&ags=${m.ags}`}>
                            {t('help.whiteSpots.askHere')}
                          </a>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {props.map && <WhiteSpotMap ctx={ctx} map={props.map} result={result} />}
            </div>
          )}
        </>
      )}
    </Layout>
  )
}

export function WhiteSpotTotalsPage(props: {
  ctx: ViewContext
  rows: { unit: OrgUnit; municipalities: number; spots: number; peopleInSpots: number }[]
}) {
  const { ctx } = props
  const { t } = ctx
  const n = (v: number) => formatNumber(ctx.locale, v)
  return (
    <Layout ctx={ctx} title={t('help.whiteSpots.totalsTitle')}>
      <h1>{t('help.whiteSpots.totalsTitle')}</h1>
      <p>{t('help.whiteSpots.totalsIntro')}</p>
      <div class="table-wrap">
        <table class="help-spots">
          <thead>
            <tr>
              <th scope="col">{t('help.whiteSpots.kv')}</th>
              <th scope="col">{t('help.whiteSpots.municipalities')}</th>
              <th scope="col">{t('help.whiteSpots.spots')}</th>
              <th scope="col">{t('help.whiteSpots.peopleInSpots')}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={r.unit.id}>
                <td>
                  <a href={`/units/${r.unit.id}/white-spots`}>{r.unit.name}</a>
                </td>
                <td class="num">{n(r.municipalities)}</td>
                <td class="num">{n(r.spots)}</td>
                <td class="num">{n(r.peopleInSpots)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  )
}
