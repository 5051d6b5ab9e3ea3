import type { Messages } from '../../platform/i18n/types.js'

export const de = {
  myData: {
    title: 'Meine Daten',
    intro:
      'Hier siehst du, was die Plattform über dich speichert, und kannst alles als eine Datei herunterladen (Auskunft nach Art. 15 DSGVO).',
    noMember:
      'Dein Konto ist mit keiner Mitgliedschaft verbunden. Die Datei enthält dein Konto und alles, was du damit getan hast.',
    category: 'Bereich',
    entries: 'Einträge',
    total: 'Zusammen',
    download: 'Alle Daten herunterladen (JSON)',
    downloadHint:
      'Eine JSON-Datei, die du mit jedem Texteditor öffnen kannst. Das Herunterladen wird im Protokoll vermerkt.',
    withheld:
      'Nicht in der Datei: Passwort, Anmelde- und Kalender-Links, Zwei-Faktor-Geheimnis und Wiederherstellungscodes. Sie sagen nichts über dich, würden aber dein Konto öffnen; die Datei nennt nur, dass es sie gibt.',
    others:
      'Wo ein Eintrag andere Menschen nennt, steht statt ihrer Kennung „other-person“. Bei Dingen, die du für eine Gliederung getan hast (etwa einen Termin angelegt), steht nur, was und wann.',
    retention:
      'Nach deinem Austritt löscht die Plattform deine Daten nach {days} Tagen. Übrig bleiben nur Zählungen ohne Namen (etwa wie viele an einem Termin teilgenommen haben).',
    back: 'Zurück zu meinem Konto',
    accountLink: 'Meine Daten: ansehen und herunterladen',
  },
  categories: {
    account: 'Konto und Anmeldungen',
    membership: 'Mitgliedschaft und Einwilligungen',
    roles: 'Rollen',
    volunteering: 'Mitmachen (Freiwilligen-Pool)',
    events: 'Termine',
    help: 'Hilfe zwischen KVs',
    partnerships: 'Partnerschaften',
    agreements: 'Vereinbarungen und Protokolle',
    onboarding: 'Einstieg als neues Mitglied',
    mentoring: 'Mentoring',
    surveys: 'Befragungen',
    administration: 'Verwaltung',
    activity: 'Deine Aktionen im Protokoll',
  },
} as const

export const en: Messages<typeof de> = {
  myData: {
    title: 'My data',
    intro:
      'What the platform stores about you, and a download of all of it as one file (access under Art. 15 GDPR).',
    noMember:
      'Your account is not linked to a membership. The file holds your account and everything you did with it.',
    category: 'Area',
    entries: 'Entries',
    total: 'Total',
    download: 'Download all data (JSON)',
    downloadHint: 'A JSON file that any text editor opens. The download is recorded in the audit log.',
    withheld:
      'Not in the file: password, login and calendar links, two-factor secret and recovery codes. They say nothing about you but would open your account; the file only says that they exist.',
    others:
      'Where an entry names other people, their id is replaced by "other-person". For things you did for a unit (such as creating an event), only what and when is given.',
    retention:
      'After you leave, the platform erases your data after {days} days. Only counts without names remain (such as how many people attended an event).',
    back: 'Back to my account',
    accountLink: 'My data: view and download',
  },
  categories: {
    account: 'Account and logins',
    membership: 'Membership and consents',
    roles: 'Roles',
    volunteering: 'Taking part (volunteer pool)',
    events: 'Events',
    help: 'Help between districts',
    partnerships: 'Partnerships',
    agreements: 'Agreements and minutes',
    onboarding: 'Getting started as a new member',
    mentoring: 'Mentoring',
    surveys: 'Surveys',
    administration: 'Administration',
    activity: 'Your actions in the audit log',
  },
}
