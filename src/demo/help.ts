import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import {
  computeWhiteSpots,
  donationDrives,
  donationPledges,
  helpRecords,
  helpRequests,
  helpShifts,
  helpSignups,
  helpTravel,
} from '../domains/help/index.js'
import { members } from '../domains/members/index.js'
import type { OrgUnit } from '../domains/org-units/index.js'
import type { DbOrTx } from '../platform/db/types.js'
import { addDays, instantAt } from '../platform/time.js'
import { lookupDemoUnit as findUnit } from './units.js'

async function membersOf(tx: DbOrTx, unit: OrgUnit, limit: number) {
  return tx
    .select()
    .from(members)
    .where(and(eq(members.homeUnitId, unit.id), isNull(members.leftOn)))
    .orderBy(asc(members.memberNumber))
    .limit(limit)
}

async function memberByEmail(tx: DbOrTx, email: string) {
  const [row] = await tx.select().from(members).where(eq(members.email, email))
  return row
}

/** The Saturdays of two August weekends from now on: next year's if this August has begun. */
function augustWeekends(now: Date) {
  const year = now.getUTCMonth() >= 7 ? now.getUTCFullYear() + 1 : now.getUTCFullYear()
  const saturdays: string[] = []
  for (let d = 1; d <= 31 && saturdays.length < 3; d++) {
    const date = new Date(Date.UTC(year, 7, d))
    if (date.getUTCDay() === 6) saturdays.push(date.toISOString().slice(0, 10))
  }
  // The second and third weekend, so that both Sundays fall in August too.
  return saturdays.slice(1, 3)
}

const nextDay = (day: string) => addDays(day, 1)

/**
 * The help story of seed 000: Saale-Orla asks for canvassing in Gefell on two August weekends,
 * for posters and for flyers in a municipality without a member; Hamburg-Mitte collects
 * donations for Saale-Orla; two members of Saale-Orla travelled to Hamburg's election night;
 * the balance holds the help of the 2024 state election campaign.
 */
export async function seedDemoHelp(tx: DbOrTx, now: Date) {
  const saaleOrla = await findUnit(tx, { kind: 'district', ags: '16075' })
  const hamburg = await findUnit(tx, { kind: 'district', name: 'Hamburg-Mitte' })
  const gerlingen = await findUnit(tx, { kind: 'local', name: 'Gerlingen' })
  if (!saaleOrla || !hamburg) return
  const board = await memberByEmail(tx, 'board@demo.example.org')
  const demoMember = await memberByEmail(tx, 'member@demo.example.org')
  const coordinator = await memberByEmail(tx, 'coordinator@demo.example.org')
  const saaleOrlaMembers = await membersOf(tx, saaleOrla, 5)
  const hamburgMembers = await membersOf(tx, hamburg, 12)
  const contact = board ?? saaleOrlaMembers[0]
  if (!contact) return

  const insertRequest = async (
    values: Omit<typeof helpRequests.$inferInsert, 'unitId' | 'contactMemberId'>,
    unit = saaleOrla,
    contactId = contact.id,
  ) => {
    const [row] = await tx
      .insert(helpRequests)
      .values({ unitId: unit.id, contactMemberId: contactId, createdAt: now, updatedAt: now, ...values })
      .returning()
    return row!
  }

  // Canvassing in Gefell: Saturday and Sunday of two August weekends, five people each, twenty in all.
  const canvassing = await insertRequest({
    kind: 'haustuerwahlkampf',
    title: 'Haustürwahlkampf in Gefell',
    description:
      'In Gefell haben wir kein eigenes Mitglied. An zwei Wochenenden im August wollen wir gemeinsam an die Haustüren gehen. Wir gehen immer zu zweit; eine kurze Einführung gibt es am Treffpunkt.',
    municipalityAgs: '16075131',
    visibility: 'partners',
  })
  const shifts = []
  for (const saturday of augustWeekends(now)) {
    for (const day of [saturday, nextDay(saturday)]) {
      const [shift] = await tx
        .insert(helpShifts)
        .values({
          requestId: canvassing.id,
          startsAt: instantAt(day, '10:00'),
          endsAt: instantAt(day, '15:00'),
          capacity: 5,
          meetingPoint: 'Gefell, Marktplatz vor dem Rathaus',
        })
        .returning()
      shifts.push(shift!)
    }
  }
  // The first Saturday is full with a waitlist; a few more have signed up for the other days.
  const helpers = [...(coordinator ? [coordinator] : []), ...hamburgMembers]
  const queuedAt = (n: number) => new Date(now.getTime() - 3 * 86_400_000 + n * 60_000)
  for (const [i, m] of helpers.slice(0, 7).entries()) {
    await tx.insert(helpSignups).values({
      shiftId: shifts[0]!.id,
      memberId: m.id,
      status: i < 5 ? 'confirmed' : 'waitlisted',
      queuedAt: queuedAt(i),
    })
  }
  for (const [i, m] of helpers.slice(7, 10).entries()) {
    await tx.insert(helpSignups).values({
      shiftId: shifts[2]!.id,
      memberId: m.id,
      status: 'confirmed',
      queuedAt: queuedAt(7 + i),
    })
  }

  const [firstWeekend] = augustWeekends(now)
  const posters = await insertRequest({
    kind: 'plakatieren',
    title: 'Plakate hängen im Oberland',
    description: 'Wir brauchen Hände und ein Auto mit Anhängerkupplung. Kabelbinder und Leitern sind da.',
    municipalityAgs: '16075098',
    visibility: 'state',
  })
  await tx.insert(helpShifts).values({
    requestId: posters.id,
    startsAt: instantAt(firstWeekend!, '09:00'),
    endsAt: instantAt(firstWeekend!, '13:00'),
    capacity: 8,
    meetingPoint: 'Schleiz, Geschäftsstelle',
  })

  // Flyers where no member lives: the largest white spot of the Kreis.
  const counts = await tx
    .select({ postalCode: members.postalCode, n: sql<number>`count(*)::int` })
    .from(members)
    .where(and(eq(members.homeUnitId, saaleOrla.id), isNull(members.leftOn)))
    .groupBy(members.postalCode)
  const spot = computeWhiteSpots({ kreise: ['16075'], municipalities: [] }, counts).spots[0]
  if (spot) {
    const flyers = await insertRequest({
      kind: 'flyer',
      title: `Flyer verteilen in ${spot.name}`,
      description: `In ${spot.name} wohnt kein Mitglied von uns. Wer hilft, die Wahlzeitung in alle Briefkästen zu bringen?`,
      municipalityAgs: spot.ags,
      visibility: 'party',
    })
    await tx.insert(helpShifts).values({
      requestId: flyers.id,
      startsAt: instantAt(nextDay(firstWeekend!), '10:00'),
      endsAt: instantAt(nextDay(firstWeekend!), '14:00'),
      capacity: 6,
      meetingPoint: `${spot.name}, Bushaltestelle Ortsmitte`,
    })
  }

  // Money collected among Hamburg-Mitte's members for the campaign in Saale-Orla.
  const [drive] = await tx
    .insert(donationDrives)
    .values({
      collectingUnitId: hamburg.id,
      beneficiaryUnitId: saaleOrla.id,
      requestId: canvassing.id,
      title: 'Spenden für den Wahlkampf in Saale-Orla',
      description:
        'Für Plakate, Flyer und Fahrtkosten. Die Schatzmeisterei bucht die Überweisung an den KV Saale-Orla.',
      targetCents: 150_000,
      createdAt: now,
    })
    .returning()
  const amounts = [5_000, 2_500, 10_000, 2_000, 7_500, 3_000]
  for (const [i, m] of hamburgMembers.slice(0, amounts.length).entries()) {
    await tx.insert(donationPledges).values({
      driveId: drive!.id,
      memberId: m.id,
      amountCents: amounts[i]!,
      anonymous: i % 3 === 1,
      status: i < 3 ? 'received' : 'promised',
      receivedAt: i < 3 ? now : null,
    })
  }

  // Hamburg's election night of 2 March 2025: two members from Saale-Orla came, by car and stayed over.
  const travellers = [demoMember ?? saaleOrlaMembers[0], saaleOrlaMembers[1]].filter((m) => !!m)
  const host = coordinator ?? hamburgMembers[0]
  if (host && travellers.length === 2) {
    const party = await insertRequest(
      {
        kind: 'wahlparty',
        direction: 'request',
        title: 'Endspurt und Wahlparty zur Bürgerschaftswahl',
        description:
          'Hilfe beim letzten Wahlkampftag, danach feiern wir gemeinsam. Wir freuen uns über Besuch aus unseren Partner-KVs; Schlafplätze gibt es bei uns.',
        municipalityAgs: '02000000',
        visibility: 'partners',
        status: 'closed',
      },
      hamburg,
      host.id,
    )
    const [evening] = await tx
      .insert(helpShifts)
      .values({
        requestId: party.id,
        startsAt: instantAt('2025-03-02', '17:00'),
        endsAt: instantAt('2025-03-02', '23:00'),
        capacity: 80,
        meetingPoint: 'Hamburg-St. Georg, Parteibüro',
        completedAt: instantAt('2025-03-03', '10:00'),
      })
      .returning()
    for (const m of travellers) {
      await tx
        .insert(helpSignups)
        .values({ shiftId: evening!.id, memberId: m.id, status: 'confirmed', attended: true, queuedAt: now })
    }
    const [ride] = await tx
      .insert(helpTravel)
      .values({
        requestId: party.id,
        memberId: travellers[0]!.id,
        kind: 'ride_offer',
        place: 'Schleiz',
        places: 3,
        departsAt: instantAt('2025-03-02', '09:00'),
      })
      .returning()
    await tx.insert(helpTravel).values({
      requestId: party.id,
      memberId: travellers[1]!.id,
      kind: 'ride_wanted',
      place: 'Pößneck',
      places: 1,
      offerId: ride!.id,
    })
    const [bed] = await tx
      .insert(helpTravel)
      .values({
        requestId: party.id,
        memberId: host.id,
        kind: 'bed_offer',
        place: 'Hamburg-St. Georg',
        places: 2,
        nights: '2.–3. März',
      })
      .returning()
    for (const m of travellers) {
      await tx.insert(helpTravel).values({
        requestId: party.id,
        memberId: m.id,
        kind: 'bed_wanted',
        place: 'Hamburg',
        places: 1,
        nights: '2.–3. März',
        offerId: bed!.id,
      })
    }
    // What completing the evening's shift wrote: Saale-Orla's two members helped Hamburg-Mitte.
    await tx.insert(helpRecords).values({
      helperUnitId: saaleOrla.id,
      helpedUnitId: hamburg.id,
      kind: 'wahlparty',
      helpedOn: '2025-03-02',
      people: 2,
      personMinutes: 2 * 6 * 60,
      municipalityAgs: '02000000',
      requestId: party.id,
      shiftId: evening!.id,
    })
  }

  // The help of the 2024 state election campaign in Thuringia, as the seed tells it.
  const campaign: (typeof helpRecords.$inferInsert)[] = [
    {
      helperUnitId: hamburg.id,
      helpedUnitId: saaleOrla.id,
      kind: 'plakatieren',
      helpedOn: '2024-08-03',
      people: 4,
      personMinutes: 4 * 4 * 60,
      municipalityAgs: '16075098',
    },
    {
      helperUnitId: hamburg.id,
      helpedUnitId: saaleOrla.id,
      kind: 'haustuerwahlkampf',
      helpedOn: '2024-08-17',
      people: 6,
      personMinutes: 6 * 6 * 60,
      municipalityAgs: '16075085',
    },
    {
      helperUnitId: hamburg.id,
      helpedUnitId: saaleOrla.id,
      kind: 'fest',
      helpedOn: '2024-08-24',
      people: 5,
      personMinutes: 5 * 4 * 60,
      municipalityAgs: '16075062',
    },
    {
      helperUnitId: hamburg.id,
      helpedUnitId: saaleOrla.id,
      kind: 'other',
      helpedOn: '2024-08-30',
      euroCents: 125_000,
      note: 'Spendensammlung unter den Mitgliedern in Hamburg-Mitte',
    },
  ]
  if (gerlingen) {
    campaign.push(
      {
        helperUnitId: gerlingen.id,
        helpedUnitId: saaleOrla.id,
        kind: 'flyer',
        helpedOn: '2024-08-10',
        people: 3,
        personMinutes: 3 * 3 * 60,
        municipalityAgs: '16075131',
      },
      {
        helperUnitId: gerlingen.id,
        helpedUnitId: saaleOrla.id,
        kind: 'infostand',
        helpedOn: '2024-08-24',
        people: 2,
        personMinutes: 2 * 4 * 60,
        municipalityAgs: '16075131',
      },
      {
        helperUnitId: gerlingen.id,
        helpedUnitId: saaleOrla.id,
        kind: 'haustuerwahlkampf',
        helpedOn: '2024-08-31',
        people: 3,
        personMinutes: 3 * 4 * 60,
        municipalityAgs: '16075131',
      },
    )
  }
  await tx.insert(helpRecords).values(campaign)
}
