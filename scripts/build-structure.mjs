// Writes geodata/structure-de.csv, Germany's federal structure as a structure file for `npm run structure:load`:
// the federation, the 16 states and one district association (KV) per Kreis, from geodata/kreise.csv.
// The city-district KVs are a file of their own, geodata/structure-de-stadtbezirke.csv, kept by hand.
//
//   node scripts/build-structure.mjs
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'

const geodata = join(import.meta.dirname, '..', 'geodata')
const kreise = parse(readFileSync(join(geodata, 'kreise.csv')), { columns: true, bom: true })

/** The states' usual abbreviations (ISO 3166-2:DE without the country). */
const stateShort = {
  '01': 'SH',
  '02': 'HH',
  '03': 'NI',
  '04': 'HB',
  '05': 'NW',
  '06': 'HE',
  '07': 'RP',
  '08': 'BW',
  '09': 'BY',
  10: 'SL',
  11: 'BE',
  12: 'BB',
  13: 'MV',
  14: 'SN',
  15: 'ST',
  16: 'TH',
}

// Where a city and the Landkreis around it share a name (München 09162 and 09184), the city keeps the plain
// name and the other gets its type: "München (Landkreis)".
const cityTypes = new Set(['Kreisfreie Stadt', 'Stadtkreis'])
const nameCount = new Map()
for (const k of kreise) nameCount.set(k.name, (nameCount.get(k.name) ?? 0) + 1)
const displayName = (k) =>
  nameCount.get(k.name) > 1 && !cityTypes.has(k.bez) ? `${k.name} (${k.bez})` : k.name

const quote = (v) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)
const lines = ['Ebene,Schlüssel,Name,Kurzname,Übergeordnet,AGS,Breite,Länge,Website,E-Mail']
const row = (...cells) => lines.push(cells.map((c) => quote(c ?? '')).join(','))

row('bund', 'bund', 'Bundesverband', '', '', '', '', '', '', '')
const states = new Map()
for (const k of kreise) if (!states.has(k.land_ags)) states.set(k.land_ags, k.land)
for (const [ags, name] of [...states].sort(([a], [b]) => a.localeCompare(b))) {
  row('land', ags, name, stateShort[ags], 'bund', ags, '', '', '', '')
}
for (const k of [...kreise].sort((a, b) => a.ags.localeCompare(b.ags))) {
  row('kreis', k.ags, displayName(k), '', k.land_ags, k.ags, '', '', '', '')
}
writeFileSync(join(geodata, 'structure-de.csv'), `${lines.join('\n')}\n`)
console.log(`geodata/structure-de.csv: ${lines.length - 1} units`)
