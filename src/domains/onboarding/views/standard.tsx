import { formatDateTime } from '../../../platform/i18n/index.js'
import {
  CheckboxField,
  CsrfField,
  ErrorSummary,
  Field,
  type FormState,
  PostButton,
  SelectField,
  TextareaField,
} from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import { TemplateChoiceIntro } from '../../playbook/index.js'
import type { viewStandard } from '../service/index.js'
import type { StandardStep } from '../standard.js'
import { Section, stepTitle } from './shared.js'

type Standard = Awaited<ReturnType<typeof viewStandard>>
export type StandardForms = {
  step?: FormState
  welcome?: FormState
  /** The Wissenswerk's welcome-mail template whose text is in the welcome form ("use this"). */
  welcomeTemplate?: { id: string; title: string } | undefined
}

function StepRowActions({ ctx, data, step }: { ctx: ViewContext; data: Standard; step: StandardStep }) {
  const { t } = ctx
  if (!step.id) return null
  const ownStep = step.source === (data.unit.kind === 'state' ? 'state' : 'district')
  const action = `/onboarding/standards/${data.unit.id}/steps/${step.id}`
  const post = (value: 'remove' | 'drop' | 'restore') => (
    <PostButton ctx={ctx} action={action} label={t(`onboarding.standard.${value}`)} class="secondary">
      <input type="hidden" name="action" value={value} />
    </PostButton>
  )
  if (ownStep) return post('remove')
  if (step.mandatory) return <span class="hint">{t('onboarding.standard.cannotDrop')}</span>
  return post(step.dropped ? 'restore' : 'drop')
}

function StepTable({ ctx, data }: { ctx: ViewContext; data: Standard }) {
  const { t } = ctx
  const district = data.unit.kind === 'district'
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">{t('onboarding.standard.steps')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('onboarding.standard.step')}</th>
            <th scope="col" class="num">
              {t('onboarding.standard.dueDays')}
            </th>
            <th scope="col">{t('onboarding.standard.rule')}</th>
            {district && <th scope="col">{t('onboarding.standard.source')}</th>}
            <th scope="col">
              <span class="visually-hidden">{t('onboarding.standard.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {data.steps.map((s, i) => (
            <tr key={s.id ?? `default-${i}`} class={s.dropped ? 'onboarding-dropped' : undefined}>
              <th scope="row">
                {stepTitle(ctx, s)}
                {s.dropped && <span class="hint"> ({t('onboarding.standard.dropped')})</span>}
              </th>
              <td class="num">{s.dueDays}</td>
              <td>{t(s.mandatory ? 'onboarding.standard.mandatory' : 'onboarding.standard.optional')}</td>
              {district && <td>{t(`onboarding.standard.sources.${s.source}`)}</td>}
              <td>
                <StepRowActions ctx={ctx} data={data} step={s} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function AddStepForm({ ctx, data, form }: { ctx: ViewContext; data: Standard; form: FormState }) {
  const { t } = ctx
  return (
    <form method="post" action={`/onboarding/standards/${data.unit.id}/steps`} class="stack">
      <CsrfField ctx={ctx} />
      <SelectField
        ctx={ctx}
        form={form}
        name="kind"
        label={t('onboarding.standard.kind')}
        value="custom"
        options={data.freeKinds.map((k) => ({ value: k, label: t(`onboarding.kinds.${k}`) }))}
      />
      <Field
        ctx={ctx}
        form={form}
        name="title"
        label={t('onboarding.standard.title')}
        hint={t('onboarding.standard.titleHint')}
      />
      <Field
        ctx={ctx}
        form={form}
        name="dueDays"
        type="number"
        label={t('onboarding.standard.dueDays')}
        hint={t('onboarding.standard.dueDaysHint')}
        required
      />
      {data.unit.kind === 'state' && (
        <CheckboxField
          name="mandatory"
          label={t('onboarding.standard.mandatoryBox')}
          checked={form.values?.mandatory === 'on'}
        />
      )}
      <button type="submit">{t('onboarding.standard.add')}</button>
    </form>
  )
}

function WelcomeForm({
  ctx,
  data,
  form,
  template,
}: {
  ctx: ViewContext
  data: Standard
  form: FormState
  template: { id: string; title: string } | undefined
}) {
  const { t } = ctx
  const welcome = data.welcome!
  const names = data.placeholders.map((p) => `{${p}}`).join(', ')
  return (
    <form method="post" action={`/onboarding/standards/${data.unit.id}/welcome`} class="stack">
      <CsrfField ctx={ctx} />
      {template ? (
        <p class="notice" role="status">
          {t('playbook.links.templateUsed', { title: template.title })}
        </p>
      ) : (
        <p>
          <a href="/playbook?for=welcome_mail">{t('playbook.links.welcomeTemplate')}</a>
        </p>
      )}
      <p class="hint">{t('onboarding.welcome.placeholders', { names })}</p>
      {welcome.updatedAt ? (
        <p class="hint">
          {t('onboarding.welcome.updated', { date: formatDateTime(ctx.locale, welcome.updatedAt) })}
        </p>
      ) : (
        <p class="hint">{t('onboarding.welcome.isDefault')}</p>
      )}
      <Field
        ctx={ctx}
        form={form}
        name="subject"
        label={t('onboarding.welcome.subject')}
        value={welcome.subject}
        required
      />
      <TextareaField
        ctx={ctx}
        form={form}
        name="body"
        label={t('onboarding.welcome.body')}
        value={welcome.body}
        rows={12}
        required
      />
      <button type="submit">{t('onboarding.welcome.save')}</button>
    </form>
  )
}

export function StandardPage(props: { ctx: ViewContext; data: Standard; forms?: StandardForms }) {
  const { ctx, data } = props
  const { t } = ctx
  const forms = props.forms ?? {}
  const canAdd = data.unit.kind === 'district' || !data.usesDefault
  return (
    <Layout ctx={ctx} title={t('onboarding.standard.titleOf', { unit: data.unit.name })}>
      {data.canViewQueue && (
        <p class="eyebrow">
          <a href={`/onboarding/units/${data.unit.id}`}>
            {t('onboarding.queue.title', { kv: data.unit.name })}
          </a>
        </p>
      )}
      <h1>{t('onboarding.standard.titleOf', { unit: data.unit.name })}</h1>
      <ErrorSummary ctx={ctx} form={{ errors: { ...forms.step?.errors, ...forms.welcome?.errors } }} />
      <p>
        {t(
          data.unit.kind === 'state' ? 'onboarding.standard.introState' : 'onboarding.standard.introDistrict',
        )}
      </p>
      {data.usesDefault && (
        <div class="panel">
          <p>
            {data.unit.kind === 'state'
              ? t('onboarding.standard.usesDefault')
              : t('onboarding.standard.stateUsesDefault', { state: data.state?.name ?? '' })}
          </p>
          {data.unit.kind === 'state' && (
            <PostButton
              ctx={ctx}
              action={`/onboarding/standards/${data.unit.id}/adopt`}
              label={t('onboarding.standard.adopt')}
            />
          )}
        </div>
      )}
      <Section id="steps-heading" title={t('onboarding.standard.steps')}>
        <StepTable ctx={ctx} data={data} />
      </Section>
      {canAdd && (
        <Section id="add-heading" title={t('onboarding.standard.addTitle')}>
          <AddStepForm ctx={ctx} data={data} form={forms.step ?? {}} />
        </Section>
      )}
      {data.welcome && (
        <Section id="welcome-heading" title={t('onboarding.welcome.title')}>
          <WelcomeForm ctx={ctx} data={data} form={forms.welcome ?? {}} template={forms.welcomeTemplate} />
        </Section>
      )}
    </Layout>
  )
}

/** "Use this" on a welcome-mail template of the Wissenswerk: the KVs whose welcome e-mail the board writes. */
export function WelcomeTemplateChoicePage({
  ctx,
  used,
  templates,
  units,
}: {
  ctx: ViewContext
  used: { id: string; title: string } | undefined
  templates: { id: string; title: string }[]
  units: { id: string; name: string }[]
}) {
  const { t } = ctx
  const q = used ? `?template=${used.id}` : ''
  return (
    <Layout ctx={ctx} title={t('onboarding.welcomeTemplate.title')}>
      <h1>{t('onboarding.welcomeTemplate.title')}</h1>
      <TemplateChoiceIntro
        ctx={ctx}
        target="welcome_mail"
        used={used}
        templates={templates}
        intro={used ? t('onboarding.welcomeTemplate.intro', { title: used.title }) : ''}
      />
      {units.length === 0 ? (
        <p>{t('onboarding.welcomeTemplate.none')}</p>
      ) : (
        <ul>
          {units.map((u) => (
            <li key={u.id}>
              <a href={`/onboarding/standards/${u.id}${q}#welcome-heading`}>{u.name}</a>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  )
}
