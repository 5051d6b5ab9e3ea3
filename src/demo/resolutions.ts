import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { listChildren, type OrgUnit } from '../domains/org-units/index.js'
import {
  type MeasureInput,
  parseMotion,
  resolutionMeasures,
  resolutionProgressNotes,
  saveMeasures,
  saveResolution,
} from '../domains/resolutions/index.js'
import type { DbOrTx } from '../platform/db/types.js'
import { localDay } from '../platform/time.js'
import { findDemoUnit } from './units.js'

const texts = join(import.meta.dirname, 'texts')
const DAY = 86_400_000

type DemoMeasure = Omit<MeasureInput, 'fromLine' | 'toLine' | 'unitIds'> & {
  lines: [number, number]
  units: OrgUnit[]
  report?: { status: 'in_progress' | 'done'; progress: number; note: string; daysAgo: number }
}

async function addMeasures(
  tx: DbOrTx,
  unit: OrgUnit,
  resolutionId: string,
  lines: { number: number; text: string }[],
  measures: DemoMeasure[],
  createdAt: Date,
  now: Date,
) {
  for (const m of measures) {
    const [from, to] = m.lines
    const rows = await saveMeasures(tx, undefined, {
      unit,
      resolutionId,
      lines: lines.filter((l) => l.number >= from && l.number <= to),
      input: { ...m, fromLine: from, toLine: to, unitIds: m.units.map((u) => u.id) },
      createdAt,
    })
    if (!m.report) continue
    for (const row of rows) {
      const at = new Date(now.getTime() - m.report.daysAgo * DAY)
      await tx.insert(resolutionProgressNotes).values({
        measureId: row.id,
        note: m.report.note,
        status: m.report.status,
        progress: m.report.progress,
        createdAt: at,
      })
      await tx
        .update(resolutionMeasures)
        .set({ status: m.report.status, progress: m.report.progress })
        .where(eq(resolutionMeasures.id, row.id))
    }
  }
}

/**
 * The two resolutions of the source documents, in the units they belong to: the work programme D-11
 * (passed 05.11.2024) at the state of Niedersachsen, the resolution 3/3/6 "DIE LINKE in Berlin zur
 * Mitmach-Partei entwickeln" at the state of Berlin, addressed to its districts, with its monthly
 * new-member meetings measured for each of them from the meetings the platform holds for them.
 */
export async function seedDemoResolutions(tx: DbOrTx, now: Date) {
  const berlin = await findDemoUnit(tx, { kind: 'state', ags: '11' })
  const niedersachsen = await findDemoUnit(tx, { kind: 'state', ags: '03' })
  // The measures were made some eight months ago; the districts' monthly meetings (seeded with the
  // onboarding figures) began later, so the indicator shows missed months first, then met ones.
  const measuredSince = new Date(now.getTime() - 240 * DAY)

  // ---- Berlin: resolution 3/3/6, addressed to the districts
  const districts = await listChildren(tx, berlin.id)
  const mitmach = parseMotion(readFileSync(join(texts, 'beschluss-3-3-6-mitmach-partei.txt'), 'utf8'))
  const berlinResolution = await saveResolution(tx, undefined, {
    unit: berlin,
    parsed: mitmach,
    header: { ...mitmach.header, committee: 'Landesparteitag' },
    visibility: 'public',
    addressees: districts.map((d) => d.id),
  })
  const lineOf = (prefix: string) => mitmach.lines.find((l) => l.text.startsWith(prefix))!.number
  const at = (prefix: string): [number, number] => [lineOf(prefix), lineOf(prefix)]
  await addMeasures(
    tx,
    berlin,
    berlinResolution.id,
    mitmach.lines,
    [
      {
        title: 'Monatliche Neumitgliedertreffen',
        lines: at('Neumitgliedertreffen auf Landesebene'),
        units: districts,
        responsibleNote: 'Bezirksvorstand',
        dueText: 'monatlich, ab dem Beschluss',
        indicator: 'newMemberMeetingsMonthly',
        indicatorTarget: 1,
      },
      {
        title: 'AG Mitgliederarbeit für alle Interessierten öffnen',
        lines: at('Die AG Mitgliederarbeit'),
        units: [berlin],
        responsibleNote: 'Landesvorstand',
        report: {
          status: 'done',
          progress: 100,
          note: 'Die AG trifft sich offen; Termine stehen im Kalender des Landesverbands.',
          daysAgo: 120,
        },
      },
      {
        title: 'Ehrenamtlichen-Pool für alle Strukturen',
        lines: at('Aufbau eines Ehrenamtlichen-Pools'),
        units: [berlin],
        responsibleNote: 'Landesgeschäftsstelle',
        report: {
          status: 'in_progress',
          progress: 60,
          note: 'Der Pool ist auf der Plattform geöffnet; die Bezirke können ihn durchsuchen.',
          daysAgo: 30,
        },
      },
      {
        title: 'Gemeinsame Standards für die Neumitgliederansprache',
        lines: at('Die Neumitgliederansprache'),
        units: [berlin],
        responsibleNote: 'Landesvorstand mit den Bezirksvorständen',
        dueOn: localDay(new Date(now.getTime() + 60 * DAY)),
        report: {
          status: 'in_progress',
          progress: 40,
          note: 'Entwurf der Standards liegt den Bezirken zur Abstimmung vor.',
          daysAgo: 14,
        },
      },
      {
        title: 'Mentoring-Programm für Frauen und Menschen mit Migrationshintergrund',
        lines: at('Die Landesebene wird ein Mentoring-Programm'),
        units: [berlin],
        responsibleNote: 'Landesvorstand',
        dueOn: localDay(new Date(now.getTime() - 20 * DAY)),
      },
      {
        title: 'Telefongestützte Mitgliederbefragung',
        lines: at('Durchführung einer telefongestützten'),
        units: [berlin],
        responsibleNote: 'Landesgeschäftsstelle',
        dueText: 'gemeinsam mit der Bundespartei',
      },
    ],
    measuredSince,
    now,
  )

  // ---- Niedersachsen: the work programme D-11
  const workProgramme = parseMotion(readFileSync(join(texts, 'd-11-arbeitsprogramm-2025.txt'), 'utf8'))
  const programme = await saveResolution(tx, undefined, {
    unit: niedersachsen,
    parsed: workProgramme,
    header: workProgramme.header,
    visibility: 'public',
    addressees: [],
  })
  await addMeasures(
    tx,
    niedersachsen,
    programme.id,
    workProgramme.lines,
    [
      {
        title: 'Eigene Aktionstage der Kreisverbände unterstützen',
        lines: [110, 116],
        units: [niedersachsen],
        responsibleNote: 'Landesvorstand',
        report: {
          status: 'in_progress',
          progress: 50,
          note: 'Drei Kreisverbände haben eigene Aktionstage geplant; Material kommt vom Land.',
          daysAgo: 21,
        },
      },
      {
        title: 'Teams neu aufstellen, Mitarbeit ohne einjähriges Commitment',
        lines: [149, 159],
        units: [niedersachsen],
        responsibleNote: 'Landesvorstand',
        dueOn: '2025-05-31',
        dueText: 'im ersten halben Jahr der Amtszeit',
        report: {
          status: 'done',
          progress: 100,
          note: 'Die Teams sind neu besetzt; Ad-hoc-Mitarbeit läuft über Projektaufrufe.',
          daysAgo: 90,
        },
      },
      {
        title: 'Kreisvorstands-Landesvorstands-Treffen fortführen',
        lines: [278, 288],
        units: [niedersachsen],
        responsibleNote: 'Landesvorstand',
        dueText: 'regelmäßig im kommenden Jahr',
      },
    ],
    new Date(`${workProgramme.header.decidedOn ?? '2024-11-05'}T12:00:00Z`),
    now,
  )
  return { resolutions: 2 }
}
