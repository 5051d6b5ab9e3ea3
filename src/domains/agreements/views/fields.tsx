import type { FormState } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { type Clause, clauseTypes } from '../clauses.js'

function FieldError({
  ctx,
  form,
  name,
  id,
}: {
  ctx: ViewContext
  form: FormState
  name: string
  id: string
}) {
  const error = form.errors?.[name]
  if (!error) return null
  return (
    <p class="field-error" id={`${id}-error`}>
      {ctx.t(error, form.params?.[name])}
    </p>
  )
}

const fieldClass = (form: FormState, name: string) => (form.errors?.[name] ? 'field field--error' : 'field')

/** Ids are prefixed, because a page carries one clause form per clause. */
export function SelectField(props: {
  ctx: ViewContext
  form: FormState
  prefix: string
  name: string
  label: string
  options: { value: string; label: string }[]
  value?: string
}) {
  const { ctx, form, name, prefix } = props
  const id = `${prefix}-${name}`
  const current = form.values?.[name] ?? props.value ?? ''
  return (
    <div class={fieldClass(form, name)}>
      <label for={id}>{props.label}</label>
      <FieldError ctx={ctx} form={form} name={name} id={id} />
      <select
        id={id}
        name={name}
        aria-invalid={form.errors?.[name] ? 'true' : undefined}
        aria-describedby={form.errors?.[name] ? `${id}-error` : undefined}
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

export function InputField(props: {
  ctx: ViewContext
  form: FormState
  prefix: string
  name: string
  label: string
  type?: 'text' | 'date' | 'number'
  value?: string
  hint?: string
  required?: boolean
}) {
  const { ctx, form, name, prefix } = props
  const id = `${prefix}-${name}`
  const error = form.errors?.[name]
  const described = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ')
  return (
    <div class={fieldClass(form, name)}>
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
      <input
        {...({
          id,
          name,
          type: props.type ?? 'text',
          value: form.values?.[name] ?? props.value ?? '',
          required: props.required,
          'aria-invalid': error ? 'true' : undefined,
          'aria-describedby': described || undefined,
        } as Record<string, unknown>)}
      />
    </div>
  )
}

export function TextareaField(props: {
  ctx: ViewContext
  form: FormState
  prefix: string
  name: string
  label: string
  value?: string
  rows?: number
  required?: boolean
}) {
  const { ctx, form, name, prefix } = props
  const id = `${prefix}-${name}`
  const error = form.errors?.[name]
  return (
    <div class={fieldClass(form, name)}>
      <label for={id}>{props.label}</label>
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {ctx.t(error, form.params?.[name])}
        </p>
      )}
      <textarea
        id={id}
        name={name}
        rows={props.rows ?? 5}
        required={props.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {form.values?.[name] ?? props.value ?? ''}
      </textarea>
    </div>
  )
}

/** Type, heading, text and (for minutes) the period: one clause, in a template or an agreement. */
export function ClauseFields(props: {
  ctx: ViewContext
  form: FormState
  prefix: string
  clause?: Pick<Clause, 'type' | 'title' | 'body' | 'params'>
}) {
  const { ctx, form, prefix, clause } = props
  const { t } = ctx
  return (
    <>
      <SelectField
        ctx={ctx}
        form={form}
        prefix={prefix}
        name="type"
        label={t('agreements.fields.type')}
        value={clause?.type ?? 'text'}
        options={clauseTypes.map((c) => ({ value: c, label: t(`agreements.clauseTypes.${c}`) }))}
      />
      <InputField
        ctx={ctx}
        form={form}
        prefix={prefix}
        name="title"
        label={t('agreements.fields.title')}
        value={clause?.title}
        required
      />
      <TextareaField
        ctx={ctx}
        form={form}
        prefix={prefix}
        name="body"
        label={t('agreements.fields.body')}
        value={clause?.body}
        required
      />
      <InputField
        ctx={ctx}
        form={form}
        prefix={prefix}
        name="periodDays"
        type="number"
        label={t('agreements.fields.periodDays')}
        hint={t('agreements.fields.periodDaysHint')}
        value={clause?.params.periodDays !== undefined ? String(clause.params.periodDays) : ''}
      />
    </>
  )
}

/** A state in words and with a class for the shape; never colour alone. */
export function StatusTag({ ctx, status }: { ctx: ViewContext; status: 'met' | 'open' | 'overdue' }) {
  const mark = status === 'met' ? '✓' : status === 'overdue' ? '!' : '…'
  return (
    <span class={`commitment-tag commitment-tag--${status}`}>
      <span aria-hidden="true">{mark} </span>
      {ctx.t(`agreements.commitments.status.${status}`)}
    </span>
  )
}
