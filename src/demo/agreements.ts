import { randomUUID } from 'node:crypto'
import { and, asc, eq, or } from 'drizzle-orm'
import {
  agreementRatifications,
  agreements,
  agreementVersions,
  type Clause,
  ensureDefaultTemplate,
  partnershipMinutes,
  partnershipRetreats,
} from '../domains/agreements/index.js'
import {
  agreementTemplateClauses,
  federalCongresses,
  partnershipExchanges,
  partnershipLinkConfirmations,
} from '../domains/agreements/tables.js'
import { members } from '../domains/members/index.js'
import { type OrgUnit, orgUnits } from '../domains/org-units/index.js'
import { partnerships } from '../domains/partnerships/index.js'
import type { DbOrTx } from '../platform/db/types.js'

async function district(tx: DbOrTx, ags: string): Promise<OrgUnit | undefined> {
  const [row] = await tx
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, 'district'), eq(orgUnits.ags, ags)))
    .limit(1)
  return row
}

async function firstMemberOf(tx: DbOrTx, unit: OrgUnit) {
  const [row] = await tx
    .select({ id: members.id })
    .from(members)
    .where(eq(members.homeUnitId, unit.id))
    .orderBy(asc(members.memberNumber))
    .limit(1)
  return row?.id ?? null
}

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000)
const daysAfter = (now: Date, days: number) => daysBefore(now, -days)
const dayOf = (d: Date) => d.toISOString().slice(0, 10)

/**
 * The default template, and the Steinfurt (05566) – Mecklenburgische Seenplatte (13071)
 * agreement started from it: ratified by the Kreisparteitag in Neubrandenburg on 10.11.2012 and
 * the one in Emsdetten on 01.12.2012, in force since; published; coordinators named on both
 * sides, retreats alternating between the two Kreise, minutes shared, links confirmed. Two federal
 * congresses in the calendar the federal office keeps, one held and one ahead, and before each the
 * consultation of the two boards that §2 of the contract asks for, recorded on the agreement page.
 */
export async function seedDemoAgreements(tx: DbOrTx, now: Date) {
  const { template } = await ensureDefaultTemplate(tx, now)
  const steinfurt = await district(tx, '05566')
  const seenplatte = await district(tx, '13071')
  if (!steinfurt || !seenplatte) return
  const [partnership] = await tx
    .select()
    .from(partnerships)
    .where(
      or(
        and(eq(partnerships.unitAId, steinfurt.id), eq(partnerships.unitBId, seenplatte.id)),
        and(eq(partnerships.unitAId, seenplatte.id), eq(partnerships.unitBId, steinfurt.id)),
      ),
    )
    .limit(1)
  if (!partnership) return
  const sideOf = (unit: OrgUnit) => (partnership.unitAId === unit.id ? 'a' : 'b') as 'a' | 'b'

  const clauses: Clause[] = (
    await tx
      .select()
      .from(agreementTemplateClauses)
      .where(eq(agreementTemplateClauses.templateId, template.id))
      .orderBy(asc(agreementTemplateClauses.position))
  ).map((c) => ({ key: randomUUID(), type: c.type, title: c.title, body: c.body, params: c.params }))

  const started = new Date('2012-10-15T10:00:00Z')
  const [agreement] = await tx
    .insert(agreements)
    .values({
      partnershipId: partnership.id,
      templateId: template.id,
      title: 'Partnerschaftsvertrag',
      isPublished: true,
      latestVersion: 1,
      createdAt: started,
      updatedAt: new Date('2012-12-01T18:00:00Z'),
    })
    .returning()
  await tx.insert(agreementVersions).values({
    agreementId: agreement!.id,
    number: 1,
    clauses,
    authorName: 'Kreisvorstände Steinfurt und Mecklenburgische Seenplatte',
    createdAt: started,
  })
  await tx.insert(agreementRatifications).values([
    {
      agreementId: agreement!.id,
      versionNumber: 1,
      side: sideOf(seenplatte),
      body: 'Kreisparteitag',
      ratifiedOn: '2012-11-10',
      place: 'Neubrandenburg',
      createdAt: new Date('2012-11-10T18:00:00Z'),
    },
    {
      agreementId: agreement!.id,
      versionNumber: 1,
      side: sideOf(steinfurt),
      body: 'Kreisparteitag',
      ratifiedOn: '2012-12-01',
      place: 'Emsdetten',
      createdAt: new Date('2012-12-01T18:00:00Z'),
    },
  ])

  const [coordinatorSteinfurt, coordinatorSeenplatte] = [
    await firstMemberOf(tx, steinfurt),
    await firstMemberOf(tx, seenplatte),
  ]
  await tx
    .update(partnerships)
    .set({
      ...(sideOf(steinfurt) === 'a'
        ? { coordinatorAMemberId: coordinatorSteinfurt, coordinatorBMemberId: coordinatorSeenplatte }
        : { coordinatorAMemberId: coordinatorSeenplatte, coordinatorBMemberId: coordinatorSteinfurt }),
      // Both accepted the role long ago, so their names are public.
      coordinatorAAcceptedAt: new Date('2012-12-01T18:00:00Z'),
      coordinatorBAcceptedAt: new Date('2012-12-01T18:00:00Z'),
    })
    .where(eq(partnerships.id, partnership.id))

  // The last three years' retreats, hosts alternating; next it is Steinfurt's turn.
  const year = now.getUTCFullYear()
  await tx.insert(partnershipRetreats).values([
    {
      partnershipId: partnership.id,
      heldOn: `${year - 3}-09-20`,
      hostUnitId: seenplatte.id,
      place: 'Neubrandenburg',
      notes: 'Verbunden mit der Kreismitgliederversammlung.',
    },
    {
      partnershipId: partnership.id,
      heldOn: `${year - 2}-06-14`,
      hostUnitId: steinfurt.id,
      place: 'Emsdetten',
      notes: 'Schwerpunkt: Kommunalwahlkampf.',
    },
    {
      partnershipId: partnership.id,
      heldOn: `${year - 1}-10-04`,
      hostUnitId: seenplatte.id,
      place: 'Waren (Müritz)',
      notes: null,
    },
  ])

  await tx.insert(partnershipMinutes).values([
    {
      partnershipId: partnership.id,
      fromUnitId: steinfurt.id,
      meetingOn: dayOf(daysBefore(now, 20)),
      sharedAt: daysBefore(now, 12),
      title: 'Kreisvorstand Steinfurt, Sitzung',
      body: 'Anwesend: sechs Vorstandsmitglieder.\n\n1. Planung der Klausur mit dem Partnerverband.\n2. Infostände im Frühjahr.',
    },
    {
      partnershipId: partnership.id,
      fromUnitId: seenplatte.id,
      meetingOn: dayOf(daysBefore(now, 15)),
      sharedAt: daysBefore(now, 9),
      title: 'Kreisvorstand Mecklenburgische Seenplatte, Sitzung',
      body: 'Anwesend: fünf Vorstandsmitglieder.\n\n1. Bericht aus dem Kreistag.\n2. Unterstützung aus Steinfurt für den Wahlkampf.',
    },
  ])

  await seedCongressConsultations(tx, now, partnership.id, { steinfurt, seenplatte })

  await tx.insert(partnershipLinkConfirmations).values([
    { partnershipId: partnership.id, unitId: steinfurt.id, confirmedOn: dayOf(daysBefore(now, 100)) },
    { partnershipId: partnership.id, unitId: seenplatte.id, confirmedOn: dayOf(daysBefore(now, 90)) },
  ])
}

/**
 * §2 of the contract: before a federal congress the two boards exchange and, where they can, agree their
 * positions. The congresses are made up, relative to the day of seeding, and say so in their name and source.
 * A congress held 75 days ago, prepared in a video conference three weeks before it, and one in
 * 50 days, whose preparation began with a call of the coordinators last week: both within the 90 days
 * before the congress that count, so the agreement page shows the consultation met, with its evidence.
 */
async function seedCongressConsultations(
  tx: DbOrTx,
  now: Date,
  partnershipId: string,
  units: { steinfurt: OrgUnit; seenplatte: OrgUnit },
) {
  const held = daysBefore(now, 75)
  const ahead = daysAfter(now, 50)
  await tx
    .insert(federalCongresses)
    .values([
      {
        name: 'Bundesparteitag, 1. Tagung (erdachter Demo-Termin)',
        startsOn: dayOf(held),
        endsOn: dayOf(daysAfter(held, 2)),
        source: 'Demo-Daten: ein erdachter Termin, kein echter Parteitag',
      },
      {
        name: 'Bundesparteitag, 2. Tagung (erdachter Demo-Termin)',
        startsOn: dayOf(ahead),
        endsOn: dayOf(daysAfter(ahead, 2)),
        source: 'Demo-Daten: ein erdachter Termin, kein echter Parteitag',
      },
    ])
    .onConflictDoNothing()
  await tx.insert(partnershipExchanges).values([
    {
      partnershipId,
      unitId: units.seenplatte.id,
      kind: 'consultation',
      heldOn: dayOf(daysBefore(held, 21)),
      note: 'Videokonferenz beider Kreisvorstände: Positionen zu den Leitanträgen ausgetauscht und ein gemeinsamer Änderungsantrag verabredet.',
    },
    {
      partnershipId,
      unitId: units.steinfurt.id,
      kind: 'consultation',
      heldOn: dayOf(daysBefore(now, 6)),
      note: 'Telefonat der Koordinator:innen: Antragsentwürfe ausgetauscht; die Kreisvorstände stimmen ihre Positionen in einer gemeinsamen Sitzung ab.',
    },
  ])
}
