import type { VNode } from 'preact'
import { formatNumber } from '../../platform/i18n/index.js'
import type { ViewContext } from '../../platform/views/context.js'
import { Layout } from '../../platform/views/layout.js'
import type { abilities } from './policy.js'
import type { OrgUnit } from './tables.js'

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
    </Layout>
  )
}

export function UnitPage(props: {
  ctx: ViewContext
  unit: OrgUnit
  parent: OrgUnit | undefined
  children: OrgUnit[]
  sections: VNode[]
  can: ReturnType<typeof abilities>
}) {
  const { ctx, unit, parent, children } = props
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={unit.name}>
      <p class="eyebrow">{ctx.levelNames[unit.kind]}</p>
      <h1>{unit.name}</h1>
      <dl class="facts">
        {parent && (
          <>
            <dt>{ctx.levelNames[parent.kind]}</dt>
            <dd>
              <a href={`/units/${parent.id}`}>{parent.name}</a>
            </dd>
          </>
        )}
        {unit.kreisType && (
          <>
            <dt>{t('orgUnits.page.territory')}</dt>
            <dd>
              {unit.kreisType}
              {unit.ags && ` · ${t('orgUnits.page.ags', { ags: unit.ags })}`}
            </dd>
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
      {props.can.listMembers && (
        <p>
          <a href={`/units/${unit.id}/members`}>{t('orgUnits.page.memberList')}</a>
        </p>
      )}
      <section aria-labelledby="children-heading">
        <h2 id="children-heading">{t('orgUnits.page.localGroups')}</h2>
        {children.length === 0 ? (
          <p>{t('orgUnits.page.noLocalGroups')}</p>
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
      {props.sections}
    </Layout>
  )
}
