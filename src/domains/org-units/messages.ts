import type { Messages } from '../../platform/i18n/types.js'

export const de = {
  page: {
    population: 'Einwohner:innen',
    area: 'Fläche',
    areaValue: '{value} km²',
    state: 'Land',
    localGroups: 'Gliederungen',
    noLocalGroups: 'Noch keine Gliederungen eingetragen.',
    members: 'Mitglieder',
    memberList: 'Mitgliederliste',
    territory: 'Gebiet',
    ags: 'Amtlicher Gemeindeschlüssel {ags}',
  },
} as const

export const en: Messages<typeof de> = {
  page: {
    population: 'Inhabitants',
    area: 'Area',
    areaValue: '{value} km²',
    state: 'State',
    localGroups: 'Local groups',
    noLocalGroups: 'No local groups yet.',
    members: 'Members',
    memberList: 'Member list',
    territory: 'Territory',
    ags: 'Official key {ags}',
  },
}
