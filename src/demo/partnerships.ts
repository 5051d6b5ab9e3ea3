import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { type OrgUnit, orgUnits } from '../domains/org-units/index.js'
import {
  insertPartnershipsWithHistory,
  insertPartnershipWithHistory,
  type PartnershipKind,
  type PartnershipStatus,
  partnershipStatusChanges,
  partnerships,
  partnershipTwinTowns,
} from '../domains/partnerships/index.js'
import type { DbOrTx } from '../platform/db/types.js'
import { seededRandom } from './people.js'
import { lookupDemoUnit as findUnit, type DemoUnitRef as Ref } from './units.js'

type Named = {
  a: Ref
  b: Ref
  kind: PartnershipKind
  startedOn: string
  tags: ('east_west' | 'city_countryside')[]
  story: string
}

// The partnerships the source documents name. The stories retell them briefly.
const named: Named[] = [
  {
    a: { kind: 'district', name: 'Hamburg-Mitte' },
    b: { kind: 'district', ags: '16075' },
    kind: 'partnership',
    startedOn: '2019-03-01',
    tags: ['east_west', 'city_countryside'],
    story:
      'Im Landtagswahlkampf 2024 waren Mitglieder aus Hamburg-Mitte an den Haustüren im Saale-Orla-Kreis unterwegs, haben plakatiert und ein Festival besucht; dazu kamen Spenden, die in Hamburg gesammelt wurden.\n\nZur Bürgerschaftswahl 2025 fuhren zwei Mitglieder aus Saale-Orla nach Hamburg und feierten dort auf der Wahlparty mit.',
  },
  {
    a: { kind: 'district', ags: '16075' },
    b: { kind: 'local', name: 'Gerlingen' },
    kind: 'partnership',
    startedOn: '2021-06-01',
    tags: ['east_west'],
    story:
      'Die Partnerschaft baut auf der Städtepartnerschaft zwischen Gerlingen und Gefell auf. In Gefell gibt es kein eigenes Mitglied; Unterstützer:innen aus Gerlingen haben dort Flyer verteilt und bei einem Infostand und an den Haustüren geholfen.',
  },
  {
    a: { kind: 'district', name: 'Berlin-Neukölln' },
    b: { kind: 'district', ags: '12073' },
    kind: 'partnership',
    startedOn: '2018-09-01',
    tags: ['city_countryside'],
    story:
      'Großstadtbezirk und Flächenkreis: gemeinsame Wahlkampfeinsätze in der Uckermark und Austausch über die Arbeit vor Ort.',
  },
  {
    a: { kind: 'district', ags: '05314' },
    b: { kind: 'district', ags: '16055' },
    kind: 'partnership',
    startedOn: '2016-05-01',
    tags: ['east_west'],
    story: 'Bonn und Weimar tauschen Erfahrungen aus und unterstützen sich in Wahlkämpfen gegenseitig.',
  },
]

const west = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10']
const east = ['12', '13', '14', '15', '16']

/**
 * The demo's partnerships: the ones the source documents name, and about sixty generated ones
 * (the same on every machine) so the map looks like a programme with many East–West pairs.
 * Units that the demo structure lacks are skipped rather than failing the seed.
 */
export async function seedDemoPartnerships(tx: DbOrTx, now: Date) {
  const today = now.toISOString().slice(0, 10)
  const taken = new Set<string>()
  const pairKey = (a: string, b: string) => [a, b].sort().join(':')
  type Details = {
    kind: PartnershipKind
    status: PartnershipStatus
    startedOn: string
    story?: string
    tags: string[]
    isPublic?: boolean
  }
  const partnershipOf = (a: OrgUnit, b: OrgUnit, values: Details) => {
    taken.add(pairKey(a.id, b.id))
    return {
      values: { unitAId: a.id, unitBId: b.id, ...values, isPublic: values.isPublic ?? true },
      change: { changedById: null, changedOn: values.status === 'proposed' ? today : values.startedOn },
    }
  }
  const add = async (a: OrgUnit, b: OrgUnit, values: Details) => {
    const { values: row, change } = partnershipOf(a, b, values)
    return insertPartnershipWithHistory(tx, row, change)
  }

  for (const n of named) {
    const [a, b] = [await findUnit(tx, n.a), await findUnit(tx, n.b)]
    if (!a || !b) continue
    const p = await add(a, b, { ...n, status: 'active' })
    if (b.kind === 'local' && b.ags === '08118019') {
      await tx
        .insert(partnershipTwinTowns)
        .values({ partnershipId: p.id, municipalityAAgs: '16075131', municipalityBAgs: '08118019' })
    }
  }

  // Steinfurt–Mecklenburgische Seenplatte: ratified by both district conventions, on 10.11.2012
  // in Neubrandenburg and on 01.12.2012 in Emsdetten; active since the second.
  const steinfurt = await findUnit(tx, { kind: 'district', ags: '05566' })
  const seenplatte = await findUnit(tx, { kind: 'district', ags: '13071' })
  if (steinfurt && seenplatte) {
    const p = await add(steinfurt, seenplatte, {
      kind: 'partnership',
      status: 'agreed',
      startedOn: '2012-12-01',
      tags: ['east_west'],
      story:
        'Ein schriftlicher Partnerschaftsvertrag im Geist des Ost-West-Dialogs: Die Vorstände stimmen sich vor bundesweit wichtigen Entscheidungen ab, verlinken einander, teilen ihre Vorstandsprotokolle und treffen sich mindestens einmal im Jahr zu einer gemeinsamen Klausur, abwechselnd in beiden Kreisen. Jede Seite benennt eine zuständige Person für die Zusammenarbeit.',
    })
    await tx
      .update(partnershipStatusChanges)
      .set({ changedOn: '2012-11-10', note: 'Beschluss des Kreisparteitags in Neubrandenburg' })
      .where(eq(partnershipStatusChanges.partnershipId, p.id))
    await tx.update(partnerships).set({ status: 'active' }).where(eq(partnerships.id, p.id))
    await tx.insert(partnershipStatusChanges).values({
      partnershipId: p.id,
      fromStatus: 'agreed',
      toStatus: 'active',
      changedOn: '2012-12-01',
      note: 'Beschluss des Kreisparteitags in Emsdetten',
    })
  }

  const districts = await tx
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, 'district'), inArray(sql`left(${orgUnits.ags}, 2)`, [...west, ...east])))
    .orderBy(asc(orgUnits.ags), asc(orgUnits.name))
  const isEast = (u: OrgUnit) => east.includes(u.ags?.slice(0, 2) ?? '')
  const isCity = (u: OrgUnit) => /kreisfreie stadt|stadtkreis/i.test(u.kreisType ?? '')
  const westUnits = districts.filter((u) => !isEast(u))
  const eastUnits = districts.filter(isEast)
  if (westUnits.length === 0 || eastUnits.length === 0) return

  const random = seededRandom(20120901)
  const statusFor = (): PartnershipStatus => {
    const r = random.next()
    return r < 0.55 ? 'active' : r < 0.67 ? 'agreed' : r < 0.8 ? 'dormant' : r < 0.9 ? 'ended' : 'proposed'
  }
  const kinds: PartnershipKind[] = ['partnership', 'partnership', 'partnership', 'friendship', 'project']
  const generated: ReturnType<typeof partnershipOf>[] = []
  for (let attempt = 0; generated.length < 60 && attempt < 600; attempt++) {
    const eastWest = random.next() < 0.8
    const a = random.pick(westUnits)
    const b = eastWest
      ? random.pick(eastUnits)
      : random.pick(westUnits.filter((u) => isCity(u) !== isCity(a)).concat(a))
    if (a.id === b.id || taken.has(pairKey(a.id, b.id))) continue
    const status = statusFor()
    const year = status === 'proposed' ? 2026 : random.int(2008, 2025)
    const tags = [
      ...(eastWest ? ['east_west'] : []),
      ...(isCity(a) !== isCity(b) ? ['city_countryside'] : []),
    ]
    generated.push(
      partnershipOf(a, b, {
        kind: random.pick(kinds),
        status,
        startedOn: `${year}-${String(random.int(1, 12)).padStart(2, '0')}-01`,
        tags,
        isPublic: random.next() > 0.05,
      }),
    )
  }
  await insertPartnershipsWithHistory(tx, generated)
}
