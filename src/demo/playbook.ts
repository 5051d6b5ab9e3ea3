import { and, eq, or } from 'drizzle-orm'
import { orgUnits } from '../domains/org-units/index.js'
import { partnerships } from '../domains/partnerships/index.js'
import { playbookEntries, playbookVersions } from '../domains/playbook/index.js'
import type { DbOrTx } from '../platform/db/types.js'
import { lookupDemoUnit } from './units.js'

type DemoEntry = Omit<typeof playbookEntries.$inferInsert, 'unitId' | 'partnershipId'> & {
  story?: {
    a: { kind: 'district' | 'local'; ags?: string; name?: string }
    b: { kind: 'district' | 'local'; ags?: string; name?: string }
  }
}

/** The Wissenswerk's demo: tips, templates and two good-practice stories, written for this platform. */
export const demoPlaybookEntries: DemoEntry[] = [
  {
    kind: 'article',
    title: 'Zehn Schritte zu einer lebendigen KV-Partnerschaft',
    summary:
      'Vom ersten Anruf bis zum gemeinsamen Wahlkampf: was Partnerschaften trägt, die nach Jahren noch leben.',
    tags: ['partnership'],
    visibility: 'members',
    body: `Eine Partnerschaft lebt von Menschen, nicht von Beschlüssen. Diese Schritte haben sich in vielen Kreisverbänden bewährt.

1. **Benennt auf beiden Seiten eine Ansprechperson.** Eine Koordinatorin oder ein Koordinator je KV hält den Faden, auch wenn der Vorstand wechselt.
2. **Trefft euch zuerst persönlich.** Ein Besuch mit fünf Leuten wirkt mehr als zehn Videokonferenzen.
3. **Schreibt auf, was ihr euch vornehmt.** Die Partnerschaftsvereinbarung muss nicht lang sein; sie hilft, wenn neue Leute dazukommen.
4. **Fangt klein an.** Ein gemeinsamer Infostand oder ein Wochenende Haustürwahlkampf ist ein besserer Start als ein Jahresprogramm.
5. **Plant nach dem Wahlkalender.** Wer gerade keine Wahl hat, kann helfen; wer wählt, braucht Hände.
6. **Teilt Erfahrung in beide Richtungen.** Ländliche KVs wissen oft mehr über lange Wege und kleine Ortsverbände als Großstadt-KVs.
7. **Nehmt Neumitglieder mit.** Eine Fahrt zum Partner-KV ist für viele der Einstieg ins Aktivsein.
8. **Sprecht über Geld offen.** Spenden, Fahrtkosten, Material: wer zahlt was, steht besser vorher fest.
9. **Feiert gemeinsam.** Die Wahlparty beim Partner-KV bleibt in Erinnerung.
10. **Schaut einmal im Jahr zurück.** Was hat geklappt, was lassen wir? Ein kurzer Bericht hilft den Teams, die nach euch kommen.

Mehr dazu in den [Vorlagen für Hilfegesuche](/playbook?for=help_request) und in den Geschichten guter Praxis.`,
  },
  {
    kind: 'article',
    title: 'Haustürwahlkampf im Partner-KV: so bereitet ihr einen Einsatz vor',
    summary:
      'Wer, wann, wohin, mit welchem Material: eine Planung für zwei Tage an den Haustüren in einem fremden Ort.',
    tags: ['campaign', 'help', 'partnership'],
    visibility: 'public',
    body: `Haustürgespräche sind die wirksamste Form des Wahlkampfs, und sie gehen gut zu zweit. In einem Ort ohne eigene Mitglieder braucht der gastgebende KV dafür Unterstützung.

## Vorher
- **Gebiet festlegen:** Der gastgebende KV wählt die Straßenzüge aus; Ortskundige kennen die Wege.
- **Schichten anlegen:** Im Hilfegesuch je Tag eine Schicht mit Treffpunkt und Zahl der Plätze.
- **Einführung planen:** Eine halbe Stunde am Treffpunkt genügt: Gesprächseinstieg, häufige Fragen, was wir nicht tun.
- **Unterkunft und Fahrt klären:** Fahrgemeinschaften tragt ihr im Hilfegesuch ein.

## Am Tag
- Immer zu zweit, eine Person mit Ortskenntnis, wo es geht.
- Nicht klingeln, wo „Keine Werbung“ steht; niemand wird überredet.
- Notiert Straßen, nicht Personen.

## Danach
- Kurzer Bericht an beide Vorstände: Wie viele Türen, welche Themen?
- Ein Dank an alle, die gefahren sind, und ein Bild für die Mitgliederzeitung.`,
  },
  {
    kind: 'template',
    title: 'Vorlage: Hilfegesuch für ein Wahlkampfwochenende',
    summary: 'Ein Hilfegesuch an die Partner-KVs für zwei Tage Haustürwahlkampf, zum Anpassen.',
    tags: ['help', 'campaign'],
    visibility: 'members',
    templateFor: 'help_request',
    templateFields: {
      title: 'Haustürwahlkampf an einem Wochenende: wir suchen Unterstützung',
      description:
        'Wir wollen an einem Wochenende gemeinsam an die Haustüren gehen. Wir gehen immer zu zweit; eine kurze Einführung gibt es am Treffpunkt. Übernachtung bei Mitgliedern ist möglich, Fahrgemeinschaften sprechen wir hier ab. Bitte tragt euch für die Schichten ein.',
    },
    body: `Mit „Diese Vorlage verwenden“ öffnet sich das Formular für ein Hilfegesuch mit Titel und Beschreibung aus dieser Vorlage. Ergänzt dort Ort, Tage und Schichten.

**Tipps**
- Nennt einen Treffpunkt, den Ortsfremde finden (Bahnhof, Marktplatz).
- Plant je Schicht fünf bis acht Plätze; mehr lassen sich am Tag schwer einteilen.
- Sagt, ob ihr Fahrtkosten erstattet.`,
  },
  {
    kind: 'template',
    title: 'Vorlage: Präambel einer Partnerschaftsvereinbarung',
    summary: 'Ein Einstieg für die Vereinbarung zweier Kreisverbände, der sagt, warum ihr zusammenarbeitet.',
    tags: ['agreement', 'partnership'],
    visibility: 'members',
    templateFor: 'agreement',
    templateFields: {
      preamble:
        'Wir, die Kreisverbände A und B, verabreden eine Partnerschaft. Was erst einmal sehr unterschiedlich scheint, verbindet uns: Wir wollen voneinander lernen, uns in Wahlkämpfen beistehen und unsere Mitglieder zusammenbringen.',
    },
    body: `Mit „Diese Vorlage verwenden“ wählt ihr eure Partnerschaft; die Präambel steht dann im Formular für einen neuen Abschnitt der Vereinbarung. Gibt es noch keine Vereinbarung, beginnt ihr sie zuerst aus einer Vorlage der Bundesgeschäftsstelle.

> Wir, die Kreisverbände A und B, verabreden eine Partnerschaft. Was erst einmal sehr unterschiedlich scheint, verbindet uns: Wir wollen voneinander lernen, uns in Wahlkämpfen beistehen und unsere Mitglieder zusammenbringen.

Haltet die Vereinbarung kurz: Ansprechpersonen, ein oder zwei gemeinsame Vorhaben im Jahr, wie ihr entscheidet, wann ihr zurückschaut.`,
  },
  {
    kind: 'template',
    title: 'Vorlage: Willkommensmail an neue Mitglieder',
    summary:
      'Eine freundliche erste Mail des Kreisverbands, mit einem konkreten Angebot statt einer Linkliste.',
    tags: ['onboarding'],
    visibility: 'boards',
    templateFor: 'welcome_mail',
    templateFields: {
      subject: 'Willkommen bei uns im Kreisverband {kv}!',
      body: 'Hallo {vorname},\n\nschön, dass du dabei bist! Ich bin [dein Name] und kümmere mich im Vorstand um neue Mitglieder. Magst du zu unserem nächsten offenen Treffen kommen? {termin}\n\nIch rufe dich vorher gern einmal an.\n\nBis bald\n[dein Name], [deine Telefonnummer]',
    },
    body: `Mit „Diese Vorlage verwenden“ öffnet sich die Willkommens-E-Mail eures Kreisverbands (Neumitglieder → Standard) mit Betreff und Text aus dieser Vorlage. Ersetzt die Angaben in eckigen Klammern und speichert; {vorname}, {kv} und {termin} füllt die Plattform für jedes neue Mitglied aus.

- Eine Person, ein Name, eine Telefonnummer: Neue Mitglieder antworten Menschen, nicht Verteilern.
- Ein konkretes Angebot (das nächste Treffen) statt vieler Links.
- Kurz halten: Mehr erzählt ihr im Willkommensgespräch.`,
  },
  {
    kind: 'template',
    title: 'Checkliste: barrierearme Veranstaltung',
    summary: 'Was vor, während und nach einer Veranstaltung hilft, damit alle teilnehmen können.',
    tags: ['inclusive_events', 'events'],
    visibility: 'public',
    templateFor: 'event_checklist',
    templateFields: {
      description:
        'Der Raum ist stufenlos erreichbar, eine barrierefreie Toilette ist vorhanden. Sagt uns bei der Anmeldung, was ihr braucht (zum Beispiel Gebärdensprache, Kinderbetreuung, eine ruhige Ecke).',
    },
    body: `## Vorher
- [ ] Raum stufenlos erreichbar, Aufzug funktioniert, barrierefreie Toilette vorhanden
- [ ] In der Einladung: Anfahrt mit Bus und Bahn, Zugang, Ansprechperson für Fragen
- [ ] Bei der Anmeldung fragen, was Teilnehmende brauchen
- [ ] Kinderbetreuung klären

## Während
- [ ] Mikrofon für alle Redebeiträge
- [ ] Folien mit großer Schrift und gutem Kontrast
- [ ] Pausen einplanen

## Danach
- [ ] Unterlagen barrierearm verschicken
- [ ] Rückmeldungen sammeln und für die nächste Veranstaltung festhalten`,
  },
  {
    kind: 'article',
    title: 'Leitfaden: das Willkommensgespräch',
    summary: 'Zehn Minuten am Telefon, die entscheiden, ob jemand wiederkommt.',
    tags: ['onboarding'],
    visibility: 'boards',
    body: `Das erste Gespräch mit einem neuen Mitglied sollte in den ersten zwei Wochen stattfinden. Es ist kein Verhör und keine Werbung, sondern ein Kennenlernen.

**Fragen, die sich bewährt haben**
- Was hat dich bewogen, jetzt einzutreten?
- Wofür möchtest du dich engagieren, und wie viel Zeit hast du?
- Wie erreichen wir dich am besten?

**Was ihr anbietet**
- Das nächste offene Treffen, mit Datum und Ort.
- Eine Ansprechperson für die ersten Wochen.
- Den Mitmach-Pool, wenn jemand gern punktuell hilft.

Haltet im Neumitglieder-Bereich fest, dass das Gespräch stattgefunden hat, nicht was gesagt wurde.`,
  },
  {
    kind: 'article',
    title: 'Spenden für den Partner-KV: wie ihr sammelt und weitergebt',
    summary:
      'Wer Geld für einen anderen Kreisverband sammelt, sollte die Wege vorher mit der Schatzmeisterei klären.',
    tags: ['help', 'partnership'],
    visibility: 'boards',
    body: `Geld ist oft die einfachste Hilfe, aber auch die, bei der am meisten schiefgehen kann.

1. **Sprecht mit euren Schatzmeistereien**, bevor ihr zu Spenden aufruft: auf welches Konto, mit welchem Verwendungszweck, wer stellt Quittungen aus.
2. **Legt eine Spendenaktion auf der Plattform an.** Zusagen und Eingänge sind dort für beide Vorstände sichtbar.
3. **Sagt den Spendenden, wofür das Geld ist**, und berichtet danach, was daraus geworden ist.

Im Zweifel fragt eure Landesgeschäftsstelle.`,
  },
  {
    kind: 'article',
    title: 'Mitmach-Pool: Freiwillige gut ansprechen',
    summary:
      'Wer im Pool steht, hat Ja gesagt, aber nicht zu allem. So fragt ihr so, dass man gern wieder Ja sagt.',
    tags: ['volunteer_pool'],
    visibility: 'members',
    body: `Der Mitmach-Pool zeigt Mitglieder, die für bestimmte Aufgaben angesprochen werden möchten, und nur im Rahmen ihrer Einwilligung.

- **Fragt konkret:** was, wann, wie lange, wo.
- **Fragt rechtzeitig:** eine Woche Vorlauf ist das Mindeste.
- **Nehmt ein Nein an**, ohne nachzuhaken.
- **Sagt danke**, auch wenn die Hilfe klein war.`,
  },
]

const stories: DemoEntry[] = [
  {
    kind: 'story',
    title: 'Gute Praxis: Hamburg-Mitte und Saale-Orla',
    summary: 'Großstadt trifft Flächenkreis: Haustürwahlkampf in Thüringen, Wahlparty in Hamburg.',
    tags: ['partnership', 'campaign'],
    visibility: 'public',
    story: { a: { kind: 'district', name: 'Hamburg-Mitte' }, b: { kind: 'district', ags: '16075' } },
    body: `Was erst einmal sehr unterschiedlich scheint, passt gut zusammen: Im Landtagswahlkampf 2024 waren Mitglieder aus Hamburg-Mitte an den Haustüren im Saale-Orla-Kreis unterwegs, haben plakatiert und ein Festival besucht. In Hamburg wurden Spenden gesammelt.

Zur Bürgerschaftswahl 2025 fuhren zwei Mitglieder aus Saale-Orla nach Hamburg und feierten auf der Wahlparty mit.

**Was andere davon lernen können:** Die Hilfe geht in beide Richtungen, und ein Besuch zur Wahlparty ist so wichtig wie die Schichten davor.`,
  },
  {
    kind: 'story',
    title: 'Gute Praxis: Gerlingen und Gefell',
    summary: 'Eine kommunale Städtepartnerschaft wird zur Partnerschaft zweier grüner Verbände.',
    tags: ['partnership', 'campaign'],
    visibility: 'public',
    story: { a: { kind: 'district', ags: '16075' }, b: { kind: 'local', name: 'Gerlingen' } },
    body: `Die Partnerschaft knüpft an die Städtepartnerschaft zwischen Gerlingen und Gefell an. In Gefell gibt es kein eigenes Mitglied; Unterstützer:innen aus Gerlingen haben dort Flyer verteilt und bei einem Infostand und an den Haustüren geholfen.

**Was andere davon lernen können:** Schaut, welche Städtepartnerschaften es in eurem Gebiet gibt. Die Partnersuche zeigt sie als Faktor an.`,
  },
]

export async function seedDemoPlaybook(tx: DbOrTx, now: Date) {
  const [federal] = await tx.select().from(orgUnits).where(eq(orgUnits.kind, 'federal')).limit(1)
  if (!federal) return
  for (const e of [...demoPlaybookEntries, ...stories]) {
    const { story, ...values } = e
    let partnershipId: string | null = null
    if (story) {
      const a = await lookupDemoUnit(tx, story.a)
      const b = await lookupDemoUnit(tx, story.b)
      if (!a || !b) continue
      const [p] = await tx
        .select({ id: partnerships.id })
        .from(partnerships)
        .where(
          or(
            and(eq(partnerships.unitAId, a.id), eq(partnerships.unitBId, b.id)),
            and(eq(partnerships.unitAId, b.id), eq(partnerships.unitBId, a.id)),
          ),
        )
        .limit(1)
      if (!p) continue
      partnershipId = p.id
    }
    const [row] = await tx
      .insert(playbookEntries)
      .values({ ...values, unitId: federal.id, partnershipId, createdAt: now, updatedAt: now })
      .returning()
    await tx.insert(playbookVersions).values({
      entryId: row!.id,
      version: 1,
      title: row!.title,
      summary: row!.summary,
      body: row!.body,
      tags: row!.tags,
      visibility: row!.visibility,
      templateFields: row!.templateFields,
      editedAt: now,
    })
  }
}
