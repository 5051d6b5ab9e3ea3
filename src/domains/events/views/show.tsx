import { CsrfField, ErrorSummary, Field, type FormState } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import { readInclusion } from '../inclusion.js'
import type { EventPageData } from '../service/index.js'
import { accessNeedKinds, type Event } from '../tables.js'
import { CheckboxField, SelectField, TextareaField } from './fields.js'
import { timeOf, whenOf } from './format.js'
import { InclusionList } from './icons.js'

export type EventPageForms = { rsvp?: FormState; guest?: FormState; checkIn?: FormState }

function RsvpQuestions({
  ctx,
  form,
  event,
  values,
}: {
  ctx: ViewContext
  form: FormState
  event: Event
  values?: {
    participation?: string
    childrenAges?: string
    accessNeedKinds?: readonly string[]
    accessNeeds?: string | null
  }
}) {
  const { t } = ctx
  const p = readInclusion(event.inclusion)
  const canOnline = p.onlineParticipation || event.type === 'online'
  // A form that comes back with errors keeps its ticks (formValues keeps strings, so they come joined).
  const ticked = form.values
    ? (form.values.accessNeedKinds ?? '').split(' ')
    : (values?.accessNeedKinds ?? [])
  return (
    <>
      {canOnline && (
        <SelectField
          ctx={ctx}
          form={form}
          name="participation"
          label={t('events.fields.participation')}
          value={values?.participation ?? (event.type === 'online' ? 'online' : 'on_site')}
          options={[
            { value: 'on_site', label: t('events.participation.on_site') },
            { value: 'online', label: t('events.participation.online') },
          ]}
        />
      )}
      {p.childcare && (
        <Field
          ctx={ctx}
          form={form}
          name="childrenAges"
          label={t('events.fields.childrenAges')}
          hint={t('events.fields.childrenAgesHint')}
          value={values?.childrenAges ?? ''}
        />
      )}
      <fieldset class="field" id="f-accessNeedKinds" aria-describedby="access-needs-hint">
        <legend>{t('events.fields.accessNeeds')}</legend>
        <p class="hint" id="access-needs-hint">
          {t('events.fields.accessNeedsHint')}
        </p>
        {form.errors?.accessNeedKinds && <p class="field-error">{t(form.errors.accessNeedKinds)}</p>}
        {accessNeedKinds.map((kind) => (
          <CheckboxField
            key={kind}
            name="accessNeedKinds"
            value={kind}
            label={t(`events.accessNeedKinds.${kind}`)}
            checked={ticked.includes(kind)}
          />
        ))}
        <TextareaField
          ctx={ctx}
          form={form}
          name="accessNeeds"
          label={t('events.fields.accessNeedsOther')}
          value={values?.accessNeeds ?? ''}
          rows={2}
        />
      </fieldset>
    </>
  )
}

export function EventPage(props: { ctx: ViewContext; data: EventPageData; forms?: EventPageForms }) {
  const { ctx, data } = props
  const { t } = ctx
  const { event: e, hosts, myRsvp } = data
  const forms = props.forms ?? {}
  const profile = readInclusion(e.inclusion)
  const active = myRsvp && myRsvp.status !== 'cancelled'
  const open = e.status === 'published' && !data.isOver
  return (
    <Layout ctx={ctx} title={e.title}>
      <p class="eyebrow">{t(`events.types.${e.type}`)}</p>
      <h1>{e.title}</h1>
      {e.status === 'cancelled' && <p class="flash flash--error">{t('events.show.cancelled')}</p>}
      {e.status === 'draft' && <p class="flash flash--info">{t('events.show.draft')}</p>}
      {data.isOver && <p class="flash flash--info">{t('events.show.over')}</p>}
      <dl class="facts">
        <dt>{t('events.show.when')}</dt>
        <dd>{whenOf(ctx.locale, e.startsAt, e.endsAt)}</dd>
        {(e.venueName || e.address) && (
          <>
            <dt>{t('events.show.where')}</dt>
            <dd>{[e.venueName, e.address].filter(Boolean).join(', ')}</dd>
          </>
        )}
        {e.transitDirections && (
          <>
            <dt>{t('events.fields.transitDirections')}</dt>
            <dd>{e.transitDirections}</dd>
          </>
        )}
        <dt>{t('events.show.hosts')}</dt>
        <dd>
          {hosts.map((h, i) => (
            <span key={h.id}>
              {i > 0 && ', '}
              <a href={`/units/${h.id}`}>{h.name}</a>
            </span>
          ))}
        </dd>
        {data.subject.team && (
          // Plain text: the team's page is for those its visibility lets in, the event's audience may be wider.
          <dd>{t('events.show.team', { team: data.subject.team.name, unit: data.subject.team.hostName })}</dd>
        )}
        <dt>{t('events.show.audience')}</dt>
        <dd>{t(`events.audiences.${e.audience}`)}</dd>
        {e.capacity !== null && (
          <>
            <dt>{t('events.fields.capacity')}</dt>
            <dd>
              {t('events.show.places', { taken: data.placesTaken, capacity: e.capacity })}
              {data.waiting > 0 && ` · ${t('events.show.waiting', { count: data.waiting })}`}
            </dd>
          </>
        )}
      </dl>
      {e.seriesId && <p class="hint">{t('events.show.series')}</p>}
      {e.description?.split(/\n{2,}/).map((para, i) => (
        <p key={i}>{para}</p>
      ))}

      <section aria-labelledby="inclusion-heading">
        <h2 id="inclusion-heading">{t('events.inclusion.title')}</h2>
        <InclusionList
          ctx={ctx}
          profile={profile}
          fixedEndAt={e.hasFixedEnd ? timeOf(ctx.locale, e.endsAt) : null}
        />
      </section>

      {active && myRsvp.status === 'confirmed' && e.onlineUrl && (
        <p>
          <strong>{t('events.show.onlineLink')}:</strong> <a href={e.onlineUrl}>{e.onlineUrl}</a>
        </p>
      )}

      <p>
        <a href={`/events/${e.id}.ics`}>{t('events.show.ics')}</a>
      </p>

      {open && (
        <section aria-labelledby="rsvp-heading" class="panel">
          <h2 id="rsvp-heading">{t('events.show.rsvpTitle')}</h2>
          {active && (
            <p>{t('events.show.yourStatus', { status: t(`events.rsvpStatuses.${myRsvp.status}`) })}</p>
          )}
          {data.can.rsvp && (
            <form method="post" action={`/events/${e.id}/rsvp`}>
              <CsrfField ctx={ctx} />
              <ErrorSummary ctx={ctx} form={forms.rsvp ?? {}} />
              <RsvpQuestions
                ctx={ctx}
                form={forms.rsvp ?? {}}
                event={e}
                values={
                  active
                    ? {
                        participation: myRsvp.participation,
                        childrenAges: myRsvp.childrenAges.join(', '),
                        accessNeedKinds: myRsvp.accessNeedKinds,
                        accessNeeds: myRsvp.accessNeeds,
                      }
                    : undefined
                }
              />
              <button type="submit">{active ? t('events.show.update') : t('events.show.register')}</button>
            </form>
          )}
          {active && (
            <form method="post" action={`/events/${e.id}/rsvp/cancel`} class="inline-form">
              <CsrfField ctx={ctx} />
              <button type="submit" class="secondary">
                {t('events.show.cancelRsvp')}
              </button>
            </form>
          )}
          {!ctx.actor && (
            <p>
              <a href={`/login?next=${encodeURIComponent(`/events/${e.id}`)}`}>
                {t('events.show.loginToRsvp')}
              </a>
            </p>
          )}
          {data.can.guestRsvp && (
            <form method="post" action={`/events/${e.id}/guests`}>
              <h3>{t('events.show.guestTitle')}</h3>
              <p class="hint">{t('events.show.guestIntro')}</p>
              <CsrfField ctx={ctx} />
              <ErrorSummary ctx={ctx} form={forms.guest ?? {}} />
              <Field
                ctx={ctx}
                form={forms.guest ?? {}}
                name="name"
                label={t('events.fields.name')}
                autocomplete="name"
                required
              />
              <Field
                ctx={ctx}
                form={forms.guest ?? {}}
                name="email"
                type="email"
                label={t('events.fields.email')}
                autocomplete="email"
                required
              />
              <RsvpQuestions ctx={ctx} form={forms.guest ?? {}} event={e} />
              <button type="submit">{t('events.show.guestSubmit')}</button>
            </form>
          )}
        </section>
      )}

      {active && myRsvp.status === 'confirmed' && e.status === 'published' && (
        <section aria-labelledby="checkin-heading" class="panel">
          <h2 id="checkin-heading">{t('events.show.checkInTitle')}</h2>
          {myRsvp.attendedAt ? (
            <p>{t('events.show.checkedIn')}</p>
          ) : (
            <form method="post" action={`/events/${e.id}/check-in`}>
              <CsrfField ctx={ctx} />
              <ErrorSummary ctx={ctx} form={forms.checkIn ?? {}} />
              <Field
                ctx={ctx}
                form={forms.checkIn ?? {}}
                name="code"
                label={t('events.fields.code')}
                autocomplete="off"
              />
              <button type="submit">{t('events.show.checkInSubmit')}</button>
            </form>
          )}
        </section>
      )}

      {(data.can.edit || data.can.organise) && (
        <section aria-labelledby="manage-heading" class="panel">
          <h2 id="manage-heading">{t('events.show.organise')}</h2>
          <p>
            {data.can.organise && <a href={`/events/${e.id}/organise`}>{t('events.show.organise')}</a>}
            {data.can.edit && (
              <>
                {' · '}
                <a href={`/events/${e.id}/edit`}>{t('events.show.edit')}</a>
              </>
            )}
          </p>
          {data.can.organise && e.status === 'draft' && (
            <form method="post" action={`/events/${e.id}/status`} class="inline-form">
              <CsrfField ctx={ctx} />
              <input type="hidden" name="status" value="published" />
              <button type="submit">{t('events.show.publish')}</button>
            </form>
          )}
          {data.can.organise && e.status !== 'cancelled' && (
            <form method="post" action={`/events/${e.id}/status`} class="inline-form">
              <CsrfField ctx={ctx} />
              <input type="hidden" name="status" value="cancelled" />
              {e.seriesId && (
                <fieldset>
                  <legend>{t('events.show.cancelSeriesLegend')}</legend>
                  <div class="field field--checkbox">
                    <label>
                      <input type="radio" name="applyTo" value="this" checked /> {t('events.show.cancelThis')}
                    </label>
                  </div>
                  <div class="field field--checkbox">
                    <label>
                      <input type="radio" name="applyTo" value="following" />{' '}
                      {t('events.show.cancelFollowing')}
                    </label>
                  </div>
                </fieldset>
              )}
              <button type="submit" class="danger">
                {t('events.show.cancelEvent')}
              </button>
            </form>
          )}
        </section>
      )}
    </Layout>
  )
}
