import type { Question } from '../../src/domains/surveys/questionnaire.js'

/** A short questionnaire with every kind results count differently: one choice, a scale, several choices, free text. */
export const resultQuestions: Question[] = [
  {
    key: 'yes',
    kind: 'single',
    text: 'Warst du bei einem Treffen?',
    required: true,
    section: null,
    options: [
      { key: 'o1', label: 'Ja' },
      { key: 'o2', label: 'Nein' },
    ],
    scale: null,
    showIf: null,
  },
  {
    key: 'like',
    kind: 'scale',
    text: 'Wie gut fühlst du dich eingebunden?',
    required: true,
    section: null,
    options: [],
    scale: { low: 'gar nicht', high: 'sehr' },
    showIf: null,
  },
  {
    key: 'what',
    kind: 'multiple',
    text: 'Was würde dir helfen?',
    required: false,
    section: null,
    options: [
      { key: 'o1', label: 'Stammtisch' },
      { key: 'o2', label: 'Patenschaft' },
      { key: 'o3', label: 'Online-Treffen' },
    ],
    scale: null,
    showIf: null,
  },
  {
    key: 'free',
    kind: 'long_text',
    text: 'Was sollten wir besser machen?',
    required: false,
    section: null,
    options: [],
    scale: null,
    showIf: null,
  },
]
