import { type KreisFacts, readTerritory } from './structure-geodata.js'

// Germany's Kreise as org-units reads them (geodata/kreise.csv, once per process, with the structure's territory):
// what other domains and the demo ask of a Kreis, instead of reading the file again.

/** A Kreis: its AGS, name, type, state, label point, and population and area summed from its municipalities. */
export type KreisRef = Readonly<KreisFacts>

/** The Kreis of a 5-digit AGS; undefined for an unknown one. */
export function kreisRef(ags: string): KreisRef | undefined {
  return readTerritory().kreise.get(ags)
}

/** Every Kreis, in the order of geodata/kreise.csv (by AGS). */
export function allKreise(): KreisRef[] {
  return [...readTerritory().kreise.values()]
}
