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
  chain: {
    title: 'Schutz vor nachträglichen Änderungen',
    intro:
      'Die Datenbank lässt keinen Eintrag ändern oder löschen. Jede Minute werden die neuen Einträge in eine Hash-Kette aufgenommen: Wer einen Eintrag mit Administrationsrechten an der Datenbank ändert, löscht oder nachträglich einschiebt, bricht sie.',
    sealed: 'In die Kette aufgenommen bis Eintrag Nr. {seq}, zuletzt am {at}.',
    nothingSealed: 'Noch kein Eintrag in die Kette aufgenommen.',
    pending: 'Noch nicht aufgenommen: {count}.',
    head: 'Prüfsumme des letzten aufgenommenen Eintrags',
    headHint:
      'Notiere sie außerhalb der Plattform: Wer die ganze Kette neu berechnet, um eine Änderung zu verbergen, kommt auf eine andere.',
    checkOk: 'Zuletzt geprüft am {at}: unversehrt bis Eintrag Nr. {upTo} ({rows} Einträge).',
    checkOkEmpty: 'Zuletzt geprüft am {at}: noch nichts zu prüfen.',
    checkBroken: 'Zuletzt geprüft am {at}: Die Kette ist bei Eintrag Nr. {brokenAt} gebrochen.',
    reasons: {
      mismatch: 'Der Eintrag oder sein Kettenglied wurde geändert.',
      missing_row: 'Der Eintrag wurde gelöscht.',
      unsealed_row: 'Der Eintrag wurde nachträglich eingefügt, oder sein Kettenglied wurde gelöscht.',
    },
    neverChecked: 'Noch nicht geprüft. Die Prüfung läuft stündlich.',
    verify: 'Kette jetzt prüfen',
  },
  flash: {
    intact: 'Die Kette ist unversehrt.',
    broken: 'Die Kette ist gebrochen. Wo, steht unter „Schutz vor nachträglichen Änderungen“.',
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
  chain: {
    title: 'Protection against later changes',
    intro:
      'The database lets no entry be changed or deleted. Every minute the new entries are taken into a hash chain: whoever changes, deletes or slips in an entry with administrative rights on the database breaks it.',
    sealed: 'Chained up to entry no. {seq}, last on {at}.',
    nothingSealed: 'No entry chained yet.',
    pending: 'Not chained yet: {count}.',
    head: 'Checksum of the last chained entry',
    headHint:
      'Note it down outside the platform: anyone who recomputes the whole chain to hide a change arrives at a different one.',
    checkOk: 'Last checked on {at}: intact up to entry no. {upTo} ({rows} entries).',
    checkOkEmpty: 'Last checked on {at}: nothing to check yet.',
    checkBroken: 'Last checked on {at}: the chain is broken at entry no. {brokenAt}.',
    reasons: {
      mismatch: 'The entry or its link was changed.',
      missing_row: 'The entry was deleted.',
      unsealed_row: 'The entry was inserted afterwards, or its link was deleted.',
    },
    neverChecked: 'Not checked yet. The check runs every hour.',
    verify: 'Check the chain now',
  },
  flash: {
    intact: 'The chain is intact.',
    broken: 'The chain is broken. Where, is shown under "Protection against later changes".',
  },
}
