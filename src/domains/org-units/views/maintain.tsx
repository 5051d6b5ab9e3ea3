import type { MessageKey } from '../../../platform/i18n/index.js'
import {
  CheckboxField,
  CsrfField,
  ErrorSummary,
  Field,
  type FormState,
  SelectField,
  TextareaField,
} from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { viewUnitMaintenance } from '../service/maintain.js'

export type MaintenanceForm = 'details' | 'move' | 'territory' | 'merge' | 'dissolve' | 'child'
export type Failed = { form: MaintenanceForm; state: FormState } | undefined
type Data = Awaited<ReturnType<typeof viewUnitMaintenance>>

/**
 * A unit's maintenance page: one form per change. The form that failed carries the field ids the error
 * summary links to (`f-…`); the others have their own prefix, so no id appears twice.
 */
export function UnitMaintenancePage({ ctx, data, failed }: { ctx: ViewContext; data: Data; failed: Failed }) {
  const { t } = ctx
  const { unit } = data
  const stateOf = (form: MaintenanceForm): FormState => (failed?.form === form ? failed.state : {})
  const prefix = (form: MaintenanceForm) => (failed?.form === form ? 'f' : form)
  const level = ctx.levelNames[unit.kind]
  return (
    <Layout ctx={ctx} title={t('orgUnits.maintain.title', { unit: unit.name })}>
      <p class="eyebrow">{level}</p>
      <h1>{t('orgUnits.maintain.title', { unit: unit.name })}</h1>
      <p>
        <a href={`/units/${unit.id}`}>{t('orgUnits.maintain.back')}</a>
      </p>
      {failed && <ErrorSummary ctx={ctx} form={failed.state} />}

      {data.can.maintain && (
        <>
          <section aria-labelledby="details-heading">
            <h2 id="details-heading">{t('orgUnits.maintain.details')}</h2>
            <form method="post" action={`/units/${unit.id}/details`} novalidate>
              <CsrfField ctx={ctx} />
              <DetailFields ctx={ctx} form={stateOf('details')} prefix={prefix('details')} unit={unit} />
              <button type="submit">{t('orgUnits.maintain.save')}</button>
            </form>
          </section>

          {(unit.kind === 'district' || unit.kind === 'local') && (
            <section aria-labelledby="territory-heading">
              <h2 id="territory-heading">{t('orgUnits.maintain.territory')}</h2>
              <form method="post" action={`/units/${unit.id}/territory`} novalidate>
                <CsrfField ctx={ctx} />
                <TerritoryFields
                  ctx={ctx}
                  form={stateOf('territory')}
                  prefix={prefix('territory')}
                  kind={unit.kind}
                  rows={3}
                  values={{
                    kreise: data.kreise.join(', '),
                    municipalities: data.municipalities.join('\n'),
                    postalCodes: unit.postalCodes.join(', '),
                  }}
                />
                <button type="submit">{t('orgUnits.maintain.saveTerritory')}</button>
              </form>
            </section>
          )}

          {data.parentOptions.length > 0 && (
            <section aria-labelledby="move-heading">
              <h2 id="move-heading">{t('orgUnits.maintain.move')}</h2>
              <p>{t('orgUnits.maintain.moveIntro', { parent: data.parent?.name ?? '' })}</p>
              <form method="post" action={`/units/${unit.id}/move`} novalidate>
                <CsrfField ctx={ctx} />
                <SelectField
                  ctx={ctx}
                  form={stateOf('move')}
                  prefix={prefix('move')}
                  name="parentId"
                  label={t('orgUnits.maintain.newParent')}
                  options={[
                    { value: '', label: t('orgUnits.maintain.choose') },
                    ...data.parentOptions.map((p) => ({ value: p.id, label: p.name })),
                  ]}
                />
                <button type="submit">{t('orgUnits.maintain.moveSubmit')}</button>
              </form>
            </section>
          )}

          {data.mergeOptions.length > 0 && (
            <section aria-labelledby="merge-heading">
              <h2 id="merge-heading">{t('orgUnits.maintain.merge')}</h2>
              <p>{t('orgUnits.maintain.mergeIntro', { unit: unit.name })}</p>
              <form method="post" action={`/units/${unit.id}/merge`} novalidate>
                <CsrfField ctx={ctx} />
                <SelectField
                  ctx={ctx}
                  form={stateOf('merge')}
                  prefix={prefix('merge')}
                  name="intoId"
                  label={t('orgUnits.maintain.into')}
                  options={[
                    { value: '', label: t('orgUnits.maintain.choose') },
                    ...data.mergeOptions.map((u) => ({
                      value: u.id,
                      label: u.parentName ? `${u.name} (${u.parentName})` : u.name,
                    })),
                  ]}
                />
                {data.mergePreview && data.mergePreview.postalCodeConflicts.length > 0 && (
                  <MergePostalCodes ctx={ctx} preview={data.mergePreview} />
                )}
                <CheckboxField name="confirm" label={t('orgUnits.maintain.mergeConfirm')} checked={false} />
                <button type="submit">{t('orgUnits.maintain.mergeSubmit')}</button>
              </form>
            </section>
          )}

          <section aria-labelledby="dissolve-heading">
            <h2 id="dissolve-heading">{t('orgUnits.maintain.dissolve')}</h2>
            <p>{t('orgUnits.maintain.dissolveIntro')}</p>
            <form method="post" action={`/units/${unit.id}/dissolve`} novalidate>
              <CsrfField ctx={ctx} />
              {failed?.form === 'dissolve' && failed.state.errors?.confirm && (
                <p class="field-error" id="f-confirm">
                  {t(failed.state.errors.confirm, failed.state.params?.confirm)}
                </p>
              )}
              <CheckboxField name="confirm" label={t('orgUnits.maintain.dissolveConfirm')} checked={false} />
              <button type="submit" class="button--danger">
                {t('orgUnits.maintain.dissolveSubmit')}
              </button>
            </form>
          </section>
        </>
      )}

      {data.childKind && (
        <section aria-labelledby="child-heading">
          <h2 id="child-heading">
            {t('orgUnits.maintain.newChild', { level: ctx.levelNames[data.childKind] })}
          </h2>
          {data.children.length > 0 && (
            <p>
              {t('orgUnits.maintain.existing')}{' '}
              {data.children.map((c, i) => (
                <span key={c.id}>
                  {i > 0 && ', '}
                  <a href={`/units/${c.id}/manage`}>{c.name}</a>
                </span>
              ))}
            </p>
          )}
          <form method="post" action={`/units/${unit.id}/children`} novalidate>
            <CsrfField ctx={ctx} />
            <DetailFields ctx={ctx} form={stateOf('child')} prefix={prefix('child')} />
            {(data.childKind === 'district' || data.childKind === 'local') && (
              <TerritoryFields
                ctx={ctx}
                form={stateOf('child')}
                prefix={prefix('child')}
                kind={data.childKind}
                rows={2}
              />
            )}
            <button type="submit">{t('orgUnits.maintain.create')}</button>
          </form>
        </section>
      )}
    </Layout>
  )
}

/**
 * The fields of a territory: a district's Kreise and single municipalities, a local group's postal codes and
 * municipalities. Municipalities are written by name, one a line.
 */
function TerritoryFields(props: {
  ctx: ViewContext
  form: FormState
  prefix: string
  kind: 'district' | 'local'
  rows: number
  values?: { kreise: string; municipalities: string; postalCodes: string }
}) {
  const { ctx, form, prefix, kind, rows, values } = props
  const { t } = ctx
  const field = (name: 'kreise' | 'municipalities' | 'postalCodes', label: MessageKey, hint: MessageKey) => (
    <TextareaField
      ctx={ctx}
      form={form}
      prefix={prefix}
      name={name}
      rows={name === 'municipalities' ? rows + 1 : rows}
      label={t(label)}
      hint={t(hint)}
      value={values?.[name]}
    />
  )
  return kind === 'district' ? (
    <>
      {field('kreise', 'orgUnits.maintain.kreise', 'orgUnits.maintain.kreiseHint')}
      {field('municipalities', 'orgUnits.maintain.municipalities', 'orgUnits.maintain.municipalitiesHint')}
    </>
  ) : (
    <>
      {field('postalCodes', 'orgUnits.maintain.postalCodes', 'orgUnits.maintain.postalCodesHint')}
      {field(
        'municipalities',
        'orgUnits.maintain.municipalities',
        'orgUnits.maintain.localMunicipalitiesHint',
      )}
    </>
  )
}

/**
 * The preview of a merge: which postal codes local groups of both units claim and where each stays. Its hidden
 * field tells the merge that the actor saw exactly these; the merge refuses a list that changed since.
 */
function MergePostalCodes({
  ctx,
  preview,
}: {
  ctx: ViewContext
  preview: NonNullable<Data['mergePreview']>
}) {
  const { t } = ctx
  const conflicts = preview.postalCodeConflicts
  return (
    <div class="notice" id="merge-postal-codes">
      <h3>{t('orgUnits.maintain.mergePreview.title', { into: preview.into.name })}</h3>
      <p>{t('orgUnits.maintain.mergePreview.intro')}</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('orgUnits.maintain.mergePreview.plz')}</th>
              <th scope="col">{t('orgUnits.maintain.mergePreview.keptBy')}</th>
              <th scope="col">{t('orgUnits.maintain.mergePreview.releasedFrom')}</th>
            </tr>
          </thead>
          <tbody>
            {conflicts.map((c) => (
              <tr key={c.plz}>
                <th scope="row">{c.plz}</th>
                <td>{c.keptBy?.name ?? t('orgUnits.maintain.mergePreview.nobody')}</td>
                <td>{c.releasedFrom.name}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>{t('orgUnits.maintain.mergePreview.members')}</p>
      <input type="hidden" name="postalCodeConflicts" value={conflicts.map((c) => c.plz).join(',')} />
    </div>
  )
}

function DetailFields({
  ctx,
  form,
  prefix,
  unit,
}: {
  ctx: ViewContext
  form: FormState
  prefix: string
  unit?: { name: string; shortName: string | null; website: string | null; email: string | null }
}) {
  const { t } = ctx
  return (
    <>
      <Field
        ctx={ctx}
        form={form}
        prefix={prefix}
        name="name"
        label={t('orgUnits.maintain.name')}
        value={unit?.name}
        required
      />
      <Field
        ctx={ctx}
        form={form}
        prefix={prefix}
        name="shortName"
        label={t('orgUnits.maintain.shortName')}
        value={unit?.shortName ?? ''}
      />
      <Field
        ctx={ctx}
        form={form}
        prefix={prefix}
        name="website"
        type="url"
        label={t('orgUnits.maintain.website')}
        value={unit?.website ?? ''}
      />
      <Field
        ctx={ctx}
        form={form}
        prefix={prefix}
        name="email"
        type="email"
        label={t('orgUnits.maintain.email')}
        value={unit?.email ?? ''}
      />
    </>
  )
}
