import jsQRModule from 'jsqr'
import { describe, expect, test } from 'vitest'
import { qrCode, qrCodePath } from './qr.js'

// jsQR is a CommonJS module whose types declare an ES default export; Node hands over module.exports.
const jsQR = jsQRModule.default

/**
 * Reads a symbol back the way a phone does: the SVG path is drawn into a bitmap (white quiet zone of four
 * modules, `scale` pixels per module) and decoded by jsQR, an independent reader.
 */
function readBack(svg: { size: number; path: string }, scale = 4): string | undefined {
  const side = (svg.size + 8) * scale
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255)
  for (const m of svg.path.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    const x0 = (Number(m[1]) + 4) * scale
    const y0 = (Number(m[2]) + 4) * scale
    for (let y = y0; y < y0 + scale; y++)
      for (let x = x0; x < x0 + scale; x++) pixels.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3)
  }
  return jsQR(pixels, side, side)?.data
}

describe('the QR code on the two-factor page', () => {
  test('the demo key URI reads back as itself', () => {
    const uri =
      'otpauth://totp/Br%C3%BCckenschlag:board%40demo.example.org?secret=BRUECKENSCHLAGDEMOZWEIFAKTORZWEI&issuer=Br%C3%BCckenschlag&algorithm=SHA1&digits=6&period=30'
    expect(readBack(qrCodePath(uri))).toBe(uri)
  })

  test.each([1, 14, 15, 100, 213, 400])('%i bytes read back unchanged', (n) => {
    const text = 'otpauth://'.concat('x'.repeat(n)).slice(0, Math.max(n, 1))
    expect(readBack(qrCodePath(text))).toBe(text)
  })

  test('umlauts in an account name survive (UTF-8 bytes)', () => {
    const text = 'otpauth://totp/Brückenschlag:jürgen.öztürk@example.org?secret=JBSWY3DPEHPK3PXP'
    expect(readBack(qrCodePath(text))).toBe(text)
  })

  test('a damaged symbol is not read as something else', () => {
    const svg = qrCodePath('hello world')
    const squares = svg.path.match(/M\d+ \d+h1v1h-1z/g) ?? []
    // Without the top-left finder pattern no reader can locate the symbol.
    const damaged = squares.filter((s) => {
      const [, x, y] = /M(\d+) (\d+)/.exec(s)!.map(Number)
      return !(x! < 8 && y! < 8)
    })
    expect(readBack({ size: svg.size, path: damaged.join('') })).not.toBe('hello world')
  })

  test('the symbol is square and the path has one square per dark module', () => {
    const modules = qrCode('hello world')
    expect(modules.every((row) => row.length === modules.length)).toBe(true)
    const { size, path } = qrCodePath('hello world')
    expect(size).toBe(modules.length)
    expect(path.match(/M\d+ \d+h1v1h-1z/g)).toHaveLength(modules.flat().filter(Boolean).length)
  })
})
