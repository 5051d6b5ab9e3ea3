import {
  CsrfField,
  ErrorSummary,
  Field,
  type FormState,
  SelectField,
  TextareaField,
} from '../../../platform/views/components.js'
import type { ViewContext } from '../../../platform/views/context.js'
import { Layout } from '../../../platform/views/layout.js'
import type { OrgUnit } from '../../org-units/index.js'
import { blockingProblems, type MotionLine, sectionsOf } from '../motion-text.js'
import type { ImportPreview } from '../service/index.js'
import { resolutionVisibilities } from '../tables.js'
import { UnitChoices } from './shared.js'

/** The lines of a motion with their numbers, headings as headings, items as items. */
export function MotionLines({
  ctx,
  lines,
  idPrefix,
}: {
  ctx: ViewContext
  lines: readonly MotionLine[]
  idPrefix?: string
}) {
  return (
    <ol class="motion-lines" aria-label={ctx.t('resolutions.lines.label')}>
      {lines.map((l) => (
        <li
          key={l.number}
          value={l.number}
          id={idPrefix ? `${idPrefix}${l.number}` : undefined}
          class={`motion-line motion-line--${l.kind}${l.paragraphStart ? ' motion-line--paragraph' : ''}`}
          data-level={l.level}
        >
          <span class="motion-line__number" aria-hidden="true">
            {l.number}
          </span>{' '}
          {l.kind === 'heading' ? <strong>{l.text}</strong> : l.kind === 'item' ? `• ${l.text}` : l.text}
        </li>
      ))}
    </ol>
  )
}

export function ImportPage(props: {
  ctx: ViewContext
  unit: OrgUnit
  candidates: OrgUnit[]
  form: FormState
  addressees?: readonly string[]
  preview?: ImportPreview
}) {
  const { ctx, unit, candidates, form, preview } = props
  const { t } = ctx
  const parsed = preview?.parsed ?? null
  const header = preview?.header
  const values = form.values ?? {}
  const checked = new Set(props.addressees ?? [])
  const title = t('resolutions.import.title', { unit: unit.name })
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{t('resolutions.import.intro')}</p>
      <ErrorSummary ctx={ctx} form={form} />
      {parsed && (
        <section aria-labelledby="preview-heading" class="stack">
          <h2 id="preview-heading">{t('resolutions.import.previewHeading')}</h2>
          <p>
            {t(parsed.numbered ? 'resolutions.import.numbered' : 'resolutions.import.unnumbered', {
              lines: parsed.lines.length,
              sections: sectionsOf(parsed.lines).length,
            })}
          </p>
          {parsed.problems.length > 0 && (
            <div
              class={preview?.blocked ? 'error-summary' : 'notice'}
              role={preview?.blocked ? 'alert' : undefined}
            >
              <p>
                <strong>
                  {t(preview?.blocked ? 'resolutions.import.blocked' : 'resolutions.import.warnings')}
                </strong>
              </p>
              <ul>
                {parsed.problems.map((p) => (
                  <li key={`${p.code}-${p.sourceLine}`}>
                    {p.sourceLine > 0 && `${t('resolutions.import.atLine', { line: p.sourceLine })}: `}
                    {t(`resolutions.import.problems.${p.code}`, { number: p.number ?? '' })}
                    {blockingProblems.has(p.code) ? '' : ` (${t('resolutions.import.warning')})`}
                    {p.excerpt && (
                      <>
                        {' '}
                        <q>{p.excerpt}</q>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {parsed.lines.length > 0 && (
            <details open={parsed.lines.length <= 60}>
              <summary>{t('resolutions.import.showLines', { lines: parsed.lines.length })}</summary>
              <MotionLines ctx={ctx} lines={parsed.lines} />
            </details>
          )}
        </section>
      )}
      <form
        method="post"
        action={`/units/${unit.id}/resolutions/import`}
        enctype="multipart/form-data"
        class="stack"
        novalidate
      >
        <CsrfField ctx={ctx} />
        {header && (
          <fieldset>
            <legend>{t('resolutions.import.headerLegend')}</legend>
            <Field
              ctx={ctx}
              form={form}
              name="code"
              label={t('resolutions.fields.code')}
              value={header.code ?? ''}
            />
            <Field
              ctx={ctx}
              form={form}
              name="title"
              label={t('resolutions.fields.title')}
              value={header.title ?? ''}
              required
            />
            <Field
              ctx={ctx}
              form={form}
              name="committee"
              label={t('resolutions.fields.committee')}
              value={header.committee ?? ''}
            />
            <Field
              ctx={ctx}
              form={form}
              name="decidedOn"
              type="date"
              label={t('resolutions.fields.decidedOn')}
              value={header.decidedOn ?? ''}
            />
            <Field
              ctx={ctx}
              form={form}
              name="agendaItem"
              label={t('resolutions.fields.agendaItem')}
              value={header.agendaItem ?? ''}
            />
          </fieldset>
        )}
        <TextareaField
          ctx={ctx}
          form={form}
          name="text"
          label={t('resolutions.fields.text')}
          hint={t('resolutions.import.textHint')}
          rows={parsed ? 8 : 16}
          value={values.text ?? ''}
        />
        {!parsed && (
          <div class="field">
            <label for="f-file">{t('resolutions.fields.file')}</label>
            <p class="hint" id="f-file-hint">
              {t('resolutions.import.fileHint')}
            </p>
            <input
              id="f-file"
              type="file"
              name="file"
              accept=".txt,.md,text/plain,text/markdown"
              aria-describedby="f-file-hint"
            />
          </div>
        )}
        <SelectField
          ctx={ctx}
          form={form}
          name="visibility"
          label={t('resolutions.fields.visibility')}
          value={values.visibility ?? 'members'}
          options={resolutionVisibilities.map((v) => ({
            value: v,
            label: t(`resolutions.visibilities.${v}`),
          }))}
        />
        {candidates.length > 0 && (
          <UnitChoices
            ctx={ctx}
            name="addressees"
            legend={t('resolutions.fields.addressees')}
            error={form.errors?.addressees}
            units={candidates}
            checked={checked}
          />
        )}
        <div class="actions">
          <button
            type="submit"
            name="step"
            value="preview"
            class={parsed && !preview?.blocked ? 'button--secondary' : undefined}
          >
            {t(parsed ? 'resolutions.import.previewAgain' : 'resolutions.import.preview')}
          </button>{' '}
          {parsed && !preview?.blocked && (
            <button type="submit" name="step" value="confirm">
              {t('resolutions.import.confirm')}
            </button>
          )}
        </div>
      </form>
    </Layout>
  )
}
