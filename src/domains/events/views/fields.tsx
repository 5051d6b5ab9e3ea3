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

const describedBy = (form: FormState, name: string) => (form.errors?.[name] ? `f-${name}-error` : undefined)
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
  value?: string | null
  hint?: string
  rows?: number
}) {
  const { ctx, form, name } = props
  const hintId = props.hint ? `f-${name}-hint` : undefined
  return (
    <div class={fieldClass(form, name)}>
      <label for={`f-${name}`}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      <FieldError ctx={ctx} form={form} name={name} />
      <textarea
        id={`f-${name}`}
        name={name}
        rows={props.rows ?? 4}
        aria-invalid={form.errors?.[name] ? 'true' : undefined}
        aria-describedby={[hintId, describedBy(form, name)].filter(Boolean).join(' ') || undefined}
      >
        {form.values?.[name] ?? props.value ?? ''}
      </textarea>
    </div>
  )
}

export function CheckboxField(props: { name: string; label: string; checked: boolean; value?: string }) {
  return (
    <div class="field field--checkbox">
      <label>
        <input type="checkbox" name={props.name} value={props.value ?? 'on'} checked={props.checked} />{' '}
        {props.label}
      </label>
    </div>
  )
}
