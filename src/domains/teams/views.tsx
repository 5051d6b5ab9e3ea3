import type { VNode } from 'preact'
import { formatDate } from '../../platform/i18n/index.js'
import {
  CsrfField,
  ErrorSummary,
  Field,
  type FormState,
  PostButton,
  SelectField,
  TextareaField,
} from '../../platform/views/components.js'
import type { ViewContext } from '../../platform/views/context.js'
import { Layout } from '../../platform/views/layout.js'
import type { unitTeamsSection, viewTeam } from './service.js'

type Section = NonNullable<Awaited<ReturnType<typeof unitTeamsSection>>>

export function UnitTeamsSection({
  ctx,
  unit,
  teams,
  canCreate,
}: { ctx: ViewContext; unit: { id: string } } & Section) {
  const { t } = ctx
  return (
    <section aria-labelledby="teams-heading">
      <h2 id="teams-heading">{t('teams.section.title')}</h2>
      {teams.length === 0 ? (
        <p>{t('teams.section.none')}</p>
      ) : (
        <ul>
          {teams.map((team) => (
            <li key={team.id}>
              <a href={`/teams/${team.id}`}>{team.name}</a> ({t(`teams.policy.${team.joinPolicy}`)}
              {team.visibility === 'party' ? `, ${t('teams.section.forParty')}` : ''}
              {team.endedAt ? `, ${t('teams.section.ended')}` : ''})
            </li>
          ))}
        </ul>
      )}
      {canCreate && (
        <p>
          <a href={`/units/${unit.id}/teams/new`}>{t('teams.section.create')}</a>
        </p>
      )}
    </section>
  )
}

export function NewTeamPage({
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
    <Layout ctx={ctx} title={t('teams.new.title')}>
      <h1>{t('teams.new.title')}</h1>
      <p>{t('teams.new.intro', { unit: unit.name })}</p>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={`/units/${unit.id}/teams`} novalidate>
        <CsrfField ctx={ctx} />
        <Field ctx={ctx} form={form} name="name" label={t('teams.new.name')} required />
        <TextareaField ctx={ctx} form={form} name="purpose" label={t('teams.new.purpose')} />
        <SelectField
          ctx={ctx}
          form={form}
          name="joinPolicy"
          label={t('teams.new.joinPolicy')}
          options={[
            { value: 'open', label: t('teams.policy.open') },
            { value: 'application', label: t('teams.policy.application') },
          ]}
        />
        <SelectField
          ctx={ctx}
          form={form}
          name="visibility"
          label={t('teams.new.visibility')}
          options={[
            { value: 'unit', label: t('teams.visibility.unit', { unit: unit.name }) },
            { value: 'party', label: t('teams.visibility.party') },
          ]}
        />
        <button type="submit">{t('teams.new.submit')}</button>
      </form>
    </Layout>
  )
}

export function TeamPage({
  ctx,
  data,
  sections = [],
}: {
  ctx: ViewContext
  data: Awaited<ReturnType<typeof viewTeam>>
  /** What other domains show of the team: its events, its help requests. */
  sections?: VNode[]
}) {
  const { t } = ctx
  const { team, host, mine, can } = data
  const base = `/teams/${team.id}`
  return (
    <Layout ctx={ctx} title={team.name}>
      <p class="eyebrow">
        <a href={`/units/${host.id}`}>{t('teams.page.hostedBy', { unit: host.name })}</a>
      </p>
      <h1>{team.name}</h1>
      {team.endedAt && (
        <p class="notice">{t('teams.page.endedOn', { date: formatDate(ctx.locale, team.endedAt) })}</p>
      )}
      {team.purpose && (
        <>
          <h2>{t('teams.page.purpose')}</h2>
          <p>{team.purpose}</p>
        </>
      )}
      <p>{t(`teams.policy.${team.joinPolicy}`)}</p>
      <p>{t(`teams.visibility.${team.visibility}`, { unit: host.name })}</p>
      {mine?.status === 'active' && <p>{t('teams.page.youAreIn')}</p>}
      {mine?.status === 'applied' && <p>{t('teams.page.applied')}</p>}
      {can.join && (
        <PostButton
          ctx={ctx}
          action={`${base}/join`}
          label={t(team.joinPolicy === 'open' ? 'teams.page.join' : 'teams.page.apply')}
        />
      )}
      {can.leave && (
        <PostButton
          ctx={ctx}
          action={`${base}/leave`}
          label={t(mine?.status === 'applied' ? 'teams.page.withdraw' : 'teams.page.leave')}
        />
      )}
      <h2>{t('teams.page.members')}</h2>
      {data.members.length === 0 ? (
        <p>{t('teams.page.noMembers')}</p>
      ) : (
        <ul>
          {data.members.map((m) => (
            <li key={m.id}>
              {m.firstName} {m.lastName}
              {m.role === 'lead' ? ` (${t('teams.page.lead')})` : ''}
              {can.lead && (
                <>
                  {' '}
                  <PostButton
                    ctx={ctx}
                    action={`${base}/members/${m.id}/role`}
                    label={t(m.role === 'lead' ? 'teams.page.stepDown' : 'teams.page.makeLead', {
                      name: `${m.firstName} ${m.lastName}`,
                    })}
                    class="secondary"
                  >
                    <input type="hidden" name="role" value={m.role === 'lead' ? 'member' : 'lead'} />
                  </PostButton>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {data.applications.length > 0 && (
        <>
          <h2>{t('teams.page.applications')}</h2>
          <ul>
            {data.applications.map((m) => {
              const name = `${m.firstName} ${m.lastName}`
              return (
                <li key={m.id} aria-label={t('teams.page.decideLabel', { name })}>
                  {name}{' '}
                  {can.lead && (
                    <>
                      <PostButton
                        ctx={ctx}
                        action={`${base}/applications/${m.id}/accept`}
                        label={t('teams.page.accept')}
                      />
                      <PostButton
                        ctx={ctx}
                        action={`${base}/applications/${m.id}/decline`}
                        label={t('teams.page.decline')}
                      />
                    </>
                  )}
                </li>
              )
            })}
          </ul>
        </>
      )}
      {sections}
      {can.lead && (
        <PostButton ctx={ctx} action={`${base}/end`} label={t('teams.page.end')} class="secondary" />
      )}
    </Layout>
  )
}
