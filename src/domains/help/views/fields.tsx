import { formatNumber, type Locale, numberFormat } from '../../../platform/i18n/index.js'
import {
  describedBy,
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
