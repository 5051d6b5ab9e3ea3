import type { Messages } from '../../platform/i18n/types.js'

export const de = {
  list: {
    title: 'Protokoll',
    intro: 'Jede Änderung, mit wer, in welcher Rolle, auf welcher Gliederung und wann. Neueste zuerst.',
    filter: 'Filtern',
    action: 'Aktion beginnt mit',
    actionHint: 'z. B. role. oder account.login',
    actor: 'E-Mail-Adresse der handelnden Person',
    apply: 'Anwenden',
    reset: 'Filter zurücksetzen',
    empty: 'Keine Einträge.',
    at: 'Zeit',
    who: 'Wer',
    role: 'Rolle',
    unit: 'Gliederung',
    what: 'Aktion',
    object: 'Objekt',
    system: 'System',
    anonymous: 'nicht angemeldet',
    none: 'keine',
  },
} as const

export const en: Messages<typeof de> = {
  list: {
    title: 'Audit log',
    intro: 'Every change, with who, in which role, on which unit and when. Newest first.',
    filter: 'Filter',
    action: 'Action starts with',
    actionHint: 'e.g. role. or account.login',
    actor: 'E-mail address of the person acting',
    apply: 'Apply',
    reset: 'Reset filters',
    empty: 'No entries.',
    at: 'Time',
    who: 'Who',
    role: 'Role',
    unit: 'Unit',
    what: 'Action',
    object: 'Object',
    system: 'System',
    anonymous: 'not logged in',
    none: 'none',
  },
}
