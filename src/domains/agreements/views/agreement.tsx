import type { ComponentChildren } from 'preact'
import { formatDate, formatDateTime, formatNumber } from '../../../platform/i18n/index.js'
import {
  CsrfField,
  ErrorSummary,
  Field,
  type FormState,
  SelectField,
  TextareaField,
} from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { Commitment, RetreatCommitment } from '../commitments.js'
import type { AgreementPageData } from '../service/index.js'
import type { Side } from '../state.js'
import { ClauseFields, StatusTag } from './fields.js'
import { ClauseChangeItem, Paragraphs } from './text.js'

export type PageForm = { name: string; state: FormState }

type Props = { ctx: ViewContext; data: AgreementPageData; form?: PageForm | undefined }
/** A clause's text from the Wissenswerk's agreement template ("use this"), for the form of a new clause. */
export type PlaybookClause = { used: { id: string; title: string }; body: string }

const pairTitle = (data: Pick<AgreementPageData, 'unitA' | 'unitB'>) =>
  `${data.unitA.name} – ${data.unitB.name}`

function StateSummary({ ctx, data }: { ctx: ViewContext; data: AgreementPageData }) {
  const { t } = ctx
  const { state } = data
  const unit = (side: Side) => (side === 'a' ? data.unitA.name : data.unitB.name)
  return (
    <div class="agreement-state">
      <p>
        <strong>{t('agreements.show.status')}: </strong>
        <span class={`agreement-status agreement-status--${state.status}`}>
          {t(`agreements.status.${state.status}`)}
        </span>
      </p>
      {state.inForceVersion !== null && (
        <p>{t('agreements.status.inForceVersion', { version: state.inForceVersion })}</p>
      )}
      {state.pending && data.can.internals && (
        <p>
          {t('agreements.status.pendingDraft', {
            version: state.pending.version,
            status: t(`agreements.status.${state.pending.status}`),
          })}
        </p>
      )}
      {data.can.internals &&
        state.awaiting.map((a) => (
          <p key={`${a.versionNumber}-${a.ratifiedBy}`}>
            {t('agreements.status.awaiting', { version: a.versionNumber, unit: unit(a.ratifiedBy) })}
          </p>
        ))}
    </div>
  )
}

function Disclosure({
  summary,
  children,
  open,
  id,
}: {
  summary: string
  children: ComponentChildren
  open?: boolean
  id?: string
}) {
  return (
    <details class="agreement-disclosure" open={open} id={id}>
      <summary>{summary}</summary>
      {children}
    </details>
  )
}

function Clauses({ ctx, data, form }: Props) {
  const { t } = ctx
  const id = data.agreement.id
  const clauses = data.version.clauses
  if (clauses.length === 0) return <p>{t('agreements.show.noClauses')}</p>
  return (
    <ol class="agreement-clauses">
      {clauses.map((c, index) => {
        const formName = `clause-${c.key}`
        const state = form?.name === formName ? form.state : {}
        return (
          <li key={c.key} id={`clause-${c.key}`}>
            <h3>{c.title}</h3>
            {c.type !== 'text' && <p class="eyebrow">{t(`agreements.clauseTypes.${c.type}`)}</p>}
            <Paragraphs text={c.body} />
            {data.can.edit && (
              <div class="agreement-clause-actions">
                <Disclosure summary={t('agreements.show.edit')} open={form?.name === formName}>
                  <form method="post" action={`/agreements/${id}/clauses/${c.key}`}>
                    <CsrfField ctx={ctx} />
                    <ErrorSummary ctx={ctx} form={state} />
                    <ClauseFields ctx={ctx} form={state} prefix={`c${index}`} clause={c} />
                    <button type="submit">{t('agreements.actions.save')}</button>
                  </form>
                </Disclosure>
                {index > 0 && (
                  <form method="post" action={`/agreements/${id}/clauses/${c.key}/move`} class="inline-form">
                    <CsrfField ctx={ctx} />
                    <input type="hidden" name="direction" value="up" />
                    <button type="submit" class="secondary">
                      {t('agreements.actions.up')}
                      <span class="visually-hidden">{`: ${c.title}`}</span>
                    </button>
                  </form>
                )}
                {index < clauses.length - 1 && (
                  <form method="post" action={`/agreements/${id}/clauses/${c.key}/move`} class="inline-form">
                    <CsrfField ctx={ctx} />
                    <input type="hidden" name="direction" value="down" />
                    <button type="submit" class="secondary">
                      {t('agreements.actions.down')}
                      <span class="visually-hidden">{`: ${c.title}`}</span>
                    </button>
                  </form>
                )}
                <form method="post" action={`/agreements/${id}/clauses/${c.key}/remove`} class="inline-form">
                  <CsrfField ctx={ctx} />
                  <button type="submit" class="secondary">
                    {t('agreements.actions.remove')}
                    <span class="visually-hidden">{`: ${c.title}`}</span>
                  </button>
                </form>
              </div>
            )}
          </li>
        )
      })}
    </ol>
  )
}

function Ratifications({ ctx, data, form }: Props) {
  const { t } = ctx
  const unit = (side: Side) => (side === 'a' ? data.unitA : data.unitB)
  // The public reads the ratifications of the text it sees; the boards see every one.
  const shown = data.can.internals
    ? data.ratifications
    : data.ratifications.filter((r) => r.versionNumber === data.version.number)
  // Only the draft is ratified: the newest version while it is not in force, once per side.
  const draft = data.version
  const ratifiable = (side: Side) =>
    draft.number === data.agreement.latestVersion &&
    (data.state.inForceVersion === null || draft.number > data.state.inForceVersion) &&
    !data.ratifications.some((r) => r.side === side && r.versionNumber === draft.number)
  return (
    <section aria-labelledby="ratifications-title">
      <h2 id="ratifications-title">{t('agreements.show.ratifications')}</h2>
      {shown.length === 0 ? (
        <p>{t('agreements.show.noRatifications')}</p>
      ) : (
        <ul>
          {shown.map((r) => (
            <li key={r.id}>
              {t('agreements.show.ratifiedBy', {
                unit: unit(r.side).name,
                body: r.body,
                place: r.place,
                date: formatDate(ctx.locale, r.ratifiedOn),
                version: r.versionNumber,
              })}
            </li>
          ))}
        </ul>
      )}
      {(['a', 'b'] as const).map((side) => {
        const allowed = side === 'a' ? data.can.ratifyA : data.can.ratifyB
        if (!allowed || !ratifiable(side)) return null
        const formName = `ratify-${side}`
        const state = form?.name === formName ? form.state : {}
        return (
          <Disclosure
            key={side}
            summary={t('agreements.show.ratify', { unit: unit(side).name })}
            open={form?.name === formName}
          >
            <form method="post" action={`/agreements/${data.agreement.id}/ratifications`}>
              <CsrfField ctx={ctx} />
              <ErrorSummary ctx={ctx} form={state} />
              <input type="hidden" name="side" value={side} />
              {/* The text on this page, exactly: a draft changed in the meantime is refused. */}
              <input type="hidden" name="versionNumber" value={String(draft.number)} />
              <input type="hidden" name="revision" value={String(draft.revision)} />
              <p>
                {t('agreements.show.ratifyWhat', {
                  version: draft.number,
                  date: formatDateTime(ctx.locale, draft.revisedAt ?? draft.createdAt),
                })}
              </p>
              <Field
                ctx={ctx}
                form={state}
                prefix={formName}
                name="body"
                label={t('agreements.fields.ratifyBody')}
                hint={t('agreements.fields.ratifyBodyHint')}
                required
              />
              <Field
                ctx={ctx}
                form={state}
                prefix={formName}
                name="ratifiedOn"
                type="date"
                label={t('agreements.fields.ratifiedOn')}
                required
              />
              <Field
                ctx={ctx}
                form={state}
                prefix={formName}
                name="place"
                label={t('agreements.fields.place')}
                required
              />
              <button type="submit">{t('agreements.actions.ratify')}</button>
            </form>
          </Disclosure>
        )
      })}
    </section>
  )
}

function CommitmentItem({ ctx, data, c }: { ctx: ViewContext; data: AgreementPageData; c: Commitment }) {
  const { t } = ctx
  const unit = (side: Side) => (side === 'a' ? data.unitA.name : data.unitB.name)
  const date = (d: string) => formatDate(ctx.locale, d)
  const head = (title: string) => (
    <h3>
      {title} <StatusTag ctx={ctx} status={c.status} />
    </h3>
  )
  if (c.type === 'retreat')
    return (
      <li>
        {head(t('agreements.commitments.retreat.title'))}
        <p>
          {t('agreements.commitments.retreat.year', { year: c.year })} ·{' '}
          {t('agreements.commitments.due', { date: date(c.dueOn) })}
        </p>
        {c.missedYear !== null && <p>{t('agreements.commitments.retreat.missed', { year: c.missedYear })}</p>}
        {c.lastRetreat && (
          <p>
            {t('agreements.commitments.retreat.last', {
              date: date(c.lastRetreat.heldOn),
              unit: unit(c.lastRetreat.hostSide),
            })}
          </p>
        )}
        <p>
          {c.nextHost
            ? t('agreements.commitments.retreat.nextHost', { unit: unit(c.nextHost) })
            : t('agreements.commitments.retreat.eitherHost')}
        </p>
      </li>
    )
  if (c.type === 'campaignHelp')
    return (
      <li>
        {head(t('agreements.commitments.campaignHelp.title', { year: c.year }))}
        <ul class="commitment-evidence">
          {c.sides.map((s) => {
            const partner = unit(s.side === 'a' ? 'b' : 'a')
            return (
              <li key={s.side}>
                <StatusTag ctx={ctx} status={s.status} />{' '}
                {s.elections.length === 0
                  ? t('agreements.commitments.campaignHelp.noElection', { unit: unit(s.side), year: c.year })
                  : t('agreements.commitments.campaignHelp.elections', {
                      unit: unit(s.side),
                      elections: s.elections
                        .map((e) =>
                          t('agreements.commitments.campaignHelp.election', {
                            kind: t(
                              `agreements.commitments.campaignHelp.kinds.${e.kind === 'municipal' ? 'municipal' : 'state'}`,
                            ),
                            date: date(e.heldOn),
                          }),
                        )
                        .join(', '),
                    })}{' '}
                {s.received.entries === 0
                  ? t('agreements.commitments.campaignHelp.noHelp', { partner, year: c.year })
                  : t('agreements.commitments.campaignHelp.help', {
                      partner,
                      entries: s.received.entries,
                      people: s.received.people,
                      hours: formatNumber(ctx.locale, s.received.hours),
                    })}
              </li>
            )
          })}
        </ul>
        <p>
          <a href={`/help/partnerships/${data.partnership.id}/balance`}>
            {t('agreements.commitments.campaignHelp.balance')}
          </a>
        </p>
      </li>
    )
  if (c.type === 'jointEvents')
    return (
      <li>
        {head(t('agreements.commitments.jointEvents.title', { year: c.year }))}
        {c.events.length === 0 ? (
          <p>{t('agreements.commitments.jointEvents.none', { year: c.year })}</p>
        ) : (
          <ul class="commitment-evidence">
            {c.events.map((e) => (
              <li key={e.id}>
                <a href={`/events/${e.id}`}>{e.title}</a>
                {`, ${formatDateTime(ctx.locale, e.startsAt)}`}
                {!e.held && ` (${t('agreements.commitments.jointEvents.planned')})`}
              </li>
            ))}
          </ul>
        )}
      </li>
    )
  if (c.type === 'visits')
    return (
      <li>
        {head(t('agreements.commitments.visits.title', { year: c.year }))}
        <ul class="commitment-evidence">
          {c.sides.map((s) => {
            const guests = unit(s.host === 'a' ? 'b' : 'a')
            return (
              <li key={s.host}>
                <StatusTag ctx={ctx} status={s.status} />{' '}
                {s.visits.length === 0 ? (
                  t('agreements.commitments.visits.none', { host: unit(s.host), guests })
                ) : (
                  <>
                    {t('agreements.commitments.visits.some', { host: unit(s.host), guests })}
                    <ul>
                      {s.visits.map((v) => (
                        <li key={v.eventId}>
                          {`${v.title}, ${formatDate(ctx.locale, v.startsAt)}: `}
                          {v.visitors === 1
                            ? t('agreements.commitments.visits.visitorsOne')
                            : t('agreements.commitments.visits.visitors', { count: v.visitors })}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </li>
            )
          })}
        </ul>
        <p class="hint">{t('agreements.commitments.visits.hint')}</p>
      </li>
    )
  if (c.type === 'consultation')
    return (
      <li>
        {head(t('agreements.commitments.consultation.title'))}
        {c.congresses.length === 0 ? (
          <p>{t('agreements.commitments.consultation.noCongress', { year: c.year })}</p>
        ) : (
          <ul class="commitment-evidence">
            {c.congresses.map((g) => (
              <li key={g.startsOn}>
                <StatusTag ctx={ctx} status={g.status} />{' '}
                {t('agreements.commitments.consultation.congress', {
                  name: g.name,
                  from: date(g.startsOn),
                  until: date(g.endsOn),
                })}
                {g.consultations.length === 0 ? (
                  <p>
                    {t('agreements.commitments.consultation.none')}{' '}
                    {t('agreements.commitments.consultation.window', { from: date(g.from) })}
                  </p>
                ) : (
                  <ul>
                    {g.consultations.map((e, i) => (
                      <li key={i}>
                        {t('agreements.commitments.consultation.held', {
                          date: date(e.heldOn),
                          unit: unit(e.side),
                          note: e.note,
                        })}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        )}
        {data.can.manageCongresses && (
          <p>
            <a href="/federal-congresses">{t('agreements.commitments.consultation.calendar')}</a>
          </p>
        )}
      </li>
    )
  if (c.type === 'information')
    return (
      <li>
        {head(t('agreements.commitments.information.title'))}
        <p>
          {t('agreements.commitments.information.year', { year: c.year })} ·{' '}
          {t('agreements.commitments.due', { date: date(c.dueOn) })}
        </p>
        <ul class="commitment-evidence">
          {c.sides.map((s) => {
            const names = { unit: unit(s.side), partner: unit(s.side === 'a' ? 'b' : 'a') }
            return (
              <li key={s.side}>
                <StatusTag ctx={ctx} status={s.status} />{' '}
                {s.items.length === 0 ? (
                  t('agreements.commitments.information.none', { ...names, year: c.year })
                ) : (
                  <>
                    {t('agreements.commitments.information.some', names)}
                    <ul>
                      {s.items.map((e, i) => (
                        <li key={i}>
                          {t('agreements.commitments.information.item', {
                            date: date(e.heldOn),
                            note: e.note,
                          })}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </li>
            )
          })}
        </ul>
      </li>
    )
  if (c.type === 'materials')
    return (
      <li>
        {head(t('agreements.commitments.materials.title'))}
        <p>
          {t('agreements.commitments.materials.year', { year: c.year })} ·{' '}
          {t('agreements.commitments.due', { date: date(c.dueOn) })}
        </p>
        {c.items.length === 0 ? (
          <p>{t('agreements.commitments.materials.none', { year: c.year })}</p>
        ) : (
          <ul class="commitment-evidence">
            {c.items.map((e, i) => (
              <li key={i}>
                {t('agreements.commitments.materials.item', {
                  date: date(e.heldOn),
                  unit: unit(e.side),
                  partner: unit(e.side === 'a' ? 'b' : 'a'),
                  note: e.note,
                })}
              </li>
            ))}
          </ul>
        )}
      </li>
    )
  if (c.type === 'minutes')
    return (
      <li>
        {head(t('agreements.commitments.minutes.title'))}
        <p>{t('agreements.commitments.minutes.period', { days: c.periodDays })}</p>
        <ul>
          {c.sides.map((s) => (
            <li key={s.side}>
              {t('agreements.commitments.minutes.side', {
                unit: unit(s.side),
                status: t(`agreements.commitments.status.${s.status}`),
                date: s.lastSharedOn ? date(s.lastSharedOn) : t('agreements.commitments.minutes.never'),
                due: date(s.dueOn),
              })}
            </li>
          ))}
        </ul>
      </li>
    )
  return (
    <li>
      {head(t(`agreements.commitments.${c.type}.title`))}
      {c.missing.length > 0 && (
        <p>
          {t(`agreements.commitments.${c.type}.missing`, { units: c.missing.map(unit).join(', ') })} ·{' '}
          {t('agreements.commitments.due', { date: date(c.dueOn) })}
        </p>
      )}
    </li>
  )
}

function Commitments({ ctx, data, form }: Props) {
  const { t } = ctx
  const id = data.agreement.id
  const unit = (side: Side) => (side === 'a' ? data.unitA : data.unitB)
  const retreatState = form?.name === 'retreat' ? form.state : {}
  const retreats = data.commitments?.retreats ?? []
  const nextHost = data.commitments?.commitments.find(
    (c): c is RetreatCommitment => c.type === 'retreat',
  )?.nextHost
  return (
    <section aria-labelledby="commitments-title">
      <h2 id="commitments-title">{t('agreements.commitments.title')}</h2>
      {!data.commitments ? (
        <p>{t('agreements.commitments.notInForce')}</p>
      ) : (
        <ul class="agreement-commitments">
          {data.commitments.commitments.map((c) => (
            <CommitmentItem key={c.type} ctx={ctx} data={data} c={c} />
          ))}
        </ul>
      )}
      <h3>{t('agreements.show.retreats')}</h3>
      {retreats.length === 0 ? (
        <p>{t('agreements.show.noRetreats')}</p>
      ) : (
        <ul>
          {retreats.map((r) => (
            <li key={r.id}>
              {t('agreements.show.retreatLine', {
                date: formatDate(ctx.locale, r.heldOn),
                place: r.place,
                unit: r.hostUnitId === data.unitA.id ? data.unitA.name : data.unitB.name,
              })}
            </li>
          ))}
        </ul>
      )}
      {data.can.recordRetreat && (
        <Disclosure summary={t('agreements.show.recordRetreat')} open={form?.name === 'retreat'}>
          <form method="post" action={`/agreements/${id}/retreats`}>
            <CsrfField ctx={ctx} />
            <ErrorSummary ctx={ctx} form={retreatState} />
            <Field
              ctx={ctx}
              form={retreatState}
              prefix="retreat"
              name="heldOn"
              type="date"
              label={t('agreements.fields.heldOn')}
              required
            />
            <SelectField
              ctx={ctx}
              form={retreatState}
              prefix="retreat"
              name="hostSide"
              label={t('agreements.fields.host')}
              value={nextHost ?? 'a'}
              options={(['a', 'b'] as const).map((s) => ({ value: s, label: unit(s).name }))}
            />
            <Field
              ctx={ctx}
              form={retreatState}
              prefix="retreat"
              name="place"
              label={t('agreements.fields.place')}
              required
            />
            <TextareaField
              ctx={ctx}
              form={retreatState}
              prefix="retreat"
              name="notes"
              label={t('agreements.fields.notes')}
              rows={3}
            />
            <button type="submit">{t('agreements.actions.record')}</button>
          </form>
        </Disclosure>
      )}
      <ExchangeForm ctx={ctx} data={data} form={form} />
      {(data.can.confirmLinksA || data.can.confirmLinksB) && (
        <>
          <h3>{t('agreements.show.links')}</h3>
          {(['a', 'b'] as const)
            .filter((s) => (s === 'a' ? data.can.confirmLinksA : data.can.confirmLinksB))
            .map((s) => (
              <form key={s} method="post" action={`/agreements/${id}/links`} class="inline-form">
                <CsrfField ctx={ctx} />
                <input type="hidden" name="side" value={s} />
                <button type="submit" class="secondary">
                  {t('agreements.show.confirmLinks', { unit: unit(s).name })}
                </button>
              </form>
            ))}
        </>
      )}
    </section>
  )
}

/** Either board records an exchange of its side: for the kinds of exchange the clauses in force ask for. */
function ExchangeForm({ ctx, data, form }: Props) {
  const { t } = ctx
  const kinds = data.commitments?.exchangeKinds ?? []
  const allowed = (['a', 'b'] as const).filter((s) =>
    s === 'a' ? data.can.recordExchangeA : data.can.recordExchangeB,
  )
  if (kinds.length === 0 || allowed.length === 0) return null
  const state = form?.name === 'exchange' ? form.state : {}
  const unit = (side: Side) => (side === 'a' ? data.unitA : data.unitB)
  return (
    <Disclosure summary={t('agreements.show.recordExchange')} open={form?.name === 'exchange'}>
      <p class="hint">{t('agreements.show.recordExchangeHint')}</p>
      <form method="post" action={`/agreements/${data.agreement.id}/exchanges`}>
        <CsrfField ctx={ctx} />
        <ErrorSummary ctx={ctx} form={state} />
        <SelectField
          ctx={ctx}
          form={state}
          prefix="exchange"
          name="kind"
          label={t('agreements.fields.exchangeKind')}
          options={kinds.map((k) => ({ value: k, label: t(`agreements.show.exchangeKinds.${k}`) }))}
        />
        {allowed.length === 1 ? (
          <input type="hidden" name="side" value={allowed[0]} />
        ) : (
          <SelectField
            ctx={ctx}
            form={state}
            prefix="exchange"
            name="side"
            label={t('agreements.fields.exchangeSide')}
            options={allowed.map((s) => ({ value: s, label: unit(s).name }))}
          />
        )}
        <Field
          ctx={ctx}
          form={state}
          prefix="exchange"
          name="heldOn"
          type="date"
          label={t('agreements.fields.exchangeOn')}
          required
        />
        <TextareaField
          ctx={ctx}
          form={state}
          prefix="exchange"
          name="note"
          label={t('agreements.fields.exchangeNote')}
          hint={t('agreements.fields.exchangeNoteHint')}
          rows={2}
          required
        />
        <button type="submit">{t('agreements.actions.record')}</button>
      </form>
    </Disclosure>
  )
}

/** The draft of an amendment against the text in force: every changed clause, as the boards ratify it. */
function Amendment({ ctx, data }: { ctx: ViewContext; data: AgreementPageData }) {
  const { t } = ctx
  const amendment = data.amendment
  if (!amendment) return null
  return (
    <section aria-labelledby="amendment-title">
      <h2 id="amendment-title">
        {t('agreements.show.amendment', { from: amendment.from, to: amendment.to })}
      </h2>
      {amendment.changes.length === 0 ? (
        <p>{t('agreements.compare.noChanges')}</p>
      ) : (
        <>
          <p>{t('agreements.show.amendmentCount', { count: amendment.changes.length })}</p>
          <ol class="diff-clauses">
            {amendment.changes.map((c) => (
              <ClauseChangeItem
                key={c.kind === 'changed' ? c.after.key : c.clause.key}
                ctx={ctx}
                change={c}
              />
            ))}
          </ol>
        </>
      )}
    </section>
  )
}

function Versions({ ctx, data }: { ctx: ViewContext; data: AgreementPageData }) {
  const { t } = ctx
  const id = data.agreement.id
  const numbers = data.versions.map((v) => v.number)
  return (
    <section aria-labelledby="versions-title">
      <h2 id="versions-title">{t('agreements.show.versions')}</h2>
      <ul>
        {data.versions.map((v) => (
          <li key={v.number}>
            {t('agreements.show.versionBy', {
              number: v.number,
              date: formatDateTime(ctx.locale, v.createdAt),
              author: v.authorName ?? '–',
            })}
            {' · '}
            {v.note && v.note in { added: 1, changed: 1, removed: 1, moved: 1, amendment: 1 }
              ? t(
                  `agreements.versions.notes.${v.note as 'added' | 'changed' | 'removed' | 'moved' | 'amendment'}`,
                )
              : t('agreements.versions.first')}
            {v.revisedAt && (
              <>
                {' · '}
                {t('agreements.versions.revised', { date: formatDateTime(ctx.locale, v.revisedAt) })}
              </>
            )}
            {v.number > 1 && (
              <>
                {' · '}
                <a href={`/agreements/${id}/compare?from=${v.number - 1}&to=${v.number}`}>
                  {t('agreements.versions.changes', { from: v.number - 1, to: v.number })}
                </a>
              </>
            )}
          </li>
        ))}
      </ul>
      {numbers.length > 1 && (
        <form method="get" action={`/agreements/${id}/compare`} class="agreement-compare-form">
          <SelectField
            ctx={ctx}
            form={{}}
            prefix="compare"
            name="from"
            label={t('agreements.fields.from')}
            value={String(numbers[1])}
            options={numbers.map((n) => ({
              value: String(n),
              label: t('agreements.show.version', { number: n }),
            }))}
          />
          <SelectField
            ctx={ctx}
            form={{}}
            prefix="compare"
            name="to"
            label={t('agreements.fields.to')}
            value={String(numbers[0])}
            options={numbers.map((n) => ({
              value: String(n),
              label: t('agreements.show.version', { number: n }),
            }))}
          />
          <button type="submit">{t('agreements.compare.submit')}</button>
        </form>
      )}
    </section>
  )
}

export function AgreementPage({
  ctx,
  data,
  form,
  fromPlaybook,
}: Props & { fromPlaybook?: PlaybookClause | undefined }) {
  const { t } = ctx
  const id = data.agreement.id
  const addState = form?.name === 'add' ? form.state : {}
  const prefill = data.can.edit && form?.name !== 'add' ? fromPlaybook : undefined
  return (
    <Layout ctx={ctx} title={`${t('agreements.show.eyebrow')}: ${pairTitle(data)}`}>
      <p class="eyebrow">{t('agreements.show.eyebrow')}</p>
      <h1>{pairTitle(data)}</h1>
      <p>
        <a href={`/partnerships/${data.partnership.id}`}>{t('agreements.show.partnership')}</a>
        {' · '}
        <a href={`/agreements/${id}/print`}>{t('agreements.show.print')}</a>
        {' · '}
        <a href={`/agreements/${id}/pdf`} type="application/pdf">
          {t('agreements.show.pdf')}
        </a>
        {' · '}
        <a href="/playbook?tag=agreement">{t('playbook.links.agreementTemplate')}</a>
        {data.can.viewMinutes && (
          <>
            {' · '}
            <a href={`/agreements/${id}/minutes`}>{t('agreements.show.minutes')}</a>
          </>
        )}
      </p>
      <StateSummary ctx={ctx} data={data} />

      <section aria-labelledby="clauses-title">
        <h2 id="clauses-title">
          {t('agreements.show.clauses')}{' '}
          <span class="hint">({t('agreements.show.version', { number: data.version.number })})</span>
        </h2>
        {data.can.edit && <p class="hint">{t('agreements.show.editHint')}</p>}
        <Clauses ctx={ctx} data={data} form={form} />
        {data.can.edit && (
          <Disclosure
            summary={t('agreements.show.addClause')}
            open={form?.name === 'add' || !!prefill}
            id="add-clause"
          >
            {prefill && (
              <p class="notice" role="status">
                {t('playbook.links.templateUsed', { title: prefill.used.title })}
              </p>
            )}
            <form method="post" action={`/agreements/${id}/clauses`}>
              <CsrfField ctx={ctx} />
              <ErrorSummary ctx={ctx} form={addState} />
              <ClauseFields
                ctx={ctx}
                form={addState}
                prefix="add"
                clause={
                  prefill && {
                    type: 'text',
                    title: t('agreements.fromPlaybook.clauseTitle'),
                    body: prefill.body,
                    params: {},
                  }
                }
              />
              <button type="submit">{t('agreements.actions.add')}</button>
            </form>
          </Disclosure>
        )}
      </section>

      <Amendment ctx={ctx} data={data} />

      <Ratifications ctx={ctx} data={data} form={form} />

      {data.can.internals && <Commitments ctx={ctx} data={data} form={form} />}

      {data.can.publish && (
        <section aria-labelledby="publication-title">
          <h2 id="publication-title">{t('agreements.show.publication')}</h2>
          <p>
            {data.agreement.isPublished ? t('agreements.show.isPublished') : t('agreements.show.isPrivate')}
          </p>
          <form method="post" action={`/agreements/${id}/publish`}>
            <CsrfField ctx={ctx} />
            <input type="hidden" name="isPublished" value={data.agreement.isPublished ? 'false' : 'true'} />
            <button type="submit" class="secondary">
              {data.agreement.isPublished
                ? t('agreements.actions.unpublish')
                : t('agreements.actions.publish')}
            </button>
          </form>
        </section>
      )}

      {data.can.internals && <Versions ctx={ctx} data={data} />}
    </Layout>
  )
}
