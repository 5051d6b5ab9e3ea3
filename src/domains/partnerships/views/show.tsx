import type { VNode } from 'preact'
import { formatDate } from '../../../platform/i18n/index.js'
import { CsrfField, ErrorSummary, Field, type FormState } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { PartnershipPageData } from '../service/index.js'
import { SelectField, TextareaField } from './fields.js'
import { StatusBadge } from './list.js'

export type PageForm = {
  name: 'decline' | 'status' | 'coordinatorA' | 'coordinatorB' | 'twinTowns'
  state: FormState
}

function Coordinator(props: {
  ctx: ViewContext
  data: PartnershipPageData
  side: 'a' | 'b'
  form: PageForm | undefined
}) {
  const { ctx, data, side } = props
  const { t } = ctx
  const unit = side === 'a' ? data.unitA : data.unitB
  const person = side === 'a' ? data.coordinatorA : data.coordinatorB
  const canName = side === 'a' ? data.can.nameCoordinatorA : data.can.nameCoordinatorB
  const canConsent = side === 'a' ? data.can.consentA : data.can.consentB
  const candidates = side === 'a' ? data.candidatesA : data.candidatesB
  const formName = side === 'a' ? 'coordinatorA' : 'coordinatorB'
  const state = props.form?.name === formName ? props.form.state : {}
  const id = data.partnership.id
  return (
    <div class="coordinator">
      <h3>{unit.name}</h3>
      {person ? (
        <p>
          {person.name ?? t('partnerships.show.notAccepted')}
          {person.name && !person.accepted && ` (${t('partnerships.show.notAccepted')})`}
          {person.email && (
            <>
              {' · '}
              <a href={`mailto:${person.email}`}>{person.email}</a>
            </>
          )}
        </p>
      ) : (
        <p>{t('partnerships.show.noCoordinator')}</p>
      )}
      {canConsent && person && !person.accepted && (
        <form method="post" action={`/partnerships/${id}/coordinator-accept`}>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="side" value={side} />
          <p class="hint">{t('partnerships.show.acceptHint')}</p>
          <button type="submit">{t('partnerships.actions.acceptCoordinator')}</button>
        </form>
      )}
      {canConsent && person?.accepted && (
        <form method="post" action={`/partnerships/${id}/coordinator-consent`}>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="side" value={side} />
          <input type="hidden" name="emailPublic" value={person.emailPublic ? 'false' : 'true'} />
          <p class="hint">
            {person.emailPublic
              ? t('partnerships.show.emailIsPublic')
              : t('partnerships.show.emailIsPrivate')}
          </p>
          <button type="submit" class="secondary">
            {person.emailPublic ? t('partnerships.actions.hideEmail') : t('partnerships.actions.showEmail')}
          </button>
        </form>
      )}
      {canName && (
        <form method="post" action={`/partnerships/${id}/coordinators`}>
          <CsrfField ctx={ctx} />
          <ErrorSummary ctx={ctx} form={state} />
          <input type="hidden" name="side" value={side} />
          <SelectField
            ctx={ctx}
            form={state}
            name="memberId"
            label={t('partnerships.show.nameCoordinator', { unit: unit.name })}
            value={person?.id ?? ''}
            options={[
              { value: '', label: t('partnerships.show.chooseMember') },
              ...candidates.map((m) => ({ value: m.id, label: `${m.lastName}, ${m.firstName}` })),
            ]}
          />
          <button type="submit">{t('partnerships.actions.nameCoordinator')}</button>
        </form>
      )}
    </div>
  )
}

export function PartnershipPage({
  ctx,
  data,
  form,
  sections = [],
}: {
  ctx: ViewContext
  data: PartnershipPageData
  form?: PageForm
  /** What other domains add for this actor (the agreement, …). */
  sections?: VNode[]
}) {
  const { t } = ctx
  const p = data.partnership
  const title = `${data.unitA.name} – ${data.unitB.name}`
  const stateOf = (name: PageForm['name']) => (form?.name === name ? form.state : {})
  return (
    <Layout ctx={ctx} title={title}>
      <p class="eyebrow">{t(`partnerships.kinds.${p.kind}`)}</p>
      <h1>{title}</h1>
      <dl class="facts">
        <dt>{t('partnerships.fields.status')}</dt>
        <dd>
          <StatusBadge ctx={ctx} status={p.status} />
          {!p.isPublic && ` · ${t('partnerships.show.notPublic')}`}
        </dd>
        <dt>{t('partnerships.fields.sides')}</dt>
        <dd>
          <a href={`/units/${data.unitA.id}`}>{data.unitA.name}</a>
          {' – '}
          <a href={`/units/${data.unitB.id}`}>{data.unitB.name}</a>
        </dd>
        {p.startedOn && (
          <>
            <dt>{t('partnerships.fields.startedOn')}</dt>
            <dd>{formatDate(ctx.locale, p.startedOn)}</dd>
          </>
        )}
        {p.tags.length > 0 && (
          <>
            <dt>{t('partnerships.fields.tags')}</dt>
            <dd>{p.tags.map((tag) => t(`partnerships.tags.${tag as 'east_west'}`)).join(', ')}</dd>
          </>
        )}
      </dl>
      {p.isPublic && (
        <p>
          <a href={`/partnerships/report?partnership=${p.id}`}>{t('partnerships.report.changeLink')}</a>
        </p>
      )}
      {sections}
      {p.story && (
        <section aria-labelledby="story-heading">
          <h2 id="story-heading">{t('partnerships.fields.story')}</h2>
          {p.story.split(/\n{2,}/).map((para, i) => (
            <p key={i}>{para}</p>
          ))}
        </section>
      )}

      {(data.can.accept || data.can.decline) && (
        <section aria-labelledby="answer-heading" class="panel">
          <h2 id="answer-heading">{t('partnerships.show.answerTitle')}</h2>
          <p>{t('partnerships.show.answerIntro', { unit: data.unitA.name })}</p>
          {data.can.accept && (
            <form method="post" action={`/partnerships/${p.id}/accept`}>
              <CsrfField ctx={ctx} />
              <button type="submit">{t('partnerships.actions.accept')}</button>
            </form>
          )}
          {data.can.decline && (
            <form method="post" action={`/partnerships/${p.id}/decline`}>
              <CsrfField ctx={ctx} />
              <ErrorSummary ctx={ctx} form={stateOf('decline')} />
              <TextareaField
                ctx={ctx}
                form={stateOf('decline')}
                name="reason"
                label={t('partnerships.fields.declineReason')}
                hint={t('partnerships.fields.declineReasonHint', { unit: data.unitA.name })}
                required
              />
              <button type="submit" class="danger">
                {t('partnerships.actions.decline')}
              </button>
            </form>
          )}
        </section>
      )}

      {(data.can.statusTargets.length > 0 || data.can.edit) && (
        <section aria-labelledby="manage-heading" class="panel">
          <h2 id="manage-heading">{t('partnerships.show.manageTitle')}</h2>
          {data.can.edit && (
            <p>
              <a href={`/partnerships/${p.id}/edit`}>{t('partnerships.actions.edit')}</a>
            </p>
          )}
          {data.can.statusTargets.length > 0 && (
            <form method="post" action={`/partnerships/${p.id}/status`}>
              <CsrfField ctx={ctx} />
              <ErrorSummary ctx={ctx} form={stateOf('status')} />
              <SelectField
                ctx={ctx}
                form={stateOf('status')}
                name="status"
                label={t('partnerships.fields.newStatus')}
                options={data.can.statusTargets.map((s) => ({
                  value: s,
                  label: t(`partnerships.statuses.${s}`),
                }))}
              />
              <Field
                ctx={ctx}
                form={stateOf('status')}
                name="changedOn"
                type="date"
                label={t('partnerships.fields.changedOn')}
                hint={t('partnerships.fields.changedOnHint')}
              />
              <Field ctx={ctx} form={stateOf('status')} name="note" label={t('partnerships.fields.note')} />
              <button type="submit">{t('partnerships.actions.changeStatus')}</button>
            </form>
          )}
        </section>
      )}

      <section aria-labelledby="coordinators-heading">
        <h2 id="coordinators-heading">{t('partnerships.show.coordinators')}</h2>
        <div class="coordinators">
          <Coordinator ctx={ctx} data={data} side="a" form={form} />
          <Coordinator ctx={ctx} data={data} side="b" form={form} />
        </div>
      </section>

      <section aria-labelledby="twins-heading">
        <h2 id="twins-heading">{t('partnerships.show.twinTowns')}</h2>
        {data.twinTowns.length === 0 ? (
          <p>{t('partnerships.show.noTwinTowns')}</p>
        ) : (
          <ul>
            {data.twinTowns.map((tw) => (
              <li key={tw.id}>
                {`${tw.municipalityAName} (${tw.municipalityAAgs}) – ${tw.municipalityBName} (${tw.municipalityBAgs})`}
                {data.can.manageTwinTowns && (
                  <form
                    method="post"
                    action={`/partnerships/${p.id}/twin-towns/${tw.id}/delete`}
                    class="inline-form"
                  >
                    <CsrfField ctx={ctx} />{' '}
                    <button type="submit" class="link-button">
                      {t('partnerships.actions.removeTwinTown')}
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        )}
        {data.can.manageTwinTowns && (
          <form method="post" action={`/partnerships/${p.id}/twin-towns`}>
            <CsrfField ctx={ctx} />
            <ErrorSummary ctx={ctx} form={stateOf('twinTowns')} />
            <Field
              ctx={ctx}
              form={stateOf('twinTowns')}
              name="municipalityAAgs"
              label={t('partnerships.fields.municipalityA', { unit: data.unitA.name })}
              hint={t('partnerships.fields.agsHint')}
              inputmode="numeric"
            />
            <Field
              ctx={ctx}
              form={stateOf('twinTowns')}
              name="municipalityBAgs"
              label={t('partnerships.fields.municipalityB', { unit: data.unitB.name })}
              hint={t('partnerships.fields.agsHint')}
              inputmode="numeric"
            />
            <button type="submit">{t('partnerships.actions.addTwinTown')}</button>
          </form>
        )}
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t('partnerships.show.history')}</h2>
        <ol class="history">
          {data.history.map((h) => (
            <li key={h.change.id}>
              <time datetime={h.change.changedOn}>{formatDate(ctx.locale, h.change.changedOn)}</time>
              {': '}
              {t(`partnerships.statuses.${h.change.toStatus}`)}
              {h.changedByName && ` · ${t('partnerships.show.changedBy', { name: h.changedByName })}`}
              {h.change.note && (
                <span class="hint">
                  {` · ${
                    h.change.toStatus === 'declined'
                      ? t('partnerships.show.declinedBecause', { reason: h.change.note })
                      : h.change.note
                  }`}
                </span>
              )}
            </li>
          ))}
        </ol>
      </section>
    </Layout>
  )
}
