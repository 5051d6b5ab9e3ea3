import {
  electionDates,
  municipalTwinTowns,
  seekingProfiles,
  shippedElections,
} from '../domains/matchmaking/index.js'
import type { DbOrTx } from '../platform/db/types.js'
import { lookupDemoUnit } from './units.js'

/**
 * Municipal twin towns between East and West, as the federal office would import them: Gerlingen–Gefell
 * from seed 000, and twinnings from the years around 1989 that still exist.
 */
export const demoTwinTowns = [
  ['08118019', '16075131'], // Gerlingen – Gefell
  ['10044115', '12067120'], // Saarlouis – Eisenhüttenstadt
  ['09562000', '16053000'], // Erlangen – Jena
  ['02000000', '14612000'], // Hamburg – Dresden
  ['05314000', '12054000'], // Bonn – Potsdam
  ['07211000', '16055000'], // Trier – Weimar
  ['05124000', '13004000'], // Wuppertal – Schwerin
] as const

type DemoProfile = {
  ags: string
  looking: boolean
  seeks: string[]
  offers: string[]
  preferredStates: string[]
  maxTravelKm: number | null
  note: string
}

const profiles: DemoProfile[] = [
  {
    ags: '14626',
    looking: true,
    seeks: ['campaign_help', 'motivation', 'material'],
    offers: ['experience'],
    preferredStates: [],
    maxTravelKm: 600,
    note: 'Wir sind wenige und der Kreis ist groß. Zur Kommunalwahl brauchen wir Hände an den Infoständen und jemanden, der uns beim Plakatieren hilft.',
  },
  {
    ags: '09162',
    looking: true,
    seeks: ['experience', 'motivation'],
    offers: ['campaign_help', 'money', 'training'],
    preferredStates: ['12', '13', '14', '15', '16'],
    maxTravelKm: 600,
    note: 'Wir haben eine große Aktivengruppe und würden gern einen Kreisverband im Osten dauerhaft begleiten, auch mit Schulungen für neue Mitglieder.',
  },
  {
    ags: '13075',
    looking: true,
    seeks: ['campaign_help', 'material', 'training'],
    offers: ['motivation', 'experience'],
    preferredStates: [],
    maxTravelKm: 700,
    note: 'Lange Wege, kleine Ortsverbände. Wir erzählen gern, wie man auf dem Land Wahlkampf macht.',
  },
  {
    ags: '08311',
    looking: true,
    seeks: ['experience'],
    offers: ['campaign_help', 'money', 'material'],
    preferredStates: [],
    maxTravelKm: 500,
    note: '',
  },
  {
    ags: '03241',
    looking: false,
    seeks: [],
    offers: [],
    preferredStates: [],
    maxTravelKm: null,
    note: 'Wir haben gerade genug mit uns selbst zu tun; fragt uns nach der Landtagswahl wieder.',
  },
]

/** The partner finder's demo: the shipped election calendar, twin towns and a few seeking profiles. */
export async function seedDemoMatchmaking(tx: DbOrTx, now: Date) {
  await tx
    .insert(electionDates)
    .values([...shippedElections])
    .onConflictDoNothing()
  await tx
    .insert(municipalTwinTowns)
    .values(demoTwinTowns.map(([a, b]) => ({ municipalityAAgs: a, municipalityBAgs: b, importedAt: now })))
    .onConflictDoNothing()
  for (const p of profiles) {
    const unit = await lookupDemoUnit(tx, { kind: 'district', ags: p.ags })
    if (!unit) continue
    const { ags: _ags, ...values } = p
    await tx
      .insert(seekingProfiles)
      .values({ unitId: unit.id, ...values, updatedAt: now })
      .onConflictDoNothing()
  }
}
