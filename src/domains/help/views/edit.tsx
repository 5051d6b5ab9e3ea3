import { CsrfField, ErrorSummary, Field, type FormState } from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { MunicipalityChoice } from '../geodata.js'
import type { HelpRequestEditData } from '../service/index.js'
import { TextareaField } from './fields.js'
import { PlaceField } from './requests.js'

/** Which form of the edit page failed, with what was typed: the request's fields. */
export type EditPageForm = {
  name: 'request'
  state: FormState
  candidates?: MunicipalityChoice[]
  /** The place chosen before the form failed, when one was. */
  municipality?: MunicipalityChoice | undefined
}

export function RequestEditPage(props: { ctx: ViewContext; data: HelpRequestEditData; form?: EditPageForm }) {
  const { ctx, data } = props
  const { t } = ctx
  const { request } = data
  const failed = props.form?.name === 'request' ? props.form : undefined
  const details: FormState = failed?.state ?? {
    values: {
      title: request.title,
      description: request.description ?? '',
      municipality: data.municipality?.name ?? '',
    },
  }
  const candidates = failed?.candidates ?? []
  const municipality = failed ? failed.municipality : data.municipality
  return (
    <Layout ctx={ctx} title={t('help.edit.title', { title: request.title })}>
      <h1>{t('help.edit.title', { title: request.title })}</h1>
      <p>
        <a href={`/help/${request.id}`}>{t('help.edit.back')}</a>
      </p>
      <section aria-labelledby="details-heading">
        <h2 id="details-heading">{t('help.edit.details')}</h2>
        <ErrorSummary ctx={ctx} form={details} />
        <form method="post" action={`/help/${request.id}/edit`}>
          <CsrfField ctx={ctx} />
          <Field ctx={ctx} form={details} name="title" label={t('help.fields.title')} required />
          <TextareaField ctx={ctx} form={details} name="description" label={t('help.fields.description')} />
          <PlaceField ctx={ctx} form={details} municipality={municipality} candidates={candidates} />
          <button type="submit">{t('help.actions.save')}</button>
        </form>
      </section>
    </Layout>
  )
}
