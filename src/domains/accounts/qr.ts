/**
 * The QR code on the two-factor set-up page: the otpauth:// URI drawn on the server, so no script and no other
 * server is involved. The encoding (ISO/IEC 18004) is `uqr`'s; this file only turns its modules into one SVG path.
 */
import { encode } from 'uqr'

/** The modules of the QR code for `text` (true is dark), rows top to bottom, without the quiet zone. */
export function qrCode(text: string): boolean[][] {
  return encode(text, { ecc: 'M', border: 0 }).data
}

/** The dark modules as one SVG path (one unit per module), and the symbol's size in modules. */
export function qrCodePath(text: string): { size: number; path: string } {
  const modules = qrCode(text)
  const parts: string[] = []
  modules.forEach((row, y) => {
    row.forEach((isDark, x) => {
      if (isDark) parts.push(`M${x} ${y}h1v1h-1z`)
    })
  })
  return { size: modules.length, path: parts.join('') }
}
