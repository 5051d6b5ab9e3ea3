import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { qrCode, qrCodePath } from './qr.js'

const picture = (modules: boolean[][]) => modules.map((row) => row.map((d) => (d ? '#' : '.')).join(''))
const digest = (modules: boolean[][]) =>
  createHash('sha256').update(picture(modules).join('\n')).digest('hex')

/** What a format field (level M, mask 0..7, BCH code, XOR 0x5412) may hold. */
const formatWords = new Set(
  Array.from({ length: 8 }, (_, mask) => {
    let rem = mask
    for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537)
    return ((mask << 10) | rem) ^ 0x5412
  }),
)

// The symbols below were read back with zbarimg (Debian's zbar-tools) when the encoder was written,
// as were symbols of 1 to 660 bytes across versions 1 to 20; the tests pin them so a change shows.
describe('the QR code encoder', () => {
  test('"hello world" is the version 1 symbol a reader decodes', () => {
    expect(picture(qrCode('hello world'))).toEqual([
      '#######.##.##.#######',
      '#.....#.#####.#.....#',
      '#.###.#....##.#.###.#',
      '#.###.#.###.#.#.###.#',
      '#.###.#..###..#.###.#',
      '#.....#..####.#.....#',
      '#######.#.#.#.#######',
      '........#####........',
      '#.##.###..###.#..#.##',
      '.##.##.#.#.########.#',
      '...##.###.##.#.#...##',
      '.#####.#..##...#.#.#.',
      '...#.#####..###.....#',
      '........####..###.#..',
      '#######.#########....',
      '#.....#.#....#.#.####',
      '#.###.#..#..#....##..',
      '#.###.#.#.#...#..###.',
      '#.###.#.##..#..#..#..',
      '#.....#...##.####...#',
      '#######.#.##.###..#..',
    ])
  })

  test('the demo key URI is a version 9 symbol, unchanged', () => {
    const uri =
      'otpauth://totp/Br%C3%BCckenschlag:board%40demo.example.org?secret=BRUECKENSCHLAGDEMOZWEIFAKTORZWEI&issuer=Br%C3%BCckenschlag&algorithm=SHA1&digits=6&period=30'
    const modules = qrCode(uri)
    expect(modules).toHaveLength(53)
    expect(digest(modules)).toBe('65401d0dd334d1abf1d3936ea2f3ce0549c56bb057a4a0d376bda099ffe18ad9')
  })

  test.each([1, 14, 15, 200, 213, 214, 666])(
    '%i bytes: finder, timing and format patterns are in place',
    (n) => {
      const modules = qrCode('x'.repeat(n))
      const size = modules.length
      const version = (size - 17) / 4
      expect(Number.isInteger(version)).toBe(true)
      const finder = ['#######', '#.....#', '#.###.#', '#.###.#', '#.###.#', '#.....#', '#######']
      const at = (x0: number, y0: number) =>
        modules.slice(y0, y0 + 7).map((r) => picture([r.slice(x0, x0 + 7)])[0])
      expect(at(0, 0)).toEqual(finder)
      expect(at(size - 7, 0)).toEqual(finder)
      expect(at(0, size - 7)).toEqual(finder)
      for (let i = 8; i < size - 8; i++) {
        expect(modules[6]![i]).toBe(i % 2 === 0)
        expect(modules[i]![6]).toBe(i % 2 === 0)
      }
      // Both copies of the format information agree and name level M with one of the eight masks.
      const bit = (x: number, y: number) => (modules[y]![x] ? 1 : 0)
      let first = 0
      let second = 0
      const firstCells: [number, number][] = [0, 1, 2, 3, 4, 5, 7, 8].map((y) => [8, y])
      firstCells.push([7, 8], [5, 8], [4, 8], [3, 8], [2, 8], [1, 8], [0, 8])
      firstCells.forEach(([x, y], i) => {
        first |= bit(x, y) << i
      })
      for (let i = 0; i < 8; i++) second |= bit(size - 1 - i, 8) << i
      for (let i = 8; i < 15; i++) second |= bit(8, size - 15 + i) << i
      expect(first).toBe(second)
      expect(formatWords.has(first)).toBe(true)
      expect(modules[size - 8]![8]).toBe(true)
    },
  )

  test('the length decides the version; too much text is refused', () => {
    expect(qrCode('x'.repeat(14))).toHaveLength(21)
    expect(qrCode('x'.repeat(15))).toHaveLength(25)
    expect(qrCode('x'.repeat(666))).toHaveLength(97)
    expect(() => qrCode('x'.repeat(667))).toThrow(RangeError)
  })

  test('the SVG path has one square per dark module', () => {
    const { size, path } = qrCodePath('hello world')
    expect(size).toBe(21)
    const dark = qrCode('hello world').flat().filter(Boolean).length
    expect(path.match(/M\d+ \d+h1v1h-1z/g)).toHaveLength(dark)
  })
})
