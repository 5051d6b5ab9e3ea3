import type { MessageKey } from '../../platform/i18n/index.js'
import { formatDate, formatDateTime, formatNumber } from '../../platform/i18n/index.js'
import { addDays } from '../../platform/time.js'
import {
  CheckboxField,
  CsrfField,
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
import { type Figure, type FigureName, figureNames, MIN_PEOPLE, type ProgrammeFigures } from './figures.js'
import type {
  unitMentoringSection,
  viewApplication,
  viewPairing,
  viewProgramme,
  viewProgrammeEvents,
  viewTandem,
} from './service/index.js'
import {
  availabilitySlots,
  defaultTopics,
  type MentoringProgramme,
  meetingFormats,
  mentoringRoles,
  programmeEventKinds,
} from './tables.js'

/** A figure as written: a count, a mean with one decimal, a share in per cent; a dash when withheld. */
function figureText(ctx: ViewContext, name: FigureName, f: Figure) {
  if (f.value === null) return f.withheld === 'none' ? '–' : ctx.t('mentoring.figures.withheld')
  if (name === 'goalsReached') return `${formatNumber(ctx.locale, Math.round(f.value * 100))} %`
  if (name === 'checkInsPerTandem' || name === 'tandemRating' || name === 'programmeRating')
    return formatNumber(ctx.locale, Math.round(f.value * 10) / 10)
  return formatNumber(ctx.locale, f.value)
}

/** One cohort's figures, for those who run it and the boards and offices above. */
export function ProgrammeFiguresSection({ ctx, figures }: { ctx: ViewContext; figures: ProgrammeFigures }) {
  const { t } = ctx
  return (
    <section aria-labelledby="figures-heading">
      <h2 id="figures-heading">{t('mentoring.figures.title')}</h2>
      <p>{t('mentoring.figures.intro', { min: MIN_PEOPLE })}</p>
      <dl class="figures">
        {figureNames.map((name) => (
          <div key={name}>
            <dt>{t(`mentoring.figures.${name}`)}</dt>
            <dd>{figureText(ctx, name, figures[name])}</dd>
          </div>
        ))}
      </dl>
    </section>
  )
}

const cohortColumns = ['applications', 'accepted', 'tandems', 'active', 'endedEarly', 'completed'] as const

type Section = NonNullable<Awaited<ReturnType<typeof unitMentoringSection>>>

export function UnitMentoringSection({
  ctx,
  unit,
  programmes,
  canCreate,
  today,
}: { ctx: ViewContext; unit: { id: string } } & Section) {
  const { t, locale } = ctx
  return (
    <section aria-labelledby="mentoring-heading">
      <h2 id="mentoring-heading">{t('mentoring.section.title')}</h2>
      {programmes.length === 0 ? (
        <p>{t('mentoring.section.none')}</p>
      ) : (
        <ul>
          {programmes.map((p) => (
            <li key={p.id}>
              <a href={`/mentoring/${p.id}`}>{p.name}</a> (
              {t('mentoring.section.runs', {
                from: formatDate(locale, p.startsOn),
                until: formatDate(locale, p.endsOn),
              })}
              {p.applyFrom <= today && today <= p.applyUntil
                ? `; ${t('mentoring.section.applyNow', { date: formatDate(locale, p.applyUntil) })}`
                : ''}
              )
            </li>
          ))}
        </ul>
      )}
      {programmes.some((p) => p.figures) && (
        // A wide table scrolls sideways: the region takes the keyboard focus so it can be scrolled.
        <section class="table-wrap" aria-label={t('mentoring.figures.byCohort')} tabindex={0}>
          <table>
            <caption>{t('mentoring.figures.byCohort')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('mentoring.figures.cohort')}</th>
                {cohortColumns.map((name) => (
                  <th scope="col" key={name}>
                    {t(`mentoring.figures.${name}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {programmes.map(
                (p) =>
                  p.figures && (
                    <tr key={p.id}>
                      <th scope="row">
                        {p.name} ({formatDate(locale, p.startsOn)})
                      </th>
                      {cohortColumns.map((name) => (
                        <td key={name}>{figureText(ctx, name, p.figures![name])}</td>
                      ))}
                    </tr>
                  ),
              )}
            </tbody>
          </table>
        </section>
      )}
      {canCreate && (
        <p>
          <a href={`/units/${unit.id}/mentoring/new`}>{t('mentoring.section.create')}</a>
        </p>
      )}
    </section>
  )
}

export function NewProgrammePage({
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
    <Layout ctx={ctx} title={t('mentoring.new.title')}>
      <h1>{t('mentoring.new.title')}</h1>
      <p>{t('mentoring.new.intro', { unit: unit.name })}</p>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={`/units/${unit.id}/mentoring`} novalidate>
        <CsrfField ctx={ctx} />
        <Field ctx={ctx} form={form} name="name" label={t('mentoring.new.name')} required />
        <TextareaField ctx={ctx} form={form} name="description" label={t('mentoring.new.description')} />
        <Field
          ctx={ctx}
          form={form}
          name="targetGroups"
          label={t('mentoring.new.targetGroups')}
          hint={t('mentoring.new.targetGroupsHint')}
        />
        <TextareaField
          ctx={ctx}
          form={form}
          name="topics"
          label={t('mentoring.new.topics')}
          hint={t('mentoring.new.topicsHint')}
          value={defaultTopics.join('\n')}
          rows={8}
        />
        <Field
          ctx={ctx}
          form={form}
          type="date"
          name="applyFrom"
          label={t('mentoring.new.applyFrom')}
          required
        />
        <Field
          ctx={ctx}
          form={form}
          type="date"
          name="applyUntil"
          label={t('mentoring.new.applyUntil')}
          required
        />
        <Field
          ctx={ctx}
          form={form}
          type="date"
          name="startsOn"
          label={t('mentoring.new.startsOn')}
          required
        />
        <Field ctx={ctx} form={form} type="date" name="endsOn" label={t('mentoring.new.endsOn')} required />
        <Field
          ctx={ctx}
          form={form}
          type="number"
          name="capacity"
          label={t('mentoring.new.capacity')}
          value="20"
          required
        />
        <Field
          ctx={ctx}
          form={form}
          type="number"
          name="reminderWeeks"
          label={t('mentoring.new.reminderWeeks')}
          value="4"
        />
        <Field
          ctx={ctx}
          form={form}
          type="number"
          name="eraseAfterDays"
          label={t('mentoring.new.eraseAfterDays')}
          hint={t('mentoring.new.eraseAfterDaysHint')}
          value="90"
        />
        <button type="submit">{t('mentoring.new.submit')}</button>
      </form>
    </Layout>
  )
}

function Boxes(props: {
  ctx: ViewContext
  form: FormState
  name: string
  legend: string
  options: { value: string; label: string }[]
  selected: readonly string[]
}) {
  const { ctx, form, name } = props
  return (
    <fieldset class={form.errors?.[name] ? 'field field--error' : 'field'} id={`f-${name}`}>
      <legend>{props.legend}</legend>
      <FieldError ctx={ctx} form={form} name={name} />
      <ul class="plain-list">
        {props.options.map((o) => (
          <li key={o.value}>
            <label>
              <input type="checkbox" name={name} value={o.value} checked={props.selected.includes(o.value)} />{' '}
              {o.label}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  )
}

/** The date by which a self-description is erased: the cohort's end plus the programme's period. */
export function eraseDateOf(p: Pick<MentoringProgramme, 'endsOn' | 'eraseAfterDays'>) {
  return addDays(p.endsOn, p.eraseAfterDays)
}

export function ApplyPage({
  ctx,
  programme,
  form,
  selected,
}: {
  ctx: ViewContext
  programme: MentoringProgramme
  form: FormState
  selected: Record<'topics' | 'formats' | 'availability', readonly string[]>
}) {
  const { t, locale } = ctx
  return (
    <Layout ctx={ctx} title={t('mentoring.apply.title', { programme: programme.name })}>
      <p class="eyebrow">
        <a href={`/mentoring/${programme.id}`}>{programme.name}</a>
      </p>
      <h1>{t('mentoring.apply.title', { programme: programme.name })}</h1>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={`/mentoring/${programme.id}/apply`} novalidate>
        <CsrfField ctx={ctx} />
        <SelectField
          ctx={ctx}
          form={form}
          name="role"
          label={t('mentoring.apply.role')}
          options={mentoringRoles.map((r) => ({ value: r, label: t(`mentoring.role.${r}`) }))}
        />
        <TextareaField
          ctx={ctx}
          form={form}
          name="motivation"
          label={t('mentoring.apply.motivation')}
          required
        />
        <TextareaField ctx={ctx} form={form} name="goals" label={t('mentoring.apply.goals')} required />
        <Boxes
          ctx={ctx}
          form={form}
          name="topics"
          legend={t('mentoring.apply.topics')}
          options={programme.topics.map((topic) => ({ value: topic, label: topic }))}
          selected={selected.topics}
        />
        <Boxes
          ctx={ctx}
          form={form}
          name="formats"
          legend={t('mentoring.apply.formats')}
          options={meetingFormats.map((f) => ({ value: f, label: t(`mentoring.format.${f}`) }))}
          selected={selected.formats}
        />
        <Boxes
          ctx={ctx}
          form={form}
          name="availability"
          legend={t('mentoring.apply.availability')}
          options={availabilitySlots.map((s) => ({ value: s, label: t(`mentoring.slot.${s}`) }))}
          selected={selected.availability}
        />
        <Field
          ctx={ctx}
          form={form}
          name="region"
          label={t('mentoring.apply.region')}
          hint={t('mentoring.apply.regionHint')}
        />
        <Field
          ctx={ctx}
          form={form}
          name="languages"
          label={t('mentoring.apply.languages')}
          hint={t('mentoring.apply.languagesHint')}
        />
        <CheckboxField
          name="avoidOwnKv"
          label={t('mentoring.apply.avoidOwnKv')}
          checked={form.values?.avoidOwnKv === 'on'}
        />
        <fieldset class="field">
          <legend>{t('mentoring.apply.selfTitle')}</legend>
          <p>{t('mentoring.apply.selfExplain', { groups: programme.targetGroups || programme.name })}</p>
          <p id="self-use">
            {t('mentoring.apply.selfUse', {
              days: programme.eraseAfterDays,
              date: formatDate(locale, eraseDateOf(programme)),
            })}
          </p>
          <TextareaField
            ctx={ctx}
            form={form}
            name="selfDescription"
            label={t('mentoring.apply.selfDescription')}
            rows={3}
          />
        </fieldset>
        <button type="submit">{t('mentoring.apply.submit')}</button>
      </form>
    </Layout>
  )
}

type ApplicationLike = {
  motivation: string
  goals: string
  topics: string[]
  formats: string[]
  availability: string[]
  region: string
  languages: string[]
  avoidOwnKv: boolean
  selfDescription: string | null
}

/** An application's answers; the self-description only where the caller may show it. */
function ApplicationDetails({
  ctx,
  a,
  showSelf,
}: {
  ctx: ViewContext
  a: ApplicationLike
  showSelf: boolean
}) {
  const { t } = ctx
  const dash = t('mentoring.application.none')
  return (
    <dl>
      <dt>{t('mentoring.application.motivation')}</dt>
      <dd>{a.motivation}</dd>
      <dt>{t('mentoring.application.goals')}</dt>
      <dd>{a.goals}</dd>
      <dt>{t('mentoring.application.topics')}</dt>
      <dd>{a.topics.join(', ') || dash}</dd>
      <dt>{t('mentoring.application.formats')}</dt>
      <dd>{a.formats.map((f) => t(`mentoring.format.${f}` as MessageKey)).join(', ') || dash}</dd>
      <dt>{t('mentoring.application.availability')}</dt>
      <dd>{a.availability.map((s) => t(`mentoring.slot.${s}` as MessageKey)).join(', ') || dash}</dd>
      <dt>{t('mentoring.application.region')}</dt>
      <dd>{a.region || dash}</dd>
      <dt>{t('mentoring.application.languages')}</dt>
      <dd>{a.languages.join(', ') || dash}</dd>
      {a.avoidOwnKv && (
        <>
          <dt>{t('mentoring.application.avoidOwnKv')}</dt>
          <dd>✓</dd>
        </>
      )}
      {showSelf && (
        <>
          <dt>{t('mentoring.application.selfDescription')}</dt>
          <dd>{a.selfDescription ?? t('mentoring.application.noSelfDescription')}</dd>
        </>
      )}
    </dl>
  )
}

/** The programme's events, and for those who run it the form to link one of the unit's events. */
function ProgrammeEventsSection({
  ctx,
  programmeId,
  unit,
  data,
  form,
}: {
  ctx: ViewContext
  programmeId: string
  unit: { id: string; name: string }
  data: Awaited<ReturnType<typeof viewProgrammeEvents>>
  form: FormState
}) {
  const { t, locale } = ctx
  if (data.events.length === 0 && !data.coordinate) return null
  const base = `/mentoring/${programmeId}/events`
  return (
    <section aria-labelledby="programme-events-heading">
      <h2 id="programme-events-heading">{t('mentoring.events.title')}</h2>
      <p>{t('mentoring.events.intro', { unit: unit.name })}</p>
      {data.events.length === 0 ? (
        <p>{t('mentoring.events.none')}</p>
      ) : (
        <ul>
          {data.events.map((e) => (
            <li key={e.id}>
              {t(`mentoring.events.kinds.${e.kind}`)}: <a href={`/events/${e.eventId}`}>{e.title}</a> (
              {formatDateTime(locale, e.startsAt)})
              {data.coordinate && (
                <>
                  {' '}
                  <PostButton
                    ctx={ctx}
                    action={`${base}/${e.id}/remove`}
                    label={t('mentoring.events.remove')}
                    class="secondary"
                  />
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {data.coordinate &&
        (data.candidates.length === 0 ? (
          <>
            {/* A form sent when nothing is left to pick (another coordinator linked it): its error, without a field. */}
            {form.errors && (
              <ErrorSummary ctx={ctx} form={{ errors: { _form: Object.values(form.errors)[0]! } }} />
            )}
            <p>{t('mentoring.events.noCandidates', { unit: unit.name })}</p>
          </>
        ) : (
          <form method="post" action={base}>
            <CsrfField ctx={ctx} />
            <h3>{t('mentoring.events.link')}</h3>
            <ErrorSummary ctx={ctx} form={form} />
            <SelectField
              ctx={ctx}
              form={form}
              name="eventId"
              label={t('mentoring.events.event')}
              options={data.candidates.map((c) => ({
                value: c.id,
                label: `${c.title} (${formatDateTime(locale, c.startsAt)})`,
              }))}
            />
            <SelectField
              ctx={ctx}
              form={form}
              name="kind"
              label={t('mentoring.events.kind')}
              options={programmeEventKinds.map((k) => ({
                value: k,
                label: t(`mentoring.events.kinds.${k}`),
              }))}
            />
            <button type="submit">{t('mentoring.events.save')}</button>
          </form>
        ))}
      {data.canCreate && (
        <p>
          <a href={`/events/new?unit=${unit.id}`}>{t('mentoring.events.create')}</a>
        </p>
      )}
    </section>
  )
}

export function ProgrammePage({
  ctx,
  data,
  events,
  eventForm = {},
}: {
  ctx: ViewContext
  data: Awaited<ReturnType<typeof viewProgramme>>
  events: Awaited<ReturnType<typeof viewProgrammeEvents>>
  eventForm?: FormState
}) {
  const { t, locale } = ctx
  const { programme, unit, mine, can } = data
  const base = `/mentoring/${programme.id}`
  return (
    <Layout ctx={ctx} title={programme.name}>
      <p class="eyebrow">
        <a href={`/units/${unit.id}`}>{t('mentoring.page.runBy', { unit: unit.name })}</a>
      </p>
      <h1>{programme.name}</h1>
      {programme.description && <p>{programme.description}</p>}
      {programme.targetGroups && (
        <p>
          <strong>{t('mentoring.page.targetGroups')}:</strong> {programme.targetGroups}
        </p>
      )}
      <ul>
        <li>
          {t('mentoring.page.window', {
            from: formatDate(locale, programme.applyFrom),
            until: formatDate(locale, programme.applyUntil),
          })}
        </li>
        <li>
          {t('mentoring.page.cohort', {
            from: formatDate(locale, programme.startsOn),
            until: formatDate(locale, programme.endsOn),
          })}
        </li>
        <li>{t('mentoring.page.capacity', { count: programme.capacity })}</li>
        <li>
          {t('mentoring.page.topics')}: {programme.topics.join(', ')}
        </li>
      </ul>
      {can.apply && (
        <p>
          <a class="button" href={`${base}/apply`}>
            {t('mentoring.page.apply')}
          </a>
        </p>
      )}
      {!can.apply && !mine && !data.open && <p>{t('mentoring.page.closed')}</p>}
      {mine && (
        <section aria-labelledby="mine-heading">
          <h2 id="mine-heading">{t('mentoring.page.yourApplication')}</h2>
          <p>
            {t(`mentoring.role.${mine.role}`)}: {t(`mentoring.status.${mine.status}`)}
          </p>
          {data.tandem && (
            <>
              <h3>{t('mentoring.tandem.yours')}</h3>
              <p>
                {t('mentoring.tandem.with', {
                  name: data.tandem.partnerFirstName,
                  kv: data.tandem.partnerKv,
                })}{' '}
                <a href={`/mentoring/tandems/${data.tandem.id}`}>{t('mentoring.tandem.open')}</a>
              </p>
            </>
          )}
          <ApplicationDetails ctx={ctx} a={mine} showSelf />
          {can.withdraw && (
            <PostButton
              ctx={ctx}
              action={`${base}/withdraw`}
              label={t('mentoring.page.withdraw')}
              class="secondary"
            />
          )}
        </section>
      )}
      {can.coordinate && (
        <section aria-labelledby="applications-heading">
          <h2 id="applications-heading">{t('mentoring.page.applications')}</h2>
          <p>
            <a href={`${base}/pairing`}>{t('mentoring.pairing.link')}</a>
          </p>
          {data.applications.length === 0 ? (
            <p>{t('mentoring.page.noApplications')}</p>
          ) : (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('mentoring.page.table.name')}</th>
                    <th scope="col">{t('mentoring.page.table.kv')}</th>
                    <th scope="col">{t('mentoring.page.table.role')}</th>
                    <th scope="col">{t('mentoring.page.table.status')}</th>
                    <th scope="col">{t('mentoring.page.table.topics')}</th>
                    <th scope="col">{t('mentoring.page.table.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.applications.map((a) => {
                    const name = `${a.firstName} ${a.lastName}`
                    return (
                      <tr key={a.id}>
                        <td>
                          <a href={`${base}/applications/${a.id}`}>{name}</a>
                        </td>
                        <td>{a.homeUnitName}</td>
                        <td>{t(`mentoring.role.${a.role}`)}</td>
                        <td>{t(`mentoring.status.${a.status}`)}</td>
                        <td>{a.topics.join(', ')}</td>
                        <td aria-label={t('mentoring.page.decideLabel', { name })}>
                          {['submitted', 'waitlisted'].includes(a.status) && (
                            <PostButton
                              ctx={ctx}
                              action={`${base}/applications/${a.id}/accept`}
                              label={t('mentoring.page.accept')}
                            />
                          )}
                          {['submitted', 'accepted'].includes(a.status) && (
                            <PostButton
                              ctx={ctx}
                              action={`${base}/applications/${a.id}/waitlist`}
                              label={t('mentoring.page.waitlist')}
                              class="secondary"
                            />
                          )}
                          {['submitted', 'waitlisted', 'accepted'].includes(a.status) && (
                            <PostButton
                              ctx={ctx}
                              action={`${base}/applications/${a.id}/decline`}
                              label={t('mentoring.page.decline')}
                              class="secondary"
                            />
                          )}
                        </td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </div>
          )}
          <h2>{t('mentoring.page.coordinators')}</h2>
          {data.coordinators.length === 0 ? (
            <p>{t('mentoring.page.noCoordinators', { unit: unit.name })}</p>
          ) : (
            <ul>
              {data.coordinators.map((c) => (
                <li key={c.id}>
                  {c.displayName}{' '}
                  {can.manage && (
                    <PostButton
                      ctx={ctx}
                      action={`${base}/coordinators/${c.id}/remove`}
                      label={t('mentoring.page.removeCoordinator')}
                      class="secondary"
                    />
                  )}
                </li>
              ))}
            </ul>
          )}
          {can.manage && <CoordinatorForm ctx={ctx} action={`${base}/coordinators`} form={{}} />}
        </section>
      )}
      <ProgrammeEventsSection
        ctx={ctx}
        programmeId={programme.id}
        unit={unit}
        data={events}
        form={eventForm}
      />
      {data.figures && <ProgrammeFiguresSection ctx={ctx} figures={data.figures} />}
    </Layout>
  )
}

export function CoordinatorForm({
  ctx,
  action,
  form,
}: {
  ctx: ViewContext
  action: string
  form: FormState
}) {
  const { t } = ctx
  return (
    <form method="post" action={action} novalidate>
      <CsrfField ctx={ctx} />
      <ErrorSummary ctx={ctx} form={form} />
      <Field
        ctx={ctx}
        form={form}
        type="email"
        name="email"
        label={t('mentoring.page.coordinatorEmail')}
        required
      />
      <button type="submit">{t('mentoring.page.addCoordinator')}</button>
    </form>
  )
}

export function CoordinatorFormPage({
  ctx,
  programme,
  form,
}: {
  ctx: ViewContext
  programme: MentoringProgramme
  form: FormState
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('mentoring.page.addCoordinator')}>
      <p class="eyebrow">
        <a href={`/mentoring/${programme.id}`}>{programme.name}</a>
      </p>
      <h1>{t('mentoring.page.addCoordinator')}</h1>
      <CoordinatorForm ctx={ctx} action={`/mentoring/${programme.id}/coordinators`} form={form} />
    </Layout>
  )
}

export function ApplicationPage({
  ctx,
  data,
}: {
  ctx: ViewContext
  data: Awaited<ReturnType<typeof viewApplication>>
}) {
  const { t, locale } = ctx
  const { programme, application, person } = data
  const name = person ? `${person.firstName} ${person.lastName}` : ''
  return (
    <Layout ctx={ctx} title={t('mentoring.application.title', { name })}>
      <p class="eyebrow">
        <a href={`/mentoring/${programme.id}`}>{t('mentoring.application.back')}</a>
      </p>
      <h1>{t('mentoring.application.title', { name })}</h1>
      <p>
        {person?.homeUnitName} · {t(`mentoring.role.${application.role}`)} ·{' '}
        {t(`mentoring.status.${application.status}`)}
      </p>
      <p>{t('mentoring.application.submittedAt', { date: formatDate(locale, application.submittedAt) })}</p>
      <ApplicationDetails ctx={ctx} a={application} showSelf />
    </Layout>
  )
}

type Reason = { factor: string; points: number; shared: string[]; km?: number | null }

/** One factor of a score in words, with its points. */
function reasonText(ctx: ViewContext, r: Reason): string {
  const { t } = ctx
  const label = (x: string) =>
    r.factor === 'format'
      ? t(`mentoring.format.${x}` as MessageKey)
      : r.factor === 'availability'
        ? t(`mentoring.slot.${x}` as MessageKey)
        : x
  const shared = r.shared.map(label).join(', ') || t('mentoring.pairing.reason.nothing')
  let text: string
  switch (r.factor) {
    case 'distance':
      text =
        r.shared.length === 0
          ? t('mentoring.pairing.reason.distanceOnline')
          : r.km === null || r.km === undefined
            ? t('mentoring.pairing.reason.distanceUnknown')
            : t('mentoring.pairing.reason.distance', { km: r.km })
      break
    case 'ownKv':
      text = t(
        r.shared.length > 0 ? 'mentoring.pairing.reason.ownKvSame' : 'mentoring.pairing.reason.ownKvOther',
      )
      break
    default:
      text = t(`mentoring.pairing.reason.${r.factor}` as MessageKey, { shared })
  }
  return `${text}: ${t('mentoring.pairing.reason.points', { points: r.points })}`
}

function Reasons({ ctx, reasons }: { ctx: ViewContext; reasons: readonly Reason[] }) {
  return (
    <ul class="reasons">
      {reasons.map((r) => (
        <li key={r.factor}>{reasonText(ctx, r)}</li>
      ))}
    </ul>
  )
}

export function PairingPage({
  ctx,
  data,
  form = {},
}: {
  ctx: ViewContext
  data: Awaited<ReturnType<typeof viewPairing>>
  form?: FormState
}) {
  const { t } = ctx
  const { programme } = data
  const base = `/mentoring/${programme.id}`
  const who = (a: { firstName: string; lastName: string; homeUnitName: string }) =>
    `${a.firstName} ${a.lastName} (${a.homeUnitName})`
  return (
    <Layout ctx={ctx} title={t('mentoring.pairing.title', { programme: programme.name })}>
      <p class="eyebrow">
        <a href={base}>{programme.name}</a>
      </p>
      <h1>{t('mentoring.pairing.title', { programme: programme.name })}</h1>
      <p>{t('mentoring.pairing.intro')}</p>
      <p>{t('mentoring.pairing.places', { count: data.places, capacity: programme.capacity })}</p>
      <ErrorSummary ctx={ctx} form={form} />
      <h2>{t('mentoring.pairing.suggestions')}</h2>
      {data.suggestions.length === 0 ? (
        <p>{t('mentoring.pairing.noSuggestions')}</p>
      ) : (
        <ol class="suggestions">
          {data.suggestions.map((s) => (
            <li key={`${s.menteeId}-${s.mentorId}`}>
              <h3>
                {t('mentoring.pairing.pair', {
                  mentee: `${s.mentee.firstName} ${s.mentee.lastName}`,
                  menteeKv: s.mentee.homeUnitName,
                  mentor: `${s.mentor.firstName} ${s.mentor.lastName}`,
                  mentorKv: s.mentor.homeUnitName,
                })}
                {' – '}
                {t('mentoring.pairing.score', { score: s.score })}
              </h3>
              <Reasons ctx={ctx} reasons={s.reasons} />
              <PostButton ctx={ctx} action={`${base}/tandems`} label={t('mentoring.pairing.confirm')}>
                <input type="hidden" name="menteeApplicationId" value={s.menteeId} />
                <input type="hidden" name="mentorApplicationId" value={s.mentorId} />
              </PostButton>
            </li>
          ))}
        </ol>
      )}
      {data.freeMentees.length > 0 && data.freeMentors.length > 0 && data.places > 0 && (
        <>
          <h2>{t('mentoring.pairing.byHand')}</h2>
          <form method="post" action={`${base}/tandems`} novalidate>
            <CsrfField ctx={ctx} />
            <SelectField
              ctx={ctx}
              form={form}
              name="menteeApplicationId"
              label={t('mentoring.pairing.mentee')}
              options={data.freeMentees.map((a) => ({ value: a.id, label: who(a) }))}
            />
            <SelectField
              ctx={ctx}
              form={form}
              name="mentorApplicationId"
              label={t('mentoring.pairing.mentor')}
              options={data.freeMentors.map((a) => ({ value: a.id, label: who(a) }))}
            />
            <button type="submit">{t('mentoring.pairing.pairSubmit')}</button>
          </form>
        </>
      )}
      <h2>{t('mentoring.pairing.tandems')}</h2>
      {data.tandems.length === 0 ? (
        <p>{t('mentoring.pairing.noTandems')}</p>
      ) : (
        <ul>
          {data.tandems.map((tandem) => (
            <li key={tandem.id}>
              <strong>
                {tandem.menteeName} ({tandem.menteeKv}) – {tandem.mentorName} ({tandem.mentorKv})
              </strong>{' '}
              <a href={`/mentoring/tandems/${tandem.id}`}>{t('mentoring.tandem.open')}</a>{' '}
              {t('mentoring.pairing.score', { score: tandem.score })}
              {tandem.byHand ? `, ${t('mentoring.pairing.byHandMark')}` : ''}
              <Reasons ctx={ctx} reasons={tandem.reasons} />
              {tandem.status === 'active' && (
                <PostButton
                  ctx={ctx}
                  action={`${base}/tandems/${tandem.id}/dissolve`}
                  label={t('mentoring.pairing.dissolve')}
                  class="secondary"
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {data.tandems.filter((x) => x.status === 'active').length >= 2 && (
        <>
          <h2>{t('mentoring.pairing.swap')}</h2>
          <form method="post" action={`${base}/tandems/swap`} novalidate>
            <CsrfField ctx={ctx} />
            {(['first', 'second'] as const).map((name, i) => (
              <SelectField
                key={name}
                ctx={ctx}
                form={form}
                name={name}
                label={t(`mentoring.pairing.${name}`)}
                value={data.tandems.filter((x) => x.status === 'active')[i]?.id}
                options={data.tandems
                  .filter((x) => x.status === 'active')
                  .map((x) => ({ value: x.id, label: `${x.menteeName} – ${x.mentorName}` }))}
              />
            ))}
            <button type="submit">{t('mentoring.pairing.swapSubmit')}</button>
          </form>
        </>
      )}
    </Layout>
  )
}

/** The closing review: the form while it is open and not written, the writer's own review afterwards. */
function ReviewSection({
  ctx,
  data,
  form,
  base,
}: {
  ctx: ViewContext
  data: Awaited<ReturnType<typeof viewTandem>>
  form: FormState
  base: string
}) {
  const { t, locale } = ctx
  const { review } = data
  if (!review.open && !review.mine) return null
  const scale = [5, 4, 3, 2, 1].map((n) => ({
    value: String(n),
    label: t('mentoring.tandem.review.scale', { n }),
  }))
  return (
    <section aria-labelledby="review-heading">
      <h2 id="review-heading">{t('mentoring.tandem.review.title')}</h2>
      {review.mine ? (
        <p>
          {t('mentoring.tandem.review.done', {
            date: formatDate(locale, review.mine.createdAt),
            tandem: review.mine.tandemRating,
            programme: review.mine.programmeRating,
          })}
        </p>
      ) : (
        <form method="post" action={`${base}/review`} novalidate>
          <CsrfField ctx={ctx} />
          <p>{t('mentoring.tandem.review.intro')}</p>
          <SelectField
            ctx={ctx}
            form={form}
            name="tandemRating"
            label={t('mentoring.tandem.review.tandemRating')}
            options={scale}
          />
          <TextareaField
            ctx={ctx}
            form={form}
            name="tandemComment"
            label={t('mentoring.tandem.review.tandemComment')}
            rows={3}
          />
          <SelectField
            ctx={ctx}
            form={form}
            name="programmeRating"
            label={t('mentoring.tandem.review.programmeRating')}
            options={scale}
          />
          <TextareaField
            ctx={ctx}
            form={form}
            name="programmeComment"
            label={t('mentoring.tandem.review.programmeComment')}
            rows={3}
          />
          {data.goals.length > 0 && (
            <Boxes
              ctx={ctx}
              form={form}
              name="reached"
              legend={t('mentoring.tandem.review.reached')}
              options={data.goals.map((g) => ({ value: g.id, label: g.text }))}
              selected={data.goals.filter((g) => g.reachedAt).map((g) => g.id)}
            />
          )}
          {review.inPool && review.skills.length > 0 && (
            <Boxes
              ctx={ctx}
              form={form}
              name="skillsGained"
              legend={t('mentoring.tandem.review.skillsGained')}
              options={review.skills.map((k) => ({ value: k.id, label: k.name }))}
              selected={[]}
            />
          )}
          {!review.inPool && <p class="hint">{t('mentoring.tandem.review.poolHint')}</p>}
          <button type="submit">{t('mentoring.tandem.review.submit')}</button>
        </form>
      )}
    </section>
  )
}

export function TandemPage({
  ctx,
  data,
  form = {},
}: {
  ctx: ViewContext
  data: Awaited<ReturnType<typeof viewTandem>>
  form?: FormState
}) {
  const { t, locale } = ctx
  const { tandem, programme } = data
  const base = `/mentoring/tandems/${tandem.id}`
  const [mentee, mentor] = data.people
  const mine = data.people.find((p) => p.applicationId === data.mineId)
  const partner = data.people.find((p) => p.applicationId !== data.mineId)
  const running = tandem.status === 'active' && data.mineId !== null
  return (
    <Layout ctx={ctx} title={t('mentoring.tandem.title', { programme: programme.name })}>
      <p class="eyebrow">
        <a href={`/mentoring/${programme.id}`}>{programme.name}</a>
      </p>
      <h1>{t('mentoring.tandem.title', { programme: programme.name })}</h1>
      <p>
        {t('mentoring.tandem.people', {
          mentee: `${mentee!.firstName} (${mentee!.kv})`,
          mentor: `${mentor!.firstName} (${mentor!.kv})`,
        })}
      </p>
      {tandem.status === 'ended_early' && <p class="notice">{t('mentoring.tandem.ended')}</p>}
      {data.mineId && partner && (
        <p>
          {t('mentoring.tandem.contact')}: {partner.sharedContact ?? t('mentoring.tandem.noContact')}
        </p>
      )}
      <ErrorSummary ctx={ctx} form={form} />
      {running && (
        <form method="post" action={`${base}/contact`} novalidate>
          <CsrfField ctx={ctx} />
          <Field
            ctx={ctx}
            form={form}
            name="contact"
            label={t('mentoring.tandem.shareContact')}
            hint={t('mentoring.tandem.shareContactHint')}
            value={mine?.sharedContact ?? ''}
          />
          <button type="submit">{t('mentoring.tandem.save')}</button>
        </form>
      )}
      <h2>{t('mentoring.tandem.goals')}</h2>
      <p>{t('mentoring.tandem.goalsHint')}</p>
      {data.goals.length === 0 ? (
        <p>{t('mentoring.tandem.noGoals')}</p>
      ) : (
        <ul>
          {data.goals.map((g) => (
            <li key={g.id}>
              {g.text}
              {g.reachedAt && ` (${t('mentoring.tandem.review.reachedMark')})`}{' '}
              {running && (
                <PostButton
                  ctx={ctx}
                  action={`${base}/goals/${g.id}/remove`}
                  label={t('mentoring.tandem.removeGoal')}
                  class="secondary"
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {running && data.goals.length < 5 && (
        <form method="post" action={`${base}/goals`} novalidate>
          <CsrfField ctx={ctx} />
          <Field ctx={ctx} form={form} name="text" label={t('mentoring.tandem.goal')} />
          <button type="submit">{t('mentoring.tandem.addGoal')}</button>
        </form>
      )}
      <h2>{t('mentoring.tandem.checkIns')}</h2>
      {data.checkIns.length === 0 ? (
        <p>{t('mentoring.tandem.noCheckIns')}</p>
      ) : (
        <ul>
          {data.checkIns.map((c) => (
            <li key={c.id}>
              <strong>{formatDate(locale, c.heldOn)}</strong>, {t(`mentoring.format.${c.format}`)}
              {data.mineId && ` (${t(c.byMe ? 'mentoring.tandem.byMe' : 'mentoring.tandem.byPartner')})`}
              {c.sharedNote && <p>{c.sharedNote}</p>}
              {c.privateNote && (
                <p>
                  <em>{t('mentoring.tandem.privateMark')}:</em> {c.privateNote}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {running && (
        <form method="post" action={`${base}/check-ins`} novalidate>
          <CsrfField ctx={ctx} />
          <Field
            ctx={ctx}
            form={form}
            type="date"
            name="heldOn"
            label={t('mentoring.tandem.heldOn')}
            required
          />
          <SelectField
            ctx={ctx}
            form={form}
            name="format"
            label={t('mentoring.tandem.format')}
            options={meetingFormats.map((f) => ({ value: f, label: t(`mentoring.format.${f}`) }))}
          />
          <TextareaField
            ctx={ctx}
            form={form}
            name="sharedNote"
            label={t('mentoring.tandem.sharedNote')}
            rows={3}
          />
          <TextareaField
            ctx={ctx}
            form={form}
            name="privateNote"
            label={t('mentoring.tandem.privateNote')}
            rows={3}
          />
          <button type="submit">{t('mentoring.tandem.logCheckIn')}</button>
        </form>
      )}
      <ReviewSection ctx={ctx} data={data} form={form} base={base} />
      <h2>{t('mentoring.tandem.help')}</h2>
      {tandem.helpRequestedAt && (
        <p>{t('mentoring.tandem.helpAsked', { date: formatDate(locale, tandem.helpRequestedAt) })}</p>
      )}
      {tandem.helpNote && <p>{tandem.helpNote}</p>}
      {running && (
        <form method="post" action={`${base}/help`} novalidate>
          <CsrfField ctx={ctx} />
          <p>{t('mentoring.tandem.helpHint')}</p>
          <TextareaField ctx={ctx} form={form} name="note" label={t('mentoring.tandem.helpNote')} rows={3} />
          <button type="submit">{t('mentoring.tandem.askHelp')}</button>
        </form>
      )}
      {tandem.endReason && (
        <p>
          <strong>{t('mentoring.tandem.endReasonShown')}:</strong> {tandem.endReason}
        </p>
      )}
      {running && (
        <>
          <h2>{t('mentoring.tandem.end')}</h2>
          <form method="post" action={`${base}/end`} novalidate>
            <CsrfField ctx={ctx} />
            <p>{t('mentoring.tandem.endHint')}</p>
            <TextareaField
              ctx={ctx}
              form={form}
              name="reason"
              label={t('mentoring.tandem.endReason')}
              rows={3}
            />
            <button type="submit" class="secondary">
              {t('mentoring.tandem.endSubmit')}
            </button>
          </form>
        </>
      )}
    </Layout>
  )
}
