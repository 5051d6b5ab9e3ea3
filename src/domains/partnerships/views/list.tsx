import { formatDate } from '../../../platform/i18n/index.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { PartnershipWithUnits } from '../service/index.js'

export function StatusBadge({ ctx, status }: { ctx: ViewContext; status: string }) {
  return (
    <span class={`status status--${status}`}>{ctx.t(`partnerships.statuses.${status as 'proposed'}`)}</span>
  )
}

function PartnershipTable({ ctx, rows }: { ctx: ViewContext; rows: PartnershipWithUnits[] }) {
  const { t } = ctx
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('partnerships.fields.pair')}</th>
            <th scope="col">{t('partnerships.fields.kind')}</th>
            <th scope="col">{t('partnerships.fields.status')}</th>
            <th scope="col">{t('partnerships.fields.startedOn')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.partnership.id}>
              <td>
                <a href={`/partnerships/${r.partnership.id}`}>{`${r.unitA.name} – ${r.unitB.name}`}</a>
              </td>
              <td>{t(`partnerships.kinds.${r.partnership.kind}`)}</td>
              <td>
                <StatusBadge ctx={ctx} status={r.partnership.status} />
              </td>
              <td>{formatDate(ctx.locale, r.partnership.startedOn)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function PartnershipListPage(props: {
  ctx: ViewContext
  waiting: PartnershipWithUnits[]
  all: PartnershipWithUnits[]
  canPropose: boolean
  canModerate: boolean
}) {
  const { ctx } = props
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('partnerships.list.title')} wide>
      <h1>{t('partnerships.list.title')}</h1>
      <p class="actions">
        {props.canPropose && (
          <a class="button" href="/partnerships/new">
            {t('partnerships.list.propose')}
          </a>
        )}{' '}
        {props.canModerate && (
          <a class="button secondary" href="/partnerships/reports">
            {t('partnerships.reports.queueTitle')}
          </a>
        )}
      </p>
      {props.waiting.length > 0 && (
        <section aria-labelledby="waiting-heading">
          <h2 id="waiting-heading">{t('partnerships.list.waiting')}</h2>
          <PartnershipTable ctx={ctx} rows={props.waiting} />
        </section>
      )}
      <section aria-labelledby="all-heading">
        <h2 id="all-heading">{t('partnerships.list.all')}</h2>
        {props.all.length === 0 ? (
          <p>{t('partnerships.list.empty')}</p>
        ) : (
          <PartnershipTable ctx={ctx} rows={props.all} />
        )}
      </section>
    </Layout>
  )
}
