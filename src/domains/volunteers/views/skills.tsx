import { formatDate } from '../../../platform/i18n/index.js'
import { CsrfField, ErrorSummary, Field, type FormState } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { listSkillsForAdmin } from '../service/index.js'
import { Checkbox, SubNav } from './shared.js'

type Row = Awaited<ReturnType<typeof listSkillsForAdmin>>[number]

/**
 * The list of skills the pool offers, for the federal office and the admins: add one, rename one, retire
 * one (or bring it back). `formFor` says which form a returned error belongs to: 'new' or a skill's id.
 */
export function SkillsPage(props: { ctx: ViewContext; rows: Row[]; form?: FormState; formFor?: string }) {
  const { ctx, rows } = props
  const { t } = ctx
  const formOf = (key: string) => (props.formFor === key ? (props.form ?? {}) : {})
  return (
    <Layout ctx={ctx} title={t('volunteers.skills.title')}>
      <SubNav ctx={ctx} />
      <h1>{t('volunteers.skills.title')}</h1>
      <p>{t('volunteers.skills.intro')}</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('volunteers.skills.name')}</th>
              <th scope="col">{t('volunteers.skills.used')}</th>
              <th scope="col">{t('volunteers.skills.status')}</th>
              <th scope="col">{t('volunteers.skills.rename')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('volunteers.skills.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ skill, profiles, projects }) => {
              const form = formOf(skill.id)
              return (
                <tr key={skill.id}>
                  <th scope="row">{skill.name}</th>
                  <td>{t('volunteers.skills.usedBy', { profiles, projects })}</td>
                  <td>
                    {skill.retiredAt
                      ? t('volunteers.skills.retiredOn', { date: formatDate(ctx.locale, skill.retiredAt) })
                      : t('volunteers.skills.active')}
                  </td>
                  <td>
                    <form method="post" action={`/volunteers/skills/${skill.id}`} class="inline-form">
                      <CsrfField ctx={ctx} />
                      <Field
                        ctx={ctx}
                        form={form}
                        prefix={`s${skill.id.slice(0, 8)}`}
                        name="name"
                        label={t('volunteers.skills.newName', { name: skill.name })}
                        value={skill.name}
                        required
                      />
                      <button type="submit" class="secondary">
                        {t('volunteers.skills.renameSubmit')}
                        <span class="visually-hidden">{` – ${skill.name}`}</span>
                      </button>
                    </form>
                  </td>
                  <td>
                    <form
                      method="post"
                      action={`/volunteers/skills/${skill.id}/${skill.retiredAt ? 'restore' : 'retire'}`}
                      class="inline-form"
                    >
                      <CsrfField ctx={ctx} />
                      <button type="submit" class="secondary">
                        {skill.retiredAt ? t('volunteers.skills.restore') : t('volunteers.skills.retire')}
                        <span class="visually-hidden">{` – ${skill.name}`}</span>
                      </button>
                    </form>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      <p class="hint">{t('volunteers.skills.retireHint')}</p>
      <h2 id="add-skill-heading">{t('volunteers.skills.add')}</h2>
      <form method="post" action="/volunteers/skills" aria-labelledby="add-skill-heading">
        <CsrfField ctx={ctx} />
        <ErrorSummary ctx={ctx} form={formOf('new')} />
        <Field ctx={ctx} form={formOf('new')} name="name" label={t('volunteers.skills.name')} required />
        <Checkbox
          name="takesDetail"
          label={t('volunteers.skills.takesDetail')}
          checked={formOf('new').values?.takesDetail === 'on'}
        />
        <button type="submit">{t('volunteers.skills.addSubmit')}</button>
      </form>
    </Layout>
  )
}
