import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { compareAgreementVersions } from '../service/index.js'
import { ClauseChangeItem } from './text.js'

type Data = Awaited<ReturnType<typeof compareAgreementVersions>>

export function ComparePage({ ctx, data }: { ctx: ViewContext; data: Data }) {
  const { t } = ctx
  const title = t('agreements.compare.title')
  const changed = data.changes.some((c) => c.kind !== 'unchanged')
  return (
    <Layout ctx={ctx} title={title}>
      <p class="eyebrow">{`${data.unitA.name} – ${data.unitB.name}`}</p>
      <h1>{title}</h1>
      <p>
        <a href={`/agreements/${data.agreement.id}`}>{t('agreements.show.eyebrow')}</a>
      </p>
      <h2>{t('agreements.compare.heading', { from: data.before.number, to: data.after.number })}</h2>
      {!changed && <p>{t('agreements.compare.noChanges')}</p>}
      <ol class="diff-clauses">
        {data.changes.map((c) => (
          <ClauseChangeItem key={c.kind === 'changed' ? c.after.key : c.clause.key} ctx={ctx} change={c} />
        ))}
      </ol>
    </Layout>
  )
}
