import {
  boardReportSections,
  boardReports,
  countSectionFigures,
  draftedSectionKinds,
  lastHalfYear,
  sectionHeadings,
  startsHidden,
} from '../domains/reports/index.js'
import type { DbOrTx } from '../platform/db/types.js'
import { localDay } from '../platform/time.js'
import { findDemoUnit } from './units.js'

const DAY = 86_400_000

/**
 * Board reports (seed 001, "1. Halbjahresbericht des Kreisvorstands Mitte/Ost"): Bremen Mitte/Ost has published
 * its report on the last half-year, in the seed's shape and with the seed's texts, its figures counted from the
 * demo data and frozen at publication; Saale-Orla's board has started its first report as a draft.
 */
export async function seedDemoReports(tx: DbOrTx, now: Date) {
  const period = lastHalfYear(localDay(now))

  const bremen = await findDemoUnit(tx, { kind: 'district', name: 'Bremen Mitte/Ost' })
  const publishedAt = new Date(Date.parse(`${period.to}T00:00:00Z`) + 21 * DAY)
  const at = publishedAt < now ? publishedAt : now
  const bremenFigures = await countSectionFigures(tx, bremen, period, at)
  const [bremenReport] = await tx
    .insert(boardReports)
    .values({
      unitId: bremen.id,
      periodFrom: period.from,
      periodTo: period.to,
      title: '1. Halbjahresbericht des Kreisvorstands Mitte/Ost',
      authors: 'Dariush Hassanpour',
      salutation: 'Liebe Genoss:innen,',
      introduction:
        'das erste Halbjahr unserer Amtsperiode ist vorbei. Ein guter Zeitpunkt, um zurückzublicken und mit den Mitgliedern des Kreisverbands Mitte/Ost ein Resümee über unsere Arbeit zu ziehen. In den nachfolgenden Zeilen möchten wir euch darüber berichten, was sich seit unserem Amtsantritt verändert hat, welche Ziele wir verfolgt haben und welche Erfolge wir erreicht haben. Am Ende möchten wir euch ebenfalls einen Ausblick darauf geben, was im nächsten Halbjahr von uns zu erwarten ist.',
      outlook:
        'Uns ist es ein Anliegen, den Zusammenhalt und die Gemeinschaft im Kreisverband zu stärken. Gleichzeitig möchten wir die Arbeit unserer Partei auch sichtbarer machen. Wir möchten Räume der Begegnung schaffen und voneinander lernen, und deshalb mehr Veranstaltungen planen: neben Festen auch Podiumsdiskussionen, Workshops und regelmäßige unverbindliche Treffen wie Spiel- oder Kneipenabende.\n\nAuch Treffen, bei denen wir uns gegenseitig von unserer Arbeit berichten, Erfahrungen austauschen und uns Feedback geben, möchten wir anstoßen – egal ob Mitglied, Beirat, Bürgerschaft oder Vorstand.',
      thanks:
        'Wir danken euch für euer Vertrauen und die Zusammenarbeit. Wir freuen uns auf das nächste Halbjahr mit euch!',
      status: 'published',
      audience: 'public',
      figuresAt: at,
      publishedAt: at,
      createdAt: new Date(at.getTime() - 7 * DAY),
      updatedAt: at,
    })
    .returning()
  const bremenTexts: Record<string, string> = {
    new_members:
      'Kurz nach Amtsantritt galt es, die großen Baustellen zuerst zu bearbeiten. Es fehlte ein Prozess zur Einbindung neuer Mitglieder; Neueingetretene haben vorher nicht immer Anschluss finden können.\n\nDies hat sich nun geändert: Sämtliche Neumitglieder werden willkommen geheißen und zu parteiinternen Aktivitäten eingeladen. Ihnen wird aufgezeigt, an welchen Stellen sie sich in der Partei engagieren können. Unter anderem hat der Kreisvorstand die Arbeit der neugegründeten Basisgruppe Mitte-Ost aktiv unterstützt. Dort finden nun regelmäßig Treffen statt, wo Mitglieder abseits von verbindlichen Gremien andere Genoss:innen kennenlernen, sich austauschen und im Rahmen von Bildungsangeboten ihre Kenntnisse vertiefen können.\n\nWeiterhin hat der Kreisvorstand ein Neumitgliedertreffen mitorganisiert, zu dem alle Mitglieder eingeladen worden sind, die in der Vergangenheit nicht die Chance hatten, Anschluss in die Partei zu finden.',
    events:
      'Mit vielen Helfer:innen haben wir ein Sommerfest am Weserwehr veranstaltet. Es sollte Passant:innen dazu animieren, spontan dazuzukommen und sich über die Arbeit unserer Partei zu informieren; dazu gab es eine Podiumsdiskussion mit Bürgerschaftsabgeordneten.\n\nWeiterhin hat der Kreisvorstand das Stadtteilfest in Tenever unterstützt. Es diente dazu, auch weniger politisierte Wähler:innengruppen zu erreichen und mit einem Publikum in Kontakt zu kommen, das seltener wählen geht.',
    help: 'Der Kreisvorstand ist seiner Aufgabe der Wahlkampfkoordination im Kreis nachgegangen. Gemeinsam mit vielen Helfer:innen haben wir Verteilungsaktionen koordiniert und Infostände organisiert.',
  }
  const custom: [string, string][] = [
    [
      'Vernetzung der Beiräte',
      'Der Kreisvorstand ist laut Satzung das Bindeglied zwischen den Beiratsfraktionen und dem Landesvorstand. Hierfür haben wir Treffen zur Vernetzung der Beiräte organisiert. Der Vernetzung der Beiräte werden wir im nächsten Halbjahr besondere Aufmerksamkeit widmen.',
    ],
    [
      'Situation im Viertel',
      'Der Kreisvorstand ist personell ebenfalls in der Beiratsfraktion Östliche Vorstadt anzutreffen. Dort mehren sich seit Längerem Debatten über die Situation im Viertel: FLINTA* sehen sich öfter mit Anfeindungen konfrontiert. Der Kreisvorstand unterstützt das Vorhaben der Beiräte, einen Sicherheitsdienst zu etablieren, der in Konfliktsituationen unterstützend eingreift und als Ansprechpartner*in für Betroffene dient.',
    ],
  ]
  await tx.insert(boardReportSections).values([
    ...draftedSectionKinds.map((kind, i) => ({
      reportId: bremenReport!.id,
      position: i + 1,
      kind,
      heading: kind === 'help' ? 'Wahlkampf' : sectionHeadings[kind],
      body: bremenTexts[kind] ?? '',
      figures: bremenFigures[kind],
      // Without a partnership or project calls of its own, the board leaves these sections out; the later
      // capabilities' sections start hidden where they have nothing to count.
      hidden: kind === 'partnerships' || kind === 'volunteers' || startsHidden(kind, bremenFigures[kind]),
    })),
    ...custom.map(([heading, body], i) => ({
      reportId: bremenReport!.id,
      position: draftedSectionKinds.length + i + 1,
      kind: 'custom' as const,
      heading,
      body,
      figures: [],
    })),
  ])

  // Saale-Orla: a draft the board has begun; a draft shows live figures, so the stored ones are only a start.
  const saaleOrla = await findDemoUnit(tx, { kind: 'district', ags: '16075' })
  const saaleFigures = await countSectionFigures(tx, saaleOrla, period, now)
  const [draft] = await tx
    .insert(boardReports)
    .values({
      unitId: saaleOrla.id,
      periodFrom: period.from,
      periodTo: period.to,
      title: '1. Halbjahresbericht des Kreisvorstands Saale-Orla-Kreis',
      authors: 'Vroni Beispiel-Vorstand',
      salutation: 'Liebe Mitglieder,',
      introduction:
        'ein halbes Jahr Partnerschaft mit Hamburg-Mitte liegt hinter uns. Hier berichten wir, was wir gemeinsam geschafft haben – und wo wir noch Hilfe brauchen.',
      thanks: 'Wir danken euch für euer Vertrauen und die Zusammenarbeit.',
      figuresAt: now,
      createdAt: new Date(now.getTime() - 2 * DAY),
      updatedAt: now,
    })
    .returning()
  await tx.insert(boardReportSections).values(
    draftedSectionKinds.map((kind, i) => ({
      reportId: draft!.id,
      position: i + 1,
      kind,
      heading: sectionHeadings[kind],
      body:
        kind === 'help'
          ? 'In Gefell gibt es kein eigenes Mitglied. Dank der Helfer:innen aus Hamburg-Mitte konnten wir dort trotzdem Plakate hängen und Flyer verteilen.'
          : '',
      figures: saaleFigures[kind],
      hidden: startsHidden(kind, saaleFigures[kind]),
    })),
  )
  return { published: bremenReport!.id, draft: draft!.id }
}
