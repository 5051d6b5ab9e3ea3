import { formatDate } from '../../platform/i18n/index.js'
import type { ViewContext } from '../../platform/views/context.js'
import { Layout } from '../../platform/views/layout.js'
import type { OrgUnit } from '../org-units/index.js'
import type { Member } from './tables.js'

export function MemberListPage({
  ctx,
  unit,
  members,
}: {
  ctx: ViewContext
  unit: OrgUnit
  members: Member[]
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('members.list.title', { unit: unit.name })} wide>
      <h1>{t('members.list.title', { unit: unit.name })}</h1>
      {members.length === 0 ? (
        <p>{t('members.list.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('members.list.number')}</th>
                <th scope="col">{t('members.list.name')}</th>
                <th scope="col">{t('members.list.postalCode')}</th>
                <th scope="col">{t('members.list.enteredOn')}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.id}>
                  <td>{m.memberNumber}</td>
                  <td>{`${m.lastName}, ${m.firstName}`}</td>
                  <td>{m.postalCode ?? ''}</td>
                  <td>{formatDate(ctx.locale, m.enteredOn)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  )
}
