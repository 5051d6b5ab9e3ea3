import type { VNode } from 'preact'
import { formatDate, formatNumber } from '../../../platform/i18n/index.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import { municipalityLabels } from '../municipalities.js'
import type { abilities } from '../policy.js'
import type { OrgUnit } from '../tables.js'

export function HomePage({
  ctx,
  districts,
  states,
}: {
  ctx: ViewContext
  districts: number
  states: number
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('common.home.title')}>
      <h1>{t('common.home.title')}</h1>
      <p class="lead">{t('common.home.intro')}</p>
      <p>{t('common.home.units', { count: formatNumber(ctx.locale, districts), states })}</p>
      <UnitSearchForm ctx={ctx} q="" />
      <p>
        <a href="/termine">{t('common.home.calendar')}</a>
      </p>
    </Layout>
  )
}

/** The kind of territory: the Kreis type from the official data, or "city district" for districts inside a city. */
function territoryType(ctx: ViewContext, unit: OrgUnit) {
  if (unit.kreisType) return unit.kreisType
  return unit.kind === 'district' ? ctx.t('orgUnits.page.cityDistrict') : ''
}

export function UnitPage(props: {
  ctx: ViewContext
  unit: OrgUnit
  parent: OrgUnit | undefined
  children: OrgUnit[]
  mergedInto?: OrgUnit | undefined
  sections: VNode[]
  can: ReturnType<typeof abilities>
}) {
  const { ctx, unit, parent } = props
  const { t } = ctx
  const type = territoryType(ctx, unit)
  return (
    <Layout ctx={ctx} title={unit.name}>
      <p class="eyebrow">{ctx.levelNames[unit.kind]}</p>
      <h1>{unit.name}</h1>
      {unit.dissolvedAt && (
        <p class="notice">
          {props.mergedInto ? (
            <>
              {t('orgUnits.maintain.mergedInto', { date: formatDate(ctx.locale, unit.dissolvedAt) })}{' '}
              <a href={`/units/${props.mergedInto.id}`}>{props.mergedInto.name}</a>.
            </>
          ) : (
            t('orgUnits.maintain.dissolvedOn', { date: formatDate(ctx.locale, unit.dissolvedAt) })
          )}
        </p>
      )}
      <dl class="facts">
        {parent && (
          <>
            <dt>{ctx.levelNames[parent.kind]}</dt>
            <dd>
              <a href={`/units/${parent.id}`}>{parent.name}</a>
            </dd>
          </>
        )}
        {(type || unit.ags) && (
          <>
            <dt>{t('orgUnits.page.territory')}</dt>
            <dd>
              {type}
              {type && unit.ags && ' · '}
              {unit.ags && t('orgUnits.page.ags', { ags: unit.ags })}
            </dd>
          </>
        )}
        {unit.municipalities.length > 0 && (
          <>
            <dt>{t('orgUnits.page.municipalities')}</dt>
            <dd>{municipalityLabels(unit.municipalities).join(', ')}</dd>
          </>
        )}
        {unit.postalCodes.length > 0 && (
          <>
            <dt>{t('orgUnits.maintain.postalCodes')}</dt>
            <dd>{unit.postalCodes.join(', ')}</dd>
          </>
        )}
        {unit.population != null && (
          <>
            <dt>{t('orgUnits.page.population')}</dt>
            <dd>{formatNumber(ctx.locale, unit.population)}</dd>
          </>
        )}
        {unit.areaKm2 != null && (
          <>
            <dt>{t('orgUnits.page.area')}</dt>
            <dd>
              {t('orgUnits.page.areaValue', { value: formatNumber(ctx.locale, Math.round(unit.areaKm2)) })}
            </dd>
          </>
        )}
      </dl>
      {(props.can.listMembers || props.can.maintain) && (
        <ul class="actions">
          {props.can.listMembers && (
            <li>
              <a href={`/units/${unit.id}/members`}>{t('orgUnits.page.memberList')}</a>
            </li>
          )}
          {props.can.maintain && (
            <li>
              <a href={`/units/${unit.id}/manage`}>{t('orgUnits.maintain.link')}</a>
            </li>
          )}
        </ul>
      )}
      <Children ctx={ctx} unit={unit} children={props.children} />
      {props.sections}
    </Layout>
  )
}

/** The federal page lists the states, a state page its districts (as tables), a district its local groups. */
function Children({ ctx, unit, children }: { ctx: ViewContext; unit: OrgUnit; children: OrgUnit[] }) {
  const { t } = ctx
  const heading =
    unit.kind === 'federal'
      ? t('orgUnits.page.states')
      : unit.kind === 'state'
        ? t('orgUnits.page.districts')
        : t('orgUnits.page.localGroups')
  const asTable = unit.kind === 'federal' || unit.kind === 'state'
  return (
    <section aria-labelledby="children-heading">
      <h2 id="children-heading">{heading}</h2>
      {children.length === 0 ? (
        <p>{t('orgUnits.page.noLocalGroups')}</p>
      ) : asTable ? (
        <div class="table-wrap">
          <table class="unit-table">
            <thead>
              <tr>
                <th scope="col">{t('orgUnits.page.name')}</th>
                {unit.kind === 'state' && <th scope="col">{t('orgUnits.page.type')}</th>}
                <th scope="col" class="num">
                  {t('orgUnits.page.population')}
                </th>
              </tr>
            </thead>
            <tbody>
              {children.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <a href={`/units/${c.id}`}>{c.name}</a>
                  </th>
                  {unit.kind === 'state' && <td>{territoryType(ctx, c)}</td>}
                  <td class="num">{c.population != null ? formatNumber(ctx.locale, c.population) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <ul>
          {children.map((c) => (
            <li key={c.id}>
              <a href={`/units/${c.id}`}>{c.name}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

export function UnitSearchForm({ ctx, q }: { ctx: ViewContext; q: string }) {
  const { t } = ctx
  return (
    <form method="get" action="/units" class="search-form">
      <label for="unit-q">{t('orgUnits.search.label')}</label>
      <input id="unit-q" name="q" type="search" value={q} maxlength={100} />
      <button type="submit">{t('orgUnits.search.submit')}</button>
    </form>
  )
}

export type UnitMatch = {
  id: string
  kind: OrgUnit['kind']
  name: string
  ags: string | null
  parentName: string | null
}

export function UnitSearchPage({ ctx, q, results }: { ctx: ViewContext; q: string; results: UnitMatch[] }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('orgUnits.search.title')}>
      <h1>{t('orgUnits.search.title')}</h1>
      <UnitSearchForm ctx={ctx} q={q} />
      {q &&
        (results.length === 0 ? (
          <p>{t('orgUnits.search.none')}</p>
        ) : (
          <ul class="unit-results">
            {results.map((u) => (
              <li key={u.id}>
                <a href={`/units/${u.id}`}>{u.name}</a> <span class="muted">{unitLabel(ctx, u)}</span>
              </li>
            ))}
          </ul>
        ))}
    </Layout>
  )
}

/** "Kreisverband · 16075 · gehört zu Thüringen": enough to tell two units of the same name apart. */
export function unitLabel(ctx: ViewContext, u: UnitMatch) {
  return [
    ctx.levelNames[u.kind],
    u.ags,
    u.parentName ? `${ctx.t('orgUnits.search.within')} ${u.parentName}` : null,
  ]
    .filter(Boolean)
    .join(' · ')
}
