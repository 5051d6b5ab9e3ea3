import {
  CheckboxField,
  describedBy,
  FieldError,
  type FormState,
  fieldClass,
  SelectField,
  TextareaField,
} from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import type { OrgUnit } from '../../org-units/index.js'
import { partnershipKinds, partnershipTags } from '../tables.js'

/** Kind, start date, story and tags: the details both the proposal and the edit form carry. */
export function DetailFields(props: {
  ctx: ViewContext
  form: FormState
  values?: { kind?: string; startedOn?: string | null; story?: string | null; tags?: readonly string[] }
}) {
  const { ctx, form, values } = props
  const { t } = ctx
  return (
    <>
      <SelectField
        ctx={ctx}
        form={form}
        name="kind"
        label={t('partnerships.fields.kind')}
        value={values?.kind ?? 'partnership'}
        options={partnershipKinds.map((k) => ({ value: k, label: t(`partnerships.kinds.${k}`) }))}
      />
      <div class={fieldClass(form, 'startedOn')}>
        <label for="f-startedOn">{t('partnerships.fields.startedOn')}</label>
        <FieldError ctx={ctx} form={form} name="startedOn" />
        <input
          id="f-startedOn"
          name="startedOn"
          type="date"
          value={form.values?.startedOn ?? values?.startedOn ?? ''}
          aria-describedby={describedBy(form, 'startedOn')}
        />
      </div>
      <TextareaField
        ctx={ctx}
        form={form}
        name="story"
        label={t('partnerships.fields.story')}
        hint={t('partnerships.fields.storyHint')}
        value={values?.story ?? ''}
      />
      <fieldset class="field">
        <legend>{t('partnerships.fields.tags')}</legend>
        {partnershipTags.map((tag) => (
          <CheckboxField
            key={tag}
            name="tags"
            value={tag}
            label={t(`partnerships.tags.${tag}`)}
            checked={(values?.tags ?? []).includes(tag)}
          />
        ))}
      </fieldset>
    </>
  )
}

/** Radio buttons for the units a search found; a picked unit stays in the list. */
export function UnitChoice(props: {
  ctx: ViewContext
  form: FormState
  name: string
  legend: string
  units: OrgUnit[]
  selected?: string | undefined
  emptyText: string
  optional?: boolean
}) {
  const { ctx, form, name } = props
  const current = form.values?.[name] ?? props.selected
  return (
    <fieldset class={fieldClass(form, name)} id={`f-${name}`}>
      <legend>{props.legend}</legend>
      <FieldError ctx={ctx} form={form} name={name} />
      {props.units.length === 0 && <p class="hint">{props.emptyText}</p>}
      {props.optional && props.units.length > 0 && (
        <label class="unit-choice">
          <input type="radio" name={name} value="" checked={!current} /> {ctx.t('partnerships.search.none')}
        </label>
      )}
      {props.units.map((u) => (
        <label key={u.id} class="unit-choice">
          <input type="radio" name={name} value={u.id} checked={current === u.id} /> {u.name}
          <span class="hint">
            {' '}
            ({ctx.levelNames[u.kind]}
            {u.ags ? ` · ${u.ags}` : ''})
          </span>
        </label>
      ))}
    </fieldset>
  )
}

export { CheckboxField, SelectField, TextareaField }
