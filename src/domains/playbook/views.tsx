import { formatDate, formatNumber } from '../../platform/i18n/index.js'
import {
  CheckboxField,
  CsrfField,
  ErrorSummary,
  Field,
  FieldError,
  type FormState,
  SelectField,
  TextareaField,
} from '../../platform/views/components.js'
import type { ViewContext } from '../../platform/views/context.js'
import { Layout } from '../../platform/views/layout.js'
import { TrustedHtml } from '../../platform/views/trusted-html.js'
import { templateFieldNames } from './input.js'
import type { listEntryVersions, listPlaybook, prepareEdit, viewEntry } from './service.js'
import { entryKinds, playbookTags, type TemplateTarget, templateTargets, visibilities } from './tables.js'

/**
 * The form each kind of template fills: "use this" opens it with `?template=<id>`, and the form loads the
 * template on the server (only one the visitor may read, only of its own kind). The agreement and the welcome
 * mail belong to a partnership or a KV: their paths let the board choose one first.
 */
export const templateTargetPath: Record<TemplateTarget, string> = {
  agreement: '/agreements/new',
  help_request: '/help/new',
  welcome_mail: '/onboarding/welcome',
  event_checklist: '/events/new',
}

/** The one "use this" link of a template. */
export const useTemplateHref = (entry: { id: string; templateFor: TemplateTarget }) =>
  `${templateTargetPath[entry.templateFor]}?template=${entry.id}`

export function PlaybookListPage({
  ctx,
  data,
}: {
  ctx: ViewContext
  data: Awaited<ReturnType<typeof listPlaybook>>
}) {
  const { t } = ctx
  const { query, entries } = data
  return (
    <Layout ctx={ctx} title={t('playbook.list.title')}>
      <h1>{t('playbook.list.title')}</h1>
      <p>{t('playbook.list.intro')}</p>
      {query.for && <p>{t('playbook.list.forTarget', { target: t(`playbook.targets.${query.for}`) })}</p>}
      <form method="get" action="/playbook" class="filters">
        <div class="field">
          <label for="f-q">{t('playbook.list.searchLabel')}</label>
          <input id="f-q" name="q" type="search" value={query.q} />
        </div>
        <div class="field">
          <label for="f-tag">{t('playbook.list.tag')}</label>
          <select id="f-tag" name="tag">
            <option value="">{t('playbook.list.all')}</option>
            {playbookTags.map((tag) => (
              <option key={tag} value={tag} selected={query.tag === tag}>
                {t(`playbook.tags.${tag}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-kind">{t('playbook.list.kind')}</label>
          <select id="f-kind" name="kind">
            <option value="">{t('playbook.list.all')}</option>
            {entryKinds.map((k) => (
              <option key={k} value={k} selected={query.kind === k}>
                {t(`playbook.kindsPlural.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('playbook.list.search')}</button>
      </form>
      {data.canWrite && (
        <p>
          <a href="/playbook/new">{t('playbook.list.new')}</a>
        </p>
      )}
      <p>{t('playbook.list.count', { count: formatNumber(ctx.locale, entries.length) })}</p>
      {entries.length === 0 ? (
        <p>{t('playbook.list.none')}</p>
      ) : (
        <ul class="cards">
          {entries.map((e) => (
            <li key={e.id} class="card">
              <p class="eyebrow">{t(`playbook.kinds.${e.kind}`)}</p>
              <h2>
                <a href={`/playbook/${e.id}`}>{e.title}</a>
              </h2>
              {e.summary && <p>{e.summary}</p>}
              {e.kind === 'template' && e.templateFor && data.usable.has(e.templateFor) && (
                <p>
                  <a href={useTemplateHref({ id: e.id, templateFor: e.templateFor })}>
                    {t('playbook.list.useThis', { title: e.title })}
                  </a>
                </p>
              )}
              {e.tags.length > 0 && (
                <p class="hint">
                  {e.tags
                    .map((tag) => t(`playbook.tags.${tag as (typeof playbookTags)[number]}`))
                    .join(' · ')}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  )
}

export function PlaybookEntryPage({
  ctx,
  data,
}: {
  ctx: ViewContext
  data: Awaited<ReturnType<typeof viewEntry>>
}) {
  const { t } = ctx
  const { entry, unit } = data
  return (
    <Layout ctx={ctx} title={entry.title}>
      <p class="eyebrow">
        <a href="/playbook">{t('playbook.list.title')}</a> · {t(`playbook.kinds.${entry.kind}`)} · {unit.name}
      </p>
      <h1>{entry.title}</h1>
      {entry.summary && <p class="lead">{entry.summary}</p>}
      {entry.kind === 'template' && entry.templateFor && data.canUse && (
        <p>
          <a class="button" href={useTemplateHref({ id: entry.id, templateFor: entry.templateFor })}>
            {t('playbook.entry.useThis')}
          </a>{' '}
          <span class="hint">
            {t('playbook.entry.useThisHint', { target: t(`playbook.targets.${entry.templateFor}`) })}
          </span>
        </p>
      )}
      {entry.kind === 'story' && entry.partnershipId && (
        <p>
          <a href={`/partnerships/${entry.partnershipId}`}>{t('playbook.entry.partnership')}</a>
        </p>
      )}
      <TrustedHtml tag="div" class="prose" html={data.html} />
      <p class="hint">
        {t('playbook.entry.updated', {
          date: formatDate(ctx.locale, entry.updatedAt),
          version: entry.version,
        })}
        {' · '}
        {t('playbook.entry.visibleTo', { visibility: t(`playbook.visibility.${entry.visibility}`) })}
        {entry.tags.length > 0 &&
          ` · ${entry.tags.map((tag) => t(`playbook.tags.${tag as (typeof playbookTags)[number]}`)).join(', ')}`}
      </p>
      {data.canWrite && (
        <ul class="actions">
          <li>
            <a href={`/playbook/${entry.id}/edit`}>{t('playbook.entry.edit')}</a>
          </li>
          <li>
            <a href={`/playbook/${entry.id}/versions`}>{t('playbook.entry.versions')}</a>
          </li>
        </ul>
      )}
    </Layout>
  )
}

type EditData = Awaited<ReturnType<typeof prepareEdit>>

export function EntryFormPage({
  ctx,
  units,
  form,
  edit,
  tags,
}: {
  ctx: ViewContext
  units: { id: string; name: string }[]
  form: FormState
  edit?: EditData
  tags: readonly string[]
}) {
  const { t } = ctx
  const entry = edit?.entry
  const title = entry ? t('playbook.form.editTitle', { title: entry.title }) : t('playbook.form.newTitle')
  const value = (name: string, stored?: string | null) => form.values?.[name] ?? stored ?? ''
  const fieldValue = (name: string) => form.values?.[`field_${name}`] ?? entry?.templateFields[name] ?? ''
  const allFields = [...new Set(Object.values(templateFieldNames).flat())]
  return (
    <Layout ctx={ctx} title={title}>
      <p class="eyebrow">
        <a href={entry ? `/playbook/${entry.id}` : '/playbook'}>
          {entry ? entry.title : t('playbook.list.title')}
        </a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={entry ? `/playbook/${entry.id}` : '/playbook'} novalidate>
        <CsrfField ctx={ctx} />
        {entry && <input type="hidden" name="version" value={String(entry.version)} />}
        <SelectField
          ctx={ctx}
          form={form}
          name="kind"
          label={t('playbook.form.kind')}
          value={value('kind', entry?.kind)}
          options={entryKinds.map((k) => ({ value: k, label: t(`playbook.kinds.${k}`) }))}
        />
        <SelectField
          ctx={ctx}
          form={form}
          name="unitId"
          label={t('playbook.form.unit')}
          value={value('unitId', entry?.unitId)}
          options={units.map((u) => ({ value: u.id, label: u.name }))}
        />
        <Field
          ctx={ctx}
          form={form}
          name="title"
          label={t('playbook.form.title')}
          value={entry?.title}
          required
        />
        <TextareaField
          ctx={ctx}
          form={form}
          name="summary"
          label={t('playbook.form.summary')}
          value={entry?.summary}
          rows={2}
        />
        <TextareaField
          ctx={ctx}
          form={form}
          name="body"
          label={t('playbook.form.body')}
          hint={t('playbook.form.bodyHint')}
          value={entry?.body}
          rows={16}
          required
        />
        <fieldset id="f-tags" class={form.errors?.tags ? 'field field--error' : 'field'}>
          <legend>{t('playbook.form.tags')}</legend>
          <FieldError ctx={ctx} form={form} name="tags" />
          {playbookTags.map((tag) => (
            <CheckboxField
              key={tag}
              name="tags"
              value={tag}
              label={t(`playbook.tags.${tag}`)}
              checked={tags.includes(tag)}
            />
          ))}
        </fieldset>
        <SelectField
          ctx={ctx}
          form={form}
          name="visibility"
          label={t('playbook.form.visibility')}
          value={value('visibility', entry?.visibility ?? 'members')}
          options={visibilities.map((v) => ({ value: v, label: t(`playbook.visibility.${v}`) }))}
        />
        <SelectField
          ctx={ctx}
          form={form}
          name="templateFor"
          label={t('playbook.form.templateFor')}
          value={value('templateFor', entry?.templateFor)}
          options={[
            { value: '', label: t('playbook.form.templateNone') },
            ...templateTargets.map((k) => ({ value: k, label: t(`playbook.targets.${k}`) })),
          ]}
        />
        <fieldset class="field">
          <legend>{t('playbook.form.templateFields')}</legend>
          {allFields.map((name) => (
            <TextareaField
              key={name}
              ctx={ctx}
              form={form}
              name={`field_${name}`}
              label={t(`playbook.fields.${name}`)}
              value={fieldValue(name)}
              rows={name === 'title' || name === 'subject' ? 1 : 4}
            />
          ))}
        </fieldset>
        <Field
          ctx={ctx}
          form={form}
          name="partnershipId"
          label={t('playbook.form.partnershipId')}
          value={entry?.partnershipId ?? ''}
        />
        <button type="submit">{t('playbook.form.submit')}</button>
      </form>
      {edit && (
        <section aria-labelledby="images-heading">
          <h2 id="images-heading">{t('playbook.form.images')}</h2>
          <ul>
            {edit.images.map((img) => (
              <li key={img.id}>
                <code>{`/playbook/images/${img.id}`}</code>{' '}
                <span class="hint">
                  {t('playbook.form.imageSnippet', { snippet: `![…](/playbook/images/${img.id})` })}
                </span>
              </li>
            ))}
          </ul>
          <form
            method="post"
            action={`/playbook/${edit.entry.id}/images`}
            enctype="multipart/form-data"
            novalidate
          >
            <CsrfField ctx={ctx} />
            <div class={form.errors?.image ? 'field field--error' : 'field'}>
              <label for="f-image">{t('playbook.form.image')}</label>
              <FieldError ctx={ctx} form={form} name="image" />
              <input
                id="f-image"
                name="image"
                type="file"
                accept="image/png,image/jpeg,image/gif,image/webp"
              />
            </div>
            <button type="submit">{t('playbook.form.upload')}</button>
          </form>
        </section>
      )}
    </Layout>
  )
}

export function VersionsPage({
  ctx,
  data,
}: {
  ctx: ViewContext
  data: Awaited<ReturnType<typeof listEntryVersions>>
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('playbook.versions.title', { title: data.entry.title })}>
      <p class="eyebrow">
        <a href={`/playbook/${data.entry.id}`}>{data.entry.title}</a>
      </p>
      <h1>{t('playbook.versions.title', { title: data.entry.title })}</h1>
      <ol reversed>
        {data.versions.map((v) => (
          <li key={v.version.id}>
            <strong>{t('playbook.versions.version', { version: v.version.version })}</strong>{' '}
            {t('playbook.versions.by', {
              name: v.editorName ?? t('playbook.versions.unknown'),
              date: formatDate(ctx.locale, v.version.editedAt),
            })}
            {' · '}
            {t('playbook.versions.changed', {
              fields: v.changed
                .map((f) =>
                  f === 'created' ? t('playbook.versions.created') : t(`playbook.versions.fieldNames.${f}`),
                )
                .join(', '),
            })}
          </li>
        ))}
      </ol>
    </Layout>
  )
}

export function PartnershipSection({
  ctx,
  stories,
}: {
  ctx: ViewContext
  stories: { id: string; title: string }[]
}) {
  const { t } = ctx
  return (
    <section aria-labelledby="playbook-heading">
      <h2 id="playbook-heading">{t('playbook.nav')}</h2>
      {stories.length > 0 && (
        <ul>
          {stories.map((s) => (
            <li key={s.id}>
              <a href={`/playbook/${s.id}`}>{s.title}</a>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/playbook?tag=partnership">{t('playbook.links.partnershipTips')}</a>
      </p>
    </section>
  )
}

/**
 * The top of a page where "use this" lets the board choose where a template goes: what happens with the chosen
 * template, or, without one, the templates of that kind to choose from (and the way to the Wissenswerk).
 */
export function TemplateChoiceIntro({
  ctx,
  target,
  used,
  templates,
  intro,
}: {
  ctx: ViewContext
  target: TemplateTarget
  used: { id: string; title: string } | undefined
  templates: { id: string; title: string }[]
  intro: string
}) {
  const { t } = ctx
  if (used) return <p>{intro}</p>
  return (
    <section aria-labelledby="template-choice">
      <h2 id="template-choice">{t('playbook.links.templatesTitle')}</h2>
      {templates.length > 0 && (
        <ul>
          {templates.map((tpl) => (
            <li key={tpl.id}>
              <a href={useTemplateHref({ id: tpl.id, templateFor: target })}>{tpl.title}</a>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={`/playbook?for=${target}`}>{t('playbook.links.allTemplates')}</a>
      </p>
    </section>
  )
}
