import { CsrfField, ErrorSummary, Field, type FormState } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { OrgUnit } from '../../org-units/index.js'
import type { DrivePageData } from '../service/index.js'
import { CheckboxField, euro, SelectField, TextareaField } from './fields.js'

export function DriveFormPage(props: {
  ctx: ViewContext
  form: FormState
  units: OrgUnit[]
  partners: OrgUnit[]
  requestId?: string
}) {
  const { ctx, form } = props
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('help.drives.new')}>
      <h1>{t('help.drives.new')}</h1>
      <p class="notice">{t('help.drives.finance')}</p>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action="/help/drives">
        <CsrfField ctx={ctx} />
        {props.requestId && <input type="hidden" name="requestId" value={props.requestId} />}
        <SelectField
          ctx={ctx}
          form={form}
          name="collectingUnitId"
          label={t('help.fields.collecting')}
          options={props.units.map((u) => ({ value: u.id, label: u.name }))}
        />
        <SelectField
          ctx={ctx}
          form={form}
          name="beneficiaryUnitId"
          label={t('help.fields.beneficiary')}
          options={props.partners.map((u) => ({ value: u.id, label: u.name }))}
        />
        <Field ctx={ctx} form={form} name="title" label={t('help.fields.title')} required />
        <TextareaField ctx={ctx} form={form} name="description" label={t('help.fields.description')} />
        <Field
          ctx={ctx}
          form={form}
          name="target"
          label={t('help.fields.target')}
          inputmode="numeric"
          required
        />
        <button type="submit">{t('help.drives.submit')}</button>
      </form>
    </Layout>
  )
}

export function DrivePage(props: { ctx: ViewContext; data: DrivePageData; form?: FormState }) {
  const { ctx, data } = props
  const { t } = ctx
  const form = props.form ?? {}
  const title = t('help.drives.title', { title: data.drive.title })
  const target = data.drive.targetCents
  const percent = Math.min(100, Math.round((data.total / target) * 100))
  const summary = t('help.drives.total', {
    total: euro(ctx.locale, data.total),
    target: euro(ctx.locale, target),
    received: euro(ctx.locale, data.received),
  })
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>
        {t('help.drives.forUnit', { collecting: data.collecting.name, beneficiary: data.beneficiary.name })}
      </p>
      {data.drive.description && <p>{data.drive.description}</p>}
      <p>
        <label for="drive-progress">{t('help.drives.progress')}</label>{' '}
        <progress id="drive-progress" max={100} value={percent}>
          {`${percent} %`}
        </progress>{' '}
        <span>{`${percent} %`}</span>
      </p>
      <p>{summary}</p>
      <p class="notice">{t('help.drives.finance')}</p>
      <h2>{t('help.drives.pledges')}</h2>
      {data.pledges.length === 0 ? (
        <p>{t('help.drives.noPledges')}</p>
      ) : (
        <ul class="help-pledges">
          {data.pledges.map((p) => (
            <li key={p.id}>
              {p.name ?? t('help.drives.anonymous')}: {euro(ctx.locale, p.amountCents)} (
              {t(`help.pledgeStatuses.${p.status}`)})
              {data.can.markReceived && p.status === 'promised' && (
                <form
                  method="post"
                  action={`/help/drives/${data.drive.id}/pledges/${p.id}/received`}
                  class="inline-form"
                >
                  <CsrfField ctx={ctx} />
                  <button type="submit" class="link-button">
                    {t('help.drives.markReceived')}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      {data.can.pledge && (
        <section aria-labelledby="pledge-heading">
          <h2 id="pledge-heading">{t('help.drives.pledge')}</h2>
          <form method="post" action={`/help/drives/${data.drive.id}/pledges`}>
            <CsrfField ctx={ctx} />
            <ErrorSummary ctx={ctx} form={form} />
            <Field
              ctx={ctx}
              form={form}
              name="amount"
              label={t('help.fields.amount')}
              inputmode="numeric"
              required
            />
            <CheckboxField
              name="anonymous"
              label={t('help.fields.anonymous')}
              checked={form.values?.anonymous === 'on'}
            />
            <button type="submit">{t('help.drives.pledge')}</button>
          </form>
        </section>
      )}
    </Layout>
  )
}
