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
}) {
  const { ctx, form, name } = props
  const hint = ctx.t('help.fields.dateTimeHint')
  return (
    <div class={fieldClass(form, name)}>
      <label for={`f-${name}`}>{props.label}</label>
      <p class="hint" id={`f-${name}-hint`}>
        {hint}
      </p>
      <FieldError ctx={ctx} form={form} name={name} />
      <input
        type="datetime-local"
        id={`f-${name}`}
        name={name}
        value={form.values?.[name] ?? ''}
        required={props.required}
        aria-invalid={form.errors?.[name] ? 'true' : undefined}
        aria-describedby={describedBy(form, name, `f-${name}-hint`)}
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
