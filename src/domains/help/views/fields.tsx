import { formatNumber, type Locale, numberFormat } from '../../../platform/i18n/index.js'
import {
  describedBy,
  Field,
  FieldError,
  type FormState,
  fieldClass,
  SelectField,
  TextareaField,
} from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'

/** A date and time in Berlin; browsers without the picker accept the same text. */
export function DateTimeField(props: {
  ctx: ViewContext
  form: FormState
  name: string
  label: string
  required?: boolean
  /** For a page with several forms with the same fields: ids become `<prefix>-<name>`. */
  prefix?: string
}) {
  const { ctx, form, name } = props
  const hint = ctx.t('help.fields.dateTimeHint')
  const id = `${props.prefix ?? 'f'}-${name}`
  return (
    <div class={fieldClass(form, name)}>
      <label for={id}>{props.label}</label>
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
      <FieldError ctx={ctx} form={form} name={name} prefix={props.prefix} />
      <input
        type="datetime-local"
        id={id}
        name={name}
        value={form.values?.[name] ?? ''}
        required={props.required}
        aria-invalid={form.errors?.[name] ? 'true' : undefined}
        aria-describedby={describedBy(form, name, `${id}-hint`, props.prefix)}
      />
    </div>
  )
}

/** The fields of a shift; a page with several shift forms gives each its own `prefix`, so ids stay unique. */
export function ShiftFields(props: { ctx: ViewContext; form: FormState; prefix?: string }) {
  const { ctx, form, prefix } = props
  const { t } = ctx
  return (
    <>
      <DateTimeField
        ctx={ctx}
        form={form}
        prefix={prefix}
        name="startsAt"
        label={t('help.fields.startsAt')}
        required
      />
      <DateTimeField
        ctx={ctx}
        form={form}
        prefix={prefix}
        name="endsAt"
        label={t('help.fields.endsAt')}
        required
      />
      <Field
        ctx={ctx}
        form={form}
        prefix={prefix}
        name="capacity"
        type="number"
        label={t('help.fields.capacity')}
        required
      />
      <Field
        ctx={ctx}
        form={form}
        prefix={prefix}
        name="meetingPoint"
        label={t('help.fields.meetingPoint')}
        required
      />
    </>
  )
}

export function CheckboxField(props: { name: string; label: string; checked: boolean; value?: string }) {
  const id = `f-${props.name}${props.value ? `-${props.value}` : ''}`
  return (
    <div class="field field--checkbox">
      <input type="checkbox" id={id} name={props.name} value={props.value ?? 'on'} checked={props.checked} />
      <label for={id}>{props.label}</label>
    </div>
  )
}

export function euro(locale: Locale, cents: number) {
  return numberFormat(locale, {
    style: 'currency',
    currency: 'EUR',
    maximumFractionDigits: cents % 100 === 0 ? 0 : 2,
  }).format(cents / 100)
}

export function num(locale: Locale, value: number) {
  return formatNumber(locale, Math.round(value * 10) / 10)
}

export { SelectField, TextareaField }
