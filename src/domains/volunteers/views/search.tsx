import { CsrfField, ErrorSummary, type FormState, TextareaField } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import { DEFAULT_KM } from '../input.js'
import type { searchVolunteers, viewAskForm } from '../service/index.js'
import { Checkbox, PoolTable, SkillBoxes, SubNav, UnitSelect } from './shared.js'

type SearchData = Awaited<ReturnType<typeof searchVolunteers>>

export function SearchPage({ ctx, data }: { ctx: ViewContext; data: SearchData }) {
  const { t } = ctx
  const q = data.query
  const form: FormState = data.error ? { errors: { plz: data.error } } : {}
  return (
    <Layout ctx={ctx} title={t('volunteers.search.title')} wide>
      <SubNav ctx={ctx} />
      <h1>{t('volunteers.search.title')}</h1>
      <p>{t('volunteers.search.intro')}</p>
      {data.units.length === 0 ? (
        <p>{t('volunteers.search.noUnits')}</p>
      ) : (
        <form method="get" action="/volunteers/search" class="volunteers-search-form">
          <ErrorSummary ctx={ctx} form={form} />
          <UnitSelect
            ctx={ctx}
            form={form}
            name="unit"
            label={t('volunteers.search.unit')}
            units={data.units}
            selected={data.unitId}
          />
          <SkillBoxes
            ctx={ctx}
            form={form}
            name="skill"
            legend={t('volunteers.search.skills')}
            skills={data.skills}
            selected={q.skill}
          />
          <div class="field">
            <label for="f-minHours">{t('volunteers.search.minHours')}</label>
            <input id="f-minHours" name="minHours" type="number" min="1" max="200" value={q.minHours ?? ''} />
          </div>
          <fieldset class="field">
            <legend>{t('volunteers.search.when')}</legend>
            <Checkbox name="weekdays" label={t('volunteers.profile.weekdays')} checked={q.weekdays} />
            <Checkbox name="evenings" label={t('volunteers.profile.evenings')} checked={q.evenings} />
            <Checkbox name="weekends" label={t('volunteers.profile.weekends')} checked={q.weekends} />
          </fieldset>
          <Checkbox name="online" label={t('volunteers.search.online')} checked={q.online} />
          <Checkbox
            name="shortProjects"
            label={t('volunteers.search.shortProjects')}
            checked={q.shortProjects}
          />
          <div class={data.error ? 'field field--error' : 'field'}>
            <label for="f-plz">{t('volunteers.search.plz')}</label>
            {data.error && (
              <p class="field-error" id="f-plz-error">
                {t(data.error)}
              </p>
            )}
            <input id="f-plz" name="plz" inputMode="numeric" pattern="[0-9]{5}" value={q.plz ?? ''} />
          </div>
          <div class="field">
            <label for="f-km">{t('volunteers.search.km')}</label>
            <p class="hint">{t('volunteers.search.kmHint', { km: DEFAULT_KM })}</p>
            <input id="f-km" name="km" type="number" min="1" max="1000" value={q.km ?? ''} />
          </div>
          <button type="submit">{t('volunteers.search.submit')}</button>
        </form>
      )}
      {data.results && (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">{t('volunteers.search.results')}</h2>
          <p role="status">{t('volunteers.search.count', { count: data.results.length })}</p>
          {data.results.length === 0 ? (
            <p>{t('volunteers.search.none')}</p>
          ) : (
            <PoolTable ctx={ctx} rows={data.results} askUnitId={data.unitId} />
          )}
        </section>
      )}
    </Layout>
  )
}

type AskData = Awaited<ReturnType<typeof viewAskForm>>

export function AskPage({ ctx, data, form }: { ctx: ViewContext; data: AskData; form: FormState }) {
  const { t } = ctx
  const m = data.member
  return (
    <Layout ctx={ctx} title={t('volunteers.ask.title', { name: m.firstName })}>
      <SubNav ctx={ctx} />
      <h1>{t('volunteers.ask.title', { name: m.firstName })}</h1>
      <PoolTable ctx={ctx} rows={[m]} />
      <p>{t('volunteers.ask.intro', { name: m.firstName })}</p>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={`/volunteers/members/${m.memberId}/ask`}>
        <CsrfField ctx={ctx} />
        <UnitSelect
          ctx={ctx}
          form={form}
          name="unitId"
          label={t('volunteers.ask.unit')}
          units={data.units}
          selected={data.unitId}
        />
        <TextareaField
          ctx={ctx}
          form={form}
          name="message"
          label={t('volunteers.ask.message')}
          rows={6}
          required
        />
        <button type="submit">{t('volunteers.ask.submit')}</button>
      </form>
    </Layout>
  )
}
