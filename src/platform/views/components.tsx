import type { ComponentChildren } from 'preact'
import type { FieldErrors, FormValues } from '../http/forms.js'
import type { ViewContext } from './context.js'

export function CsrfField({ ctx }: { ctx: ViewContext }) {
  return <input type="hidden" name="_csrf" value={ctx.csrfToken()} />
}

export type FormState = {
  values?: FormValues
  errors?: FieldErrors
  params?: Record<string, Record<string, string | number>>
}

/**
 * Field ids are `f-<name>`, which the error summary links to; a page that carries several forms with the same
 * field names (one per clause, say) gives each form its own `prefix` instead of `f`.
 */
const fieldId = (name: string, prefix = 'f') => `${prefix}-${name}`

/** A labelled input with its error tied to it by aria-describedby, so screen readers announce it. */
export function Field(props: {
  ctx: ViewContext
  form: FormState
  name: string
  prefix?: string
  label: string
  type?: 'text' | 'email' | 'password' | 'tel' | 'number' | 'date' | 'search' | 'url' | 'datetime-local'
  autocomplete?: string
  required?: boolean
  hint?: string
  value?: string
  inputmode?: 'numeric' | 'email' | 'tel' | 'text' | 'search'
}) {
  const { ctx, form, name } = props
  const error = form.errors?.[name]
  const id = fieldId(name, props.prefix)
  const describedBy = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ')
  // Preact types <input> per `type`; the props are assembled for every type at once.
  const inputAttrs = {
    id,
    name,
    type: props.type ?? 'text',
    value: props.type === 'password' ? undefined : (form.values?.[name] ?? props.value ?? ''),
    autocomplete: props.autocomplete,
    required: props.required,
    inputMode: props.inputmode,
    'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': describedBy || undefined,
  }
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {ctx.t(error, form.params?.[name])}
        </p>
      )}
      <input {...(inputAttrs as Record<string, unknown>)} />
    </div>
  )
}

/** The errors of a form, each linked to its field; a form whose fields carry a `prefix` passes it here too. */
export function ErrorSummary({ ctx, form, prefix }: { ctx: ViewContext; form: FormState; prefix?: string }) {
  const errors = form.errors ?? {}
  const entries = Object.entries(errors)
  if (entries.length === 0) return null
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <p>
        <strong>{ctx.t('common.form.errorSummary')}</strong>
      </p>
      <ul>
        {entries.map(([field, key]) => (
          <li key={field}>
            {field === '_form' ? (
              ctx.t(key, form.params?.[field])
            ) : (
              <a href={`#${fieldId(field, prefix)}`}>{ctx.t(key, form.params?.[field])}</a>
            )}
          </li>
        ))}
      </ul>
    </div>
  )
}

export function PostButton(props: {
  ctx: ViewContext
  action: string
  label: string
  class?: string
  children?: ComponentChildren
}) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField ctx={props.ctx} />
      {props.children}
      <button type="submit" class={props.class}>
        {props.label}
      </button>
    </form>
  )
}

/** The error under a field, tied to it by id so aria-describedby can point at it. */
export function FieldError({
  ctx,
  form,
  name,
  prefix,
}: {
  ctx: ViewContext
  form: FormState
  name: string
  prefix?: string
}) {
  const error = form.errors?.[name]
  if (!error) return null
  return (
    <p class="field-error" id={`${fieldId(name, prefix)}-error`}>
      {ctx.t(error, form.params?.[name])}
    </p>
  )
}

/** The ids that describe a field: its hint and its error, when there are any. */
export function describedBy(
  form: FormState,
  name: string,
  hintId?: string,
  prefix?: string,
): string | undefined {
  return (
    [hintId, form.errors?.[name] ? `${fieldId(name, prefix)}-error` : undefined].filter(Boolean).join(' ') ||
    undefined
  )
}

export function fieldClass(form: FormState, name: string): string {
  return form.errors?.[name] ? 'field field--error' : 'field'
}

export function SelectField(props: {
  ctx: ViewContext
  form: FormState
  name: string
  prefix?: string
  label: string
  options: { value: string; label: string }[]
  value?: string
}) {
  const { ctx, form, name, prefix } = props
  const current = form.values?.[name] ?? props.value ?? ''
  return (
    <div class={fieldClass(form, name)}>
      <label for={fieldId(name, prefix)}>{props.label}</label>
      <FieldError ctx={ctx} form={form} name={name} prefix={prefix} />
      <select
        id={fieldId(name, prefix)}
        name={name}
        aria-invalid={form.errors?.[name] ? 'true' : undefined}
        aria-describedby={describedBy(form, name, undefined, prefix)}
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
  prefix?: string
  label: string
  value?: string | null
  hint?: string
  rows?: number
  required?: boolean
}) {
  const { ctx, form, name, prefix } = props
  const hintId = props.hint ? `${fieldId(name, prefix)}-hint` : undefined
  return (
    <div class={fieldClass(form, name)}>
      <label for={fieldId(name, prefix)}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      <FieldError ctx={ctx} form={form} name={name} prefix={prefix} />
      <textarea
        id={fieldId(name, prefix)}
        name={name}
        rows={props.rows ?? 5}
        required={props.required}
        aria-invalid={form.errors?.[name] ? 'true' : undefined}
        aria-describedby={describedBy(form, name, hintId, prefix)}
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
