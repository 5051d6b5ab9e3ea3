import { formatDateTime } from '../../../platform/i18n/index.js'
import { CsrfField, ErrorSummary, Field, type FormState } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { MunicipalityRef, OrgUnit } from '../../org-units/index.js'
import type { HelpRequestPageData } from '../service/index.js'
import {
  type HelpRequest,
  type HelpShift,
  type HelpSignup,
  helpDirections,
  helpKinds,
  helpVisibilities,
  travelKinds,
} from '../tables.js'
import { CheckboxField, DateTimeField, SelectField, ShiftFields, TextareaField } from './fields.js'

export type RequestListItem = { request: HelpRequest; unit: OrgUnit; municipalityName: string }

export function RequestTable({ ctx, items }: { ctx: ViewContext; items: RequestListItem[] }) {
  const { t } = ctx
  return (
    <div class="table-wrap">
      <table class="help-requests">
        <thead>
          <tr>
            <th scope="col">{t('help.fields.title')}</th>
            <th scope="col">{t('help.fields.kind')}</th>
            <th scope="col">{t('help.list.from')}</th>
            <th scope="col">{t('help.list.where')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map(({ request, unit, municipalityName }) => (
            <tr key={request.id}>
              <td>
                <a href={`/help/${request.id}`}>{request.title}</a>{' '}
                <span class={`badge badge--${request.direction}`}>
                  {t(`help.directionShort.${request.direction}`)}
                </span>
              </td>
              <td>{t(`help.kinds.${request.kind}`)}</td>
              <td>{unit.name}</td>
              <td>{municipalityName}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function HelpListPage(props: {
  ctx: ViewContext
  items: RequestListItem[]
  canPost: boolean
  canTotals: boolean
}) {
  const { ctx } = props
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('help.list.title')}>
      <h1>{t('help.list.title')}</h1>
      <p>{t('help.list.intro')}</p>
      {(props.canPost || props.canTotals) && (
        <p class="actions">
          {props.canPost && (
            <a class="button" href="/help/new">
              {t('help.list.new')}
            </a>
          )}
          {props.canTotals && (
            <a class="button secondary" href="/help/white-spots">
              {t('help.list.whiteSpotTotals')}
            </a>
          )}
        </p>
      )}
      {props.items.length === 0 ? (
        <p>{t('help.list.empty')}</p>
      ) : (
        <RequestTable ctx={ctx} items={props.items} />
      )}
    </Layout>
  )
}

export function RequestFormPage(props: {
  ctx: ViewContext
  form: FormState
  units: OrgUnit[]
  unit: OrgUnit | undefined
  contacts: { id: string; firstName: string; lastName: string }[]
  municipality: MunicipalityRef | undefined
  candidates?: MunicipalityRef[]
  templates?: { id: string; title: string }[]
  usedTemplate?: { id: string; title: string } | undefined
  /** The team the request is to be of: the form posts to the team's address. */
  team?: { id: string; name: string } | undefined
}) {
  const { ctx, form, unit, team } = props
  const { t } = ctx
  const values = form.values ?? {}
  const newPath = team ? `/teams/${team.id}/help/new` : '/help/new'
  return (
    <Layout ctx={ctx} title={t('help.form.title')}>
      <h1>{t('help.form.title')}</h1>
      <aside class="notice" aria-labelledby="template-heading">
        <h2 id="template-heading">{t('playbook.links.templatesTitle')}</h2>
        {props.usedTemplate && (
          <p role="status">{t('playbook.links.templateUsed', { title: props.usedTemplate.title })}</p>
        )}
        {(props.templates ?? []).length > 0 && (
          <ul>
            {(props.templates ?? []).map((tpl) => (
              <li key={tpl.id}>
                <a href={`${newPath}?template=${tpl.id}${unit && !team ? `&unit=${unit.id}` : ''}`}>
                  {tpl.title}
                </a>
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href="/playbook?for=help_request">{t('playbook.links.helpTemplate')}</a>
        </p>
      </aside>
      {!unit ? (
        <p>{t('help.form.noUnits')}</p>
      ) : (
        <>
          {props.units.length > 1 && (
            <form method="get" action="/help/new" class="inline-form">
              <SelectField
                ctx={ctx}
                form={{}}
                name="unit"
                label={t('help.fields.unit')}
                value={unit.id}
                options={props.units.map((u) => ({ value: u.id, label: u.name }))}
              />
              {props.municipality && <input type="hidden" name="ags" value={props.municipality.ags} />}
              <button type="submit" class="secondary">
                {t('help.form.switchUnit')}
              </button>
            </form>
          )}
          <ErrorSummary ctx={ctx} form={form} />
          <form method="post" action={team ? `/teams/${team.id}/help` : '/help'}>
            <CsrfField ctx={ctx} />
            <input type="hidden" name="unitId" value={unit.id} />
            <p>
              <strong>{unit.name}</strong>
            </p>
            {team && <p>{t('help.form.forTeam', { team: team.name, unit: unit.name })}</p>}
            <SelectField
              ctx={ctx}
              form={form}
              name="direction"
              label={t('help.fields.direction')}
              options={helpDirections.map((d) => ({ value: d, label: t(`help.directions.${d}`) }))}
            />
            <SelectField
              ctx={ctx}
              form={form}
              name="kind"
              label={t('help.fields.kind')}
              options={helpKinds.map((k) => ({ value: k, label: t(`help.kinds.${k}`) }))}
            />
            <Field ctx={ctx} form={form} name="title" label={t('help.fields.title')} required />
            <TextareaField ctx={ctx} form={form} name="description" label={t('help.fields.description')} />
            <PlaceField
              ctx={ctx}
              form={form}
              municipality={props.municipality}
              candidates={props.candidates ?? []}
            />
            <SelectField
              ctx={ctx}
              form={form}
              name="visibility"
              label={t('help.fields.visibility')}
              options={helpVisibilities.map((v) => ({ value: v, label: t(`help.visibilities.${v}`) }))}
            />
            <SelectField
              ctx={ctx}
              form={form}
              name="contactMemberId"
              label={t('help.fields.contact')}
              value={values.contactMemberId ?? ctx.actor?.memberId ?? ''}
              options={props.contacts.map((c) => ({ value: c.id, label: `${c.firstName} ${c.lastName}` }))}
            />
            <p class="hint">{t('help.form.shiftsLater')}</p>
            <button type="submit">{t('help.form.submit')}</button>
          </form>
        </>
      )}
    </Layout>
  )
}

/**
 * Where the help is needed, typed as a municipality's name or postal code. When several places match,
 * they are offered with their Kreis to choose from, and the rest of the form keeps what was typed.
 */
export function PlaceField(props: {
  ctx: ViewContext
  form: FormState
  municipality: MunicipalityRef | undefined
  candidates: MunicipalityRef[]
}) {
  const { ctx, form, municipality, candidates } = props
  const { t } = ctx
  const typed = form.values?.municipality ?? municipality?.name ?? ''
  return (
    <>
      <Field
        ctx={ctx}
        form={form}
        name="municipality"
        label={t('help.fields.municipalityName')}
        hint={
          municipality
            ? t('help.fields.placeChosen', { name: municipality.name, kreis: municipality.kreis })
            : t('help.fields.placeHint')
        }
        value={typed}
        autocomplete="off"
        required
      />
      {municipality && !candidates.length && (
        <input type="hidden" name="municipalityAgs" value={municipality.ags} />
      )}
      {candidates.length > 0 && (
        <fieldset class="field">
          <legend>{t('help.fields.placeChoose')}</legend>
          {candidates.map((m, i) => (
            <div class="field field--checkbox" key={m.ags}>
              <label>
                <input type="radio" name="municipalityAgs" value={m.ags} checked={i === 0} />{' '}
                {m.kreis ? `${m.name} (${m.kreis})` : m.name}
              </label>
            </div>
          ))}
        </fieldset>
      )}
    </>
  )
}

export function ShiftTime({ ctx, shift }: { ctx: ViewContext; shift: HelpShift }) {
  const end = formatDateTime(ctx.locale, shift.endsAt)
  return (
    <>
      {formatDateTime(ctx.locale, shift.startsAt)} – {end.slice(end.lastIndexOf(' ') + 1)}
    </>
  )
}

/** Which shift a button in a shift's row is for, for screen readers, which list the buttons of a page on their own. */
export function ForShift({ ctx, shift }: { ctx: ViewContext; shift: HelpShift }) {
  return (
    <span class="visually-hidden">
      {' '}
      {ctx.t('help.actions.forShift')} <ShiftTime ctx={ctx} shift={shift} />
    </span>
  )
}

function ShiftAction(props: {
  ctx: ViewContext
  shift: HelpShift
  full: boolean
  mine: HelpSignup | undefined
  canSignUp: boolean
}) {
  const { ctx, shift, mine } = props
  const { t } = ctx
  if (shift.cancelledAt) return <span>{t('help.edit.cancelled')}</span>
  if (shift.completedAt) return <span>{t('help.show.completed')}</span>
  const active = mine && mine.status !== 'cancelled'
  return (
    <>
      {active && <p>{t('help.show.yourStatus', { status: t(`help.signupStatuses.${mine.status}`) })}</p>}
      {active ? (
        <form method="post" action={`/help/shifts/${shift.id}/cancel`} class="inline-form">
          <CsrfField ctx={ctx} />
          <button type="submit" class="secondary">
            {t('help.actions.cancel')}
            <ForShift ctx={ctx} shift={shift} />
          </button>
        </form>
      ) : (
        props.canSignUp && (
          <form method="post" action={`/help/shifts/${shift.id}/signup`} class="inline-form">
            <CsrfField ctx={ctx} />
            <button type="submit">
              {props.full ? t('help.actions.joinWaitlist') : t('help.actions.signUp')}
              <ForShift ctx={ctx} shift={shift} />
            </button>
          </form>
        )
      )}
    </>
  )
}

function TravelSection(props: { ctx: ViewContext; data: HelpRequestPageData; form: FormState }) {
  const { ctx, data, form } = props
  const { t } = ctx
  const offers = data.travel.filter((e) => e.travel.kind.endsWith('_offer'))
  const takers = (offerId: string) =>
    data.travel
      .filter((e) => e.travel.offerId === offerId)
      .map((e) => `${e.firstName} ${e.lastName}`)
      .join(', ')
  return (
    <section aria-labelledby="travel-heading">
      <h2 id="travel-heading">{t('help.show.travel')}</h2>
      <p class="hint">{t('help.show.travelHint')}</p>
      {data.can.travelView &&
        (data.travel.length === 0 ? (
          <p>{t('help.show.travelEmpty')}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('help.show.who')}</th>
                  <th scope="col">{t('help.show.what')}</th>
                  <th scope="col">{t('help.show.details')}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t('help.actions.remove')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.travel.map(({ travel, firstName, lastName }) => (
                  <tr key={travel.id}>
                    <td>{`${firstName} ${lastName}`}</td>
                    <td>{t(`help.travelKinds.${travel.kind}`)}</td>
                    <td>
                      {[
                        travel.place,
                        `${t('help.fields.places')}: ${travel.places}`,
                        travel.departsAt ? formatDateTime(ctx.locale, travel.departsAt) : '',
                        travel.nights ?? '',
                        travel.note ?? '',
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                      {travel.kind.endsWith('_offer') && takers(travel.id) && (
                        <p>{t('help.show.takenBy', { names: takers(travel.id) })}</p>
                      )}
                    </td>
                    <td>
                      {travel.memberId === data.myMemberId && (
                        <form
                          method="post"
                          action={`/help/${data.request.id}/travel/${travel.id}/delete`}
                          class="inline-form"
                        >
                          <CsrfField ctx={ctx} />
                          <button type="submit" class="link-button">
                            {t('help.actions.remove')}
                          </button>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {data.can.travelAdd && data.request.status === 'open' && (
        <form method="post" action={`/help/${data.request.id}/travel`} class="travel-form">
          <CsrfField ctx={ctx} />
          <ErrorSummary ctx={ctx} form={form} />
          <SelectField
            ctx={ctx}
            form={form}
            name="kind"
            label={t('help.fields.travelKind')}
            options={travelKinds.map((k) => ({ value: k, label: t(`help.travelKinds.${k}`) }))}
          />
          <Field ctx={ctx} form={form} name="place" label={t('help.fields.place')} required />
          <Field
            ctx={ctx}
            form={form}
            name="places"
            type="number"
            label={t('help.fields.places')}
            value="1"
            required
          />
          <DateTimeField ctx={ctx} form={form} name="departsAt" label={t('help.fields.departsAt')} />
          <Field ctx={ctx} form={form} name="nights" label={t('help.fields.nights')} />
          {offers.length > 0 && data.can.travelView && (
            <SelectField
              ctx={ctx}
              form={form}
              name="offerId"
              label={t('help.fields.offerId')}
              options={[
                { value: '', label: t('help.fields.noOffer') },
                ...offers.map((o) => ({
                  value: o.travel.id,
                  label: `${t(`help.travelKinds.${o.travel.kind}`)}: ${o.firstName} ${o.lastName}, ${o.travel.place}`,
                })),
              ]}
            />
          )}
          <Field ctx={ctx} form={form} name="note" label={t('help.fields.note')} />
          <button type="submit">{t('help.show.addTravel')}</button>
        </form>
      )}
    </section>
  )
}

export type RequestPageForm = { name: 'shift' | 'travel'; state: FormState }

export function RequestPage(props: { ctx: ViewContext; data: HelpRequestPageData; form?: RequestPageForm }) {
  const { ctx, data } = props
  const { t } = ctx
  const { request, unit } = data
  const formOf = (name: RequestPageForm['name']) => (props.form?.name === name ? props.form.state : {})
  return (
    <Layout ctx={ctx} title={request.title}>
      <h1>
        {request.title}{' '}
        <span class={`badge badge--${request.direction}`}>
          {t(`help.directionShort.${request.direction}`)}
        </span>
      </h1>
      <dl class="help-facts">
        <dt>{t('help.fields.kind')}</dt>
        <dd>{t(`help.kinds.${request.kind}`)}</dd>
        <dt>{t('help.show.postedBy')}</dt>
        <dd>
          <a href={`/units/${unit.id}`}>{unit.name}</a>
        </dd>
        {data.team && (
          // Plain text: the team's page is for those its visibility lets in, the request's circle may be wider.
          <dd>{t('help.show.team', { team: data.team.name, unit: data.team.hostName })}</dd>
        )}
        <dt>{t('help.show.where')}</dt>
        <dd>
          {data.municipality
            ? `${data.municipality.name} (${data.municipality.kreis})`
            : request.municipalityAgs}
        </dd>
        <dt>{t('help.show.contact')}</dt>
        <dd>{data.contactName}</dd>
        <dt>{t('help.show.visibility')}</dt>
        <dd>{t(`help.show.visibleTo.${request.visibility}`, { unit: unit.name })}</dd>
      </dl>
      {request.description && <p class="help-description">{request.description}</p>}
      {request.status === 'closed' && <p class="notice">{t('help.show.closed')}</p>}
      {data.can.manage && (
        <p class="actions">
          <a class="button secondary" href={`/help/${request.id}/edit`}>
            {t('help.edit.link')}
          </a>
          <a class="button secondary" href={`/help/${request.id}/roster`}>
            {t('help.show.roster')}
          </a>
          <a class="button secondary" href={`/help/drives/new?request=${request.id}`}>
            {t('help.show.donations')}
          </a>
        </p>
      )}

      <section aria-labelledby="shifts-heading">
        <h2 id="shifts-heading">{t('help.show.shifts')}</h2>
        {data.shifts.length === 0 ? (
          <p>{t('help.show.noShifts')}</p>
        ) : (
          <div class="table-wrap">
            <table class="help-shifts">
              <thead>
                <tr>
                  <th scope="col">{t('help.show.when')}</th>
                  <th scope="col">{t('help.show.meetingPoint')}</th>
                  <th scope="col">{t('help.show.places')}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t('help.actions.signUp')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.shifts.map(({ shift, confirmed, waitlisted }) => (
                  <tr key={shift.id}>
                    <td>
                      <ShiftTime ctx={ctx} shift={shift} />
                    </td>
                    <td>{shift.meetingPoint}</td>
                    <td>
                      {t('help.show.taken', { confirmed, capacity: shift.capacity })}
                      {waitlisted > 0 && (
                        <>
                          <br />
                          {t('help.show.waiting', { count: waitlisted })}
                        </>
                      )}
                    </td>
                    <td>
                      <ShiftAction
                        ctx={ctx}
                        shift={shift}
                        full={confirmed >= shift.capacity}
                        mine={data.mySignups.get(shift.id)}
                        canSignUp={data.can.signUp}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {data.can.manage && request.status === 'open' && (
          <details open={props.form?.name === 'shift'}>
            <summary>{t('help.show.addShift')}</summary>
            <form method="post" action={`/help/${request.id}/shifts`}>
              <CsrfField ctx={ctx} />
              <ErrorSummary ctx={ctx} form={formOf('shift')} />
              <ShiftFields ctx={ctx} form={formOf('shift')} />
              <button type="submit">{t('help.show.addShift')}</button>
            </form>
          </details>
        )}
      </section>

      {(data.can.travelView || data.can.travelAdd) && (
        <TravelSection ctx={ctx} data={data} form={formOf('travel')} />
      )}

      {data.can.manage && request.status === 'open' && (
        <form method="post" action={`/help/${request.id}/close`}>
          <CsrfField ctx={ctx} />
          <button type="submit" class="secondary">
            {t('help.show.close')}
          </button>
        </form>
      )}
    </Layout>
  )
}

export type RosterPageData = {
  request: HelpRequest
  shifts: { shift: HelpShift; confirmed: number; waitlisted: number }[]
  people: {
    signup: HelpSignup
    shiftId: string
    firstName: string
    lastName: string
    unitName: string
  }[]
  now: Date
}

export function RosterPage(props: { ctx: ViewContext; data: RosterPageData; form?: FormState }) {
  const { ctx, data } = props
  const { t } = ctx
  const form = props.form ?? {}
  return (
    <Layout ctx={ctx} title={t('help.roster.title', { title: data.request.title })}>
      <h1>{t('help.roster.title', { title: data.request.title })}</h1>
      <p>
        <a href={`/help/${data.request.id}`}>{t('help.roster.back')}</a>
      </p>
      {data.shifts.map(({ shift }) => {
        const people = data.people.filter((p) => p.shiftId === shift.id)
        const confirmed = people.filter((p) => p.signup.status === 'confirmed')
        const completable = !shift.completedAt && !shift.cancelledAt && shift.endsAt <= data.now
        return (
          <section key={shift.id} aria-labelledby={`shift-${shift.id}`}>
            <h2 id={`shift-${shift.id}`}>
              <ShiftTime ctx={ctx} shift={shift} /> · {shift.meetingPoint}
              {shift.cancelledAt && ` (${t('help.edit.cancelled')})`}
            </h2>
            {people.length === 0 ? (
              <p>{t('help.roster.none')}</p>
            ) : (
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('help.roster.name')}</th>
                      <th scope="col">{t('help.roster.unit')}</th>
                      <th scope="col">{t('help.roster.status')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {people.map((p) => (
                      <tr key={p.signup.id}>
                        <td>{`${p.firstName} ${p.lastName}`}</td>
                        <td>{p.unitName}</td>
                        <td>{t(`help.signupStatuses.${p.signup.status}`)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {completable && (
              <form method="post" action={`/help/shifts/${shift.id}/complete`}>
                <CsrfField ctx={ctx} />
                <fieldset>
                  <legend>{t('help.roster.complete')}</legend>
                  <p class="hint">{t('help.roster.completeHint')}</p>
                  {confirmed.map((p) => (
                    <CheckboxField
                      key={p.signup.id}
                      name="absent"
                      value={p.signup.id}
                      checked={false}
                      label={`${p.firstName} ${p.lastName}: ${t('help.roster.absent')}`}
                    />
                  ))}
                </fieldset>
                <button type="submit">{t('help.roster.complete')}</button>
              </form>
            )}
            {shift.completedAt && <p>{t('help.show.completed')}</p>}
          </section>
        )
      })}
      <section aria-labelledby="message-heading">
        <h2 id="message-heading">{t('help.roster.message')}</h2>
        <p class="hint">{t('help.roster.messageHint')}</p>
        <form method="post" action={`/help/${data.request.id}/message`}>
          <CsrfField ctx={ctx} />
          <ErrorSummary ctx={ctx} form={form} />
          <Field ctx={ctx} form={form} name="subject" label={t('help.fields.subject')} required />
          <TextareaField ctx={ctx} form={form} name="body" label={t('help.fields.body')} required />
          <button type="submit">{t('help.roster.send')}</button>
        </form>
      </section>
    </Layout>
  )
}
