import type { ClauseParams, ClauseType } from './clauses.js'
import { DEFAULT_MINUTES_PERIOD_DAYS } from './clauses.js'

export type TemplateClauseDraft = { type: ClauseType; title: string; body: string; params: ClauseParams }

/**
 * The default template: the clauses of the Steinfurt–Mecklenburgische Seenplatte agreement of
 * 2012, retold in our own words. Typed clauses are those the platform can follow.
 */
export const defaultTemplate = {
  name: 'Partnerschaftsvertrag zwischen zwei Kreisverbänden',
  description:
    'Vorlage nach dem Vorbild des Vertrags zwischen Steinfurt und der Mecklenburgischen Seenplatte (2012).',
  clauses: [
    {
      type: 'text',
      title: 'Grundsatz',
      body: 'Beide Kreisverbände arbeiten als gleichberechtigte Partner eng und im gegenseitigen Vertrauen zusammen, im Geist des Dialogs zwischen Ost und West. Sie tauschen sich auf vielen Wegen aus, lernen voneinander und ziehen gemeinsam Nutzen daraus.',
      params: {},
    },
    {
      type: 'consultation',
      title: 'Abstimmung vor Bundesparteitagen',
      body: 'Stehen Fragen von bundesweiter Bedeutung an, etwa vor einem Bundesparteitag, beraten sich die beiden Vorstände vorab über ihre Haltung und bemühen sich um eine gemeinsame Linie.',
      params: {},
    },
    {
      type: 'links',
      title: 'Gegenseitige Verlinkung',
      body: 'Jede Seite unterstützt die Öffentlichkeitsarbeit der anderen und verweist auf ihrer Website sowie in ihren Kanälen in sozialen Medien auf den Partnerverband.',
      params: {},
    },
    {
      type: 'information',
      title: 'Gegenseitige Information',
      body: 'Die Partner halten einander über ihre Arbeit auf dem Laufenden: politische Aktionen, wichtige Initiativen in den Parlamenten, laufende inhaltliche Debatten und Pläne für Wahlkämpfe.',
      params: {},
    },
    {
      type: 'minutes',
      title: 'Vorstandsprotokolle',
      body: `Die Protokolle der Vorstandssitzungen gehen dem Vorstand des Partnerverbands regelmäßig zur Kenntnis zu, spätestens ${DEFAULT_MINUTES_PERIOD_DAYS} Tage nach der Sitzung.`,
      params: { periodDays: DEFAULT_MINUTES_PERIOD_DAYS },
    },
    {
      type: 'retreat',
      title: 'Gemeinsame Klausurtagung',
      body: 'Wenigstens einmal im Jahr treffen sich Mitglieder beider Vorstände zu einer gemeinsamen Klausurtagung, im Wechsel in einem der beiden Kreise. Es müssen nicht alle Vorstandsmitglieder dabei sein; die Treffen dienen auch dazu, den Kreis des Partners näher kennenzulernen. Wo es sich einrichten lässt, wird die Klausur mit einem Kreisparteitag oder einer Mitgliederversammlung der gastgebenden Seite verbunden.',
      params: {},
    },
    {
      type: 'coordinators',
      title: 'Koordination',
      body: 'Jeder Vorstand bestimmt eine Person, die die Zusammenarbeit für ihre Seite koordiniert und für den Partner erste Ansprechperson ist.',
      params: {},
    },
  ] satisfies TemplateClauseDraft[],
}
