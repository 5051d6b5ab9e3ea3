import { CsrfField, ErrorSummary, Field, type FormState } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { OrgUnit } from '../../org-units/index.js'
import { eventAudiences, eventTypes } from '../tables.js'
import { CheckboxField, SelectField, TextareaField } from './fields.js'

/** The form's values as strings, from a submitted form or from the event being edited. */
export type EventFormValues = Record<string, string> & { hostUnitIds?: never }

export function EventFormPage(props: {
  ctx: ViewContext
  form: FormState
  hostOptions: OrgUnit[]
  selectedHosts: string[]
  values: Record<string, string>
  eventId?: string
  /** The event belongs to a series: the form asks which of its events the change is for. */
  inSeries?: boolean
  usedTemplate?: { id: string; title: string }
  /** The team organising the event, if a team does. */
  team?: { id: string; name: string; hostName: string } | null
}) {
  const { ctx, hostOptions } = props
  const { t } = ctx
  const form: FormState = { ...props.form, values: { ...props.values, ...props.form.values } }
  const v = form.values ?? {}
  const on = (name: string) => v[name] === 'on'
  const editing = !!props.eventId
  const title = editing ? t('events.form.editTitle') : t('events.form.newTitle')
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      {props.usedTemplate ? (
        <p class="notice" role="status">
          {t('playbook.links.templateUsed', { title: props.usedTemplate.title })}{' '}
          <a href={`/playbook/${props.usedTemplate.id}`}>{t('playbook.links.wholeChecklist')}</a>
        </p>
      ) : (
        !editing && (
          <p>
            <a href="/playbook?for=event_checklist">{t('playbook.links.eventChecklists')}</a>
          </p>
        )
      )}
      {props.team && <p>{t('events.form.forTeam', { team: props.team.name, unit: props.team.hostName })}</p>}
      <form
        method="post"
        action={
          editing ? `/events/${props.eventId}` : props.team ? `/teams/${props.team.id}/events` : '/events'
        }
        novalidate
      >
        <CsrfField ctx={ctx} />
        <ErrorSummary ctx={ctx} form={form} />
        <fieldset id="f-hostUnitIds">
          <legend>{t('events.fields.hosts')}</legend>
          <p class="hint">{t('events.fields.hostsHint')}</p>
          {form.errors?.hostUnitIds && <p class="field-error">{t(form.errors.hostUnitIds)}</p>}
          {hostOptions.map((u) => (
            <CheckboxField
              key={u.id}
              name="hostUnitIds"
              value={u.id}
              label={u.name}
              checked={props.selectedHosts.includes(u.id)}
            />
          ))}
        </fieldset>
        <SelectField
          ctx={ctx}
          form={form}
          name="type"
          label={t('events.fields.type')}
          options={eventTypes.map((ty) => ({ value: ty, label: t(`events.types.${ty}`) }))}
        />
        <Field ctx={ctx} form={form} name="title" label={t('events.fields.title')} required />
        <TextareaField ctx={ctx} form={form} name="description" label={t('events.fields.description')} />
        <Field ctx={ctx} form={form} name="day" type="date" label={t('events.fields.day')} required />
        <Field ctx={ctx} form={form} name="startTime" label={t('events.fields.startTime')} required />
        <Field ctx={ctx} form={form} name="endTime" label={t('events.fields.endTime')} required />
        <CheckboxField
          name="hasFixedEnd"
          label={t('events.fields.hasFixedEnd')}
          checked={on('hasFixedEnd')}
        />
        <Field ctx={ctx} form={form} name="venueName" label={t('events.fields.venueName')} />
        <Field ctx={ctx} form={form} name="address" label={t('events.fields.address')} />
        <TextareaField
          ctx={ctx}
          form={form}
          name="transitDirections"
          label={t('events.fields.transitDirections')}
          rows={2}
        />
        <Field
          ctx={ctx}
          form={form}
          name="onlineUrl"
          type="url"
          label={t('events.fields.onlineUrl')}
          hint={t('events.fields.onlineUrlHint')}
        />
        <Field
          ctx={ctx}
          form={form}
          name="capacity"
          type="number"
          inputmode="numeric"
          label={t('events.fields.capacity')}
          hint={t('events.fields.capacityHint')}
        />
        <SelectField
          ctx={ctx}
          form={form}
          name="audience"
          label={t('events.fields.audience')}
          options={eventAudiences.map((a) => ({ value: a, label: t(`events.audiences.${a}`) }))}
        />
        <fieldset>
          <legend>{t('events.fields.inclusionLegend')}</legend>
          <CheckboxField name="stepFree" label={t('events.inclusion.stepFree')} checked={on('stepFree')} />
          <CheckboxField
            name="accessibleToilet"
            label={t('events.inclusion.accessibleToilet')}
            checked={on('accessibleToilet')}
          />
          <CheckboxField name="childcare" label={t('events.fields.childcare')} checked={on('childcare')} />
          <Field
            ctx={ctx}
            form={form}
            name="childcareMinAge"
            type="number"
            label={t('events.fields.childcareMinAge')}
          />
          <Field
            ctx={ctx}
            form={form}
            name="childcareMaxAge"
            type="number"
            label={t('events.fields.childcareMaxAge')}
          />
          <Field
            ctx={ctx}
            form={form}
            name="childcareSignUpBy"
            type="date"
            label={t('events.fields.childcareSignUpBy')}
          />
          <CheckboxField
            name="nursingSpace"
            label={t('events.inclusion.nursingSpace')}
            checked={on('nursingSpace')}
          />
          <CheckboxField
            name="changingTable"
            label={t('events.inclusion.changingTable')}
            checked={on('changingTable')}
          />
          <CheckboxField name="quietRoom" label={t('events.inclusion.quietRoom')} checked={on('quietRoom')} />
          <CheckboxField
            name="signLanguageOnRequest"
            label={t('events.inclusion.signLanguage')}
            checked={on('signLanguageOnRequest')}
          />
          <CheckboxField
            name="captionsOnRequest"
            label={t('events.inclusion.captions')}
            checked={on('captionsOnRequest')}
          />
          <CheckboxField
            name="onlineParticipation"
            label={t('events.inclusion.online')}
            checked={on('onlineParticipation')}
          />
          <Field ctx={ctx} form={form} name="languages" label={t('events.fields.languages')} />
        </fieldset>
        {!editing && (
          <fieldset>
            <legend>{t('events.fields.repeatLegend')}</legend>
            <SelectField
              ctx={ctx}
              form={form}
              name="repeat"
              label={t('events.fields.repeat')}
              options={[
                { value: 'none', label: t('events.fields.repeatNone') },
                { value: 'monthly', label: t('events.fields.repeatMonthly') },
              ]}
            />
            <SelectField
              ctx={ctx}
              form={form}
              name="ordinal"
              label={t('events.fields.ordinal')}
              options={[
                { value: '1', label: t('events.ordinals.1') },
                { value: '2', label: t('events.ordinals.2') },
                { value: '3', label: t('events.ordinals.3') },
                { value: '4', label: t('events.ordinals.4') },
                { value: '-1', label: t('events.ordinals.last') },
              ]}
            />
            <SelectField
              ctx={ctx}
              form={form}
              name="weekday"
              label={t('events.fields.weekday')}
              options={(['1', '2', '3', '4', '5', '6', '0'] as const).map((d) => ({
                value: d,
                label: t(`events.weekdays.${d}`),
              }))}
            />
            <Field ctx={ctx} form={form} name="months" type="number" label={t('events.fields.months')} />
          </fieldset>
        )}
        {editing && props.inSeries && <SeriesScopeField ctx={ctx} form={form} />}
        <CheckboxField name="publish" label={t('events.fields.publish')} checked={on('publish')} />
        <button type="submit">{editing ? t('events.form.save') : t('events.form.create')}</button>
      </form>
    </Layout>
  )
}

/** Which events of the series the change is for: radio buttons, "only this one" unless chosen otherwise. */
function SeriesScopeField({ ctx, form }: { ctx: ViewContext; form: FormState }) {
  const { t } = ctx
  const current = form.values?.applyTo || 'this'
  const options = [
    { value: 'this', label: t('events.form.seriesThis') },
    { value: 'following', label: t('events.form.seriesFollowing') },
    { value: 'series', label: t('events.form.seriesAll') },
  ]
  return (
    <fieldset id="f-applyTo" aria-describedby="f-applyTo-hint">
      <legend>{t('events.form.seriesLegend')}</legend>
      <p class="hint" id="f-applyTo-hint">
        {t('events.form.seriesHint')}
      </p>
      {form.errors?.applyTo && <p class="field-error">{t(form.errors.applyTo)}</p>}
      {options.map((o) => (
        <div class="field field--checkbox" key={o.value}>
          <label>
            <input type="radio" name="applyTo" value={o.value} checked={current === o.value} /> {o.label}
          </label>
        </div>
      ))}
    </fieldset>
  )
}
