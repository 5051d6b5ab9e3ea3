import { formatDateTime } from '../../../platform/i18n/index.js'
import {
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
import { stepState } from '../queue.js'
import type { viewPipeline } from '../service/index.js'
import { contactOutcomes, type PipelineStep } from '../tables.js'
import { Answers } from './answers.js'
import { day, Section, StateTag, stepTitle } from './shared.js'

type Pipeline = Awaited<ReturnType<typeof viewPipeline>>
export type PipelineForms = { contact?: FormState; buddy?: FormState }

const sendable = (s: PipelineStep) => s.kind === 'welcome_mail' || s.kind === 'meeting_invitation'

/** A one-button form; the hidden words name what the button acts on, for screen readers in a list of many. */
function ActionForm(props: {
  ctx: ViewContext
  action: string
  fields: Record<string, string>
  label: string
  about: string
  class?: string | undefined
}) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField ctx={props.ctx} />
      {Object.entries(props.fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={props.class}>
        {props.label}
        <span class="visually-hidden">: {props.about}</span>
      </button>
    </form>
  )
}

function StepActions({ ctx, data, step }: { ctx: ViewContext; data: Pipeline; step: PipelineStep }) {
  const { t } = ctx
  const action = `/onboarding/pipelines/${data.pipeline.id}/steps/${step.position}`
  const button = (value: string, label: string, cls?: string) => (
    <ActionForm
      ctx={ctx}
      action={action}
      fields={{ action: value }}
      label={label}
      about={stepTitle(ctx, step)}
      class={cls}
    />
  )
  if (data.member.leftOn || step.automatic) return null
  if (step.status !== 'open')
    return (
      <div class="onboarding-actions">{button('reopen', t('onboarding.pipeline.reopen'), 'secondary')}</div>
    )
  return (
    <div class="onboarding-actions">
      {sendable(step) && button('send', t('onboarding.pipeline.send'))}
      {button('done', t('onboarding.pipeline.done'), sendable(step) ? 'secondary' : undefined)}
      {!step.mandatory && button('skip', t('onboarding.pipeline.skip'), 'secondary')}
    </div>
  )
}

function StepNote({ ctx, data, step }: { ctx: ViewContext; data: Pipeline; step: PipelineStep }) {
  const { t } = ctx
  if (step.kind === 'meeting_invitation') {
    if (step.status === 'done' && data.invitedTo)
      return (
        <p class="hint">
          {t('onboarding.pipeline.invitedTo', {
            title: data.invitedTo.title,
            when: formatDateTime(ctx.locale, data.invitedTo.startsAt),
          })}
        </p>
      )
    if (step.status === 'open')
      return (
        <p class="hint">
          {data.nextMeeting
            ? t('onboarding.pipeline.nextMeeting', {
                title: data.nextMeeting.title,
                when: formatDateTime(ctx.locale, data.nextMeeting.startsAt),
              })
            : t('onboarding.pipeline.noMeeting')}
        </p>
      )
  }
  if (step.kind === 'welcome_mail' && step.status === 'open' && !data.member.email)
    return <p class="hint">{t('onboarding.pipeline.noEmail')}</p>
  return null
}

function Steps({ ctx, data }: { ctx: ViewContext; data: Pipeline }) {
  const { t } = ctx
  return (
    <ol class="onboarding-steps">
      {data.steps.map((s) => (
        <li key={s.position}>
          <p>
            <strong>{stepTitle(ctx, s)}</strong>
            {s.mandatory && <span class="hint"> ({t('onboarding.standard.mandatory')})</span>}
          </p>
          <p>
            {t('onboarding.pipeline.dueOn', { date: day(ctx, s.dueOn) })} ·{' '}
            {s.status === 'open' ? (
              <StateTag ctx={ctx} state={stepState(s, data.today)} />
            ) : (
              t(
                `onboarding.pipeline.closed.${s.automatic ? 'byActivity' : s.status === 'skipped' ? 'skipped' : 'done'}`,
                { date: formatDateTime(ctx.locale, s.closedAt) },
              )
            )}
          </p>
          <StepNote ctx={ctx} data={data} step={s} />
          <StepActions ctx={ctx} data={data} step={s} />
        </li>
      ))}
    </ol>
  )
}

function ContactForm({ ctx, data, form }: { ctx: ViewContext; data: Pipeline; form: FormState }) {
  const { t } = ctx
  const outcome = form.values?.outcome ?? 'reached'
  return (
    <form method="post" action={`/onboarding/pipelines/${data.pipeline.id}/contacts`} class="stack">
      <CsrfField ctx={ctx} />
      <fieldset class={`${fieldClass(form, 'outcome')} onboarding-choices`} id="f-outcome">
        <legend>{t('onboarding.pipeline.outcome')}</legend>
        <FieldError ctx={ctx} form={form} name="outcome" />
        {contactOutcomes.map((o) => (
          <label key={o} class="radio">
            <input type="radio" name="outcome" value={o} checked={outcome === o} />{' '}
            {t(`onboarding.outcomes.${o}`)}
          </label>
        ))}
      </fieldset>
      <Field
        ctx={ctx}
        form={form}
        name="attemptedOn"
        type="date"
        label={t('onboarding.pipeline.attemptedOn')}
        value={data.today}
        required
      />
      <Field
        ctx={ctx}
        form={form}
        name="callBackOn"
        type="date"
        label={t('onboarding.pipeline.callBackOn')}
        hint={t('onboarding.pipeline.callBackHint')}
      />
      <TextareaField ctx={ctx} form={form} name="note" label={t('onboarding.pipeline.note')} rows={3} />
      <button type="submit">{t('onboarding.pipeline.record')}</button>
    </form>
  )
}

function Buddy({ ctx, data, form }: { ctx: ViewContext; data: Pipeline; form: FormState }) {
  const { t } = ctx
  const base = `/onboarding/pipelines/${data.pipeline.id}`
  return (
    <>
      <p>
        {data.buddy?.id
          ? t('onboarding.pipeline.buddyIs', { name: `${data.buddy.firstName} ${data.buddy.lastName}` })
          : t('onboarding.pipeline.noBuddy')}
      </p>
      <div class={fieldClass(form, 'buddyMemberId')} id="f-buddyMemberId">
        <FieldError ctx={ctx} form={form} name="buddyMemberId" />
      </div>
      {!data.member.leftOn && (
        <form method="get" action={`${base}#buddy-heading`} class="search-form">
          <label for="f-q">{t('onboarding.pipeline.buddySearch')}</label>
          <input id="f-q" name="q" type="search" value={data.buddyQuery} />
          <button type="submit" class="secondary">
            {t('onboarding.pipeline.search')}
          </button>
        </form>
      )}
      {data.buddyQuery &&
        (data.candidates.length === 0 ? (
          <p>{t('onboarding.pipeline.noCandidates')}</p>
        ) : (
          <ul class="onboarding-candidates">
            {data.candidates.map((c) => (
              <li key={c.id}>
                {c.firstName} {c.lastName}
                {c.buddyships > 0 && (
                  <span class="hint"> ({t('onboarding.pipeline.buddyships', { count: c.buddyships })})</span>
                )}{' '}
                <ActionForm
                  ctx={ctx}
                  action={`${base}/buddy`}
                  fields={{ buddyMemberId: c.id }}
                  label={t('onboarding.pipeline.assign')}
                  about={`${c.firstName} ${c.lastName}`}
                  class="secondary"
                />
              </li>
            ))}
          </ul>
        ))}
    </>
  )
}

export function PipelinePage(props: { ctx: ViewContext; data: Pipeline; forms?: PipelineForms }) {
  const { ctx, data } = props
  const { t } = ctx
  const forms = props.forms ?? {}
  const name = `${data.member.firstName} ${data.member.lastName}`
  return (
    <Layout ctx={ctx} title={t('onboarding.pipeline.title', { name })}>
      <p class="eyebrow">
        <a href={`/onboarding/units/${data.kv.id}`}>{t('onboarding.queue.title', { kv: data.kv.name })}</a>
      </p>
      <h1>{t('onboarding.pipeline.title', { name })}</h1>
      <ErrorSummary ctx={ctx} form={{ errors: { ...forms.contact?.errors, ...forms.buddy?.errors } }} />
      {data.member.leftOn && (
        <p class="flash flash--info">
          {t('onboarding.pipeline.left', { date: day(ctx, data.member.leftOn) })}
        </p>
      )}
      <dl class="facts">
        <dt>{t('onboarding.pipeline.entered')}</dt>
        <dd>{day(ctx, data.pipeline.enteredOn)}</dd>
        <dt>{t('onboarding.pipeline.memberNumber')}</dt>
        <dd>{data.member.memberNumber}</dd>
        <dt>{t('onboarding.pipeline.email')}</dt>
        <dd>{data.member.email ? <a href={`mailto:${data.member.email}`}>{data.member.email}</a> : '–'}</dd>
        <dt>{t('onboarding.pipeline.phone')}</dt>
        <dd>
          {data.member.phone ? (
            <a href={`tel:${data.member.phone.replace(/\s+/g, '')}`}>{data.member.phone}</a>
          ) : (
            '–'
          )}
        </dd>
      </dl>
      <Section id="steps-heading" title={t('onboarding.pipeline.steps')}>
        <Steps ctx={ctx} data={data} />
      </Section>
      <Section id="contacts-heading" title={t('onboarding.pipeline.contacts')}>
        {data.contacts.length === 0 ? (
          <p>{t('onboarding.pipeline.noContacts')}</p>
        ) : (
          <ul class="onboarding-contacts">
            {data.contacts.map(({ contact: c, recordedBy }) => (
              <li key={c.id}>
                <strong>{day(ctx, c.attemptedOn)}</strong>: {t(`onboarding.outcomes.${c.outcome}`)}
                {c.callBackOn && ` · ${t('onboarding.queue.callBack', { date: day(ctx, c.callBackOn) })}`}
                {recordedBy && <span class="hint"> ({recordedBy})</span>}
                {c.note && <p class="prewrap">{c.note}</p>}
              </li>
            ))}
          </ul>
        )}
        {!data.member.leftOn && <ContactForm ctx={ctx} data={data} form={forms.contact ?? {}} />}
      </Section>
      <Section id="buddy-heading" title={t('onboarding.pipeline.buddy')}>
        <Buddy ctx={ctx} data={data} form={forms.buddy ?? {}} />
      </Section>
      <Section id="answers-heading" title={t('onboarding.pipeline.answers')}>
        {data.answers ? (
          <Answers ctx={ctx} answers={data.answers} />
        ) : (
          <p>{t('onboarding.pipeline.noAnswers')}</p>
        )}
      </Section>
    </Layout>
  )
}
