import { formatDate } from '../../../platform/i18n/index.js'
import { CsrfField, ErrorSummary, Field, type FormState } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { consentTexts, viewMyProfile } from '../service/index.js'
import { volunteerReaches, volunteerScopes } from '../tables.js'
import { Checkbox, fieldError, SkillBoxes, SubNav } from './shared.js'

type ProfileData = Awaited<ReturnType<typeof viewMyProfile>>

/**
 * The consent text of every scope with its version, as the member reads it before agreeing. Other domains'
 * forms that put a member into the pool (the onboarding questionnaire) show the same words.
 */
export function ConsentTexts(props: {
  ctx: ViewContext
  version: string
  texts: ReturnType<typeof consentTexts>
}) {
  const { t } = props.ctx
  return (
    <>
      <p class="hint">{t('volunteers.profile.consentVersion', { version: props.version })}</p>
      {props.texts.map((c) => (
        <blockquote key={c.scope} class="volunteers-consent-text" data-scope={c.scope} data-hash={c.hash}>
          <p>
            <strong>{t(`volunteers.scopes.${c.scope}`)}:</strong> {c.text}
          </p>
        </blockquote>
      ))}
    </>
  )
}

export function NoMemberPage({ ctx }: { ctx: ViewContext }) {
  return (
    <Layout ctx={ctx} title={ctx.t('volunteers.profile.title')}>
      <h1>{ctx.t('volunteers.profile.title')}</h1>
      <p>{ctx.t('volunteers.profile.noMember')}</p>
    </Layout>
  )
}

export function ProfilePage(props: {
  ctx: ViewContext
  data: ProfileData
  form: FormState
  submittedSkills?: string[] | undefined
}) {
  const { ctx, data, form } = props
  const { t } = ctx
  const p = data.profile
  const v = form.values
  const fromForm = (name: string, fallback: boolean) => (v ? v[name] === 'on' : fallback)
  const selectedSkills = props.submittedSkills ?? data.selectedSkillIds
  const scope = v?.scope ?? data.consent?.scope ?? 'own_kv'
  const reach = v?.reach ?? p?.reach ?? 'own_kv'
  return (
    <Layout ctx={ctx} title={t('volunteers.profile.title')}>
      <SubNav ctx={ctx} />
      <h1>{t('volunteers.profile.title')}</h1>
      <p>{t('volunteers.profile.intro')}</p>
      <p class="volunteers-status">
        {data.consent
          ? t('volunteers.profile.inPool', {
              scope: t(`volunteers.scopes.${data.consent.scope as 'own_kv'}`),
            })
          : t('volunteers.profile.notInPool')}
      </p>
      {data.consent && (
        <p class="hint">
          {t('volunteers.profile.consentGiven', {
            date: formatDate(ctx.locale, data.consent.givenAt),
            version: data.consent.textVersion,
          })}
        </p>
      )}
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action="/volunteers/profile" class="volunteers-profile-form">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="consentVersion" value={data.consentVersion} />
        <SkillBoxes
          ctx={ctx}
          form={form}
          name="skillIds"
          legend={t('volunteers.profile.skills')}
          skills={data.skills}
          selected={selectedSkills}
        />
        <Field
          ctx={ctx}
          form={form}
          name="languages"
          label={t('volunteers.profile.languages')}
          value={p?.languages ?? ''}
        />
        <fieldset class="field">
          <legend>{t('volunteers.profile.availability')}</legend>
          <Field
            ctx={ctx}
            form={form}
            name="hoursPerMonth"
            type="number"
            label={t('volunteers.profile.hoursPerMonth')}
            value={String(p?.hoursPerMonth ?? 4)}
            required
          />
          <Checkbox
            name="weekdays"
            label={t('volunteers.profile.weekdays')}
            checked={fromForm('weekdays', p?.weekdays ?? false)}
          />
          <Checkbox
            name="evenings"
            label={t('volunteers.profile.evenings')}
            checked={fromForm('evenings', p?.evenings ?? false)}
          />
          <Checkbox
            name="weekends"
            label={t('volunteers.profile.weekends')}
            checked={fromForm('weekends', p?.weekends ?? false)}
          />
        </fieldset>
        <fieldset class={form.errors?.reach ? 'field field--error' : 'field'} id="f-reach">
          <legend>{t('volunteers.profile.reach')}</legend>
          {fieldError(ctx, form, 'reach')}
          {volunteerReaches.map((r) => (
            <label key={r} class="radio">
              <input type="radio" name="reach" value={r} checked={reach === r} />{' '}
              {t(`volunteers.reaches.${r}`)}
            </label>
          ))}
          <Field
            ctx={ctx}
            form={form}
            name="reachKm"
            type="number"
            label={t('volunteers.profile.reachKm')}
            value={p?.reachKm ? String(p.reachKm) : ''}
          />
          <Checkbox
            name="worksOnline"
            label={t('volunteers.profile.worksOnline')}
            checked={fromForm('worksOnline', p?.worksOnline ?? false)}
          />
          <p class="hint">
            {data.located
              ? t('volunteers.profile.location', { plz: data.postalCode ?? '' })
              : t('volunteers.profile.noLocation')}
          </p>
        </fieldset>
        <Checkbox
          name="shortProjects"
          label={t('volunteers.profile.shortProjects')}
          checked={fromForm('shortProjects', p?.shortProjects ?? false)}
        />
        <fieldset class={form.errors?.scope ? 'field field--error' : 'field'} id="f-scope">
          <legend>{t('volunteers.profile.scope')}</legend>
          {fieldError(ctx, form, 'scope')}
          {volunteerScopes.map((s) => (
            <label key={s} class="radio">
              <input type="radio" name="scope" value={s} checked={scope === s} />{' '}
              {t(`volunteers.scopes.${s}`)}
            </label>
          ))}
        </fieldset>
        <fieldset class={form.errors?.consent ? 'field field--error' : 'field'} id="f-consent">
          <legend>{t('volunteers.profile.consentTitle')}</legend>
          <ConsentTexts ctx={ctx} version={data.consentVersion} texts={data.consentTexts} />
          {fieldError(ctx, form, 'consent')}
          <Checkbox name="consent" label={t('volunteers.profile.consent')} checked={false} />
        </fieldset>
        <button type="submit">{t('volunteers.profile.save')}</button>
      </form>
      {data.consent && (
        <section aria-labelledby="withdraw-heading">
          <h2 id="withdraw-heading">{t('volunteers.profile.withdrawTitle')}</h2>
          <p>{t('volunteers.profile.withdrawIntro')}</p>
          <form method="post" action="/volunteers/profile/withdraw">
            <CsrfField ctx={ctx} />
            <button type="submit" class="secondary">
              {t('volunteers.profile.withdraw')}
            </button>
          </form>
        </section>
      )}
      <section aria-labelledby="finished-heading">
        <h2 id="finished-heading">{t('volunteers.profile.finished')}</h2>
        {data.finished.length === 0 ? (
          <p>{t('volunteers.profile.noFinished')}</p>
        ) : (
          <ul>
            {data.finished.map((f) => (
              <li key={f.project.id}>
                <a href={`/volunteers/projects/${f.project.id}`}>{f.project.title}</a> ({f.unitName},{' '}
                {formatDate(ctx.locale, f.project.finishedAt)})
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  )
}
