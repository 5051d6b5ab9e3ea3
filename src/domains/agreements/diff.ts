import type { Clause } from './clauses.js'

export type WordPart = { op: 'same' | 'ins' | 'del'; text: string }

export type ClauseChange =
  | { kind: 'added'; clause: Clause }
  | { kind: 'removed'; clause: Clause }
  | { kind: 'unchanged'; clause: Clause }
  | {
      kind: 'changed'
      before: Clause
      after: Clause
      title: WordPart[]
      body: WordPart[]
      typeChanged: boolean
      paramsChanged: boolean
    }

/** Words with the whitespace that follows them, so the pieces join back into the text. */
function tokens(text: string) {
  return text.match(/\S+\s*|\s+/g) ?? []
}

/**
 * A word-level diff (longest common subsequence over words). Clauses are a few hundred words at
 * most, so the quadratic table stays small.
 */
export function diffWords(before: string, after: string): WordPart[] {
  const a = tokens(before)
  const b = tokens(after)
  const key = (s: string) => s.trimEnd()
  const n = a.length
  const m = b.length
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0))
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] =
        key(a[i]!) === key(b[j]!) ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
  const out: WordPart[] = []
  const push = (op: WordPart['op'], text: string) => {
    const last = out[out.length - 1]
    if (last && last.op === op) last.text += text
    else out.push({ op, text })
  }
  let i = 0
  let j = 0
  while (i < n && j < m) {
    if (key(a[i]!) === key(b[j]!)) {
      push('same', b[j]!)
      i++
      j++
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) push('del', a[i++]!)
    else push('ins', b[j++]!)
  }
  while (i < n) push('del', a[i++]!)
  while (j < m) push('ins', b[j++]!)
  return out
}

const sameParams = (x: Clause, y: Clause) => JSON.stringify(x.params) === JSON.stringify(y.params)

/**
 * Compares two versions clause by clause, matched by their stable key: clauses only in the
 * newer version are added, only in the older removed, and in both changed when type, title,
 * text or parameters differ. The result follows the newer version's order, removed clauses
 * where they stood.
 */
export function compareVersions(before: readonly Clause[], after: readonly Clause[]): ClauseChange[] {
  const old = new Map(before.map((c) => [c.key, c]))
  const kept = new Set(after.map((c) => c.key))
  const out: ClauseChange[] = []
  const removedBefore = (index: number) => {
    for (const c of before.slice(0, index))
      if (!kept.has(c.key) && !out.some((o) => o.kind === 'removed' && o.clause.key === c.key))
        out.push({ kind: 'removed', clause: c })
  }
  for (const clause of after) {
    const previous = old.get(clause.key)
    if (!previous) {
      out.push({ kind: 'added', clause })
      continue
    }
    removedBefore(before.indexOf(previous))
    const typeChanged = previous.type !== clause.type
    const paramsChanged = !sameParams(previous, clause)
    if (!typeChanged && !paramsChanged && previous.title === clause.title && previous.body === clause.body) {
      out.push({ kind: 'unchanged', clause })
    } else {
      out.push({
        kind: 'changed',
        before: previous,
        after: clause,
        title: diffWords(previous.title, clause.title),
        body: diffWords(previous.body, clause.body),
        typeChanged,
        paramsChanged,
      })
    }
  }
  removedBefore(before.length)
  return out
}
