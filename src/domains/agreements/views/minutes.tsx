import { formatDate, formatDateTime } from '../../../platform/i18n/index.js'
import {
  CsrfField,
  ErrorSummary,
  Field,
  type FormState,
  TextareaField,
} from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { listSharedMinutes, viewSharedMinutes } from '../service/index.js'
import { Paragraphs } from './text.js'

type ListData = Awaited<ReturnType<typeof listSharedMinutes>>
type OneData = Awaited<ReturnType<typeof viewSharedMinutes>>

export function MinutesListPage({
  ctx,
  data,
  form,
}: {
  ctx: ViewContext
  data: ListData
  form?: { side: 'a' | 'b'; state: FormState }
}) {
  const { t } = ctx
  const id = data.agreement.id
  const unitName = (unitId: string) => (unitId === data.unitA.id ? data.unitA.name : data.unitB.name)
  return (
    <Layout ctx={ctx} title={t('agreements.minutes.title')}>
      <p class="eyebrow">{`${data.unitA.name} – ${data.unitB.name}`}</p>
      <h1>{t('agreements.minutes.title')}</h1>
      <p>
        <a href={`/agreements/${id}`}>{t('agreements.show.eyebrow')}</a>
      </p>
      <p class="hint">{t('agreements.minutes.hint')}</p>
      {data.minutes.length === 0 ? (
        <p>{t('agreements.minutes.none')}</p>
      ) : (
        <ul class="minutes-list">
          {data.minutes.map((m) => (
            <li key={m.id}>
              <a href={`/agreements/${id}/minutes/${m.id}`}>{m.title}</a>{' '}
              <span class="hint">
                {t('agreements.minutes.from', {
                  unit: unitName(m.fromUnitId),
                  date: formatDate(ctx.locale, m.meetingOn),
                  shared: formatDateTime(ctx.locale, m.sharedAt),
                })}
              </span>
            </li>
          ))}
        </ul>
      )}
      {(['a', 'b'] as const)
        .filter((s) => (s === 'a' ? data.can.shareMinutesA : data.can.shareMinutesB))
        .map((side) => {
          const state = form?.side === side ? form.state : {}
          const unit = side === 'a' ? data.unitA : data.unitB
          const prefix = `minutes-${side}`
          return (
            <section key={side} aria-labelledby={`${prefix}-title`}>
              <h2 id={`${prefix}-title`}>{t('agreements.minutes.share', { unit: unit.name })}</h2>
              <form method="post" action={`/agreements/${id}/minutes`}>
                <CsrfField ctx={ctx} />
                <ErrorSummary ctx={ctx} form={state} />
                <input type="hidden" name="side" value={side} />
                <Field
                  ctx={ctx}
                  form={state}
                  prefix={prefix}
                  name="meetingOn"
                  type="date"
                  label={t('agreements.fields.meetingOn')}
                  required
                />
                <Field
                  ctx={ctx}
                  form={state}
                  prefix={prefix}
                  name="title"
                  label={t('agreements.fields.minutesTitle')}
                  required
                />
                <TextareaField
                  ctx={ctx}
                  form={state}
                  prefix={prefix}
                  name="body"
                  label={t('agreements.fields.minutesBody')}
                  rows={10}
                  required
                />
                <button type="submit">{t('agreements.actions.share')}</button>
              </form>
            </section>
          )
        })}
    </Layout>
  )
}

export function MinutesPage({ ctx, data }: { ctx: ViewContext; data: OneData }) {
  const { t } = ctx
  const m = data.minutes
  return (
    <Layout ctx={ctx} title={m.title}>
      <p class="eyebrow">{t('agreements.minutes.title')}</p>
      <h1>{m.title}</h1>
      <p class="hint">
        {t('agreements.minutes.from', {
          unit: m.fromUnitId === data.unitA.id ? data.unitA.name : data.unitB.name,
          date: formatDate(ctx.locale, m.meetingOn),
          shared: formatDateTime(ctx.locale, m.sharedAt),
        })}
      </p>
      <Paragraphs text={m.body} />
      <p>
        <a href={`/agreements/${data.agreement.id}/minutes`}>{t('agreements.minutes.back')}</a>
      </p>
    </Layout>
  )
}
