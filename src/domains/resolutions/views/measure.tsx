import type { ComponentChildren } from 'preact'
import { formatDate, formatDateTime } from '../../../platform/i18n/index.js'
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
import { type IndicatorKey, indicatorKeys } from '../indicators.js'
import type { viewMeasure, viewMeasureForm } from '../service/index.js'
import { evidenceKinds, measureStatuses } from '../tables.js'
import { MotionLines } from './import.js'
import { lineRange, MonthsChart, progressText, StatusBadge, UnitChoices } from './shared.js'

type FormData = Awaited<ReturnType<typeof viewMeasureForm>>
type MeasureData = Awaited<ReturnType<typeof viewMeasure>>

/** A select's options: "none" (empty) first, then each key with its label. */
const noneOr = <K extends string>(none: string, keys: readonly K[], label: (k: K) => string) => [
  { value: '', label: none },
  ...keys.map((k) => ({ value: k, label: label(k) })),
]

export function MeasureFormPage(props: {
  ctx: ViewContext
  data: FormData
  form: FormState
  from?: number
  to?: number
  unitIds?: readonly string[]
}) {
  const { ctx, data, form } = props
  const { t } = ctx
  const r = data.resolution
  const chosen = new Set(props.unitIds ?? [])
  const from = props.from ?? data.lines[0]?.number ?? 1
  const to = props.to ?? from
  const quoted = data.lines.filter((l) => l.number >= from && l.number <= to)
  const title = t('resolutions.measureForm.title')
  return (
    <Layout ctx={ctx} title={title}>
      <p class="eyebrow">
        <a href={`/resolutions/${r.id}`}>{r.code ? `${r.code} ${r.title}` : r.title}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary ctx={ctx} form={form} />
      {quoted.length > 0 && (
        <section aria-labelledby="quote-heading">
          <h2 id="quote-heading">{lineRange(ctx, from, to)}</h2>
          <MotionLines ctx={ctx} lines={quoted} />
        </section>
      )}
      <form method="post" action={`/resolutions/${r.id}/measures`} class="stack" novalidate>
        <CsrfField ctx={ctx} />
        <MeasureFields ctx={ctx} form={form} from={from} to={to}>
          <UnitChoices
            ctx={ctx}
            name="unitIds"
            legend={t('resolutions.fields.responsible')}
            hint={t('resolutions.measureForm.responsibleHint')}
            error={form.errors?.unitIds}
            units={data.candidates}
            checked={chosen}
          />
        </MeasureFields>
        <button type="submit">{t('resolutions.measureForm.submit')}</button>
      </form>
    </Layout>
  )
}

/** The fields of a measure, for making one and for changing it; `children` (the responsible units) after the lines. */
export function MeasureFields(props: {
  ctx: ViewContext
  form: FormState
  from: number
  to: number
  values?: Record<string, string>
  children?: ComponentChildren
}) {
  const { ctx, from, to } = props
  const { t } = ctx
  // A form shown again keeps what was typed; a changed measure starts from what it is.
  const form: FormState =
    props.form.values || !props.values ? props.form : { ...props.form, values: props.values }
  return (
    <>
      <Field ctx={ctx} form={form} name="title" label={t('resolutions.fields.measureTitle')} required />
      <Field
        ctx={ctx}
        form={form}
        name="fromLine"
        type="number"
        inputmode="numeric"
        label={t('resolutions.fields.fromLine')}
        value={String(from)}
        required
      />
      <Field
        ctx={ctx}
        form={form}
        name="toLine"
        type="number"
        inputmode="numeric"
        label={t('resolutions.fields.toLine')}
        value={String(to)}
        required
      />
      {props.children}
      <Field
        ctx={ctx}
        form={form}
        name="responsibleNote"
        label={t('resolutions.fields.responsibleNote')}
        hint={t('resolutions.measureForm.responsibleNoteHint')}
      />
      <Field ctx={ctx} form={form} name="dueOn" type="date" label={t('resolutions.fields.dueOn')} />
      <Field
        ctx={ctx}
        form={form}
        name="dueText"
        label={t('resolutions.fields.dueText')}
        hint={t('resolutions.measureForm.dueTextHint')}
      />
      <SelectField
        ctx={ctx}
        form={form}
        name="indicator"
        label={t('resolutions.fields.indicator')}
        options={noneOr(t('resolutions.measureForm.noIndicator'), indicatorKeys, (k) =>
          t(`resolutions.indicators.${k}`),
        )}
      />
      <Field
        ctx={ctx}
        form={form}
        name="indicatorTarget"
        type="number"
        inputmode="numeric"
        label={t('resolutions.fields.indicatorTarget')}
        hint={t('resolutions.measureForm.targetHint')}
      />
    </>
  )
}

export function MeasurePage({ ctx, data, form }: { ctx: ViewContext; data: MeasureData; form: FormState }) {
  const { t } = ctx
  const m = data.measure
  const r = data.resolution.resolution
  return (
    <Layout ctx={ctx} title={m.title}>
      <p class="eyebrow">
        <a href={`/resolutions/${r.id}`}>{r.code ? `${r.code} ${r.title}` : r.title}</a>
      </p>
      <h1>{m.title}</h1>
      {data.canManage && (
        <p>
          <a href={`/measures/${m.id}/edit`}>{t('resolutions.edit.measureLink')}</a>
        </p>
      )}
      <dl class="facts">
        <dt>{t('resolutions.fields.responsible')}</dt>
        <dd>
          <a href={`/units/${data.unit.id}/resolutions`}>{data.unit.name}</a>
          {m.responsibleNote && ` (${m.responsibleNote})`}
        </dd>
        <dt>{t('resolutions.fields.status')}</dt>
        <dd>
          <StatusBadge ctx={ctx} status={data.status} />
        </dd>
        <dt>{t('resolutions.fields.progress')}</dt>
        <dd>{progressText(m)}</dd>
        {(m.dueOn || m.dueText) && (
          <>
            <dt>{t('resolutions.fields.dueOn')}</dt>
            <dd>
              {m.dueOn && formatDate(ctx.locale, m.dueOn)}
              {m.dueText && ` („${m.dueText}“)`}
            </dd>
          </>
        )}
      </dl>
      <h2>{lineRange(ctx, m.fromLine, m.toLine)}</h2>
      <blockquote>{m.quote}</blockquote>
      {m.indicator && data.months && (
        <section aria-labelledby="indicator-heading">
          <h2 id="indicator-heading">{t(`resolutions.indicators.${m.indicator as IndicatorKey}`)}</h2>
          <p>
            {t(`resolutions.indicator.targets.${m.indicator as IndicatorKey}`, {
              target: m.indicatorTarget ?? 1,
            })}
          </p>
          <MonthsChart
            ctx={ctx}
            months={data.months}
            target={m.indicatorTarget ?? 1}
            indicator={m.indicator as IndicatorKey}
          />
        </section>
      )}
      <section aria-labelledby="notes-heading" class="stack">
        <h2 id="notes-heading">{t('resolutions.measure.notesHeading')}</h2>
        {data.notes.length === 0 && <p>{t('resolutions.measure.noNotes')}</p>}
        <ul class="stack">
          {data.notes.map(({ note, author, evidenceShown }) => (
            <li key={note.id}>
              <p class="hint">
                {formatDateTime(ctx.locale, note.createdAt)} ·{' '}
                {author ?? t('resolutions.measure.unknownAuthor')} ·{' '}
                {t(`resolutions.statuses.${note.status}`)} · {note.progress} %
              </p>
              <p>{note.note}</p>
              {note.evidenceUrl && (
                <p>
                  {t('resolutions.measure.evidence')}:{' '}
                  {evidenceShown ? (
                    <a href={note.evidenceUrl} rel="noopener noreferrer">
                      {t(`resolutions.evidenceKinds.${note.evidenceKind ?? 'document'}`)}
                    </a>
                  ) : (
                    <>
                      {t(`resolutions.evidenceKinds.${note.evidenceKind ?? 'document'}`)}{' '}
                      <span class="hint">({t('resolutions.measure.evidenceHidden')})</span>
                    </>
                  )}
                </p>
              )}
            </li>
          ))}
        </ul>
        {data.canReport && (
          <form method="post" action={`/measures/${m.id}/progress`} class="stack" novalidate>
            <h3>{t('resolutions.measure.report')}</h3>
            <ErrorSummary ctx={ctx} form={form} />
            <CsrfField ctx={ctx} />
            <TextareaField
              ctx={ctx}
              form={form}
              name="note"
              label={t('resolutions.fields.note')}
              rows={4}
              required
            />
            <SelectField
              ctx={ctx}
              form={form}
              name="status"
              label={t('resolutions.fields.status')}
              value={m.status}
              options={measureStatuses.map((s) => ({ value: s, label: t(`resolutions.statuses.${s}`) }))}
            />
            <Field
              ctx={ctx}
              form={form}
              name="progress"
              type="number"
              inputmode="numeric"
              label={t('resolutions.fields.progressPercent')}
              value={String(m.progress)}
            />
            <fieldset>
              <legend>{t('resolutions.measure.evidenceLegend')}</legend>
              <SelectField
                ctx={ctx}
                form={form}
                name="evidenceKind"
                label={t('resolutions.fields.evidenceKind')}
                options={noneOr(t('resolutions.measure.noEvidence'), evidenceKinds, (k) =>
                  t(`resolutions.evidenceKinds.${k}`),
                )}
              />
              <Field
                ctx={ctx}
                form={form}
                name="evidenceUrl"
                label={t('resolutions.fields.evidenceUrl')}
                hint={t('resolutions.measure.evidenceHint')}
              />
            </fieldset>
            <button type="submit">{t('resolutions.measure.submit')}</button>
          </form>
        )}
      </section>
    </Layout>
  )
}
