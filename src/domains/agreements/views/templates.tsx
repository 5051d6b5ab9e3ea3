import {
  CsrfField,
  ErrorSummary,
  Field,
  type FormState,
  TextareaField,
} from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import { TemplateChoiceIntro } from '../../playbook/index.js'
import type { AgreementTemplate, AgreementTemplateClause } from '../tables.js'
import { ClauseFields } from './fields.js'
import { Paragraphs } from './text.js'

export function TemplateListPage({
  ctx,
  templates,
  form,
}: {
  ctx: ViewContext
  templates: AgreementTemplate[]
  form?: FormState
}) {
  const { t } = ctx
  const state = form ?? {}
  const hasDefault = templates.some((tpl) => tpl.isDefault)
  return (
    <Layout ctx={ctx} title={t('agreements.templates.title')}>
      <h1>{t('agreements.templates.title')}</h1>
      <p>
        <a href="/federal-congresses">{t('agreements.congresses.title')}</a>
      </p>
      {templates.length === 0 ? (
        <p>{t('agreements.templates.none')}</p>
      ) : (
        <ul>
          {templates.map((tpl) => (
            <li key={tpl.id}>
              <a href={`/agreement-templates/${tpl.id}`}>{tpl.name}</a>
              {tpl.isDefault && <span class="hint">{` (${t('agreements.templates.isDefault')})`}</span>}
            </li>
          ))}
        </ul>
      )}
      {!hasDefault && (
        <form method="post" action="/agreement-templates/default">
          <CsrfField ctx={ctx} />
          <button type="submit">{t('agreements.templates.createDefault')}</button>
        </form>
      )}
      <h2>{t('agreements.templates.new')}</h2>
      <form method="post" action="/agreement-templates">
        <CsrfField ctx={ctx} />
        <ErrorSummary ctx={ctx} form={state} />
        <Field ctx={ctx} form={state} prefix="tpl" name="name" label={t('agreements.fields.name')} required />
        <TextareaField
          ctx={ctx}
          form={state}
          prefix="tpl"
          name="description"
          label={t('agreements.fields.description')}
          rows={3}
        />
        <button type="submit">{t('agreements.templates.create')}</button>
      </form>
    </Layout>
  )
}

export type TemplatePageForm = { name: string; state: FormState }

export function TemplatePage({
  ctx,
  template,
  clauses,
  form,
}: {
  ctx: ViewContext
  template: AgreementTemplate
  clauses: AgreementTemplateClause[]
  form?: TemplatePageForm | undefined
}) {
  const { t } = ctx
  const base = `/agreement-templates/${template.id}`
  const stateOf = (name: string) => (form?.name === name ? form.state : {})
  return (
    <Layout ctx={ctx} title={template.name}>
      <p class="eyebrow">{t('agreements.templates.title')}</p>
      <h1>{template.name}</h1>
      <p>
        <a href="/agreement-templates">{t('agreements.templates.back')}</a>
      </p>
      <form method="post" action={base}>
        <CsrfField ctx={ctx} />
        <ErrorSummary ctx={ctx} form={stateOf('template')} />
        <Field
          ctx={ctx}
          form={stateOf('template')}
          prefix="tpl"
          name="name"
          label={t('agreements.fields.name')}
          value={template.name}
          required
        />
        <TextareaField
          ctx={ctx}
          form={stateOf('template')}
          prefix="tpl"
          name="description"
          label={t('agreements.fields.description')}
          value={template.description ?? ''}
          rows={3}
        />
        <button type="submit">{t('agreements.templates.save')}</button>
      </form>
      <h2>{t('agreements.templates.clauses')}</h2>
      <ol class="agreement-clauses">
        {clauses.map((c, index) => {
          const name = `clause-${c.id}`
          return (
            <li key={c.id}>
              <h3>{c.title}</h3>
              {c.type !== 'text' && <p class="eyebrow">{t(`agreements.clauseTypes.${c.type}`)}</p>}
              <Paragraphs text={c.body} />
              <details class="agreement-disclosure" open={form?.name === name}>
                <summary>{t('agreements.show.edit')}</summary>
                <form method="post" action={`${base}/clauses/${c.id}`}>
                  <CsrfField ctx={ctx} />
                  <ErrorSummary ctx={ctx} form={stateOf(name)} />
                  <ClauseFields ctx={ctx} form={stateOf(name)} prefix={`t${index}`} clause={c} />
                  <button type="submit">{t('agreements.actions.save')}</button>
                </form>
              </details>
              <div class="agreement-clause-actions">
                {(['up', 'down'] as const)
                  .filter((d) => (d === 'up' ? index > 0 : index < clauses.length - 1))
                  .map((d) => (
                    <form key={d} method="post" action={`${base}/clauses/${c.id}/move`} class="inline-form">
                      <CsrfField ctx={ctx} />
                      <input type="hidden" name="direction" value={d} />
                      <button type="submit" class="secondary">
                        {t(`agreements.actions.${d}`)}
                        <span class="visually-hidden">{`: ${c.title}`}</span>
                      </button>
                    </form>
                  ))}
                <form method="post" action={`${base}/clauses/${c.id}/remove`} class="inline-form">
                  <CsrfField ctx={ctx} />
                  <button type="submit" class="secondary">
                    {t('agreements.actions.remove')}
                    <span class="visually-hidden">{`: ${c.title}`}</span>
                  </button>
                </form>
              </div>
            </li>
          )
        })}
      </ol>
      <h2>{t('agreements.show.addClause')}</h2>
      <form method="post" action={`${base}/clauses`}>
        <CsrfField ctx={ctx} />
        <ErrorSummary ctx={ctx} form={stateOf('add')} />
        <ClauseFields ctx={ctx} form={stateOf('add')} prefix="add" />
        <button type="submit">{t('agreements.actions.add')}</button>
      </form>
    </Layout>
  )
}

/** On the partnership's page: the way to its agreement, only for someone it leads somewhere for. */
export function PartnershipAgreementLink({
  ctx,
  partnershipId,
  link,
}: {
  ctx: ViewContext
  partnershipId: string
  link: { kind: 'existing'; agreementId: string } | { kind: 'start' }
}) {
  return (
    <p>
      {link.kind === 'existing' ? (
        <a href={`/agreements/${link.agreementId}`}>{ctx.t('agreements.partnershipLink.open')}</a>
      ) : (
        <a href={`/partnerships/${partnershipId}/agreement`}>{ctx.t('agreements.partnershipLink.start')}</a>
      )}
    </p>
  )
}

export function StartAgreementPage({
  ctx,
  partnershipId,
  title,
  templates,
  form,
  playbookTemplate,
}: {
  ctx: ViewContext
  partnershipId: string
  title: string
  templates: AgreementTemplate[]
  form?: FormState
  /** The Wissenswerk's template chosen with "use this": its text goes into the first new clause. */
  playbookTemplate?: { id: string; title: string } | undefined
}) {
  const { t } = ctx
  const state = form ?? {}
  const error = state.errors?.templateId
  return (
    <Layout ctx={ctx} title={t('agreements.start.title')}>
      <p class="eyebrow">{title}</p>
      <h1>{t('agreements.start.title')}</h1>
      {playbookTemplate ? (
        <p class="notice" role="status">
          {t('agreements.fromPlaybook.afterStart', { title: playbookTemplate.title })}
        </p>
      ) : (
        <p>
          <a href="/playbook?tag=agreement">{t('playbook.links.agreementTemplate')}</a>
        </p>
      )}
      {templates.length === 0 ? (
        <p>{t('agreements.start.noTemplates')}</p>
      ) : (
        <form method="post" action={`/partnerships/${partnershipId}/agreement`}>
          <CsrfField ctx={ctx} />
          {playbookTemplate && <input type="hidden" name="playbookTemplateId" value={playbookTemplate.id} />}
          <ErrorSummary ctx={ctx} form={state} />
          <p>{t('agreements.start.intro')}</p>
          <fieldset class={error ? 'field field--error' : 'field'} id="f-templateId">
            <legend>{t('agreements.fields.template')}</legend>
            {error && <p class="field-error">{t(error)}</p>}
            {templates.map((tpl, i) => (
              <label key={tpl.id} class="unit-choice">
                <input
                  type="radio"
                  name="templateId"
                  value={tpl.id}
                  checked={tpl.isDefault || (i === 0 && !templates.some((x) => x.isDefault))}
                />{' '}
                {tpl.name}
              </label>
            ))}
          </fieldset>
          <button type="submit">{t('agreements.start.submit')}</button>
        </form>
      )}
    </Layout>
  )
}

/**
 * "Use this" on an agreement template of the Wissenswerk: the partnerships whose agreement the board may start
 * or edit, each opening its form with the template's text.
 */
export function PlaybookTemplateChoicePage({
  ctx,
  used,
  templates,
  targets,
}: {
  ctx: ViewContext
  used: { id: string; title: string } | undefined
  templates: { id: string; title: string }[]
  targets: { partnershipId: string; title: string; agreementId: string | null }[]
}) {
  const { t } = ctx
  const q = used ? `?template=${used.id}` : ''
  return (
    <Layout ctx={ctx} title={t('agreements.fromPlaybook.title')}>
      <h1>{t('agreements.fromPlaybook.title')}</h1>
      <TemplateChoiceIntro
        ctx={ctx}
        target="agreement"
        used={used}
        templates={templates}
        intro={used ? t('agreements.fromPlaybook.intro', { title: used.title }) : ''}
      />
      {targets.length === 0 ? (
        <p>{t('agreements.fromPlaybook.none')}</p>
      ) : (
        <ul>
          {targets.map((p) => (
            <li key={p.partnershipId}>
              <a
                href={
                  p.agreementId
                    ? `/agreements/${p.agreementId}${q}#add-clause`
                    : `/partnerships/${p.partnershipId}/agreement${q}`
                }
              >
                {p.title}
              </a>{' '}
              <span class="hint">
                {p.agreementId
                  ? t('agreements.fromPlaybook.toAgreement')
                  : t('agreements.fromPlaybook.toStart')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  )
}
