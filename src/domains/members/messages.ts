import type { Messages } from '../../platform/i18n/types.js'

export const de = {
  list: {
    title: 'Mitglieder von {unit}',
    number: 'Mitgliedsnummer',
    name: 'Name',
    postalCode: 'PLZ',
    enteredOn: 'Eintritt',
    empty: 'Keine Mitglieder.',
  },
  import: {
    title: 'Mitglieder importieren',
    intro:
      'Lade den CSV-Export der Mitgliederdatenbank hoch. Mitglieder werden über die Mitgliedsnummer erkannt: Dieselbe Datei zweimal ändert nichts. Mitglieder, die nicht in der Datei stehen, bleiben unverändert.',
    columnsHelp: 'Welche Spalten die Datei braucht, steht in der Dokumentation (docs/member-import.md).',
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
    skippedTitle: 'Übersprungene Zeilen',
    again: 'Eine weitere Datei importieren',
    cliDone:
      'Import abgeschlossen: {inserted} neu, {updated} geändert, {unchanged} unverändert, {skipped} übersprungen, {erased} nicht übernommen.',
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
  },
  import: {
    title: 'Import members',
    intro:
      'Upload the CSV export of the member database. Members are recognised by their member number: the same file twice changes nothing. Members who are not in the file stay as they are.',
    columnsHelp: 'The columns the file needs are listed in the documentation (docs/member-import.md).',
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
    skippedTitle: 'Skipped rows',
    again: 'Import another file',
    cliDone:
      'Import done: {inserted} new, {updated} changed, {unchanged} unchanged, {skipped} skipped, {erased} not taken over.',
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
      postalCodeNotPlaced:
        "The postal code {plz} places the member in no district association (unknown, a large customer's code, or a Kreis without a district association). Please give the district association.",
    },
  },
}
