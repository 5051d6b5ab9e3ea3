import {
  type Event,
  eventHosts,
  eventSeries,
  events,
  expandMonthly,
  InclusionProfile,
  instantsOf,
} from '../domains/events/index.js'
import type { OrgUnit } from '../domains/org-units/index.js'
import type { DbOrTx } from '../platform/db/types.js'
import { fromLocal, localDay } from '../platform/time.js'
import { lookupDemoUnit as findUnit, type DemoUnitRef as Ref } from './units.js'

const saaleOrla: Ref = { kind: 'district', ags: '16075' }
const hamburgMitte: Ref = { kind: 'district', name: 'Hamburg-Mitte' }
const bremenMitteOst: Ref = { kind: 'district', name: 'Bremen Mitte/Ost' }
const neukoelln: Ref = { kind: 'district', name: 'Berlin-Neukölln' }

// Fixed codes keep the demo the same on every machine.
let codeCounter = 0
const demoCode = () => `DEMO${String(++codeCounter).padStart(2, '0')}`

type DemoEvent = Omit<typeof events.$inferInsert, 'checkInCode' | 'inclusion'> & {
  inclusion?: Partial<InclusionProfile>
}

async function insertEvent(tx: DbOrTx, hosts: OrgUnit[], values: DemoEvent): Promise<Event> {
  const [row] = await tx
    .insert(events)
    .values({ ...values, inclusion: InclusionProfile.parse(values.inclusion ?? {}), checkInCode: demoCode() })
    .returning()
  await tx.insert(eventHosts).values(hosts.map((h) => ({ eventId: row!.id, unitId: h.id })))
  return row!
}

/** A monthly series from the demo's "today" on, expanded into its events. */
async function insertSeries(
  tx: DbOrTx,
  host: OrgUnit,
  rule: { ordinal: 1 | 2 | 3 | 4 | -1; weekday: number; startTime: string; endTime: string },
  now: Date,
  values: Omit<DemoEvent, 'startsAt' | 'endsAt'>,
) {
  const [series] = await tx.insert(eventSeries).values(rule).returning()
  for (const o of expandMonthly(rule, now, 6)) {
    await insertEvent(tx, [host], { ...values, ...o, seriesId: series!.id })
  }
}

/** "YYYY-MM-DD" a number of days after now, on the Berlin calendar. */
const inDays = (now: Date, days: number) => localDay(new Date(now.getTime() + days * 86_400_000))

/**
 * The demo's events: monthly new-member meetings in several KVs, an info stand, a summer festival
 * with a panel, an online meeting for people with care duties, and a joint action day of the
 * Hamburg-Mitte–Saale-Orla partnership. Units the demo structure lacks are skipped.
 */
export async function seedDemoEvents(tx: DbOrTx, now: Date) {
  const [so, hh, hb, nk] = [
    await findUnit(tx, saaleOrla),
    await findUnit(tx, hamburgMitte),
    await findUnit(tx, bremenMitteOst),
    await findUnit(tx, neukoelln),
  ]
  const welcoming = {
    stepFree: true,
    accessibleToilet: true,
    childcare: { minAge: 1, maxAge: 10, signUpBy: null },
    childFriendly: { nursingSpace: true, changingTable: true },
    onlineParticipation: true,
  }

  if (so) {
    await insertSeries(tx, so, { ordinal: 1, weekday: 2, startTime: '19:00', endTime: '21:00' }, now, {
      type: 'neumitgliedertreffen',
      title: 'Neumitgliedertreffen Saale-Orla',
      description:
        'Jeden ersten Dienstag im Monat: Kennenlernen, Fragen stellen, erfahren, wo ihr mitmachen könnt. Wer nicht vor Ort sein kann, ist online dabei.',
      venueName: 'Kreisgeschäftsstelle',
      address: 'Markt 1, 07381 Pößneck',
      transitDirections: 'Bus 510 bis Pößneck Markt, von dort 2 Minuten zu Fuß.',
      onlineUrl: 'https://meet.example.org/neumitglieder-saale-orla',
      audience: 'own_members',
      status: 'published',
      hasFixedEnd: true,
      capacity: 25,
      inclusion: welcoming,
    })
  }
  if (hh) {
    await insertSeries(tx, hh, { ordinal: 2, weekday: 3, startTime: '18:30', endTime: '20:30' }, now, {
      type: 'neumitgliedertreffen',
      title: 'Neumitgliedertreffen Hamburg-Mitte',
      description: 'Jeden zweiten Mittwoch: Neue und alte Mitglieder lernen sich kennen.',
      venueName: 'Stadtteilbüro',
      address: 'Steindamm 10, 20099 Hamburg',
      transitDirections: 'U/S Hauptbahnhof, Ausgang Steintorplatz.',
      audience: 'public',
      status: 'published',
      inclusion: {
        stepFree: true,
        accessibleToilet: true,
        quietRoom: true,
        languages: ['Deutsch', 'Englisch', 'Türkisch'],
      },
    })
  }
  if (hb) {
    await insertSeries(tx, hb, { ordinal: -1, weekday: 4, startTime: '19:00', endTime: '21:00' }, now, {
      type: 'stammtisch',
      title: 'Kneipenabend Mitte/Ost',
      description: 'Unverbindlich ins Gespräch kommen: jeden letzten Donnerstag im Monat.',
      venueName: 'Viertelkneipe',
      address: 'Ostertorsteinweg 5, 28203 Bremen',
      audience: 'partner_members',
      status: 'published',
    })
    await insertEvent(tx, [hb], {
      type: 'infostand',
      title: 'Infostand am Ziegenmarkt',
      description:
        'Wir verteilen Material und kommen mit Nachbar:innen ins Gespräch. Helfende Hände willkommen!',
      ...instantsOf(inDays(now, 9), '10:00', '14:00'),
      venueName: 'Ziegenmarkt',
      address: 'Ziegenmarkt, 28203 Bremen',
      audience: 'public',
      status: 'published',
      capacity: 8,
    })
    const festDay = inDays(now, 30)
    await insertEvent(tx, [hb], {
      type: 'fest',
      title: 'Sommerfest am Weserwehr',
      description:
        'Musik, Essen, Spiele für Kinder und Gespräche über unsere Arbeit. Passant:innen sind herzlich eingeladen.',
      ...instantsOf(festDay, '14:00', '20:00'),
      venueName: 'Weserwehr',
      address: 'Am Weserwehr, 28205 Bremen',
      transitDirections: 'Straßenbahn 2 oder 3 bis Weserwehr.',
      audience: 'public',
      status: 'published',
      hasFixedEnd: true,
      inclusion: { ...welcoming, onlineParticipation: false, signLanguageOnRequest: true },
    })
    await insertEvent(tx, [hb], {
      type: 'podium',
      title: 'Podium beim Sommerfest: Was bringt die Bürgerschaft dem Viertel?',
      description: 'Mit Bürgerschaftsabgeordneten und unserer Kandidatin für den Bundestag.',
      ...instantsOf(festDay, '16:00', '17:30'),
      venueName: 'Zelt am Weserwehr',
      address: 'Am Weserwehr, 28205 Bremen',
      audience: 'public',
      status: 'published',
      hasFixedEnd: true,
      capacity: 80,
      inclusion: {
        stepFree: true,
        captionsOnRequest: true,
        signLanguageOnRequest: true,
        onlineParticipation: true,
      },
      onlineUrl: 'https://stream.example.org/podium-weserwehr',
    })
  }
  if (nk) {
    await insertEvent(tx, [nk], {
      type: 'online',
      title: 'Online-Treffen für Eltern und Pflegende',
      description: 'Mitreden ohne Anfahrt: ein kurzes Treffen am Abend, wenn die Kinder schlafen.',
      ...instantsOf(inDays(now, 12), '20:30', '21:30'),
      onlineUrl: 'https://meet.example.org/care',
      audience: 'state',
      status: 'published',
      hasFixedEnd: true,
      inclusion: { onlineParticipation: true, captionsOnRequest: true },
    })
  }
  if (so && hh) {
    const start = fromLocal({ ...dayParts(inDays(now, 21)), hour: 10, minute: 0 })
    await insertEvent(tx, [so, hh], {
      type: 'aktionstag',
      title: 'Gemeinsamer Aktionstag in Gefell',
      description:
        'Hamburg-Mitte kommt zu Besuch: Wir sind gemeinsam an den Haustüren in Gefell unterwegs und essen danach zusammen. Mitfahrgelegenheiten ab Hamburg.',
      startsAt: start,
      endsAt: new Date(start.getTime() + 7 * 3600_000),
      venueName: 'Marktplatz Gefell',
      address: 'Marktplatz, 07926 Gefell',
      audience: 'partner_members',
      status: 'published',
      capacity: 30,
      inclusion: { childcare: { minAge: 3, maxAge: 12, signUpBy: inDays(now, 14) } },
    })
  }
}

function dayParts(day: string) {
  const [year, month, d] = day.split('-').map(Number) as [number, number, number]
  return { year, month, day: d }
}
