/**
 * A questionnaire as data: the questions of one version, in order, and what a set of answers to it is.
 * Pure functions only, so the builder, the answer form, the phone entry and the tests share one reading.
 */

export const questionKinds = ['single', 'multiple', 'scale', 'number', 'short_text', 'long_text'] as const
export type QuestionKind = (typeof questionKinds)[number]

export type Option = { key: string; label: string }

export type Question = {
  /** Stable across versions, so results of versions can be set side by side. */
  key: string
  kind: QuestionKind
  text: string
  required: boolean
  /** A heading shown before this question: the start of a section. */
  section: string | null
  /** single and multiple choice */
  options: Option[]
  /** scale: the labels of 1 and 5 */
  scale: { low: string; high: string } | null
  /** Shown only when the answer to an earlier choice or scale question includes this option (or scale value). */
  showIf: { question: string; equals: string } | null
  /**
   * "May feed the volunteer pool": the answer goes into the member's pool profile, only with the pool's consent.
   * `hours` on a number question (hours a month), `skills` on a multiple choice named like the pool's skills.
   */
  feedsPool?: 'hours' | 'skills' | null
}

export type Questionnaire = { questions: Question[] }

export const SCALE = [1, 2, 3, 4, 5] as const
export const NUMBER_LIMIT = 1_000_000
export const SHORT_TEXT_MAX = 200
export const LONG_TEXT_MAX = 4000

/** One answer as it is stored: chosen options, a number (scale or number) or a text. */
export type Answer =
  | { kind: 'options'; options: string[] }
  | { kind: 'number'; value: number }
  | { kind: 'text'; value: string }

export type AnswerSet = Map<string, Answer>

/** Whether an answer includes the option or value a condition asks for. */
function matches(answer: Answer | undefined, equals: string) {
  if (!answer) return false
  if (answer.kind === 'options') return answer.options.includes(equals)
  if (answer.kind === 'number') return String(answer.value) === equals
  return false
}

/** The questions shown for these answers: a question whose condition does not hold is skipped. */
export function visibleQuestions(q: Questionnaire, answers: AnswerSet): Question[] {
  const shown = new Set<string>()
  const out: Question[] = []
  for (const question of q.questions) {
    const cond = question.showIf
    if (cond && !(shown.has(cond.question) && matches(answers.get(cond.question), cond.equals))) continue
    shown.add(question.key)
    out.push(question)
  }
  return out
}

/** The questions a condition may refer to from position `index` on: earlier choice and scale questions. */
export function conditionSources(q: Questionnaire, index = q.questions.length): Question[] {
  return q.questions
    .slice(0, index)
    .filter((x) => x.kind === 'single' || x.kind === 'multiple' || x.kind === 'scale')
}

/** The values a condition on this question may name. */
export function conditionValues(question: Question): Option[] {
  if (question.kind === 'scale') return SCALE.map((n) => ({ key: String(n), label: String(n) }))
  return question.options
}

/** Drops control characters other than tab and line breaks. */
const withoutControls = (s: string) =>
  [...s]
    .filter((c) => {
      const n = c.charCodeAt(0)
      return n === 9 || n === 10 || n === 13 || (n >= 32 && n !== 127)
    })
    .join('')

export const fieldName = (key: string) => `q_${key}`

export type AnswerErrors = Record<string, 'required' | 'invalid' | 'tooLong'>

const asList = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []

/**
 * Reads a submitted form against the questionnaire: the answers to the questions shown (answers to skipped
 * questions are dropped), and an error per field for a missing required answer or a value that does not fit.
 */
export function readAnswers(
  q: Questionnaire,
  body: Record<string, unknown>,
): { answers: AnswerSet; errors: AnswerErrors; values: Record<string, string[]> } {
  const raw = new Map<string, Answer>()
  const errors: AnswerErrors = {}
  const values: Record<string, string[]> = {}
  for (const question of q.questions) {
    const name = fieldName(question.key)
    const given = asList(body[name])
      .map((s) => s.trim())
      .filter((s) => s !== '')
    values[name] = given
    if (given.length === 0) continue
    switch (question.kind) {
      case 'single':
      case 'multiple': {
        const keys = new Set(question.options.map((o) => o.key))
        const chosen = [...new Set(given)]
        if (chosen.some((k) => !keys.has(k)) || (question.kind === 'single' && chosen.length > 1))
          errors[name] = 'invalid'
        else raw.set(question.key, { kind: 'options', options: chosen })
        break
      }
      case 'scale':
      case 'number': {
        const n = given.length === 1 && /^-?\d{1,7}$/.test(given[0]!) ? Number(given[0]) : Number.NaN
        const ok =
          question.kind === 'scale'
            ? SCALE.includes(n as (typeof SCALE)[number])
            : Number.isInteger(n) && Math.abs(n) <= NUMBER_LIMIT
        if (!ok) errors[name] = 'invalid'
        else raw.set(question.key, { kind: 'number', value: n })
        break
      }
      default: {
        const max = question.kind === 'short_text' ? SHORT_TEXT_MAX : LONG_TEXT_MAX
        const text = given.join('\n')
        if (text.length > max) errors[name] = 'tooLong'
        // Control characters other than line breaks and tabs have no place in an answer.
        else
          raw.set(question.key, {
            kind: 'text',
            value: withoutControls(text),
          })
      }
    }
  }
  const shown = visibleQuestions(q, raw)
  const answers: AnswerSet = new Map()
  for (const question of shown) {
    const a = raw.get(question.key)
    const name = fieldName(question.key)
    if (a) answers.set(question.key, a)
    else if (question.required && !errors[name]) errors[name] = 'required'
  }
  // Errors of skipped questions do not count: the person did not see them.
  const shownNames = new Set(shown.map((x) => fieldName(x.key)))
  for (const name of Object.keys(errors)) if (!shownNames.has(name)) delete errors[name]
  return { answers, errors, values }
}

/** The rows an answer set becomes: one per chosen option, one per number or text. */
export function answerRows(answers: AnswerSet) {
  const rows: {
    questionKey: string
    option: string | null
    numberValue: number | null
    textValue: string | null
  }[] = []
  for (const [questionKey, a] of answers) {
    if (a.kind === 'options')
      for (const option of a.options) rows.push({ questionKey, option, numberValue: null, textValue: null })
    else if (a.kind === 'number')
      rows.push({ questionKey, option: null, numberValue: a.value, textValue: null })
    else rows.push({ questionKey, option: null, numberValue: null, textValue: a.value })
  }
  return rows
}
