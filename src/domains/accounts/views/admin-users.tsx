import { formatDate } from '../../../platform/i18n/index.js'
import { PostButton } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { User } from '../tables.js'

function status(user: User) {
  if (user.deactivatedAt) return 'deactivated' as const
  return user.emailVerifiedAt ? ('active' as const) : ('unverified' as const)
}

export function UserListPage(props: {
  ctx: ViewContext
  query: string
  users: (User & { twoFactor: boolean })[]
  limit: number
  selfId: string
}) {
  const { ctx, users } = props
  const { t, locale } = ctx
  return (
    <Layout ctx={ctx} title={t('accounts.admin.title')} wide>
      <h1>{t('accounts.admin.title')}</h1>
      <form method="get" action="/admin/users" class="stack">
        <div class="field">
          <label for="f-q">{t('accounts.admin.search')}</label>
          <input id="f-q" name="q" type="search" value={props.query} />
        </div>
        <button type="submit">{t('accounts.admin.submit')}</button>
      </form>
      {users.length === 0 ? (
        <p>{t('accounts.admin.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('accounts.admin.email')}</th>
                <th scope="col">{t('accounts.admin.name')}</th>
                <th scope="col">{t('accounts.admin.status')}</th>
                <th scope="col">{t('accounts.admin.member')}</th>
                <th scope="col">{t('accounts.admin.created')}</th>
                <th scope="col">{t('accounts.admin.twoFactor')}</th>
                <th scope="col">{t('accounts.admin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>{u.email}</td>
                  <td>{u.displayName}</td>
                  <td>{t(`accounts.admin.${status(u)}`)}</td>
                  <td>{u.memberId ? t('accounts.admin.yes') : t('accounts.admin.no')}</td>
                  <td>{formatDate(locale, u.createdAt)}</td>
                  <td>{u.twoFactor ? t('accounts.admin.yes') : t('accounts.admin.no')}</td>
                  <td>
                    {u.twoFactor && u.id !== props.selfId && (
                      <PostButton
                        ctx={ctx}
                        action={`/admin/users/${u.id}/two-factor/reset`}
                        label={t('accounts.admin.resetTwoFactor')}
                        class="secondary"
                      />
                    )}
                    {u.deactivatedAt ? (
                      <PostButton
                        ctx={ctx}
                        action={`/admin/users/${u.id}/reactivate`}
                        label={t('accounts.admin.reactivate')}
                      />
                    ) : (
                      u.id !== props.selfId && (
                        <PostButton
                          ctx={ctx}
                          action={`/admin/users/${u.id}/deactivate`}
                          label={t('accounts.admin.deactivate')}
                          class="danger"
                        />
                      )
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {users.length >= props.limit && <p class="hint">{t('accounts.admin.limited', { max: props.limit })}</p>}
    </Layout>
  )
}
