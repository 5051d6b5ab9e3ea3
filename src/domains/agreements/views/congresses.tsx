import { formatDate } from '../../../platform/i18n/index.js'
import { CsrfField, ErrorSummary, Field, type FormState } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import { CONSULTATION_WINDOW_DAYS } from '../commitments.js'
import type { FederalCongress } from '../tables.js'

/** The federal office's calendar of federal congresses: the dates the consultation clause is due before. */
export function CongressesPage({
  ctx,
  data,
  form,
}: {
  ctx: ViewContext
  data: { congresses: FederalCongress[]; today: string }
  form?: FormState
}) {
  const { t } = ctx
  const state = form ?? {}
  return (
    <Layout ctx={ctx} title={t('agreements.congresses.title')}>
      <h1>{t('agreements.congresses.title')}</h1>
      <p>{t('agreements.congresses.intro', { days: CONSULTATION_WINDOW_DAYS })}</p>
      <p>
        <a href="/agreement-templates">{t('agreements.congresses.back')}</a>
      </p>
      {data.congresses.length === 0 ? (
        <p>{t('agreements.congresses.none')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('agreements.congresses.name')}</th>
                <th scope="col">{t('agreements.congresses.startsOn')}</th>
                <th scope="col">{t('agreements.congresses.endsOn')}</th>
                <th scope="col">{t('agreements.congresses.source')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('agreements.congresses.remove')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.congresses.map((c) => {
                const date = formatDate(ctx.locale, c.startsOn)
                return (
                  <tr key={c.id}>
                    <td>
                      {c.name}
                      {c.endsOn < data.today ? ` (${t('agreements.congresses.past')})` : ''}
                    </td>
                    <td>{date}</td>
                    <td>{formatDate(ctx.locale, c.endsOn)}</td>
                    <td>{c.source}</td>
                    <td>
                      <form method="post" action={`/federal-congresses/${c.id}/delete`} class="inline-form">
                        <CsrfField ctx={ctx} />
                        <button type="submit" class="secondary">
                          {t('agreements.congresses.remove')}
                          <span class="visually-hidden">
                            {`: ${t('agreements.congresses.removeLabel', { name: c.name, date })}`}
                          </span>
                        </button>
                      </form>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('agreements.congresses.add')}</h2>
      <form method="post" action="/federal-congresses">
        <CsrfField ctx={ctx} />
        <ErrorSummary ctx={ctx} form={state} />
        <Field
          ctx={ctx}
          form={state}
          prefix="congress"
          name="name"
          label={t('agreements.congresses.name')}
          hint={t('agreements.congresses.nameHint')}
          required
        />
        <Field
          ctx={ctx}
          form={state}
          prefix="congress"
          name="startsOn"
          type="date"
          label={t('agreements.congresses.startsOn')}
          required
        />
        <Field
          ctx={ctx}
          form={state}
          prefix="congress"
          name="endsOn"
          type="date"
          label={t('agreements.congresses.endsOn')}
          required
        />
        <Field
          ctx={ctx}
          form={state}
          prefix="congress"
          name="source"
          label={t('agreements.congresses.source')}
          hint={t('agreements.congresses.sourceHint')}
          required
        />
        <button type="submit">{t('agreements.congresses.submit')}</button>
      </form>
    </Layout>
  )
}
