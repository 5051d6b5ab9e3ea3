import type { Messages } from '../../platform/i18n/types.js'

export const de = {
  list: {
    title: 'Mitglieder von {unit}',
    number: 'Mitgliedsnummer',
    name: 'Name',
    postalCode: 'PLZ',
    enteredOn: 'Eintritt',
    empty: 'Keine Mitglieder.',
    any: 'alle',
    search: 'Name oder Mitgliedsnummer',
    localGroup: 'Ortsverband',
    noLocalGroup: 'ohne Ortsverband',
    team: 'Team',
    enteredFrom: 'Eintritt ab',
    enteredTo: 'Eintritt bis',
    onboarding: 'Einarbeitung',
    onboardingStates: { none: 'keine', running: 'läuft', done: 'abgeschlossen' },
    filter: 'Suchen',
    found: '{count} Mitglieder gefunden.',
    export: 'Als CSV exportieren',
    purpose: 'Wofür?',
    choosePurpose: 'Bitte wählen',
    purposeRequired:
      'Bitte wähle, wofür die Liste gebraucht wird; der Export wird mit diesem Zweck protokolliert.',
    purposes: {
      invitation: 'Einladung zu einer Versammlung',
      election: 'Wahlen und Delegierte',
      onboarding: 'Begleitung neuer Mitglieder',
      statutes: 'andere satzungsgemäße Aufgabe des Vorstands',
    },
    pages: 'Seiten',
    pageOf: 'Seite {page} von {pages}',
    previous: 'Vorherige Seite',
    next: 'Nächste Seite',
  },
  csv: {
    firstName: 'Vorname',
    lastName: 'Nachname',
  },
  page: {
    leftOn: 'Austritt',
    onboardingSteps: '{closed} von {steps} Schritten erledigt',
    teams: 'Teams und Arbeitsgruppen',
    noTeams: 'In keinem Team.',
    teamStatus: { lead: 'leitet es', member: 'Mitglied', applied: 'hat sich beworben' },
    privacy:
      'E-Mail-Adresse, Telefonnummer, das Profil im Helfer:innen-Pool und Angaben zu Veranstaltungen (etwa Bedarfe) zeigt diese Seite nicht: Kontakt nimmt der Vorstand über eine Nachricht auf, die die Plattform zustellt (unten), ohne die Adresse zu zeigen.',
  },
  message: {
    title: 'Nachricht schreiben',
    intro:
      'Die Plattform schickt deine Nachricht an die Adresse des Mitglieds, ohne sie dir zu zeigen. Sie nennt deinen Namen und deine E-Mail-Adresse, damit das Mitglied dir antworten kann.',
    unreachable:
      'Für dieses Mitglied ist keine E-Mail-Adresse hinterlegt; erreichbar ist es über die Post der Mitgliederverwaltung.',
    subject: 'Betreff',
    text: 'Nachricht',
    submit: 'Nachricht senden',
    flash: 'Die Nachricht wird gesendet.',
    errors: {
      subject: 'Bitte gib einen Betreff an.',
      text: 'Bitte schreib eine Nachricht.',
      unreachable: 'Dieses Mitglied ist per E-Mail nicht erreichbar.',
      tooMany: 'Du hast heute schon viele Nachrichten geschickt. Versuche es morgen wieder.',
    },
    mail: {
      body: 'Hallo {name},\n\n{sender} ({unit}) schreibt dir über Brückenschlag:\n\n{text}\n\n—\nAntworten an {sender}: {senderEmail}\nDeine E-Mail-Adresse hat {sender} nicht gesehen und erfährt sie erst, wenn du antwortest.',
    },
  },
  move: {
    title: 'Zuordnung ändern',
    intro:
      'Ordne das Mitglied einem anderen Ortsverband oder, mit der Rolle dort, einem anderen Kreisverband zu (dort ordnet die PLZ es einem Ortsverband zu). Das Mitglied erfährt es per E-Mail. Der nächste Import aus der Mitgliederdatenbank setzt den Kreisverband wieder nach der Datei.',
    home: 'Kreisverband',
    local: 'Ortsverband',
    noLocal: 'ohne Ortsverband',
    submit: 'Zuordnung speichern',
    flash: 'Die Zuordnung wurde gespeichert.',
    errors: {
      homeRequired: 'Bitte wähle einen Kreisverband.',
      homeNotYours: 'Diesem Kreisverband kannst du keine Mitglieder zuordnen.',
      localUnknown: 'Diesen Ortsverband gibt es im gewählten Kreisverband nicht.',
    },
    mail: {
      subject: 'Deine Mitgliedschaft: {home}',
      noLocal: 'keiner',
      bodyHome:
        'Hallo {name},\n\ndeine Mitgliedschaft wird jetzt beim Kreisverband {home} geführt. Dein Ortsverband: {local}.\n\nDie Seite deines Kreisverbands: {link}\n\nWenn das nicht stimmt, antworte bitte deinem Kreisvorstand.',
      bodyLocal:
        'Hallo {name},\n\ndein Kreisvorstand hat dich einem anderen Ortsverband zugeordnet. Dein Ortsverband: {local}.\n\nDie Seite deines Kreisverbands {home}: {link}\n\nWenn das nicht stimmt, melde dich bitte bei deinem Kreisvorstand.',
    },
  },
  import: {
    title: 'Mitglieder importieren',
    intro:
      'Lade den CSV-Export der Mitgliederdatenbank hoch. Mitglieder werden über die Mitgliedsnummer erkannt: Dieselbe Datei zweimal ändert nichts. Mitglieder, die nicht in der Datei stehen, bleiben unverändert.',
    fileFormat:
      'Die Datei ist Text in UTF-8 (in Excel: „CSV UTF-8“), die Spalten sind durch Semikolon oder Komma getrennt, höchstens {megabytes} MB.',
    columnsLink: 'Welche Spalten?',
    sample: 'Beispieldatei herunterladen (CSV)',
    sampleHint:
      'vier erfundene Mitglieder in Flensburg und Kiel; ersetze sie durch den Export eurer Mitgliederdatenbank.',
    columnsTitle: 'Die Spalten der Datei',
    columnsIntro:
      'Die erste Zeile nennt die Spalten, in beliebiger Reihenfolge. Es gelten der deutsche und der englische Name; Groß- und Kleinschreibung, Leerzeichen und Bindestriche zählen nicht. Andere Spalten werden übergangen, und das Ergebnis nennt sie, damit ein Tippfehler auffällt. Ein Pflichtfeld darf in keiner Zeile leer sein.',
    columnName: 'Spalte',
    columnRequired: 'Pflicht',
    columnContent: 'Inhalt und Format',
    or: 'oder',
    required: 'ja',
    optional: 'nein',
    requiredWithoutPostalCode: 'ja, wenn die PLZ fehlt',
    columns: {
      memberNumber:
        'Die Nummer aus der Mitgliederdatenbank, höchstens 40 Zeichen, jede nur einmal in der Datei. An ihr erkennt der nächste Import das Mitglied wieder.',
      firstName: 'Höchstens 100 Zeichen.',
      lastName: 'Höchstens 100 Zeichen.',
      email: 'Eine gültige E-Mail-Adresse; sie wird kleingeschrieben gespeichert.',
      phone: 'Ziffern, Leerzeichen und + ( ) / . -, 3 bis 40 Zeichen.',
      postalCode: 'Genau fünf Ziffern, mit führender Null (01067).',
      kv: 'Der Kreisverband: sein Schlüssel aus der Strukturdatei, seine fünfstellige Kreiskennziffer (AGS, z. B. 09162) oder sein Name wie auf der Plattform.',
      localGroup: 'Der Name eines Ortsverbands dieses Kreisverbands. Ohne ihn ordnet die PLZ zu.',
      enteredOn: 'JJJJ-MM-TT oder TT.MM.JJJJ (auch T.M.JJJJ), z. B. 2021-04-15 oder 15.04.2021.',
      leftOn: 'Dieselben Formate, nicht vor dem Eintrittsdatum.',
    },
    placing:
      'Ohne KV ordnet die PLZ das Mitglied dem Kreisverband des Kreises zu, in dem sie liegt, und, wo der Kreisverband Ortsverbände mit PLZ hat, dem passenden Ortsverband. Kreisverbände von Stadtbezirken decken keinen Kreis ab: Nenne sie in der Spalte KV. Dieselbe Datei noch einmal ändert nichts; wer nicht in der Datei steht, bleibt unverändert.',
    file: 'CSV-Datei (UTF-8, Trennzeichen Semikolon oder Komma)',
    goodOnly: 'Nur die fehlerfreien Zeilen importieren',
    goodOnlyHint: 'Ohne dieses Häkchen wird nichts geschrieben, sobald auch nur eine Zeile fehlerhaft ist.',
    submit: 'Datei prüfen und importieren',
    fileProblem: 'Die Datei kann nicht importiert werden.',
    rejectedTitle: 'Nichts importiert: {count} Zeilen mit Fehlern',
    nothingWritten: 'Es wurde nichts geschrieben.',
    goodRowsHint:
      '{good} von {total} Zeilen sind fehlerfrei. Um nur diese zu importieren, wähle die Datei unten noch einmal aus, setze das Häkchen „Nur die fehlerfreien Zeilen importieren“ und lade sie erneut hoch. Oder korrigiere die Zeilen in der Datei und lade sie dann hoch.',
    noGoodRows: 'Keine Zeile ist fehlerfrei. Bitte korrigiere die Datei und lade sie erneut hoch.',
    reportTitle: 'Fehlerhafte Zeilen',
    reportLine: 'Zeile',
    reportColumn: 'Spalte',
    reportReason: 'Grund',
    reportTruncated: 'Es werden die ersten {shown} von {total} Fehlern gezeigt.',
    ignoredColumns: 'Diese Spalten sind unbekannt und wurden ignoriert: {columns}',
    doneTitle: 'Import abgeschlossen',
    rowsTotal: 'Zeilen in der Datei',
    inserted: 'Neu angelegt',
    updated: 'Geändert',
    unchanged: 'Unverändert',
    skipped: 'Übersprungen (fehlerhaft)',
    erased: 'Nicht übernommen (nach dem Austritt gelöscht)',
    placedLocal: 'Nach PLZ einem Ortsverband zugeordnet',
    notPlacedTitle: 'Ohne Ortsverband importiert',
    notPlacedIntro:
      'Diese Zeilen wurden importiert, aber ihre PLZ ordnet sie keinem Ortsverband zu. Ergänze die PLZ beim Ortsverband oder ordne die Mitglieder von Hand zu.',
    cliNotPlaced: 'Ohne Ortsverband ({count} Zeilen):',
    skippedTitle: 'Übersprungene Zeilen',
    again: 'Eine weitere Datei importieren',
    cliDone:
      'Import abgeschlossen: {inserted} neu, {updated} geändert, {unchanged} unverändert, {skipped} übersprungen, {erased} nicht übernommen, {placedLocal} nach PLZ einem Ortsverband zugeordnet.',
    cliRejected:
      'Nichts importiert: {bad} Zeilen mit Fehlern. Mit --good-only werden nur die fehlerfreien importiert.',
    problems: {
      noFile: 'Bitte wähle eine Datei aus.',
      empty: 'Die Datei ist leer.',
      notUtf8:
        'Die Datei ist nicht in UTF-8 kodiert. Bitte exportiere sie als „CSV UTF-8“ und lade sie erneut hoch.',
      notCsv: 'Das ist keine CSV-Datei (Text mit Spalten, getrennt durch Semikolon oder Komma).',
      malformed:
        'Die Datei ist ab Zeile {line} keine gültige CSV-Datei (z. B. ein nicht geschlossenes Anführungszeichen).',
      noHeader:
        'Die erste Zeile ist keine Kopfzeile: Keine Spalte heißt wie eine der bekannten Spalten (z. B. Mitgliedsnummer, Nachname, KV).',
      missingColumns: 'Diese Pflichtspalten fehlen: {columns}',
      duplicateColumn: 'Die Spalte {column} kommt mehr als einmal vor.',
      noRows: 'Die Datei enthält nur die Kopfzeile, aber keine Mitglieder.',
      noStructure:
        'Es gibt noch keine Gliederungen, in die Mitglieder gehören könnten. Lade zuerst eine Struktur (npm run structure:load).',
    },
    reasons: {
      required: 'Pflichtfeld ist leer.',
      tooLong: 'Zu lang: höchstens {max} Zeichen.',
      invalid: 'Ungültiger Wert.',
      invalidEmail: 'Keine gültige E-Mail-Adresse.',
      invalidPhone: 'Keine gültige Telefonnummer.',
      invalidPostalCode: 'Die PLZ muss aus genau 5 Ziffern bestehen.',
      invalidDate: 'Kein gültiges Datum (JJJJ-MM-TT oder TT.MM.JJJJ).',
      leftBeforeEntered: 'Das Austrittsdatum liegt vor dem Eintrittsdatum.',
      duplicateNumber: 'Die Mitgliedsnummer steht mehrfach in der Datei (auch in Zeile {lines}).',
      unknownKv: 'Kein Kreisverband mit dem Schlüssel oder Namen „{kv}“.',
      ambiguousKvName: 'Mehrere Kreisverbände heißen „{kv}“. Bitte gib den Kreisschlüssel an: {candidates}.',
      ambiguousKvAgs: 'Mehrere Kreisverbände haben den Schlüssel {kv}. Bitte gib den Namen an: {candidates}.',
      unknownLocalGroup: 'Kein Ortsverband „{name}“ in diesem Kreisverband.',
      kvOrPostalCode: 'Bitte gib den Kreisverband oder die PLZ an.',
      postalCodeNotPlaced:
        'Die PLZ {plz} ordnet keinem Kreisverband zu (unbekannt, eine Großkunden-PLZ oder ein Kreis ohne Kreisverband). Bitte gib den Kreisverband an.',
      unknownPostalCode: 'Die PLZ {plz} gibt es nicht; das Mitglied ist keinem Ortsverband zugeordnet.',
      postalCodeInNoLocalGroup:
        'Die PLZ {plz} gehört zu keinem Ortsverband dieses Kreisverbands; das Mitglied ist keinem Ortsverband zugeordnet.',
    },
  },
} as const

export const en: Messages<typeof de> = {
  list: {
    title: 'Members of {unit}',
    number: 'Member number',
    name: 'Name',
    postalCode: 'Postal code',
    enteredOn: 'Joined',
    empty: 'No members.',
    any: 'all',
    search: 'Name or member number',
    localGroup: 'Local group',
    noLocalGroup: 'without a local group',
    team: 'Team',
    enteredFrom: 'Joined from',
    enteredTo: 'Joined until',
    onboarding: 'Onboarding',
    onboardingStates: { none: 'none', running: 'running', done: 'completed' },
    filter: 'Search',
    found: '{count} members found.',
    export: 'Export as CSV',
    purpose: 'What for?',
    choosePurpose: 'Please choose',
    purposeRequired: 'Please choose what the list is needed for; the export is logged with this purpose.',
    purposes: {
      invitation: 'Invitation to a meeting',
      election: 'Elections and delegates',
      onboarding: 'Accompanying new members',
      statutes: "another of the board's duties under the statutes",
    },
    pages: 'Pages',
    pageOf: 'Page {page} of {pages}',
    previous: 'Previous page',
    next: 'Next page',
  },
  csv: {
    firstName: 'First name',
    lastName: 'Last name',
  },
  page: {
    leftOn: 'Left',
    onboardingSteps: '{closed} of {steps} steps done',
    teams: 'Teams and working groups',
    noTeams: 'In no team.',
    teamStatus: { lead: 'leads it', member: 'member', applied: 'has applied' },
    privacy:
      'This page shows no e-mail address, phone number, volunteer pool profile or what the person told event organisers (such as needs): the board gets in touch through a message the platform delivers (below), without showing the address.',
  },
  message: {
    title: 'Write a message',
    intro:
      "The platform sends your message to the member's address without showing it to you. It gives your name and e-mail address so the member can answer you.",
    unreachable:
      'No e-mail address is on file for this member; they are reached by post through the membership office.',
    subject: 'Subject',
    text: 'Message',
    submit: 'Send message',
    flash: 'The message is being sent.',
    errors: {
      subject: 'Please enter a subject.',
      text: 'Please write a message.',
      unreachable: 'This member cannot be reached by e-mail.',
      tooMany: 'You have sent many messages today. Please try again tomorrow.',
    },
    mail: {
      body: 'Hello {name},\n\n{sender} ({unit}) writes to you through Brückenschlag:\n\n{text}\n\n—\nReply to {sender}: {senderEmail}\n{sender} has not seen your e-mail address; they learn it only if you reply.',
    },
  },
  move: {
    title: 'Change placement',
    intro:
      'Place the member in another local group or, with a role there, in another district association (where the postal code finds their local group). The member is told by e-mail. The next import from the member database sets the district association by the file again.',
    home: 'District association',
    local: 'Local group',
    noLocal: 'no local group',
    submit: 'Save placement',
    flash: 'The placement was saved.',
    errors: {
      homeRequired: 'Please choose a district association.',
      homeNotYours: 'You cannot place members in this district association.',
      localUnknown: 'The chosen district association has no such local group.',
    },
    mail: {
      subject: 'Your membership: {home}',
      noLocal: 'none',
      bodyHome:
        "Hello {name},\n\nyour membership is now kept by {home}. Your local group: {local}.\n\nYour district association's page: {link}\n\nIf this is not right, please tell your district board.",
      bodyLocal:
        'Hello {name},\n\nyour district board placed you in another local group. Your local group: {local}.\n\nThe page of your district association {home}: {link}\n\nIf this is not right, please tell your district board.',
    },
  },
  import: {
    title: 'Import members',
    intro:
      'Upload the CSV export of the member database. Members are recognised by their member number: the same file twice changes nothing. Members who are not in the file stay as they are.',
    fileFormat:
      'The file is text in UTF-8 (in Excel: "CSV UTF-8"), its columns separated by semicolons or commas, at most {megabytes} MB.',
    columnsLink: 'Which columns?',
    sample: 'Download a sample file (CSV)',
    sampleHint:
      'four invented members in Flensburg and Kiel; replace them with the export of your member database.',
    columnsTitle: 'The columns of the file',
    columnsIntro:
      'The first line names the columns, in any order. The German and the English name both work; upper and lower case, blanks and hyphens do not matter. Other columns are passed over, and the result names them so that a typo shows. A required field may be empty in no line.',
    columnName: 'Column',
    columnRequired: 'Required',
    columnContent: 'Content and format',
    or: 'or',
    required: 'yes',
    optional: 'no',
    requiredWithoutPostalCode: 'yes, when the postal code is missing',
    columns: {
      memberNumber:
        'The number from the member database, at most 40 characters, each only once in the file. The next import recognises the member by it.',
      firstName: 'At most 100 characters.',
      lastName: 'At most 100 characters.',
      email: 'A valid e-mail address; stored in lower case.',
      phone: 'Digits, blanks and + ( ) / . -, 3 to 40 characters.',
      postalCode: 'Exactly five digits, with the leading zero (01067).',
      kv: 'The district association: its key in the structure file, its five-digit district key (AGS, e.g. 09162) or its name as on the platform.',
      localGroup:
        'The name of a local group of this district association. Without it, the postal code places the member.',
      enteredOn: 'YYYY-MM-DD or DD.MM.YYYY (also D.M.YYYY), e.g. 2021-04-15 or 15.04.2021.',
      leftOn: 'The same formats, not before the entry date.',
    },
    placing:
      'Without a KV, the postal code places the member in the district association of the Kreis it lies in and, where that association has local groups with postal codes, in the matching local group. City-district associations cover no Kreis: name them in the KV column. The same file again changes nothing; members who are not in the file stay as they are.',
    file: 'CSV file (UTF-8, separated by semicolons or commas)',
    goodOnly: 'Import only the good rows',
    goodOnlyHint: 'Without this tick, nothing is written as soon as a single row has an error.',
    submit: 'Check and import the file',
    fileProblem: 'The file cannot be imported.',
    rejectedTitle: 'Nothing imported: {count} rows with errors',
    nothingWritten: 'Nothing was written.',
    goodRowsHint:
      '{good} of {total} rows are fine. To import only those, choose the file again below, tick "Import only the good rows" and upload it again. Or correct the rows in the file and then upload it.',
    noGoodRows: 'No row is free of errors. Please correct the file and upload it again.',
    reportTitle: 'Rows with errors',
    reportLine: 'Line',
    reportColumn: 'Column',
    reportReason: 'Reason',
    reportTruncated: 'Showing the first {shown} of {total} errors.',
    ignoredColumns: 'These columns are unknown and were ignored: {columns}',
    doneTitle: 'Import finished',
    rowsTotal: 'Rows in the file',
    inserted: 'Added',
    updated: 'Changed',
    unchanged: 'Unchanged',
    skipped: 'Skipped (with errors)',
    erased: 'Not taken over (erased after leaving)',
    placedLocal: 'Placed in a local group by postal code',
    notPlacedTitle: 'Imported without a local group',
    notPlacedIntro:
      "These rows were imported, but their postal code places them in no local group. Add the postal code to a local group's territory or place the members by hand.",
    cliNotPlaced: 'Without a local group ({count} rows):',
    skippedTitle: 'Skipped rows',
    again: 'Import another file',
    cliDone:
      'Import done: {inserted} new, {updated} changed, {unchanged} unchanged, {skipped} skipped, {erased} not taken over, {placedLocal} placed in a local group by postal code.',
    cliRejected:
      'Nothing imported: {bad} rows with errors. With --good-only only the good rows are imported.',
    problems: {
      noFile: 'Please choose a file.',
      empty: 'The file is empty.',
      notUtf8: 'The file is not encoded as UTF-8. Please export it as "CSV UTF-8" and upload it again.',
      notCsv: 'This is not a CSV file (text with columns separated by semicolons or commas).',
      malformed: 'The file is not valid CSV from line {line} on (for example, a quote that is never closed).',
      noHeader:
        'The first line is not a header: no column is named like one of the known columns (e.g. member_number, last_name, kv).',
      missingColumns: 'These required columns are missing: {columns}',
      duplicateColumn: 'The column {column} appears more than once.',
      noRows: 'The file holds only the header row and no members.',
      noStructure:
        'There are no units yet that members could belong to. Load a structure first (npm run structure:load).',
    },
    reasons: {
      required: 'Required field is empty.',
      tooLong: 'Too long: at most {max} characters.',
      invalid: 'Invalid value.',
      invalidEmail: 'Not a valid e-mail address.',
      invalidPhone: 'Not a valid phone number.',
      invalidPostalCode: 'The postal code must be exactly 5 digits.',
      invalidDate: 'Not a valid date (YYYY-MM-DD or DD.MM.YYYY).',
      leftBeforeEntered: 'The leaving date is before the entry date.',
      duplicateNumber: 'The member number appears more than once in the file (also in line {lines}).',
      unknownKv: 'No district association with the key or name "{kv}".',
      ambiguousKvName:
        'Several district associations are called "{kv}". Please give the district key: {candidates}.',
      ambiguousKvAgs: 'Several district associations have the key {kv}. Please give the name: {candidates}.',
      unknownLocalGroup: 'No local group "{name}" in this district association.',
      kvOrPostalCode: 'Please give the district association or the postal code.',
      unknownPostalCode: 'The postal code {plz} does not exist; the member is in no local group.',
      postalCodeInNoLocalGroup:
        'The postal code {plz} belongs to no local group of this district association; the member is in no local group.',
      postalCodeNotPlaced:
        "The postal code {plz} places the member in no district association (unknown, a large customer's code, or a Kreis without a district association). Please give the district association.",
    },
  },
}
