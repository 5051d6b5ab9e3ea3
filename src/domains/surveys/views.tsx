import type { VNode } from 'preact'
import { formatDate } from '../../platform/i18n/index.js'
import {
  CsrfField,
  ErrorSummary,
  Field,
  type FormState,
  PostButton,
  SelectField,
  TextareaField,
} from '../../platform/views/components.js'
import type { ViewContext } from '../../platform/views/context.js'
import { Layout } from '../../platform/views/layout.js'
import {
  type AnswerErrors,
  conditionSources,
  conditionValues,
  fieldName,
  LONG_TEXT_MAX,
  type Question,
  type Questionnaire,
  questionKinds,
  SCALE,
  SHORT_TEXT_MAX,
} from './questionnaire.js'
import type { listUnitSurveys, mySurveys, unitSurveysSection, viewAnswerForm, viewSurvey } from './service.js'
import type { Survey } from './tables.js'

type Section = NonNullable<Awaited<ReturnType<typeof unitSurveysSection>>>

export function UnitSurveysSection({
  ctx,
  unit,
  canManage,
  open,
}: { ctx: ViewContext; unit: { id: string } } & Section) {
  const { t } = ctx
  return (
    <section aria-labelledby="surveys-heading">
      <h2 id="surveys-heading">{t('surveys.section.title')}</h2>
      {open.length > 0 && (
        <ul>
          {open.map((s) => (
            <li key={s.id}>
              <a href={`/surveys/${s.id}/answer`}>{s.title}</a>
              {s.answered ? ` (${t('surveys.section.answered')})` : ''}
            </li>
          ))}
        </ul>
      )}
      {canManage && (
        <p>
          <a href={`/units/${unit.id}/surveys`}>{t('surveys.section.manage')}</a>
        </p>
      )}
    </section>
  )
}

/** Which way of answering applies, said before anyone answers. */
export function ModeNotice({ ctx, survey }: { ctx: ViewContext; survey: Pick<Survey, 'anonymous'> }) {
  const { t } = ctx
  return (
    <p class="notice">
      <strong>{t(survey.anonymous ? 'surveys.mode.anonymous' : 'surveys.mode.personal')}:</strong>{' '}
      {t(survey.anonymous ? 'surveys.mode.anonymousNote' : 'surveys.mode.personalNote')}
    </p>
  )
}

const statusLabel = (ctx: ViewContext, status: Survey['status']) => ctx.t(`surveys.status.${status}`)

export function UnitSurveysPage({
  ctx,
  data,
}: {
  ctx: ViewContext
  data: Awaited<ReturnType<typeof listUnitSurveys>>
}) {
  const { t } = ctx
  const { unit, surveys } = data
  return (
    <Layout ctx={ctx} title={t('surveys.unit.title', { unit: unit.name })}>
      <p class="eyebrow">
        <a href={`/units/${unit.id}`}>{unit.name}</a>
      </p>
      <h1>{t('surveys.unit.title', { unit: unit.name })}</h1>
      <p>
        <a href={`/units/${unit.id}/surveys/new`}>{t('surveys.unit.create')}</a>
      </p>
      {surveys.length === 0 ? (
        <p>{t('surveys.unit.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('surveys.unit.survey')}</th>
              <th scope="col">{t('surveys.unit.status')}</th>
              <th scope="col">{t('surveys.unit.answered')}</th>
            </tr>
          </thead>
          <tbody>
            {surveys.map((s) => (
              <tr key={s.id}>
                <td>
                  <a href={`/surveys/${s.id}`}>{s.title}</a>
                  {s.anonymous ? ` (${t('surveys.mode.anonymous')})` : ''}
                </td>
                <td>{statusLabel(ctx, s.status)}</td>
                <td>{s.answered}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  )
}

export function NewSurveyPage({
  ctx,
  unit,
  form,
}: {
  ctx: ViewContext
  unit: { id: string; name: string }
  form: FormState
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('surveys.new.title')}>
      <h1>{t('surveys.new.title')}</h1>
      <p>{t('surveys.new.intro', { unit: unit.name })}</p>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={`/units/${unit.id}/surveys`} novalidate>
        <CsrfField ctx={ctx} />
        <Field ctx={ctx} form={form} name="title" label={t('surveys.new.titleField')} required />
        <TextareaField ctx={ctx} form={form} name="intro" label={t('surveys.new.introField')} rows={4} />
        <SelectField
          ctx={ctx}
          form={form}
          name="mode"
          label={t('surveys.new.mode')}
          options={[
            { value: 'personal', label: `${t('surveys.mode.personal')}: ${t('surveys.mode.personalNote')}` },
            {
              value: 'anonymous',
              label: `${t('surveys.mode.anonymous')}: ${t('surveys.mode.anonymousNote')}`,
            },
          ]}
        />
        <button type="submit">{t('surveys.new.submit')}</button>
      </form>
    </Layout>
  )
}

/** How a question is labelled in lists and conditions: its number and text. */
const numbered = (q: Questionnaire, key: string) => {
  const i = q.questions.findIndex((x) => x.key === key)
  return i < 0 ? key : `${i + 1}. ${q.questions[i]!.text}`
}

function conditionText(ctx: ViewContext, q: Questionnaire, question: Question) {
  if (!question.showIf) return null
  const source = q.questions.find((x) => x.key === question.showIf!.question)
  const value = source
    ? (conditionValues(source).find((o) => o.key === question.showIf!.equals)?.label ?? '')
    : ''
  return ctx.t('surveys.builder.showIf', { question: numbered(q, question.showIf.question), value })
}

export function SurveyPage({
  ctx,
  data,
  form,
}: {
  ctx: ViewContext
  data: Awaited<ReturnType<typeof viewSurvey>>
  form: FormState
}) {
  const { t } = ctx
  const { survey, unit, version, versions, answered, locked } = data
  const q = version.questionnaire
  const base = `/surveys/${survey.id}`
  const sources = conditionSources(q)
  return (
    <Layout ctx={ctx} title={survey.title} wide>
      <p class="eyebrow">
        <a href={`/units/${unit.id}/surveys`}>{t('surveys.unit.title', { unit: unit.name })}</a>
      </p>
      <h1>{survey.title}</h1>
      <p>
        {t('surveys.builder.status', { status: statusLabel(ctx, survey.status), count: answered })}{' '}
        {t('surveys.builder.version', { number: version.number })}
      </p>
      <ModeNotice ctx={ctx} survey={survey} />
      {survey.intro && <p>{survey.intro}</p>}
      <p>
        <a href={`${base}/preview`}>{t('surveys.builder.preview')}</a>
        {survey.status !== 'draft' && (
          <>
            {' · '}
            <a href={`${base}/results`}>{t('surveys.results.link')}</a>
          </>
        )}
      </p>
      {survey.status === 'draft' && q.questions.length > 0 && (
        <PostButton ctx={ctx} action={`${base}/open`} label={t('surveys.builder.open')} />
      )}
      {survey.status === 'open' && (
        <>
          <PostButton ctx={ctx} action={`${base}/links`} label={t('surveys.builder.sendLinks')} />
          <PostButton
            ctx={ctx}
            action={`${base}/close`}
            label={t('surveys.builder.close')}
            class="secondary"
          />
        </>
      )}
      <h2>{t('surveys.campaign.listTitle')}</h2>
      {data.campaigns.length === 0 ? (
        <p>{t('surveys.campaign.none')}</p>
      ) : (
        <ul>
          {data.campaigns.map((c) => (
            <li key={c.id}>
              <a href={`/campaigns/${c.id}`}>{c.name}</a> ({t(`surveys.campaign.status.${c.status}`)})
            </li>
          ))}
        </ul>
      )}
      {survey.status === 'open' && (
        <p>
          <a href={`${base}/campaigns/new`}>{t('surveys.campaign.create')}</a>
        </p>
      )}
      {versions.length > 1 && (
        <>
          <h2>{t('surveys.builder.versions')}</h2>
          <ul>
            {versions.map((v) => (
              <li key={v.id}>
                {t('surveys.builder.versionLine', {
                  number: v.number,
                  date: formatDate(ctx.locale, v.createdAt),
                  count: v.responses,
                })}
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('surveys.builder.questions')}</h2>
      {locked && survey.status !== 'closed' && <p class="notice">{t('surveys.builder.lockedNote')}</p>}
      {q.questions.length === 0 ? (
        <p>{t('surveys.builder.noQuestions')}</p>
      ) : (
        <ol class="survey-questions">
          {q.questions.map((question, i) => (
            <li key={question.key}>
              {question.section && <strong class="survey-section">{question.section}</strong>}
              <p>
                {question.text}{' '}
                <span class="hint">
                  ({t(`surveys.kind.${question.kind}`)}
                  {question.required ? `, ${t('surveys.builder.required')}` : ''})
                </span>
              </p>
              {question.options.length > 0 && (
                <p class="hint">{question.options.map((o) => o.label).join(' · ')}</p>
              )}
              {question.scale && (
                <p class="hint">
                  1 = {question.scale.low} … 5 = {question.scale.high}
                </p>
              )}
              {question.showIf && <p class="hint">{conditionText(ctx, q, question)}</p>}
              {question.feedsPool && <p class="hint">{t('surveys.builder.feedsPoolNote')}</p>}
              {survey.status !== 'closed' && (
                <div class="actions">
                  {i > 0 && (
                    <PostButton
                      ctx={ctx}
                      action={`${base}/questions/${question.key}/move`}
                      label={t('surveys.builder.up')}
                      class="secondary"
                    >
                      <input type="hidden" name="direction" value="up" />
                    </PostButton>
                  )}
                  {i < q.questions.length - 1 && (
                    <PostButton
                      ctx={ctx}
                      action={`${base}/questions/${question.key}/move`}
                      label={t('surveys.builder.down')}
                      class="secondary"
                    >
                      <input type="hidden" name="direction" value="down" />
                    </PostButton>
                  )}
                  <PostButton
                    ctx={ctx}
                    action={`${base}/questions/${question.key}/remove`}
                    label={t('surveys.builder.remove')}
                    class="secondary"
                  />
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      {survey.status !== 'closed' && (
        <>
          <h2 id="add-question">{t('surveys.builder.add')}</h2>
          <ErrorSummary ctx={ctx} form={form} />
          <form method="post" action={`${base}/questions`} novalidate>
            <CsrfField ctx={ctx} />
            <TextareaField
              ctx={ctx}
              form={form}
              name="text"
              label={t('surveys.builder.text')}
              rows={2}
              required
            />
            <SelectField
              ctx={ctx}
              form={form}
              name="kind"
              label={t('surveys.builder.kind')}
              options={questionKinds.map((k) => ({ value: k, label: t(`surveys.kind.${k}`) }))}
            />
            <TextareaField
              ctx={ctx}
              form={form}
              name="options"
              label={t('surveys.builder.options')}
              hint={t('surveys.builder.optionsHint')}
              rows={4}
            />
            <Field ctx={ctx} form={form} name="scaleLow" label={t('surveys.builder.scaleLow')} />
            <Field ctx={ctx} form={form} name="scaleHigh" label={t('surveys.builder.scaleHigh')} />
            <Field
              ctx={ctx}
              form={form}
              name="section"
              label={t('surveys.builder.section')}
              hint={t('surveys.builder.sectionHint')}
            />
            <SelectField
              ctx={ctx}
              form={form}
              name="showIf"
              label={t('surveys.builder.condition')}
              options={[
                { value: '', label: t('surveys.builder.always') },
                ...sources.flatMap((s) =>
                  conditionValues(s).map((o) => ({
                    value: `${s.key}:${o.key}`,
                    label: t('surveys.builder.showIf', { question: numbered(q, s.key), value: o.label }),
                  })),
                ),
              ]}
            />
            <SelectField
              ctx={ctx}
              form={form}
              name="feedsPool"
              label={t('surveys.builder.feedsPool')}
              options={[
                { value: '', label: t('surveys.builder.feedsPoolNone') },
                { value: 'hours', label: t('surveys.builder.feedsPoolHours') },
                { value: 'skills', label: t('surveys.builder.feedsPoolSkills') },
              ]}
            />
            <div class="field field--checkbox">
              <label>
                <input type="checkbox" name="required" value="on" checked={form.values?.required === 'on'} />{' '}
                {t('surveys.builder.required')}
              </label>
            </div>
            <button type="submit">{t('surveys.builder.addSubmit')}</button>
          </form>
        </>
      )}
    </Layout>
  )
}

/** The questions as fields, for the member's form, the preview and the caller's entry. */
export function QuestionFields({
  ctx,
  questionnaire,
  values = {},
  errors = {},
}: {
  ctx: ViewContext
  questionnaire: Questionnaire
  values?: Record<string, string[]>
  errors?: AnswerErrors
}) {
  const { t } = ctx
  return (
    <>
      {questionnaire.questions.map((question, i) => {
        const name = fieldName(question.key)
        const id = `f-${name}`
        const error = errors[name]
        const given = values[name] ?? []
        const cond = conditionText(ctx, questionnaire, question)
        const label = `${i + 1}. ${question.text}${question.required ? ` (${t('surveys.answer.required')})` : ''}`
        const hintId = cond ? `${id}-hint` : undefined
        const errorId = error ? `${id}-error` : undefined
        const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined
        const head = (
          <>
            {cond && (
              <p class="hint" id={hintId}>
                {cond}
              </p>
            )}
            {error && (
              <p class="field-error" id={errorId}>
                {t(`surveys.answer.errors.${error}`)}
              </p>
            )}
          </>
        )
        const section = question.section ? <h2 class="survey-section">{question.section}</h2> : null
        if (question.kind === 'single' || question.kind === 'multiple' || question.kind === 'scale') {
          const type = question.kind === 'multiple' ? 'checkbox' : 'radio'
          const options =
            question.kind === 'scale'
              ? SCALE.map((n) => ({
                  key: String(n),
                  label:
                    n === 1
                      ? `1 (${question.scale?.low ?? ''})`
                      : n === 5
                        ? `5 (${question.scale?.high ?? ''})`
                        : String(n),
                }))
              : question.options
          return (
            <div key={question.key}>
              {section}
              <fieldset class={error ? 'field field--error' : 'field'} id={id} aria-describedby={describedBy}>
                <legend>{label}</legend>
                {head}
                {options.map((o) => (
                  <label key={o.key} class="choice">
                    <input type={type} name={name} value={o.key} checked={given.includes(o.key)} /> {o.label}
                  </label>
                ))}
              </fieldset>
            </div>
          )
        }
        const long = question.kind === 'long_text'
        return (
          <div key={question.key}>
            {section}
            <div class={error ? 'field field--error' : 'field'}>
              <label for={id}>{label}</label>
              {head}
              {long ? (
                <textarea
                  id={id}
                  name={name}
                  rows={5}
                  maxLength={LONG_TEXT_MAX}
                  aria-describedby={describedBy}
                  aria-invalid={error ? 'true' : undefined}
                >
                  {given.join('\n')}
                </textarea>
              ) : (
                <input
                  {...({
                    id,
                    name,
                    type: question.kind === 'number' ? 'number' : 'text',
                    inputMode: question.kind === 'number' ? 'numeric' : undefined,
                    maxLength: question.kind === 'short_text' ? SHORT_TEXT_MAX : undefined,
                    value: given[0] ?? '',
                    'aria-describedby': describedBy,
                    'aria-invalid': error ? 'true' : undefined,
                  } as Record<string, unknown>)}
                />
              )}
            </div>
          </div>
        )
      })}
    </>
  )
}

export function PreviewPage({
  ctx,
  survey,
  questionnaire,
}: {
  ctx: ViewContext
  survey: Survey
  questionnaire: Questionnaire
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('surveys.preview.title', { title: survey.title })}>
      <p class="eyebrow">
        <a href={`/surveys/${survey.id}`}>{t('surveys.preview.back')}</a>
      </p>
      <p class="notice">{t('surveys.preview.note')}</p>
      <h1>{survey.title}</h1>
      <ModeNotice ctx={ctx} survey={survey} />
      {survey.intro && <p>{survey.intro}</p>}
      <form>
        <QuestionFields ctx={ctx} questionnaire={questionnaire} />
      </form>
    </Layout>
  )
}

export function AnswerPage({
  ctx,
  data,
  action,
  values,
  errors,
}: {
  ctx: ViewContext
  data: Awaited<ReturnType<typeof viewAnswerForm>>
  action: string
  values?: Record<string, string[]>
  errors?: AnswerErrors
}) {
  const { t } = ctx
  const { survey, unit, version, answered, open } = data
  const hasErrors = errors && Object.keys(errors).length > 0
  return (
    <Layout ctx={ctx} title={survey.title}>
      <p class="eyebrow">{t('surveys.answer.by', { unit: unit.name })}</p>
      <h1>{survey.title}</h1>
      {answered ? (
        <p class="notice">{t('surveys.answer.thanks')}</p>
      ) : !open ? (
        <p class="notice">{t('surveys.answer.closed')}</p>
      ) : (
        <>
          <ModeNotice ctx={ctx} survey={survey} />
          {survey.intro && <p>{survey.intro}</p>}
          {hasErrors && (
            <div class="error-summary" role="alert" tabindex={-1}>
              <p>
                <strong>{t('common.form.errorSummary')}</strong>
              </p>
              <ul>
                {Object.entries(errors).map(([field, code]) => (
                  <li key={field}>
                    <a href={`#f-${field}`}>{t(`surveys.answer.errors.${code}`)}</a>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <form method="post" action={action} novalidate>
            <CsrfField ctx={ctx} />
            <QuestionFields ctx={ctx} questionnaire={version.questionnaire} values={values} errors={errors} />
            <button type="submit">{t('surveys.answer.submit')}</button>
          </form>
        </>
      )}
    </Layout>
  )
}

export function MySurveysPage({
  ctx,
  surveys,
  campaigns = null,
}: {
  ctx: ViewContext
  surveys: Awaited<ReturnType<typeof mySurveys>>
  campaigns?: VNode | null
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('surveys.mine.title')}>
      <h1>{t('surveys.mine.title')}</h1>
      {surveys.length === 0 ? (
        <p>{t('surveys.mine.none')}</p>
      ) : (
        <ul>
          {surveys.map((s) => (
            <li key={s.id}>
              <a href={`/surveys/${s.id}/answer`}>{s.title}</a> ({s.unitName}
              {s.anonymous ? `, ${t('surveys.mode.anonymous')}` : ''}
              {s.answered ? `, ${t('surveys.section.answered')}` : ''})
            </li>
          ))}
        </ul>
      )}
      {campaigns}
    </Layout>
  )
}
