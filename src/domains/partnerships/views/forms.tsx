import { CsrfField, ErrorSummary, type FormState } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { OrgUnit } from '../../org-units/index.js'
import type { Partnership } from '../tables.js'
import { CheckboxField, DetailFields, SelectField, UnitChoice } from './fields.js'

export type DetailValues = {
  kind?: string
  startedOn?: string | null
  story?: string | null
  tags?: readonly string[]
}

/** Proposing: the own unit as a select, the partner found by a GET search (works without script). */
export function NewPartnershipPage(props: {
  ctx: ViewContext
  form: FormState
  own: OrgUnit[]
  results: OrgUnit[]
  query: string
  selectedOwn?: string | undefined
  details?: DetailValues
}) {
  const { ctx, form } = props
  const { t } = ctx
  const selected = form.values?.unitAId ?? props.selectedOwn
  return (
    <Layout ctx={ctx} title={t('partnerships.new.title')}>
      <h1>{t('partnerships.new.title')}</h1>
      <p>{t('partnerships.new.intro')}</p>
      <form method="get" action="/partnerships/new" class="search-form">
        <input type="hidden" name="unit" value={selected ?? ''} />
        <label for="f-q">{t('partnerships.search.label')}</label>
        <p class="hint">{t('partnerships.search.hint')}</p>
        <input id="f-q" name="q" type="search" value={props.query} />{' '}
        <button type="submit" class="secondary">
          {t('partnerships.search.submit')}
        </button>
      </form>
      <form method="post" action="/partnerships">
        <CsrfField ctx={ctx} />
        <ErrorSummary ctx={ctx} form={form} />
        <input type="hidden" name="q" value={props.query} />
        <SelectField
          ctx={ctx}
          form={form}
          name="unitAId"
          label={t('partnerships.fields.ownUnit')}
          value={selected}
          options={props.own.map((u) => ({ value: u.id, label: u.name }))}
        />
        <UnitChoice
          ctx={ctx}
          form={form}
          name="unitBId"
          legend={t('partnerships.fields.partnerUnit')}
          units={props.results}
          emptyText={props.query ? t('partnerships.search.noResults') : t('partnerships.search.first')}
        />
        <DetailFields ctx={ctx} form={form} values={props.details} />
        <button type="submit">{t('partnerships.actions.propose')}</button>
      </form>
    </Layout>
  )
}

export function EditPartnershipPage(props: {
  ctx: ViewContext
  form: FormState
  partnership: Partnership
  title: string
  details?: DetailValues
  isPublic?: boolean
}) {
  const { ctx, form, partnership: p } = props
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('partnerships.edit.title')}>
      <h1>{t('partnerships.edit.title')}</h1>
      <p class="lead">{props.title}</p>
      <form method="post" action={`/partnerships/${p.id}/edit`}>
        <CsrfField ctx={ctx} />
        <ErrorSummary ctx={ctx} form={form} />
        <DetailFields ctx={ctx} form={form} values={props.details ?? p} />
        <CheckboxField
          name="isPublic"
          label={t('partnerships.fields.isPublic')}
          checked={props.isPublic ?? p.isPublic}
        />
        <button type="submit">{t('common.form.save')}</button>{' '}
        <a href={`/partnerships/${p.id}`}>{t('common.form.cancel')}</a>
      </form>
    </Layout>
  )
}
