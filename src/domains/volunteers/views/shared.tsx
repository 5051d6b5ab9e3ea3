import type { FormState } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { managesSkills, speaksForAnyUnit } from '../policy.js'
import type { PoolResult } from '../service/index.js'

export function fieldError(ctx: ViewContext, form: FormState, name: string) {
  const error = form.errors?.[name]
  return error ? (
    <p class="field-error" id={`f-${name}-error`}>
      {ctx.t(error, form.params?.[name])}
    </p>
  ) : null
}

export function Checkbox(props: { name: string; label: string; checked: boolean; value?: string }) {
  return (
    <div class="field field--checkbox">
      <label>
        <input type="checkbox" name={props.name} value={props.value ?? 'on'} checked={props.checked} />{' '}
        {props.label}
      </label>
    </div>
  )
}

/** A group of skill checkboxes; the ids of the ticked ones arrive as `name`. */
export function SkillBoxes(props: {
  ctx: ViewContext
  form: FormState
  name: string
  legend: string
  skills: { id: string; name: string; retired?: boolean }[]
  selected: readonly string[]
}) {
  const { ctx, form, name } = props
  return (
    <fieldset
      class={form.errors?.[name] ? 'field field--error skill-boxes' : 'field skill-boxes'}
      id={`f-${name}`}
    >
      <legend>{props.legend}</legend>
      {fieldError(ctx, form, name)}
      <ul class="volunteers-skill-list">
        {props.skills.map((s) => (
          <li key={s.id}>
            <label>
              <input type="checkbox" name={name} value={s.id} checked={props.selected.includes(s.id)} />{' '}
              {s.name}
              {s.retired && ` (${ctx.t('volunteers.skills.retiredMark')})`}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  )
}

export function UnitSelect(props: {
  ctx: ViewContext
  form: FormState
  name: string
  label: string
  units: { id: string; name: string }[]
  selected: string | undefined
}) {
  const { ctx, form, name } = props
  return (
    <div class={form.errors?.[name] ? 'field field--error' : 'field'}>
      <label for={`f-${name}`}>{props.label}</label>
      {fieldError(ctx, form, name)}
      <select id={`f-${name}`} name={name}>
        {props.units.map((u) => (
          <option key={u.id} value={u.id} selected={u.id === props.selected}>
            {u.name}
          </option>
        ))}
      </select>
    </div>
  )
}

/** Pool members as every list shows them: first name, KV, skills. Nothing else ever reaches the page. */
export function PoolTable(props: { ctx: ViewContext; rows: PoolResult[]; askUnitId?: string | undefined }) {
  const { t } = props.ctx
  return (
    <div class="table-wrap">
      <table class="volunteers-results">
        <thead>
          <tr>
            <th scope="col">{t('volunteers.search.firstName')}</th>
            <th scope="col">{t('volunteers.search.kv')}</th>
            <th scope="col">{t('volunteers.profile.skills')}</th>
            {props.askUnitId && (
              <th scope="col">
                <span class="visually-hidden">{t('volunteers.search.ask')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr key={r.memberId}>
              <td>{r.firstName}</td>
              <td>{r.unitName}</td>
              <td>{r.skills.join(', ')}</td>
              {props.askUnitId && (
                <td>
                  <a href={`/volunteers/members/${r.memberId}/ask?unit=${props.askUnitId}`}>
                    {t('volunteers.search.ask')}
                  </a>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function SubNav({ ctx }: { ctx: ViewContext }) {
  const searches = speaksForAnyUnit(ctx.actor)
  const links = [
    ['/volunteers/profile', 'volunteers.nav.profile'],
    ['/volunteers/requests', 'volunteers.nav.requests'],
    ...(searches
      ? ([
          ['/volunteers/search', 'volunteers.nav.search'],
          ['/volunteers/sent', 'volunteers.nav.sent'],
        ] as const)
      : []),
    ['/volunteers/projects', 'volunteers.nav.projects'],
    ...(managesSkills(ctx.actor) ? ([['/volunteers/skills', 'volunteers.nav.skills']] as const) : []),
  ] as const
  return (
    <nav class="volunteers-nav" aria-label={ctx.t('volunteers.profile.title')}>
      <ul>
        {links.map(([href, key]) => (
          <li key={href}>
            <a href={href} aria-current={ctx.path === href ? 'page' : undefined}>
              {ctx.t(key)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}
