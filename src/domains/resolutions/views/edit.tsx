import {
  CsrfField,
  ErrorSummary,
  Field,
  type FormState,
  SelectField,
} from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { viewMeasureEdit, viewResolutionEdit } from '../service/index.js'
import { resolutionVisibilities } from '../tables.js'
import { MeasureFields } from './measure.js'
import { UnitChoices } from './shared.js'

type ResolutionEditData = Awaited<ReturnType<typeof viewResolutionEdit>>
type MeasureEditData = Awaited<ReturnType<typeof viewMeasureEdit>>

const fullTitle = (r: { code: string | null; title: string }) => (r.code ? `${r.code} ${r.title}` : r.title)

/** The owning board changes a resolution's header, visibility and addressees, or deletes it. */
export function ResolutionEditPage({
  ctx,
  data,
  form,
  addressees,
}: {
  ctx: ViewContext
  data: ResolutionEditData
  form: FormState
  addressees?: readonly string[]
}) {
  const { t } = ctx
  const r = data.resolution
  const checked = new Set(addressees ?? data.addressees.map((a) => a.id))
  const shown: FormState = form.values
    ? form
    : {
        ...form,
        values: {
          code: r.code ?? '',
          title: r.title,
          committee: r.committee ?? '',
          decidedOn: r.decidedOn ?? '',
          agendaItem: r.agendaItem ?? '',
          visibility: r.visibility,
        },
      }
  const title = t('resolutions.edit.resolutionTitle')
  return (
    <Layout ctx={ctx} title={title}>
      <p class="eyebrow">
        <a href={`/resolutions/${r.id}`}>{fullTitle(r)}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={`/resolutions/${r.id}/edit`} class="stack" novalidate>
        <CsrfField ctx={ctx} />
        <Field ctx={ctx} form={shown} name="code" label={t('resolutions.fields.code')} />
        <Field ctx={ctx} form={shown} name="title" label={t('resolutions.fields.title')} required />
        <Field ctx={ctx} form={shown} name="committee" label={t('resolutions.fields.committee')} />
        <Field
          ctx={ctx}
          form={shown}
          name="decidedOn"
          type="date"
          label={t('resolutions.fields.decidedOn')}
        />
        <Field ctx={ctx} form={shown} name="agendaItem" label={t('resolutions.fields.agendaItem')} />
        <SelectField
          ctx={ctx}
          form={shown}
          name="visibility"
          label={t('resolutions.fields.visibility')}
          options={resolutionVisibilities.map((v) => ({
            value: v,
            label: t(`resolutions.visibilities.${v}`),
          }))}
        />
        {data.candidates.length > 0 && (
          <UnitChoices
            ctx={ctx}
            name="addressees"
            legend={t('resolutions.fields.addressees')}
            error={form.errors?.addressees}
            units={data.candidates}
            checked={checked}
          />
        )}
        <button type="submit">{t('resolutions.edit.save')}</button>
      </form>
      <section aria-labelledby="delete-heading" class="stack">
        <h2 id="delete-heading">{t('resolutions.edit.deleteResolutionHeading')}</h2>
        <p>{t('resolutions.edit.deleteResolutionHint')}</p>
        <form method="post" action={`/resolutions/${r.id}/delete`} class="inline-form">
          <CsrfField ctx={ctx} />
          <button type="submit" class="danger">
            {t('resolutions.edit.deleteResolution')}
          </button>
        </form>
      </section>
    </Layout>
  )
}

/** The owning board changes a measure for every unit it was given to, or deletes it. */
export function MeasureEditPage({
  ctx,
  data,
  form,
}: {
  ctx: ViewContext
  data: MeasureEditData
  form: FormState
}) {
  const { t } = ctx
  const m = data.measure
  const r = data.resolution.resolution
  const title = t('resolutions.edit.measureTitle')
  const values = {
    title: m.title,
    fromLine: String(m.fromLine),
    toLine: String(m.toLine),
    responsibleNote: m.responsibleNote ?? '',
    dueOn: m.dueOn ?? '',
    dueText: m.dueText ?? '',
    indicator: m.indicator ?? '',
    indicatorTarget: m.indicatorTarget === null ? '' : String(m.indicatorTarget),
  }
  return (
    <Layout ctx={ctx} title={title}>
      <p class="eyebrow">
        <a href={`/resolutions/${r.id}`}>{fullTitle(r)}</a>
      </p>
      <h1>{title}</h1>
      <p>{t('resolutions.edit.measureFor', { units: data.group.map((u) => u.name).join(', ') })}</p>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={`/measures/${m.id}/edit`} class="stack" novalidate>
        <CsrfField ctx={ctx} />
        <MeasureFields ctx={ctx} form={form} from={m.fromLine} to={m.toLine} values={values} />
        <button type="submit">{t('resolutions.edit.save')}</button>
      </form>
      <section aria-labelledby="delete-heading" class="stack">
        <h2 id="delete-heading">{t('resolutions.edit.deleteMeasureHeading')}</h2>
        <form method="post" action={`/measures/${m.id}/delete`} class="stack">
          <CsrfField ctx={ctx} />
          <fieldset>
            <legend>{t('resolutions.edit.deleteScope')}</legend>
            <div class="field">
              <input type="radio" id="f-scope-unit" name="scope" value="unit" checked />{' '}
              <label for="f-scope-unit">{t('resolutions.edit.scopeUnit', { unit: data.unit.name })}</label>
            </div>
            {data.group.length > 1 && (
              <div class="field">
                <input type="radio" id="f-scope-group" name="scope" value="group" />{' '}
                <label for="f-scope-group">
                  {t('resolutions.edit.scopeGroup', { count: data.group.length })}
                </label>
              </div>
            )}
          </fieldset>
          <button type="submit" class="danger">
            {t('resolutions.edit.deleteMeasure')}
          </button>
        </form>
      </section>
    </Layout>
  )
}
