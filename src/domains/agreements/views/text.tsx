import type { ViewContext } from '../../../platform/views/context.js'
import type { ClauseChange, WordPart } from '../diff.js'

/** A clause's text as paragraphs, split at blank lines. */
export function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n{2,}/)
        .filter((p) => p.trim() !== '')
        .map((p, i) => (
          <p key={i}>{p}</p>
        ))}
    </>
  )
}

/** Inserted and deleted words are marked up and announced in words, not by colour alone. */
export function WordDiff({ ctx, parts }: { ctx: ViewContext; parts: WordPart[] }) {
  const { t } = ctx
  return (
    <>
      {parts.map((p, i) =>
        p.op === 'same' ? (
          <span key={i}>{p.text}</span>
        ) : p.op === 'ins' ? (
          <ins key={i}>
            <span class="visually-hidden">{`[${t('agreements.compare.inserted')} `}</span>
            {p.text}
            <span class="visually-hidden">]</span>
          </ins>
        ) : (
          <del key={i}>
            <span class="visually-hidden">{`[${t('agreements.compare.deleted')} `}</span>
            {p.text}
            <span class="visually-hidden">]</span>
          </del>
        ),
      )}
    </>
  )
}

export function ClauseChangeItem({ ctx, change }: { ctx: ViewContext; change: ClauseChange }) {
  const { t } = ctx
  const label = <p class={`diff-kind diff-kind--${change.kind}`}>{t(`agreements.compare.${change.kind}`)}</p>
  if (change.kind === 'changed')
    return (
      <li class="diff-clause diff-clause--changed">
        {label}
        <h3>
          <WordDiff ctx={ctx} parts={change.title} />
        </h3>
        {change.typeChanged && (
          <p class="hint">
            {t('agreements.compare.typeChanged', {
              from: t(`agreements.clauseTypes.${change.before.type}`),
              to: t(`agreements.clauseTypes.${change.after.type}`),
            })}
          </p>
        )}
        {change.paramsChanged && <p class="hint">{t('agreements.compare.paramsChanged')}</p>}
        <p class="diff-body">
          <WordDiff ctx={ctx} parts={change.body} />
        </p>
      </li>
    )
  const Wrap = change.kind === 'added' ? 'ins' : change.kind === 'removed' ? 'del' : 'div'
  return (
    <li class={`diff-clause diff-clause--${change.kind}`}>
      {label}
      <Wrap class="diff-block">
        <h3>{change.clause.title}</h3>
        <Paragraphs text={change.clause.body} />
      </Wrap>
    </li>
  )
}
