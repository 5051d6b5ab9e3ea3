import { formatDate } from '../../../platform/i18n/index.js'
import {
  CsrfField,
  ErrorSummary,
  Field,
  type FormState,
  PostButton,
  TextareaField,
} from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type {
  listVisibleProjects,
  newProjectOptions,
  projectEditForm,
  viewProject,
} from '../service/index.js'
import type { VolunteerProject } from '../tables.js'
import { PoolTable, SkillBoxes, SubNav, UnitSelect } from './shared.js'

type ProjectList = Awaited<ReturnType<typeof listVisibleProjects>>

export function ProjectListPage(props: { ctx: ViewContext; rows: ProjectList; canPost: boolean }) {
  const { ctx } = props
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('volunteers.projects.title')}>
      <SubNav ctx={ctx} />
      <h1>{t('volunteers.projects.title')}</h1>
      <p>{t('volunteers.projects.intro')}</p>
      {props.canPost && (
        <p class="actions">
          <a class="button" href="/volunteers/projects/new">
            {t('volunteers.projects.new')}
          </a>
        </p>
      )}
      {props.rows.length === 0 && <p>{t('volunteers.projects.empty')}</p>}
      <ul class="volunteers-projects">
        {props.rows.map((r) => (
          <li key={r.project.id}>
            <a href={`/volunteers/projects/${r.project.id}`}>{r.project.title}</a> ·{' '}
            {r.team ? t('volunteers.projects.team', { team: r.team.name, unit: r.unit.name }) : r.unit.name} ·{' '}
            {t('volunteers.projects.effort', { weeks: r.project.weeks, hours: r.project.hours })} ·{' '}
            {t(`volunteers.statuses.${r.project.status}`)}
            <br />
            <span class="hint">{r.skills.map((s) => s.name).join(', ')}</span>
          </li>
        ))}
      </ul>
    </Layout>
  )
}

/** A call's own fields, as the new call's form and the edit page ask them. */
function ProjectFields(props: {
  ctx: ViewContext
  form: FormState
  skills: { id: string; name: string; retired?: boolean }[]
  selected: readonly string[]
}) {
  const { ctx, form } = props
  const { t } = ctx
  return (
    <>
      <Field ctx={ctx} form={form} name="title" label={t('volunteers.projects.titleField')} required />
      <TextareaField
        ctx={ctx}
        form={form}
        name="description"
        label={t('volunteers.projects.description')}
        rows={5}
        required
      />
      <SkillBoxes
        ctx={ctx}
        form={form}
        name="skillIds"
        legend={t('volunteers.projects.skills')}
        skills={props.skills}
        selected={props.selected}
      />
      <Field
        ctx={ctx}
        form={form}
        name="weeks"
        type="number"
        label={t('volunteers.projects.weeks')}
        required
      />
      <Field
        ctx={ctx}
        form={form}
        name="hours"
        type="number"
        label={t('volunteers.projects.hours')}
        required
      />
      <Field
        ctx={ctx}
        form={form}
        name="deadline"
        type="date"
        label={t('volunteers.projects.deadline')}
        required
      />
    </>
  )
}

type NewOptions = Awaited<ReturnType<typeof newProjectOptions>> & {
  /** The team the call is to be of and the unit hosting it: the form posts to the team's address. */
  team?: { id: string; name: string } | undefined
  unit?: { id: string; name: string } | undefined
}

export function NewProjectPage(props: {
  ctx: ViewContext
  options: NewOptions
  form: FormState
  submittedSkills?: string[] | undefined
}) {
  const { ctx, form, options } = props
  const { t } = ctx
  const { team, unit } = options
  return (
    <Layout ctx={ctx} title={t('volunteers.projects.newTitle')}>
      <SubNav ctx={ctx} />
      <h1>{t('volunteers.projects.newTitle')}</h1>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={team ? `/teams/${team.id}/projects` : '/volunteers/projects'}>
        <CsrfField ctx={ctx} />
        {team && unit ? (
          <>
            <input type="hidden" name="unitId" value={unit.id} />
            <p>{t('volunteers.projects.forTeam', { team: team.name, unit: unit.name })}</p>
          </>
        ) : (
          <UnitSelect
            ctx={ctx}
            form={form}
            name="unitId"
            label={t('volunteers.projects.unit')}
            units={options.units}
            selected={form.values?.unitId}
          />
        )}
        <ProjectFields ctx={ctx} form={form} skills={options.skills} selected={props.submittedSkills ?? []} />
        <button type="submit">{t('volunteers.projects.submit')}</button>
      </form>
    </Layout>
  )
}

type EditData = Awaited<ReturnType<typeof projectEditForm>>

/** A call's edit page: its own fields; the unit (and team) it is of stay as they are. */
export function EditProjectPage(props: {
  ctx: ViewContext
  data: EditData
  form: FormState
  selected: readonly string[]
}) {
  const { ctx, data, form } = props
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('volunteers.projects.editTitle')}>
      <SubNav ctx={ctx} />
      <h1>{t('volunteers.projects.editTitle')}</h1>
      <p class="hint">
        {data.team
          ? t('volunteers.projects.team', { team: data.team.name, unit: data.unit.name })
          : data.unit.name}
      </p>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={`/volunteers/projects/${data.project.id}/edit`}>
        <CsrfField ctx={ctx} />
        <ProjectFields ctx={ctx} form={form} skills={data.skills} selected={props.selected} />
        <button type="submit">{t('volunteers.projects.save')}</button>
      </form>
    </Layout>
  )
}

type ProjectData = Awaited<ReturnType<typeof viewProject>>

export function ProjectPage({ ctx, data }: { ctx: ViewContext; data: ProjectData }) {
  const { t } = ctx
  const p = data.project
  return (
    <Layout ctx={ctx} title={p.title} wide>
      <SubNav ctx={ctx} />
      <h1>{p.title}</h1>
      <p class="hint">
        {data.team
          ? t('volunteers.projects.team', { team: data.team.name, unit: data.unit.name })
          : data.unit.name}{' '}
        · {t('volunteers.projects.effort', { weeks: p.weeks, hours: p.hours })} ·{' '}
        {t('volunteers.projects.deadline')}: {formatDate(ctx.locale, p.deadline)} ·{' '}
        {t(`volunteers.statuses.${p.status}`)}
      </p>
      <p class="volunteers-message">{p.description}</p>
      <p>
        <strong>{t('volunteers.projects.skills')}:</strong> {data.skills.map((s) => s.name).join(', ')}
      </p>
      {data.myApplication && (
        <p role="status">
          {t('volunteers.projects.applied', {
            status: t(`volunteers.statuses.${data.myApplication.status}`),
          })}
        </p>
      )}
      {data.canApply && (
        <form method="post" action={`/volunteers/projects/${p.id}/apply`}>
          <CsrfField ctx={ctx} />
          <div class="field">
            <label for="f-message">{t('volunteers.projects.applyMessage')}</label>
            <textarea id="f-message" name="message" rows={3} />
          </div>
          <button type="submit">{t('volunteers.projects.apply')}</button>
        </form>
      )}
      {data.manage && (
        <>
          <section aria-labelledby="applications-heading">
            <h2 id="applications-heading">{t('volunteers.projects.applications')}</h2>
            {data.applications.length === 0 && <p>{t('volunteers.projects.noApplications')}</p>}
            <ul>
              {data.applications.map((a) => (
                <li key={a.application.id}>
                  {a.contact ? `${a.contact.firstName} ${a.contact.lastName}` : a.firstName} ({a.unitName}) ·{' '}
                  {t(`volunteers.statuses.${a.application.status}`)}
                  {a.application.message && <p class="volunteers-message">{a.application.message}</p>}
                  {a.contact && (
                    <p>
                      {a.contact.email && <a href={`mailto:${a.contact.email}`}>{a.contact.email}</a>}{' '}
                      {a.contact.phone ?? ''}
                    </p>
                  )}
                  {a.application.status === 'applied' && (
                    <p class="actions">
                      <PostButton
                        ctx={ctx}
                        action={`/volunteers/projects/${p.id}/applications/${a.application.id}`}
                        label={t('volunteers.projects.accept')}
                      >
                        <input type="hidden" name="answer" value="accept" />
                      </PostButton>{' '}
                      <PostButton
                        ctx={ctx}
                        action={`/volunteers/projects/${p.id}/applications/${a.application.id}`}
                        label={t('volunteers.projects.decline')}
                        class="secondary"
                      >
                        <input type="hidden" name="answer" value="decline" />
                      </PostButton>
                    </p>
                  )}
                </li>
              ))}
            </ul>
          </section>
          {p.status === 'open' && data.showMatches && (
            <section aria-labelledby="matches-heading">
              <h2 id="matches-heading">{t('volunteers.projects.matches')}</h2>
              {data.matches.length === 0 ? (
                <p>{t('volunteers.projects.noMatches')}</p>
              ) : (
                <PoolTable ctx={ctx} rows={data.matches} askUnitId={data.unit.id} />
              )}
            </section>
          )}
          {p.status === 'open' && (
            <p class="actions">
              <a class="button secondary" href={`/volunteers/projects/${p.id}/edit`}>
                {t('volunteers.projects.edit')}
              </a>{' '}
              <PostButton
                ctx={ctx}
                action={`/volunteers/projects/${p.id}/finish`}
                label={t('volunteers.projects.finish')}
                class="secondary"
              />
            </p>
          )}
        </>
      )}
    </Layout>
  )
}

/** The team page's section: the team's calls the actor may see, and the way to post one for its leads. */
export function TeamProjectsSection(props: {
  ctx: ViewContext
  team: { id: string }
  projects: VolunteerProject[]
  canPost: boolean
}) {
  const { ctx, team } = props
  const { t } = ctx
  return (
    <section aria-labelledby="team-projects-heading">
      <h2 id="team-projects-heading">{t('volunteers.projects.teamTitle')}</h2>
      {props.projects.length === 0 ? (
        <p>{t('volunteers.projects.teamNone')}</p>
      ) : (
        <ul class="volunteers-projects">
          {props.projects.map((p) => (
            <li key={p.id}>
              <a href={`/volunteers/projects/${p.id}`}>{p.title}</a> ·{' '}
              {t('volunteers.projects.effort', { weeks: p.weeks, hours: p.hours })} ·{' '}
              {t(`volunteers.statuses.${p.status}`)}
            </li>
          ))}
        </ul>
      )}
      {props.canPost && (
        <p class="actions">
          <a class="button secondary" href={`/teams/${team.id}/projects/new`}>
            {t('volunteers.projects.teamNew')}
          </a>
        </p>
      )}
    </section>
  )
}
