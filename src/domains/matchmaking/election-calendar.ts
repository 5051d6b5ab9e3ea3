import type { ElectionKind } from './tables.js'

/**
 * The shipped election calendar: state and municipal elections per state, each with where the date comes
 * from. The federal office loads it on /matchmaking/elections (rows already there stay) and adds or removes
 * dates there. A provisional date is the one the state's legislative period points to; the state has not
 * set it yet, so the office replaces it once the state's election officer publishes the date.
 */
export type ShippedElection = {
  stateAgs: string
  kind: ElectionKind
  heldOn: string
  provisional: boolean
  source: string
}

const officer = (state: string) => `Landeswahlleitung ${state}, Bekanntmachung des Wahltags`
const period = (state: string, last: string) =>
  `Wahlperiode laut Landesverfassung ${state} (letzte Wahl ${last}); Termin noch nicht festgesetzt`

export const shippedElections: readonly ShippedElection[] = [
  // 2026: set by the states.
  {
    stateAgs: '08',
    kind: 'state',
    heldOn: '2026-03-08',
    provisional: false,
    source: officer('Baden-Württemberg'),
  },
  { stateAgs: '09', kind: 'municipal', heldOn: '2026-03-08', provisional: false, source: officer('Bayern') },
  { stateAgs: '06', kind: 'municipal', heldOn: '2026-03-15', provisional: false, source: officer('Hessen') },
  {
    stateAgs: '07',
    kind: 'state',
    heldOn: '2026-03-22',
    provisional: false,
    source: officer('Rheinland-Pfalz'),
  },
  {
    stateAgs: '15',
    kind: 'state',
    heldOn: '2026-09-06',
    provisional: false,
    source: officer('Sachsen-Anhalt'),
  },
  {
    stateAgs: '03',
    kind: 'municipal',
    heldOn: '2026-09-13',
    provisional: false,
    source: officer('Niedersachsen'),
  },
  {
    stateAgs: '13',
    kind: 'state',
    heldOn: '2026-09-20',
    provisional: false,
    source: officer('Mecklenburg-Vorpommern'),
  },
  { stateAgs: '11', kind: 'state', heldOn: '2026-09-20', provisional: false, source: officer('Berlin') },
  // 2027 and 2028: expected from the legislative periods.
  {
    stateAgs: '10',
    kind: 'state',
    heldOn: '2027-03-28',
    provisional: true,
    source: period('Saarland', '27.03.2022'),
  },
  {
    stateAgs: '01',
    kind: 'state',
    heldOn: '2027-05-09',
    provisional: true,
    source: period('Schleswig-Holstein', '08.05.2022'),
  },
  {
    stateAgs: '05',
    kind: 'state',
    heldOn: '2027-05-16',
    provisional: true,
    source: period('Nordrhein-Westfalen', '15.05.2022'),
  },
  {
    stateAgs: '04',
    kind: 'state',
    heldOn: '2027-05-23',
    provisional: true,
    source: period('Bremen', '14.05.2023'),
  },
  {
    stateAgs: '03',
    kind: 'state',
    heldOn: '2027-10-10',
    provisional: true,
    source: period('Niedersachsen', '09.10.2022'),
  },
  {
    stateAgs: '09',
    kind: 'state',
    heldOn: '2028-10-08',
    provisional: true,
    source: period('Bayern', '08.10.2023'),
  },
  {
    stateAgs: '06',
    kind: 'state',
    heldOn: '2028-10-08',
    provisional: true,
    source: period('Hessen', '08.10.2023'),
  },
]
