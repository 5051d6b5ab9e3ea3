import { type Role, roles } from '../../../platform/auth/actor.js'
import { formatDateTime } from '../../../platform/i18n/index.js'
import { CsrfField, ErrorSummary, Field, type FormState } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { OrgUnit } from '../tables.js'
import { type UnitMatch, unitLabel } from './units.js'

/** The administration's front page: links to each tool, also those other domains provide. */
export function AdminHomePage({ ctx }: { ctx: ViewContext }) {
  const { t } = ctx
  const links = [
    { href: '/admin/roles', label: t('orgUnits.admin.roles'), hint: t('orgUnits.admin.rolesHint') },
    { href: '/admin/audit', label: t('orgUnits.admin.audit'), hint: t('orgUnits.admin.auditHint') },
    { href: '/admin/users', label: t('orgUnits.admin.users'), hint: t('orgUnits.admin.usersHint') },
    { href: '/admin/mail', label: t('orgUnits.admin.mail'), hint: t('orgUnits.admin.mailHint') },
    {
      href: '/admin/members/import',
      label: t('orgUnits.admin.memberImport'),
      hint: t('orgUnits.admin.memberImportHint'),
    },
  ]
  return (
    <Layout ctx={ctx} title={t('orgUnits.admin.title')}>
      <h1>{t('orgUnits.admin.title')}</h1>
      <p class="lead">{t('orgUnits.admin.intro')}</p>
      <ul class="admin-links">
        {links.map((l) => (
          <li key={l.href}>
            <a href={l.href}>{l.label}</a>
            <p class="hint">{l.hint}</p>
          </li>
        ))}
      </ul>
    </Layout>
  )
}

export type RoleGrantRow = {
  id: string
  role: Role
  grantedAt: Date
  unit: Pick<OrgUnit, 'id' | 'name' | 'kind' | 'path'>
  canRevoke: boolean
}

export function roleName(ctx: ViewContext, role: Role) {
  return ctx.t(`orgUnits.roles.names.${role}`)
}

export function RolesPage(props: {
  ctx: ViewContext
  email: string
  unitQ: string
  grantee: { id: string; email: string; displayName: string } | undefined
  grants: RoleGrantRow[]
  unitOptions: UnitMatch[]
  form: FormState
}) {
  const { ctx, grantee, form } = props
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('orgUnits.roles.title')} wide>
      <p class="eyebrow">
        <a href="/admin">{t('orgUnits.admin.title')}</a>
      </p>
      <h1>{t('orgUnits.roles.title')}</h1>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="get" action="/admin/roles" class="stack">
        <h2>{t('orgUnits.roles.findPerson')}</h2>
        <Field
          ctx={ctx}
          form={{}}
          name="email"
          type="email"
          label={t('orgUnits.roles.email')}
          value={props.email}
          autocomplete="off"
          required
        />
        <button type="submit">{t('orgUnits.roles.find')}</button>
      </form>
      {props.email && !grantee && (
        <p role="status">{t('orgUnits.roles.noSuchAccount', { email: props.email })}</p>
      )}
      {grantee && (
        <>
          <section aria-labelledby="grants-heading">
            <h2 id="grants-heading">
              {t('orgUnits.roles.currentRoles', { name: `${grantee.displayName} <${grantee.email}>` })}
            </h2>
            {props.grants.length === 0 ? (
              <p>{t('orgUnits.roles.none')}</p>
            ) : (
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('orgUnits.roles.role')}</th>
                      <th scope="col">{t('orgUnits.roles.unit')}</th>
                      <th scope="col">{t('orgUnits.roles.grantedAt')}</th>
                      <th scope="col">{t('orgUnits.roles.actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {props.grants.map((g) => (
                      <tr key={g.id}>
                        <td>{roleName(ctx, g.role)}</td>
                        <td>
                          <a href={`/units/${g.unit.id}`}>{g.unit.name}</a>{' '}
                          <span class="muted">{ctx.levelNames[g.unit.kind]}</span>
                        </td>
                        <td>{formatDateTime(ctx.locale, g.grantedAt)}</td>
                        <td>
                          {g.canRevoke && (
                            <form
                              method="post"
                              action={`/admin/roles/grants/${g.id}/revoke`}
                              class="inline-form"
                            >
                              <CsrfField ctx={ctx} />
                              <button type="submit" class="secondary">
                                {t('orgUnits.roles.revoke')}
                                <span class="visually-hidden">
                                  {` – ${t('orgUnits.roles.revokeLabel', { role: roleName(ctx, g.role), unit: g.unit.name })}`}
                                </span>
                              </button>
                            </form>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <GrantForm {...props} grantee={grantee} />
        </>
      )}
    </Layout>
  )
}

function GrantForm(props: {
  ctx: ViewContext
  unitQ: string
  grantee: { id: string; email: string }
  unitOptions: UnitMatch[]
  form: FormState
}) {
  const { ctx, form, grantee } = props
  const { t } = ctx
  const chosenUnit = form.values?.unitId
  const chosenRole = form.values?.role
  const unitError = form.errors?.unitId
  const roleError = form.errors?.role
  return (
    <section aria-labelledby="grant-heading" class="stack">
      <h2 id="grant-heading">{t('orgUnits.roles.grantHeading')}</h2>
      <form method="get" action="/admin/roles">
        <input type="hidden" name="email" value={grantee.email} />
        <div class="field">
          <label for="f-unitQ">{t('orgUnits.roles.unitSearch')}</label>
          <input id="f-unitQ" name="unitQ" type="search" value={props.unitQ} maxlength={100} required />
        </div>
        <button type="submit" class="secondary">
          {t('orgUnits.roles.searchUnits')}
        </button>
      </form>
      {!props.unitQ ? (
        <p class="hint">{t('orgUnits.roles.searchFirst')}</p>
      ) : props.unitOptions.length === 0 ? (
        <p role="status">{t('orgUnits.roles.noUnits')}</p>
      ) : (
        <form method="post" action="/admin/roles/grant" class="stack grant-form">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="userId" value={grantee.id} />
          <input type="hidden" name="unitQ" value={props.unitQ} />
          <fieldset
            id="f-unitId"
            class={unitError ? 'field field--error' : 'field'}
            aria-describedby={unitError ? 'f-unitId-error' : undefined}
          >
            <legend>{t('orgUnits.roles.chooseUnit')}</legend>
            {unitError && (
              <p class="field-error" id="f-unitId-error">
                {t(unitError)}
              </p>
            )}
            {props.unitOptions.map((u) => (
              <div class="radio" key={u.id}>
                <input
                  type="radio"
                  name="unitId"
                  id={`unit-${u.id}`}
                  value={u.id}
                  checked={chosenUnit === u.id || props.unitOptions.length === 1}
                />
                <label for={`unit-${u.id}`}>
                  {u.name} <span class="muted">{unitLabel(ctx, u)}</span>
                </label>
              </div>
            ))}
          </fieldset>
          <div class={roleError ? 'field field--error' : 'field'}>
            <label for="f-role">{t('orgUnits.roles.chooseRole')}</label>
            {roleError && (
              <p class="field-error" id="f-role-error">
                {t(roleError)}
              </p>
            )}
            <select
              id="f-role"
              name="role"
              required
              aria-invalid={roleError ? 'true' : undefined}
              aria-describedby={roleError ? 'f-role-error' : undefined}
            >
              <option value="">{t('orgUnits.roles.chooseRole')}</option>
              {roles.map((r) => (
                <option key={r} value={r} selected={chosenRole === r}>
                  {roleName(ctx, r)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{t('orgUnits.roles.grant')}</button>
        </form>
      )}
    </section>
  )
}
