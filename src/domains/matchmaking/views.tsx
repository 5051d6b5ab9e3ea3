import { formatDate, formatNumber } from '../../platform/i18n/index.js'
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
import { explainFactor, percent } from './explain.js'
import { factorKeys, helpKinds, maxWeight } from './scoring.js'
import type {
  matchOverview,
  previewWeights,
  Suggestion,
  suggestPartners,
  TwinTownImport,
  viewElections,
  viewProfile,
  viewTravelTimes,
  viewTwinTowns,
} from './service.js'
import type { SeekingProfileRow } from './tables.js'

type ProfileData = Awaited<ReturnType<typeof viewProfile>>
type State = { ags: string | null; name: string }

const stateName = (states: readonly State[], ags: string) => states.find((s) => s.ags === ags)?.name ?? ags

function ProfileSummary({
  ctx,
  profile,
  states,
}: {
  ctx: ViewContext
  profile: SeekingProfileRow
  states: readonly State[]
}) {
  const { t } = ctx
  const kinds = (list: readonly string[]) =>
    list.length === 0
      ? t('matchmaking.profile.nothing')
      : list.map((k) => t(`matchmaking.helpKinds.${k as (typeof helpKinds)[number]}`)).join(', ')
  return (
    <dl class="facts">
      <dt>{t('matchmaking.profile.looking')}</dt>
      <dd>{profile.looking ? t('matchmaking.edit.yes') : t('matchmaking.profile.notLooking')}</dd>
      <dt>{t('matchmaking.profile.seeks')}</dt>
      <dd>{kinds(profile.seeks)}</dd>
      <dt>{t('matchmaking.profile.offers')}</dt>
      <dd>{kinds(profile.offers)}</dd>
      <dt>{t('matchmaking.profile.regions')}</dt>
      <dd>
        {profile.preferredStates.length === 0
          ? t('matchmaking.profile.anywhere')
          : profile.preferredStates.map((s) => stateName(states, s)).join(', ')}
      </dd>
      <dt>{t('matchmaking.profile.travel')}</dt>
      <dd>
        {profile.maxTravelKm === null
          ? t('matchmaking.profile.travelUnknown')
          : t('matchmaking.profile.travelKm', { km: formatNumber(ctx.locale, profile.maxTravelKm) })}
      </dd>
      {profile.note && (
        <>
          <dt>{t('matchmaking.profile.note')}</dt>
          <dd class="prewrap">{profile.note}</dd>
        </>
      )}
    </dl>
  )
}

/** The section on a KV's page: its seeking profile for boards and offices, with the ways on. */
export function UnitMatchmakingSection({ ctx, data }: { ctx: ViewContext; data: ProfileData }) {
  const { t } = ctx
  const { unit, profile, states } = data
  return (
    <section aria-labelledby="matchmaking-heading">
      <h2 id="matchmaking-heading">{t('matchmaking.nav.overview')}</h2>
      {profile ? (
        <ProfileSummary ctx={ctx} profile={profile} states={states} />
      ) : (
        <p>{t('matchmaking.profile.none', { unit: unit.name })}</p>
      )}
      <ul class="actions">
        {data.canEdit && (
          <li>
            <a href={`/units/${unit.id}/seeking/edit`}>{t('matchmaking.profile.edit')}</a>
          </li>
        )}
        {data.canSuggest && (
          <li>
            <a href={`/units/${unit.id}/matchmaking`}>{t('matchmaking.profile.suggestions')}</a>
          </li>
        )}
      </ul>
    </section>
  )
}

export function ProfilePage({ ctx, data }: { ctx: ViewContext; data: ProfileData }) {
  const { t } = ctx
  const { unit, profile, states } = data
  return (
    <Layout ctx={ctx} title={t('matchmaking.profile.title', { unit: unit.name })}>
      <p class="eyebrow">
        <a href={`/units/${unit.id}`}>{unit.name}</a>
      </p>
      <h1>{t('matchmaking.profile.title', { unit: unit.name })}</h1>
      {profile ? (
        <>
          <ProfileSummary ctx={ctx} profile={profile} states={states} />
          <p class="hint">
            {t('matchmaking.profile.updated', { date: formatDate(ctx.locale, profile.updatedAt) })}
          </p>
        </>
      ) : (
        <p>{t('matchmaking.profile.none', { unit: unit.name })}</p>
      )}
      <ul class="actions">
        {data.canEdit && (
          <li>
            <a href={`/units/${unit.id}/seeking/edit`}>{t('matchmaking.profile.edit')}</a>
          </li>
        )}
        {data.canSuggest && (
          <li>
            <a href={`/units/${unit.id}/matchmaking`}>{t('matchmaking.profile.suggestions')}</a>
          </li>
        )}
      </ul>
    </Layout>
  )
}

function CheckboxGroup({
  ctx,
  form,
  name,
  legend,
  options,
  checked,
}: {
  ctx: ViewContext
  form: FormState
  name: string
  legend: string
  options: { value: string; label: string }[]
  checked: readonly string[]
}) {
  return (
    <fieldset id={`f-${name}`} class={form.errors?.[name] ? 'field field--error' : 'field'}>
      <legend>{legend}</legend>
      <FieldError ctx={ctx} form={form} name={name} />
      {options.map((o) => (
        <CheckboxField
          key={o.value}
          name={name}
          value={o.value}
          label={o.label}
          checked={checked.includes(o.value)}
        />
      ))}
    </fieldset>
  )
}

export function ProfileEditPage({
  ctx,
  data,
  form,
  chosen,
}: {
  ctx: ViewContext
  data: ProfileData
  form: FormState
  /** The lists as submitted (or stored), to tick the boxes again. */
  chosen: { seeks: readonly string[]; offers: readonly string[]; preferredStates: readonly string[] }
}) {
  const { t } = ctx
  const { unit, profile, states } = data
  const kinds = helpKinds.map((k) => ({ value: k, label: t(`matchmaking.helpKinds.${k}`) }))
  const looking = form.values?.looking ?? (profile && !profile.looking ? 'no' : 'yes')
  return (
    <Layout ctx={ctx} title={t('matchmaking.edit.title')}>
      <p class="eyebrow">
        <a href={`/units/${unit.id}`}>{unit.name}</a>
      </p>
      <h1>{t('matchmaking.edit.title')}</h1>
      <p>{t('matchmaking.edit.intro')}</p>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={`/units/${unit.id}/seeking`} novalidate>
        <CsrfField ctx={ctx} />
        <SelectField
          ctx={ctx}
          form={form}
          name="looking"
          label={t('matchmaking.edit.looking', { unit: unit.name })}
          value={looking}
          options={[
            { value: 'yes', label: t('matchmaking.edit.yes') },
            { value: 'no', label: t('matchmaking.edit.no') },
          ]}
        />
        <CheckboxGroup
          ctx={ctx}
          form={form}
          name="seeks"
          legend={t('matchmaking.edit.seeks')}
          options={kinds}
          checked={chosen.seeks}
        />
        <CheckboxGroup
          ctx={ctx}
          form={form}
          name="offers"
          legend={t('matchmaking.edit.offers')}
          options={kinds}
          checked={chosen.offers}
        />
        <CheckboxGroup
          ctx={ctx}
          form={form}
          name="preferredStates"
          legend={t('matchmaking.edit.regions')}
          options={states.filter((s) => s.ags).map((s) => ({ value: s.ags!, label: s.name }))}
          checked={chosen.preferredStates}
        />
        <Field
          ctx={ctx}
          form={form}
          name="maxTravelKm"
          type="number"
          inputmode="numeric"
          label={t('matchmaking.edit.travel')}
          hint={t('matchmaking.edit.travelHint')}
          value={profile?.maxTravelKm?.toString() ?? ''}
        />
        <TextareaField
          ctx={ctx}
          form={form}
          name="note"
          label={t('matchmaking.edit.note')}
          value={profile?.note ?? ''}
        />
        <button type="submit">{t('matchmaking.edit.submit')}</button>
      </form>
    </Layout>
  )
}

function FactorTable({ ctx, s, selfName }: { ctx: ViewContext; s: Suggestion; selfName: string }) {
  const { t } = ctx
  return (
    <div class="table-wrap">
      <table>
        <caption>{t('matchmaking.suggest.explanationTitle', { unit: s.info.name })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('matchmaking.suggest.factor')}</th>
            <th scope="col">{t('matchmaking.suggest.value')}</th>
            <th scope="col">{t('matchmaking.suggest.weight')}</th>
            <th scope="col">{t('matchmaking.suggest.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {s.scored.factors.map((f) => (
            <tr key={f.key} data-factor={f.key}>
              <th scope="row">{t(`matchmaking.factors.${f.key}`)}</th>
              <td class="num">
                {new Intl.NumberFormat(ctx.locale === 'de' ? 'de-DE' : 'en-GB', {
                  minimumFractionDigits: 2,
                  maximumFractionDigits: 2,
                }).format(f.value)}
              </td>
              <td class="num">{f.weight}</td>
              <td>{explainFactor(t, ctx.locale, f, selfName, s.info.name)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function SuggestionsPage({
  ctx,
  data,
  form,
}: {
  ctx: ViewContext
  data: Awaited<ReturnType<typeof suggestPartners>>
  form?: FormState
}) {
  const { t } = ctx
  const { unit, suggestions } = data
  return (
    <Layout ctx={ctx} title={t('matchmaking.suggest.title', { unit: unit.name })}>
      <p class="eyebrow">
        <a href={`/units/${unit.id}`}>{unit.name}</a> ·{' '}
        <a href={`/units/${unit.id}/seeking`}>{t('matchmaking.suggest.ownProfile')}</a>
      </p>
      <h1>{t('matchmaking.suggest.title', { unit: unit.name })}</h1>
      <p>{t('matchmaking.suggest.intro')}</p>
      {form && <ErrorSummary ctx={ctx} form={form} />}
      {suggestions.length === 0 ? (
        <p>{t('matchmaking.suggest.none')}</p>
      ) : (
        <ol class="suggestions">
          {suggestions.map((s) => (
            <li key={s.candidate.id} class="card">
              <h2>
                <a href={`/units/${s.candidate.id}`}>{s.info.name}</a>
                {s.info.stateName ? ` (${s.info.stateName})` : ''}
              </h2>
              <p>
                <strong>{t('matchmaking.suggest.score', { score: percent(s.score) })}</strong>
                {' · '}
                <a href={`/units/${s.candidate.id}/seeking`}>
                  {t('matchmaking.suggest.partnerProfile', { unit: s.info.name })}
                </a>
              </p>
              <FactorTable ctx={ctx} s={s} selfName={unit.name} />
              <form method="post" action={`/units/${unit.id}/matchmaking/propose`} class="inline-form">
                <CsrfField ctx={ctx} />
                <input type="hidden" name="partnerId" value={s.candidate.id} />
                <button
                  type="submit"
                  aria-label={t('matchmaking.suggest.proposeLabel', { unit: s.info.name })}
                >
                  {t('matchmaking.suggest.propose')}
                </button>
              </form>
            </li>
          ))}
        </ol>
      )}
    </Layout>
  )
}

function ManageLinks({ ctx }: { ctx: ViewContext }) {
  const { t } = ctx
  return (
    <ul class="actions">
      <li>
        <a href="/matchmaking">{t('matchmaking.overview.title')}</a>
      </li>
      <li>
        <a href="/matchmaking/weights">{t('matchmaking.overview.weights')}</a>
      </li>
      <li>
        <a href="/matchmaking/elections">{t('matchmaking.overview.elections')}</a>
      </li>
      <li>
        <a href="/matchmaking/twin-towns">{t('matchmaking.overview.twinTowns')}</a>
      </li>
      <li>
        <a href="/matchmaking/travel-times">{t('matchmaking.overview.travelTimes')}</a>
      </li>
    </ul>
  )
}

export function OverviewPage({
  ctx,
  data,
}: {
  ctx: ViewContext
  data: Awaited<ReturnType<typeof matchOverview>>
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('matchmaking.overview.title')}>
      <h1>{t('matchmaking.overview.title')}</h1>
      <p>{t('matchmaking.overview.intro')}</p>
      <ManageLinks ctx={ctx} />
      <p>{t('matchmaking.overview.count', { count: formatNumber(ctx.locale, data.rows.length) })}</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('matchmaking.overview.kv')}</th>
              <th scope="col">{t('matchmaking.overview.state')}</th>
              <th scope="col">{t('matchmaking.overview.partners')}</th>
              <th scope="col">{t('matchmaking.overview.best')}</th>
              <th scope="col">{t('matchmaking.overview.score')}</th>
              <th scope="col">{t('matchmaking.overview.details')}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.info.id}>
                <td>
                  <a href={`/units/${r.info.id}`}>{r.info.name}</a>
                </td>
                <td>{r.info.stateName ?? ''}</td>
                <td class="num">{r.partnerCount}</td>
                <td>{r.best ? r.best.info.name : t('matchmaking.overview.noBest')}</td>
                <td class="num">{r.best ? percent(r.best.score) : ''}</td>
                <td>
                  <a
                    href={`/units/${r.info.id}/matchmaking`}
                    aria-label={`${t('matchmaking.overview.details')}: ${r.info.name}`}
                  >
                    {t('matchmaking.overview.details')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  )
}

export function WeightsPage({
  ctx,
  data,
  form,
}: {
  ctx: ViewContext
  data: Awaited<ReturnType<typeof previewWeights>> | null
  form: FormState
}) {
  const { t } = ctx
  const shown = data?.proposed ?? data?.current
  return (
    <Layout ctx={ctx} title={t('matchmaking.weights.title')}>
      <h1>{t('matchmaking.weights.title')}</h1>
      <p>{t('matchmaking.weights.intro')}</p>
      <ManageLinks ctx={ctx} />
      <ErrorSummary ctx={ctx} form={form} />
      <form method="get" action="/matchmaking/weights" novalidate>
        {factorKeys.map((k) => (
          <Field
            key={k}
            ctx={ctx}
            form={form}
            name={k}
            type="number"
            inputmode="numeric"
            label={t(`matchmaking.factors.${k}`)}
            hint={data ? t('matchmaking.weights.current', { weight: data.current[k] }) : undefined}
            value={String(shown?.[k] ?? '')}
          />
        ))}
        <button type="submit">{t('matchmaking.weights.preview')}</button>
      </form>
      {data?.proposed && (
        <section aria-labelledby="preview-heading">
          <h2 id="preview-heading">{t('matchmaking.weights.previewTitle')}</h2>
          <p>{t('matchmaking.weights.unchanged', { count: data.unchanged })}</p>
          {data.changes.length === 0 ? (
            <p>{t('matchmaking.weights.noChanges')}</p>
          ) : (
            <>
              <p>{t('matchmaking.weights.changed', { count: data.changes.length })}</p>
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('matchmaking.overview.kv')}</th>
                      <th scope="col">{t('matchmaking.weights.before')}</th>
                      <th scope="col">{t('matchmaking.weights.after')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.changes.map((r) => (
                      <tr key={r.info.id}>
                        <td>{r.info.name}</td>
                        <td>{r.before ? `${r.before.info.name} (${percent(r.before.score)})` : '–'}</td>
                        <td>{r.after ? `${r.after.info.name} (${percent(r.after.score)})` : '–'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          <form method="post" action="/matchmaking/weights">
            <CsrfField ctx={ctx} />
            {factorKeys.map((k) => (
              <input key={k} type="hidden" name={k} value={String(data.proposed![k])} />
            ))}
            <button type="submit">{t('matchmaking.weights.save')}</button>
          </form>
        </section>
      )}
      <p class="hint">{`0–${maxWeight}`}</p>
    </Layout>
  )
}

export function ElectionsPage({
  ctx,
  data,
  form,
}: {
  ctx: ViewContext
  data: Awaited<ReturnType<typeof viewElections>>
  form: FormState
}) {
  const { t } = ctx
  const stateOptions = data.states.filter((s) => s.ags).map((s) => ({ value: s.ags!, label: s.name }))
  return (
    <Layout ctx={ctx} title={t('matchmaking.elections.title')}>
      <h1>{t('matchmaking.elections.title')}</h1>
      <p>{t('matchmaking.elections.intro')}</p>
      <ManageLinks ctx={ctx} />
      {data.shippedMissing > 0 && (
        <PostButton
          ctx={ctx}
          action="/matchmaking/elections/load"
          label={t('matchmaking.elections.loadShipped', { count: data.shippedMissing })}
        />
      )}
      {data.elections.length === 0 ? (
        <p>{t('matchmaking.elections.none')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('matchmaking.elections.date')}</th>
                <th scope="col">{t('matchmaking.elections.state')}</th>
                <th scope="col">{t('matchmaking.elections.kind')}</th>
                <th scope="col">{t('matchmaking.elections.source')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('matchmaking.elections.remove')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.elections.map((e) => {
                const state = stateName(data.states, e.stateAgs)
                const kind = t(`matchmaking.elections.kinds.${e.kind}`)
                const date = formatDate(ctx.locale, e.heldOn)
                return (
                  <tr key={e.id}>
                    <td>
                      {date}
                      {e.provisional ? ` (${t('matchmaking.elections.provisional')})` : ''}
                      {e.heldOn < data.today ? ` (${t('matchmaking.elections.past')})` : ''}
                    </td>
                    <td>{state}</td>
                    <td>{kind}</td>
                    <td>{e.source}</td>
                    <td>
                      <form
                        method="post"
                        action={`/matchmaking/elections/${e.id}/delete`}
                        class="inline-form"
                      >
                        <CsrfField ctx={ctx} />
                        <button
                          type="submit"
                          class="secondary"
                          aria-label={t('matchmaking.elections.removeLabel', { kind, state, date })}
                        >
                          {t('matchmaking.elections.remove')}
                        </button>
                      </form>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('matchmaking.elections.add')}</h2>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action="/matchmaking/elections" novalidate>
        <CsrfField ctx={ctx} />
        <SelectField
          ctx={ctx}
          form={form}
          name="stateAgs"
          label={t('matchmaking.elections.state')}
          options={stateOptions}
        />
        <SelectField
          ctx={ctx}
          form={form}
          name="kind"
          label={t('matchmaking.elections.kind')}
          options={[
            { value: 'state', label: t('matchmaking.elections.kinds.state') },
            { value: 'municipal', label: t('matchmaking.elections.kinds.municipal') },
          ]}
        />
        <Field
          ctx={ctx}
          form={form}
          name="heldOn"
          type="date"
          label={t('matchmaking.elections.date')}
          required
        />
        <CheckboxField
          name="provisional"
          label={t('matchmaking.elections.provisionalField')}
          checked={form.values?.provisional === 'on'}
        />
        <Field ctx={ctx} form={form} name="source" label={t('matchmaking.elections.source')} required />
        <button type="submit">{t('matchmaking.elections.submit')}</button>
      </form>
    </Layout>
  )
}

/** What an import added, knew already and could not read, by line. */
function ImportResult({ ctx, result }: { ctx: ViewContext; result: TwinTownImport }) {
  const { t } = ctx
  return (
    <div class="notice" role="status">
      <p>{t('matchmaking.import.result', { added: result.added, known: result.known })}</p>
      {result.problems.length > 0 && (
        <>
          <p>{t('matchmaking.import.problems')}</p>
          <ul>
            {result.problems.slice(0, 50).map((p) => (
              <li key={p.line}>{t('matchmaking.import.line', { line: p.line, value: p.value })}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}

export function TwinTownsPage({
  ctx,
  data,
  form,
  result,
}: {
  ctx: ViewContext
  data: Awaited<ReturnType<typeof viewTwinTowns>>
  form: FormState
  result?: TwinTownImport
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('matchmaking.twinTowns.title')}>
      <h1>{t('matchmaking.twinTowns.title')}</h1>
      <p>{t('matchmaking.twinTowns.intro')}</p>
      <ManageLinks ctx={ctx} />
      {result && <ImportResult ctx={ctx} result={result} />}
      <p>{t('matchmaking.twinTowns.count', { count: formatNumber(ctx.locale, data.pairs.length) })}</p>
      {data.pairs.length === 0 ? (
        <p>{t('matchmaking.twinTowns.none')}</p>
      ) : (
        <ul>
          {data.pairs.map((p) => (
            <li key={`${p.a}:${p.b}`}>
              {p.nameA} ({p.a}) – {p.nameB} ({p.b})
            </li>
          ))}
        </ul>
      )}
      <h2>{t('matchmaking.twinTowns.import')}</h2>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action="/matchmaking/twin-towns" novalidate>
        <CsrfField ctx={ctx} />
        <TextareaField
          ctx={ctx}
          form={form}
          name="csv"
          label={t('matchmaking.twinTowns.csv')}
          rows={8}
          required
        />
        <button type="submit">{t('matchmaking.twinTowns.submit')}</button>
      </form>
    </Layout>
  )
}

/** The federal office's table of travel times between Kreise, and its CSV import. */
export function TravelTimesPage({
  ctx,
  data,
  form,
  result,
}: {
  ctx: ViewContext
  data: Awaited<ReturnType<typeof viewTravelTimes>>
  form: FormState
  result?: TwinTownImport
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('matchmaking.travelTimes.title')}>
      <h1>{t('matchmaking.travelTimes.title')}</h1>
      <p>{t('matchmaking.travelTimes.intro')}</p>
      <ManageLinks ctx={ctx} />
      {result && <ImportResult ctx={ctx} result={result} />}
      <p>{t('matchmaking.travelTimes.count', { count: formatNumber(ctx.locale, data.pairs.length) })}</p>
      {data.pairs.length > 0 && (
        <ul>
          {data.pairs.slice(0, 200).map((p) => (
            <li key={`${p.a}:${p.b}`}>
              {t('matchmaking.travelTimes.pair', {
                a: p.a,
                b: p.b,
                minutes: formatNumber(ctx.locale, p.minutes),
              })}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('matchmaking.travelTimes.import')}</h2>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action="/matchmaking/travel-times" novalidate>
        <CsrfField ctx={ctx} />
        <TextareaField
          ctx={ctx}
          form={form}
          name="csv"
          label={t('matchmaking.travelTimes.csv')}
          rows={8}
          required
        />
        <button type="submit">{t('matchmaking.travelTimes.submit')}</button>
      </form>
    </Layout>
  )
}
