import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, test } from 'vitest'
import { repositoryRoot as root, sourceFiles } from '../../../test/support/source-files.js'
import { allKreise, kreisRef } from './kreise.js'
import {
  areaPostalCodesByKreis,
  isKnownPostalCode,
  kreiseOfPostalCode,
  kreisOfPostalCode,
  pointOfPostalCode,
} from './postal-codes.js'

describe("the geodata's Kreise, municipalities and postal codes have one reader", () => {
  test('only the structure territory opens kreise.csv, gemeinden.csv and plz.csv; the rest asks org-units', () => {
    const readers = sourceFiles(join(root, 'src')).filter((file) =>
      /['"`](kreise|gemeinden|plz)\.csv['"`]/.test(readFileSync(file, 'utf8')),
    )
    expect(readers.map((file) => relative(root, file))).toEqual([
      'src/domains/org-units/structure-geodata.ts',
    ])
  })

  test('a Kreis by its AGS, with its state and the figures of its municipalities; all 400 in order', () => {
    expect(kreisRef('16075')).toMatchObject({
      ags: '16075',
      name: 'Saale-Orla-Kreis',
      bez: 'Landkreis',
      stateAgs: '16',
      stateName: 'Thüringen',
      labelLon: 11.7455,
      labelLat: 50.57449,
    })
    expect(kreisRef('16075')!.population).toBeGreaterThan(70_000)
    expect(kreisRef('99999')).toBeUndefined()
    const all = allKreise()
    expect(all).toHaveLength(400)
    expect(all.map((k) => k.ags)).toEqual([...all.map((k) => k.ags)].sort())
  })

  test('a postal code: its Kreis, the Kreise it touches (its own first), its point', () => {
    expect(kreisOfPostalCode('07926')).toBe('16075')
    expect(kreiseOfPostalCode('03058')).toEqual(['12071', '12052'])
    expect(kreiseOfPostalCode('00000')).toEqual([])
    expect(pointOfPostalCode(' 07926 ')).toEqual({ lat: 50.4405, lon: 11.8593 })
    expect(pointOfPostalCode(undefined)).toBeUndefined()
    // A company's own code exists and has a point, but places no member in a Kreis.
    expect(isKnownPostalCode('01053')).toBe(true)
    expect(pointOfPostalCode('01053')).toBeDefined()
    expect(kreisOfPostalCode('01053')).toBeUndefined()
    expect(areaPostalCodesByKreis().get('16075')).toEqual(expect.arrayContaining(['07907', '07926']))
    expect(areaPostalCodesByKreis().get('14612')).not.toContain('01053')
  })
})
