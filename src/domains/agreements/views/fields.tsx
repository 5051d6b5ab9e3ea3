import { Field, type FormState, SelectField, TextareaField } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { type Clause, clauseTypes } from '../clauses.js'
import type { CommitmentStatus } from '../commitments.js'

/**
 * Type, heading, text and (for minutes) the period: one clause, in a template or an agreement. Ids are prefixed,
 * because a page carries one clause form per clause.
 */
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
      <Field
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
      <Field
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
export function StatusTag({ ctx, status }: { ctx: ViewContext; status: CommitmentStatus }) {
  const mark = status === 'met' ? '✓' : status === 'overdue' ? '!' : status === 'notDue' ? '–' : '…'
  return (
    <span class={`commitment-tag commitment-tag--${status}`}>
      <span aria-hidden="true">{mark} </span>
      {ctx.t(`agreements.commitments.status.${status}`)}
    </span>
  )
}
