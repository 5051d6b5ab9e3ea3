import type { Messages } from '../../platform/i18n/types.js'

export const de = {
  list: {
    title: 'Mitglieder von {unit}',
    number: 'Mitgliedsnummer',
    name: 'Name',
    postalCode: 'PLZ',
    enteredOn: 'Eintritt',
    empty: 'Keine Mitglieder.',
  },
} as const

export const en: Messages<typeof de> = {
  list: {
    title: 'Members of {unit}',
    number: 'Member number',
    name: 'Name',
    postalCode: 'Postal code',
    enteredOn: 'Joined',
    empty: 'No members.',
  },
}
