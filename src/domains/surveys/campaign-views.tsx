import { formatDateTime } from '../../platform/i18n/index.js'
import {
  CsrfField,
  describedBy,
  ErrorSummary,
  Field,
  FieldError,
  type FormState,
  PostButton,
  SelectField,
  TextareaField,
} from '../../platform/views/components.js'
import type { ViewContext } from '../../platform/views/context.js'
import { Layout } from '../../platform/views/layout.js'
import {
  type CallingHours,
  describeCallingHours,
  EVENINGS_AND_SATURDAY,
  hoursFieldValues,
  weekdays,
} from './calling-hours.js'
import type { AnswerErrors } from './questionnaire.js'
import type { CallDesk } from './repo.js'
import type { myCampaigns, prepareCampaign, viewCampaign } from './service.js'
import { callOutcomes } from './tables.js'
import { QuestionFields } from './views.js'

function Checkbox({
  ctx,
  form,
  name,
  label,
}: {
  ctx: ViewContext
  form: FormState
  name: string
  label: string
}) {
  void ctx
  return (
    <div class="field field--checkbox">
      <label>
        <input type="checkbox" name={name} value="on" checked={form.values?.[name] === 'on'} /> {label}
      </label>
    </div>
  )
}

/** The calling hours as people read them: "Mo–Fr 17:00–20:00, Sa 11:00–14:00". */
export function hoursText(ctx: ViewContext, hours: CallingHours) {
  return describeCallingHours(hours, (d) => ctx.t(`surveys.campaign.day.${d}`))
}

/** The script to read out: the greeting and the data-protection note. */
function ScriptField({ ctx, form }: { ctx: ViewContext; form: FormState }) {
  return (
    <TextareaField
      ctx={ctx}
      form={form}
      name="script"
      label={ctx.t('surveys.campaign.script')}
      rows={6}
      required
    />
  )
}

/** A fresh form's calling hours: weekday evenings and Saturday around noon. */
const defaultHours = hoursFieldValues(EVENINGS_AND_SATURDAY)

/**
 * The calling hours as a table of the weekdays, each with a start and an end (`time` fields, Berlin time); each
 * field is named by its day and its column. A new campaign's form and a running campaign's page both use it.
 */
function CallingHoursFields({ ctx, form }: { ctx: ViewContext; form: FormState }) {
  const { t } = ctx
  const values = form.values ?? defaultHours
  const invalid = weekdays.some((d) => form.errors?.[`from_${d}`] || form.errors?.[`to_${d}`])
  return (
    <fieldset class={invalid ? 'field field--error' : 'field'} aria-describedby="hours-hint">
      <legend>{t('surveys.campaign.callingHours')}</legend>
      <p class="hint" id="hours-hint">
        {t('surveys.campaign.callingHoursHint')}
      </p>
      <table class="calling-hours">
        <thead>
          <tr>
            <th scope="col">{t('surveys.campaign.dayColumn')}</th>
            <th scope="col" id="hours-from">
              {t('surveys.campaign.hoursFrom')}
            </th>
            <th scope="col" id="hours-to">
              {t('surveys.campaign.hoursTo')}
            </th>
          </tr>
        </thead>
        <tbody>
          {weekdays.map((d) => (
            <tr key={d}>
              <th scope="row" id={`hours-${d}`}>
                {t(`surveys.campaign.dayLong.${d}`)}
              </th>
              {(['from', 'to'] as const).map((edge) => {
                const name = `${edge}_${d}`
                return (
                  <td key={edge}>
                    <FieldError ctx={ctx} form={form} name={name} />
                    <input
                      type="time"
                      id={`f-${name}`}
                      name={name}
                      value={values[name] ?? ''}
                      aria-labelledby={`hours-${d} hours-${edge}`}
                      aria-invalid={form.errors?.[name] ? 'true' : undefined}
                      aria-describedby={describedBy(form, name)}
                    />
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </fieldset>
  )
}

export function NewCampaignPage({
  ctx,
  data,
  form,
}: {
  ctx: ViewContext
  data: Awaited<ReturnType<typeof prepareCampaign>>
  form: FormState
}) {
  const { t } = ctx
  const { survey, unit, kvs } = data
  const title = t('surveys.campaign.newTitle', { title: survey.title })
  return (
    <Layout ctx={ctx} title={title}>
      <p class="eyebrow">
        <a href={`/surveys/${survey.id}`}>{survey.title}</a>
      </p>
      <h1>{title}</h1>
      <p>{t('surveys.campaign.newIntro', { unit: unit.name })}</p>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={`/surveys/${survey.id}/campaigns`} novalidate>
        <CsrfField ctx={ctx} />
        <Field ctx={ctx} form={form} name="name" label={t('surveys.campaign.name')} required />
        <ScriptField ctx={ctx} form={form} />
        <CallingHoursFields ctx={ctx} form={form} />
        <SelectField
          ctx={ctx}
          form={form}
          name="kvId"
          label={t('surveys.campaign.kv')}
          options={[
            { value: '', label: t('surveys.campaign.allKvs') },
            ...kvs.map((k) => ({ value: k.id, label: k.name })),
          ]}
        />
        <Field
          ctx={ctx}
          form={form}
          name="enteredFrom"
          type="date"
          label={t('surveys.campaign.enteredFrom')}
        />
        <Field ctx={ctx} form={form} name="enteredTo" type="date" label={t('surveys.campaign.enteredTo')} />
        <Checkbox
          ctx={ctx}
          form={form}
          name="neverReachedByOnboarding"
          label={t('surveys.campaign.neverReached')}
        />
        <Checkbox ctx={ctx} form={form} name="noEventIn12Months" label={t('surveys.campaign.noEvent')} />
        <Field
          ctx={ctx}
          form={{ ...form, values: { retentionDays: '90', ...form.values } }}
          name="retentionDays"
          type="number"
          label={t('surveys.campaign.retention')}
        />
        <button type="submit">{t('surveys.campaign.submit')}</button>
      </form>
    </Layout>
  )
}

/** The owners change a running campaign's script and calling hours: the fields of the new campaign's form. */
function CampaignSettingsForm({
  ctx,
  campaign,
  form,
}: {
  ctx: ViewContext
  campaign: { id: string; script: string; callingHours: CallingHours }
  form: FormState
}) {
  const { t } = ctx
  const filled: FormState = {
    ...form,
    values: form.values ?? { script: campaign.script, ...hoursFieldValues(campaign.callingHours) },
  }
  return (
    <section aria-labelledby="campaign-settings">
      <h2 id="campaign-settings">{t('surveys.campaign.settingsTitle')}</h2>
      <p>{t('surveys.campaign.settingsIntro')}</p>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={`/campaigns/${campaign.id}/settings`} novalidate>
        <CsrfField ctx={ctx} />
        <ScriptField ctx={ctx} form={filled} />
        <CallingHoursFields ctx={ctx} form={filled} />
        <button type="submit">{t('surveys.campaign.settingsSubmit')}</button>
      </form>
    </section>
  )
}

export function CampaignPage({
  ctx,
  data,
  form,
  settings = {},
}: {
  ctx: ViewContext
  data: Awaited<ReturnType<typeof viewCampaign>>
  /** The form that adds a caller. */
  form: FormState
  /** The form that changes the script and the calling hours. */
  settings?: FormState
}) {
  const { t } = ctx
  const { campaign, survey, byUnit, byCaller } = data
  const title = t('surveys.campaign.title', { name: campaign.name })
  const running = campaign.status === 'running'
  return (
    <Layout ctx={ctx} title={title} wide>
      <p class="eyebrow">
        <a href={`/surveys/${survey.id}`}>{t('surveys.campaign.forSurvey', { title: survey.title })}</a>
      </p>
      <h1>{title}</h1>
      <p>
        {t('surveys.campaign.statusLine', {
          status: t(`surveys.campaign.status.${campaign.status}`),
          hours: hoursText(ctx, campaign.callingHours),
          days: campaign.retentionDays,
        })}
      </p>
      <h2 id="progress-kv">{t('surveys.campaign.progressKv')}</h2>
      <table aria-labelledby="progress-kv">
        <thead>
          <tr>
            <th scope="col">{t('surveys.campaign.kvColumn')}</th>
            <th scope="col" class="num">
              {t('surveys.campaign.total')}
            </th>
            <th scope="col" class="num">
              {t('surveys.campaign.called')}
            </th>
            <th scope="col" class="num">
              {t('surveys.campaign.reached')}
            </th>
            <th scope="col" class="num">
              {t('surveys.campaign.remaining')}
            </th>
          </tr>
        </thead>
        <tbody>
          {byUnit.map((r) => (
            <tr key={r.unitId ?? ''}>
              <th scope="row">{r.name ?? t('surveys.results.noUnit')}</th>
              <td class="num">{r.total}</td>
              <td class="num">{r.called}</td>
              <td class="num">{r.reached}</td>
              <td class="num">{r.remaining}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 id="progress-caller">{t('surveys.campaign.progressCaller')}</h2>
      {byCaller.length === 0 ? (
        <p>{t('surveys.campaign.none')}</p>
      ) : (
        <>
          <table aria-labelledby="progress-caller">
            <thead>
              <tr>
                <th scope="col">{t('surveys.campaign.caller')}</th>
                <th scope="col">{t('surveys.campaign.confirmed')}</th>
                <th scope="col" class="num">
                  {t('surveys.campaign.calls')}
                </th>
                <th scope="col" class="num">
                  {t('surveys.campaign.reached')}
                </th>
                <th scope="col">{t('surveys.campaign.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {byCaller.map((c) => (
                <tr key={c.userId}>
                  <th scope="row">
                    {c.name}
                    {c.removed ? ` (${t('surveys.campaign.removed')})` : ''}
                  </th>
                  <td>{t(c.confirmed ? 'surveys.campaign.yes' : 'surveys.campaign.no')}</td>
                  <td class="num">{c.calls}</td>
                  <td class="num">{c.reached}</td>
                  <td>
                    {!c.removed && (
                      <PostButton
                        ctx={ctx}
                        action={`/campaigns/${campaign.id}/callers/${c.userId}/remove`}
                        label={t('surveys.campaign.removeCaller', { name: c.name })}
                        class="secondary"
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="hint">{t('surveys.campaign.removeHint')}</p>
        </>
      )}
      {running && (
        <>
          <h2>{t('surveys.campaign.addCaller')}</h2>
          <ErrorSummary ctx={ctx} form={form} />
          <form method="post" action={`/campaigns/${campaign.id}/callers`} novalidate>
            <CsrfField ctx={ctx} />
            <Field
              ctx={ctx}
              form={form}
              name="email"
              type="email"
              label={t('surveys.campaign.callerEmail')}
              hint={t('surveys.campaign.callerHint')}
              required
            />
            <button type="submit">{t('surveys.campaign.addCallerSubmit')}</button>
          </form>
          <CampaignSettingsForm ctx={ctx} campaign={campaign} form={settings} />
          <PostButton
            ctx={ctx}
            action={`/campaigns/${campaign.id}/end`}
            label={t('surveys.campaign.end')}
            class="secondary"
          />
        </>
      )}
    </Layout>
  )
}

export function MyCampaignsList({
  ctx,
  campaigns,
}: {
  ctx: ViewContext
  campaigns: Awaited<ReturnType<typeof myCampaigns>>
}) {
  const { t } = ctx
  if (campaigns.length === 0) return null
  return (
    <>
      <h2>{t('surveys.campaign.mine')}</h2>
      <ul>
        {campaigns.map((c) => (
          <li key={c.id}>
            <a href={`/campaigns/${c.id}/call`}>{c.name}</a> ({t(`surveys.campaign.status.${c.status}`)})
          </li>
        ))}
      </ul>
    </>
  )
}

/** Outside the calling hours: which they are, and when calling starts again. */
function OutsideHours({
  ctx,
  hours,
  reopensAt,
}: {
  ctx: ViewContext
  hours: CallingHours
  reopensAt: Date | null
}) {
  return (
    <p class="notice" role="status">
      {ctx.t('surveys.campaign.outsideHours', { hours: hoursText(ctx, hours) })}
      {reopensAt && ` ${ctx.t('surveys.campaign.reopens', { at: formatDateTime(ctx.locale, reopensAt) })}`}
    </p>
  )
}

export function CallDeskPage({
  ctx,
  data,
  form = {},
  values,
  errors,
}: {
  ctx: ViewContext
  data: CallDesk
  form?: FormState
  values?: Record<string, string[]>
  errors?: AnswerErrors
}) {
  const { t } = ctx
  const { campaign, confirmed, survey, version, current } = data
  const base = `/campaigns/${campaign.id}`
  const title = t('surveys.campaign.title', { name: campaign.name })
  return (
    <Layout ctx={ctx} title={title}>
      <p class="eyebrow">{survey.title}</p>
      <h1>{title}</h1>
      {!confirmed ? (
        <section aria-labelledby="confidentiality">
          <h2 id="confidentiality">{t('surveys.campaign.confidentialityTitle')}</h2>
          <p>{t('surveys.campaign.confidentiality')}</p>
          <PostButton ctx={ctx} action={`${base}/confirm`} label={t('surveys.campaign.confirm')} />
        </section>
      ) : current === null ? (
        campaign.status === 'running' ? (
          <>
            <p>
              {t('surveys.campaign.statusLine', {
                status: t('surveys.campaign.status.running'),
                hours: hoursText(ctx, campaign.callingHours),
                days: campaign.retentionDays,
              })}
            </p>
            {data.inHours ? (
              <PostButton ctx={ctx} action={`${base}/next`} label={t('surveys.campaign.next')} />
            ) : (
              <OutsideHours ctx={ctx} hours={campaign.callingHours} reopensAt={data.reopensAt} />
            )}
          </>
        ) : (
          <p>{t('surveys.errors.campaignEnded')}</p>
        )
      ) : (
        <>
          <h2>{t('surveys.campaign.calling', { name: current.firstName, kv: current.kv ?? '' })}</h2>
          <p>
            {t('surveys.campaign.phone')}: <a href={`tel:${current.phone ?? ''}`}>{current.phone}</a>
          </p>
          {current.calls.length > 0 && (
            <>
              <h3>{t('surveys.campaign.earlier')}</h3>
              <ul>
                {current.calls.map((c, i) => (
                  <li key={i}>
                    {formatDateTime(ctx.locale, c.at)}: {t(`surveys.campaign.outcome.${c.outcome}`)}
                    {c.note ? ` – ${c.note}` : ''}
                  </li>
                ))}
              </ul>
            </>
          )}
          <details open>
            <summary>{t('surveys.campaign.scriptTitle')}</summary>
            <p class="survey-script">{campaign.script}</p>
          </details>
          <section aria-labelledby="reached">
            <h2 id="reached">{t('surveys.campaign.answersTitle')}</h2>
            <p class="hint">{t('surveys.campaign.answersNote')}</p>
            <form method="post" action={`${base}/calls/${current.target.id}`} novalidate>
              <CsrfField ctx={ctx} />
              <input type="hidden" name="outcome" value="reached" />
              <QuestionFields
                ctx={ctx}
                questionnaire={version.questionnaire}
                values={values}
                errors={errors}
              />
              {/* Its own id: the form below has a note field too, and each label must name its own field. */}
              <TextareaField
                ctx={ctx}
                form={{}}
                name="note"
                prefix="reached"
                label={t('surveys.campaign.note')}
                rows={2}
              />
              <button type="submit">{t('surveys.campaign.saveReached')}</button>
            </form>
          </section>
          <section aria-labelledby="other">
            <h2 id="other">{t('surveys.campaign.otherTitle')}</h2>
            <ErrorSummary ctx={ctx} form={form} />
            <form method="post" action={`${base}/calls/${current.target.id}`} novalidate>
              <CsrfField ctx={ctx} />
              <SelectField
                ctx={ctx}
                form={form}
                name="outcome"
                label={t('surveys.campaign.outcomeField')}
                options={callOutcomes
                  .filter((o) => o !== 'reached')
                  .map((o) => ({ value: o, label: t(`surveys.campaign.outcome.${o}`) }))}
              />
              <Field
                ctx={ctx}
                form={form}
                name="callbackAt"
                type="datetime-local"
                label={t('surveys.campaign.callbackAt')}
                hint={t('surveys.campaign.callbackHint', { hours: hoursText(ctx, campaign.callingHours) })}
              />
              <TextareaField ctx={ctx} form={form} name="note" label={t('surveys.campaign.note')} rows={2} />
              <button type="submit">{t('surveys.campaign.saveOutcome')}</button>
            </form>
          </section>
        </>
      )}
    </Layout>
  )
}
