import { toDateTimeLocal } from '../../../platform/time.js'
import { CsrfField, ErrorSummary, Field, type FormState } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { MunicipalityRef } from '../../org-units/index.js'
import type { HelpRequestEditData } from '../service/index.js'
import { type HelpShift, helpVisibilities } from '../tables.js'
import { SelectField, ShiftFields, TextareaField } from './fields.js'
import { ForShift, PlaceField, ShiftTime } from './requests.js'

/** Which form of the edit page failed, with what was typed. */
export type EditPageForm =
  | {
      name: 'request'
      state: FormState
      candidates?: MunicipalityRef[]
      /** The place chosen before the form failed, when one was. */
      municipality?: MunicipalityRef | undefined
    }
  | { name: 'shift'; shiftId: string; state: FormState }
  | { name: 'addShift'; state: FormState }

const shiftValues = (shift: HelpShift): FormState => ({
  values: {
    startsAt: toDateTimeLocal(shift.startsAt),
    endsAt: toDateTimeLocal(shift.endsAt),
    capacity: String(shift.capacity),
    meetingPoint: shift.meetingPoint,
  },
})

function ShiftEditor(props: {
  ctx: ViewContext
  item: HelpRequestEditData['shifts'][number]
  index: number
  failed: FormState | undefined
}) {
  const { ctx, item, index } = props
  const { t } = ctx
  const { shift, confirmed, waitlisted } = item
  const heading = `shift-${index}-heading`
  const prefix = `s${index}`
  const closed = shift.completedAt || shift.cancelledAt
  const form = props.failed ?? shiftValues(shift)
  return (
    <section aria-labelledby={heading} class="help-shift-edit">
      <h3 id={heading}>
        <ShiftTime ctx={ctx} shift={shift} /> · {shift.meetingPoint}
        {closed && ` (${shift.cancelledAt ? t('help.edit.cancelled') : t('help.show.completed')})`}
      </h3>
      <p>{t('help.edit.signups', { confirmed, capacity: shift.capacity, waitlisted })}</p>
      {!closed && (
        <>
          <ErrorSummary ctx={ctx} form={form} prefix={prefix} />
          <form method="post" action={`/help/shifts/${shift.id}/edit`}>
            <CsrfField ctx={ctx} />
            <ShiftFields ctx={ctx} form={form} prefix={prefix} />
            <button type="submit">
              {t('help.actions.save')}
              <ForShift ctx={ctx} shift={shift} />
            </button>
          </form>
          {confirmed + waitlisted === 0 ? (
            <form method="post" action={`/help/shifts/${shift.id}/delete`} class="inline-form">
              <CsrfField ctx={ctx} />
              <p class="hint">{t('help.edit.removeHint')}</p>
              <button type="submit" class="secondary">
                {t('help.edit.remove')}
                <ForShift ctx={ctx} shift={shift} />
              </button>
            </form>
          ) : (
            <form method="post" action={`/help/shifts/${shift.id}/call-off`} class="inline-form">
              <CsrfField ctx={ctx} />
              <p class="hint">{t('help.edit.cancelHint')}</p>
              <button type="submit" class="secondary">
                {t('help.edit.cancel')}
                <ForShift ctx={ctx} shift={shift} />
              </button>
            </form>
          )}
        </>
      )}
    </section>
  )
}

export function RequestEditPage(props: { ctx: ViewContext; data: HelpRequestEditData; form?: EditPageForm }) {
  const { ctx, data } = props
  const { t } = ctx
  const { request } = data
  const failed = props.form
  const details: FormState =
    failed?.name === 'request'
      ? failed.state
      : {
          values: {
            title: request.title,
            description: request.description ?? '',
            municipality: data.municipality?.name ?? '',
            visibility: request.visibility,
            contactMemberId: request.contactMemberId,
          },
        }
  const candidates = failed?.name === 'request' ? (failed.candidates ?? []) : []
  const municipality = failed?.name === 'request' ? failed.municipality : data.municipality
  const added = failed?.name === 'addShift' ? failed.state : {}
  return (
    <Layout ctx={ctx} title={t('help.edit.title', { title: request.title })}>
      <h1>{t('help.edit.title', { title: request.title })}</h1>
      <p>
        <a href={`/help/${request.id}`}>{t('help.edit.back')}</a>
      </p>
      <section aria-labelledby="details-heading">
        <h2 id="details-heading">{t('help.edit.details')}</h2>
        <ErrorSummary ctx={ctx} form={details} />
        <form method="post" action={`/help/${request.id}/edit`}>
          <CsrfField ctx={ctx} />
          <Field ctx={ctx} form={details} name="title" label={t('help.fields.title')} required />
          <TextareaField ctx={ctx} form={details} name="description" label={t('help.fields.description')} />
          <PlaceField ctx={ctx} form={details} municipality={municipality} candidates={candidates} />
          <SelectField
            ctx={ctx}
            form={details}
            name="visibility"
            label={t('help.fields.visibility')}
            value={request.visibility}
            options={helpVisibilities.map((v) => ({ value: v, label: t(`help.visibilities.${v}`) }))}
          />
          <p class="hint">{t('help.edit.visibilityHint')}</p>
          <SelectField
            ctx={ctx}
            form={details}
            name="contactMemberId"
            label={t('help.fields.contact')}
            value={request.contactMemberId}
            options={data.contacts.map((c) => ({ value: c.id, label: `${c.firstName} ${c.lastName}` }))}
          />
          <p class="hint">{t('help.edit.kindHint', { kind: t(`help.kinds.${request.kind}`) })}</p>
          <button type="submit">{t('help.actions.save')}</button>
        </form>
      </section>
      <section aria-labelledby="shifts-heading">
        <h2 id="shifts-heading">{t('help.edit.shifts')}</h2>
        <p class="hint">{t('help.edit.shiftHint')}</p>
        {data.shifts.length === 0 && <p>{t('help.show.noShifts')}</p>}
        {data.shifts.map((item, index) => (
          <ShiftEditor
            key={item.shift.id}
            ctx={ctx}
            item={item}
            index={index}
            failed={failed?.name === 'shift' && failed.shiftId === item.shift.id ? failed.state : undefined}
          />
        ))}
        <section aria-labelledby="add-shift-heading">
          <h3 id="add-shift-heading">{t('help.edit.addShift')}</h3>
          <ErrorSummary ctx={ctx} form={added} prefix="add" />
          <form method="post" action={`/help/${request.id}/shifts`}>
            <CsrfField ctx={ctx} />
            <input type="hidden" name="back" value="edit" />
            <ShiftFields ctx={ctx} form={added} prefix="add" />
            <button type="submit">{t('help.edit.addShift')}</button>
          </form>
        </section>
      </section>
    </Layout>
  )
}
