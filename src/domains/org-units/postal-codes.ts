import { readTerritory } from './structure-geodata.js'

// Germany's postal codes as org-units reads them (geodata/plz.csv, once per process, with the structure's
// territory): where a code lies, which Kreise it touches and where its point is, instead of reading the file again.

export type PostalCodePoint = { lat: number; lon: number }

/** The Kreis (AGS) a postal code's delivery area mostly lies in; nothing for an unknown or special code. */
export function kreisOfPostalCode(code: string): string | undefined {
  return readTerritory().postalCodes.get(code)
}

/** Whether a postal code exists (of a delivery area, a company or an office). */
export function isKnownPostalCode(code: string): boolean {
  return readTerritory().postalCodeKreise.has(code)
}

/** The Kreise a postal code's area touches, the one it mostly lies in first; none for an unknown code. */
export function kreiseOfPostalCode(code: string): readonly string[] {
  return readTerritory().postalCodeKreise.get(code) ?? []
}

/** The point of a postal code (of any kind); undefined for an unknown code or none. */
export function pointOfPostalCode(code: string | null | undefined): PostalCodePoint | undefined {
  return code ? readTerritory().postalCodePoints.get(code.trim()) : undefined
}

/**
 * The postal codes of delivery areas (not those of a company or an office) by the Kreis they mostly lie in:
 * the Kreis whose KV the member import places a member of that postal code in.
 */
export function areaPostalCodesByKreis(): Map<string, string[]> {
  const byKreis = new Map<string, string[]>()
  for (const [code, kreis] of readTerritory().postalCodes) {
    const list = byKreis.get(kreis)
    if (list) list.push(code)
    else byKreis.set(kreis, [code])
  }
  return byKreis
}
