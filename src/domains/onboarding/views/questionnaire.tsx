import { formatDateTime } from '../../../platform/i18n/index.js'
import {
  CheckboxField,
  CsrfField,
  ErrorSummary,
  Field,
  FieldError,
  type FormState,
  fieldClass,
  TextareaField,
} from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import { ConsentTexts, volunteerReaches, volunteerScopes } from '../../volunteers/index.js'
import type { viewMyQuestionnaire } from '../service/index.js'
import { interestTopics } from '../tables.js'
import { Answers } from './answers.js'
import { day } from './shared.js'

type Questionnaire = Awaited<ReturnType<typeof viewMyQuestionnaire>>
type Open = Extract<Questionnaire, { state: 'open' }>
export type Ticked = { interests: string[]; skillIds: string[] }

function Boxes(props: {
  ctx: ViewContext
  form: FormState
  name: string
  legend: string
  options: { value: string; label: string }[]
  checked: readonly string[]
}) {
  const { ctx, form, name } = props
  return (
    <fieldset class={`${fieldClass(form, name)} onboarding-choices`} id={`f-${name}`}>
      <legend>{props.legend}</legend>
      <FieldError ctx={ctx} form={form} name={name} />
      <ul class="volunteers-skill-list">
        {props.options.map((o) => (
          <li key={o.value}>
            <label>
              <input type="checkbox" name={name} value={o.value} checked={props.checked.includes(o.value)} />{' '}
              {o.label}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  )
}

function Radios(props: {
  ctx: ViewContext
  form: FormState
  name: string
  legend: string
  options: { value: string; label: string }[]
  value: string
}) {
  const { ctx, form, name } = props
  return (
    <fieldset class={`${fieldClass(form, name)} onboarding-choices`} id={`f-${name}`}>
      <legend>{props.legend}</legend>
      <FieldError ctx={ctx} form={form} name={name} />
      {props.options.map((o) => (
        <label key={o.value} class="radio">
          <input type="radio" name={name} value={o.value} checked={props.value === o.value} /> {o.label}
        </label>
      ))}
    </fieldset>
  )
}

function QuestionnaireForm(props: { ctx: ViewContext; data: Open; form: FormState; ticked: Ticked }) {
  const { ctx, data, form, ticked } = props
  const { t } = ctx
  const v = form.values
  const box = (name: string) => v?.[name] === 'on'
  return (
    <form method="post" action="/onboarding/questionnaire" class="stack">
      <CsrfField ctx={ctx} />
      <input type="hidden" name="consentVersion" value={data.consentVersion} />
      <Boxes
        ctx={ctx}
        form={form}
        name="interests"
        legend={t('onboarding.questionnaire.interests')}
        options={interestTopics.map((i) => ({ value: i, label: t(`onboarding.interests.${i}`) }))}
        checked={ticked.interests}
      />
      <Boxes
        ctx={ctx}
        form={form}
        name="skillIds"
        legend={t('onboarding.questionnaire.skills')}
        options={data.skills.map((s) => ({ value: s.id, label: s.name }))}
        checked={ticked.skillIds}
      />
      <fieldset class="field">
        <legend>{t('onboarding.questionnaire.time')}</legend>
        <Field
          ctx={ctx}
          form={form}
          name="hoursPerMonth"
          type="number"
          label={t('onboarding.questionnaire.hoursPerMonth')}
        />
        <CheckboxField
          name="weekdays"
          label={t('onboarding.questionnaire.weekdays')}
          checked={box('weekdays')}
        />
        <CheckboxField
          name="evenings"
          label={t('onboarding.questionnaire.evenings')}
          checked={box('evenings')}
        />
        <CheckboxField
          name="weekends"
          label={t('onboarding.questionnaire.weekends')}
          checked={box('weekends')}
        />
      </fieldset>
      <TextareaField
        ctx={ctx}
        form={form}
        name="message"
        label={t('onboarding.questionnaire.message')}
        rows={4}
      />
      <fieldset class="field onboarding-pool">
        <legend>{t('onboarding.questionnaire.poolTitle')}</legend>
        <p>
          {t(data.inPool ? 'onboarding.questionnaire.poolAlready' : 'onboarding.questionnaire.poolIntro')}
        </p>
        <CheckboxField
          name="joinPool"
          label={t('onboarding.questionnaire.joinPool')}
          checked={box('joinPool')}
        />
        <Radios
          ctx={ctx}
          form={form}
          name="reach"
          legend={t('onboarding.questionnaire.reach')}
          options={volunteerReaches.map((r) => ({ value: r, label: t(`volunteers.reaches.${r}`) }))}
          value={v?.reach ?? 'own_kv'}
        />
        <Field ctx={ctx} form={form} name="reachKm" type="number" label={t('volunteers.profile.reachKm')} />
        <Radios
          ctx={ctx}
          form={form}
          name="scope"
          legend={t('volunteers.profile.scope')}
          options={volunteerScopes.map((s) => ({ value: s, label: t(`volunteers.scopes.${s}`) }))}
          value={v?.scope ?? 'own_kv'}
        />
        <div class={fieldClass(form, 'consent')} id="f-consent">
          <ConsentTexts ctx={ctx} version={data.consentVersion} texts={data.consentTexts} />
          <FieldError ctx={ctx} form={form} name="consent" />
          <CheckboxField name="consent" label={t('volunteers.profile.consent')} checked={false} />
        </div>
      </fieldset>
      <button type="submit">{t('onboarding.questionnaire.submit')}</button>
    </form>
  )
}

function FirstSteps({ ctx, data }: { ctx: ViewContext; data: Exclude<Questionnaire, { state: 'none' }> }) {
  const { t } = ctx
  return (
    <ul class="onboarding-first-steps">
      <li>
        {data.buddyFirstName
          ? t('onboarding.questionnaire.buddy', { name: data.buddyFirstName })
          : t('onboarding.questionnaire.noBuddy')}
      </li>
      <li>
        {data.meeting ? (
          <>
            {t('onboarding.questionnaire.meeting', {
              when: formatDateTime(ctx.locale, data.meeting.startsAt),
            })}{' '}
            <a href={`/events/${data.meeting.id}`}>{data.meeting.title}</a>
          </>
        ) : (
          t('onboarding.questionnaire.noMeeting')
        )}
      </li>
    </ul>
  )
}

export function QuestionnairePage(props: {
  ctx: ViewContext
  data: Questionnaire
  form?: FormState
  ticked?: Ticked
}) {
  const { ctx, data } = props
  const { t } = ctx
  const form = props.form ?? {}
  return (
    <Layout ctx={ctx} title={t('onboarding.questionnaire.title')}>
      <h1>{t('onboarding.questionnaire.title')}</h1>
      {data.state === 'none' ? (
        <p>{t('onboarding.questionnaire.none')}</p>
      ) : (
        <>
          <p class="lead">{t('onboarding.questionnaire.welcome', { kv: data.kv.name })}</p>
          <FirstSteps ctx={ctx} data={data} />
          {data.state === 'open' && (
            <>
              <h2>{t('onboarding.questionnaire.formTitle')}</h2>
              <p>{t('onboarding.questionnaire.intro', { date: day(ctx, data.dueOn) })}</p>
              <ErrorSummary ctx={ctx} form={form} />
              <QuestionnaireForm
                ctx={ctx}
                data={data}
                form={form}
                ticked={props.ticked ?? { interests: [], skillIds: [] }}
              />
            </>
          )}
          {data.state === 'answered' && (
            <>
              <h2>{t('onboarding.questionnaire.answeredTitle')}</h2>
              <p>
                {t('onboarding.questionnaire.answered', {
                  date: formatDateTime(ctx.locale, data.answers.answeredAt),
                })}
              </p>
              <Answers ctx={ctx} answers={data.answers} />
            </>
          )}
          {data.state === 'closed' && <p>{t('onboarding.questionnaire.closed')}</p>}
        </>
      )}
    </Layout>
  )
}
