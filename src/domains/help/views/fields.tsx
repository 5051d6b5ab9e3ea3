import { formatNumber, type Locale } from '../../../platform/i18n/index.js'
import type { FormState } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'

function FieldError({ ctx, form, name }: { ctx: ViewContext; form: FormState; name: string }) {
  const error = form.errors?.[name]
  if (!error) return null
  return (
    <p class="field-error" id={`f-${name}-error`}>
      {ctx.t(error, form.params?.[name])}
    </p>
  )
}

const describedBy = (form: FormState, name: string, hint?: string) =>
  [hint ? `f-${name}-hint` : '', form.errors?.[name] ? `f-${name}-error` : ''].filter(Boolean).join(' ') ||
  undefined
const fieldClass = (form: FormState, name: string) => (form.errors?.[name] ? 'field field--error' : 'field')

export function SelectField(props: {
  ctx: ViewContext
  form: FormState
  name: string
  label: string
  options: { value: string; label: string }[]
  value?: string
}) {
  const { ctx, form, name } = props
  const current = form.values?.[name] ?? props.value ?? ''
  return (
    <div class={fieldClass(form, name)}>
      <label for={`f-${name}`}>{props.label}</label>
      <FieldError ctx={ctx} form={form} name={name} />
      <select
        id={`f-${name}`}
        name={name}
        aria-invalid={form.errors?.[name] ? 'true' : undefined}
        aria-describedby={describedBy(form, name)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === current}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}

export function TextareaField(props: {
  ctx: ViewContext
  form: FormState
  name: string
  label: string
  value?: string
  hint?: string
  required?: boolean
}) {
  const { ctx, form, name } = props
  return (
    <div class={fieldClass(form, name)}>
      <label for={`f-${name}`}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`f-${name}-hint`}>
          {props.hint}
        </p>
      )}
      <FieldError ctx={ctx} form={form} name={name} />
      <textarea
        id={`f-${name}`}
        name={name}
        rows={5}
        required={props.required}
        aria-invalid={form.errors?.[name] ? 'true' : undefined}
        aria-describedby={describedBy(form, name, props.hint)}
      >
        {form.values?.[name] ?? props.value ?? ''}
      </textarea>
    </div>
  )
}

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
        aria-describedby={describedBy(form, name, hint)}
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
  return new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
    style: 'currency',
    currency: 'EUR',
    maximumFractionDigits: cents % 100 === 0 ? 0 : 2,
  }).format(cents / 100)
}

export function num(locale: Locale, value: number) {
  return formatNumber(locale, Math.round(value * 10) / 10)
}
