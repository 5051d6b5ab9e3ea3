/**
 * A QR code encoder (ISO/IEC 18004) for one purpose: the otpauth:// URI on the two-factor set-up
 * page, drawn on the server, so no script and no other server is involved. Byte mode, error
 * correction level M, versions 1 to 20 (up to 666 bytes), the mask with the lowest penalty.
 */

// Per version (index 1..20) for level M: error correction codewords per block, and blocks.
const ECC_PER_BLOCK = [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26]
const BLOCKS = [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16]
const MAX_VERSION = 20
const FORMAT_LEVEL_M = 0b00

/** Modules of the symbol that carry data (everything but the function patterns). */
function rawDataModules(version: number) {
  let result = (16 * version + 128) * version + 64
  if (version >= 2) {
    const align = Math.floor(version / 7) + 2
    result -= (25 * align - 10) * align - 55
    if (version >= 7) result -= 36
  }
  return result
}

const dataCodewords = (version: number) =>
  Math.floor(rawDataModules(version) / 8) - ECC_PER_BLOCK[version]! * BLOCKS[version]!

/** Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1. */
function gfMultiply(x: number, y: number) {
  let z = 0
  for (let i = 7; i >= 0; i--) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d)
    z ^= ((y >>> i) & 1) * x
  }
  return z
}

/** The generator polynomial of degree `degree` (its leading 1 left out), highest power first. */
function reedSolomonDivisor(degree: number) {
  const result = new Array<number>(degree).fill(0)
  result[degree - 1] = 1
  let root = 1
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      result[j] = gfMultiply(result[j]!, root)
      if (j + 1 < degree) result[j]! ^= result[j + 1]!
    }
    root = gfMultiply(root, 0x02)
  }
  return result
}

function reedSolomonRemainder(data: number[], divisor: number[]) {
  const result = new Array<number>(divisor.length).fill(0)
  for (const b of data) {
    const factor = b ^ result.shift()!
    result.push(0)
    divisor.forEach((coef, i) => {
      result[i]! ^= gfMultiply(coef, factor)
    })
  }
  return result
}

/** Mode, length, the bytes, terminator and padding, as codewords of the chosen version. */
function dataCodewordsFor(bytes: Uint8Array, version: number) {
  const bits: number[] = []
  const put = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1)
  }
  put(0b0100, 4)
  put(bytes.length, version <= 9 ? 8 : 16)
  for (const b of bytes) put(b, 8)
  const capacity = dataCodewords(version) * 8
  put(0, Math.min(4, capacity - bits.length))
  put(0, (8 - (bits.length % 8)) % 8)
  for (let pad = 0xec; bits.length < capacity; pad ^= 0xec ^ 0x11) put(pad, 8)
  const codewords: number[] = []
  for (let i = 0; i < bits.length; i += 8) codewords.push(parseInt(bits.slice(i, i + 8).join(''), 2))
  return codewords
}

/** Splits into blocks, appends each block's error correction, and interleaves them. */
function withErrorCorrection(data: number[], version: number) {
  const blocks = BLOCKS[version]!
  const eccLength = ECC_PER_BLOCK[version]!
  const raw = Math.floor(rawDataModules(version) / 8)
  const shortBlocks = blocks - (raw % blocks)
  const shortLength = Math.floor(raw / blocks)
  const divisor = reedSolomonDivisor(eccLength)
  const all: number[][] = []
  for (let i = 0, k = 0; i < blocks; i++) {
    const block = data.slice(k, k + shortLength - eccLength + (i < shortBlocks ? 0 : 1))
    k += block.length
    const ecc = reedSolomonRemainder(block, divisor)
    if (i < shortBlocks) block.push(0)
    all.push([...block, ...ecc])
  }
  const result: number[] = []
  for (let i = 0; i < all[0]!.length; i++) {
    all.forEach((block, j) => {
      // The padding byte of the short blocks is no codeword.
      if (i !== shortLength - eccLength || j >= shortBlocks) result.push(block[i]!)
    })
  }
  return result
}

function alignmentPositions(version: number, size: number) {
  if (version === 1) return []
  const count = Math.floor(version / 7) + 2
  const step = Math.ceil((version * 4 + 4) / (count * 2 - 2)) * 2
  const result = [6]
  for (let pos = size - 7; result.length < count; pos -= step) result.splice(1, 0, pos)
  return result
}

const bit = (value: number, i: number) => ((value >>> i) & 1) !== 0

class QrSymbol {
  readonly size: number
  readonly dark: boolean[][]
  readonly isFunction: boolean[][]

  constructor(readonly version: number) {
    this.size = version * 4 + 17
    this.dark = Array.from({ length: this.size }, () => new Array<boolean>(this.size).fill(false))
    this.isFunction = Array.from({ length: this.size }, () => new Array<boolean>(this.size).fill(false))
    this.drawFunctionPatterns()
  }

  private set(x: number, y: number, dark: boolean) {
    this.dark[y]![x] = dark
    this.isFunction[y]![x] = true
  }

  private drawFunctionPatterns() {
    const { size } = this
    for (let i = 0; i < size; i++) {
      this.set(6, i, i % 2 === 0)
      this.set(i, 6, i % 2 === 0)
    }
    for (const [cx, cy] of [
      [3, 3],
      [size - 4, 3],
      [3, size - 4],
    ] as const) {
      for (let dy = -4; dy <= 4; dy++) {
        for (let dx = -4; dx <= 4; dx++) {
          const x = cx + dx
          const y = cy + dy
          const distance = Math.max(Math.abs(dx), Math.abs(dy))
          if (x >= 0 && x < size && y >= 0 && y < size) this.set(x, y, distance !== 2 && distance !== 4)
        }
      }
    }
    const positions = alignmentPositions(this.version, size)
    const last = positions.length - 1
    positions.forEach((cx, i) => {
      positions.forEach((cy, j) => {
        // The three corners where the finder patterns are.
        if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) return
        for (let dy = -2; dy <= 2; dy++) {
          for (let dx = -2; dx <= 2; dx++)
            this.set(cx + dx, cy + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1)
        }
      })
    })
    this.drawFormatBits(0)
    if (this.version >= 7) {
      let rem = this.version
      for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25)
      const bits = (this.version << 12) | rem
      for (let i = 0; i < 18; i++) {
        const a = size - 11 + (i % 3)
        const b = Math.floor(i / 3)
        this.set(a, b, bit(bits, i))
        this.set(b, a, bit(bits, i))
      }
    }
  }

  /** The level and mask, with their BCH code, in both copies; plus the always dark module. */
  drawFormatBits(mask: number) {
    const data = (FORMAT_LEVEL_M << 3) | mask
    let rem = data
    for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537)
    const bits = ((data << 10) | rem) ^ 0x5412
    const { size } = this
    for (let i = 0; i <= 5; i++) this.set(8, i, bit(bits, i))
    this.set(8, 7, bit(bits, 6))
    this.set(8, 8, bit(bits, 7))
    this.set(7, 8, bit(bits, 8))
    for (let i = 9; i < 15; i++) this.set(14 - i, 8, bit(bits, i))
    for (let i = 0; i < 8; i++) this.set(size - 1 - i, 8, bit(bits, i))
    for (let i = 8; i < 15; i++) this.set(8, size - 15 + i, bit(bits, i))
    this.set(8, size - 8, true)
  }

  /** Places the codewords in the zigzag of two-module columns, right to left, skipping the timing column. */
  drawCodewords(codewords: number[]) {
    const { size } = this
    let i = 0
    for (let right = size - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5
      for (let vertical = 0; vertical < size; vertical++) {
        for (let j = 0; j < 2; j++) {
          const x = right - j
          const upward = ((right + 1) & 2) === 0
          const y = upward ? size - 1 - vertical : vertical
          if (!this.isFunction[y]![x] && i < codewords.length * 8) {
            this.dark[y]![x] = bit(codewords[i >>> 3]!, 7 - (i & 7))
            i++
          }
        }
      }
    }
  }

  /** XORs a mask over the data modules; applying it twice undoes it. */
  applyMask(mask: number) {
    const masks = [
      (x: number, y: number) => (x + y) % 2 === 0,
      (_x: number, y: number) => y % 2 === 0,
      (x: number) => x % 3 === 0,
      (x: number, y: number) => (x + y) % 3 === 0,
      (x: number, y: number) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
      (x: number, y: number) => ((x * y) % 2) + ((x * y) % 3) === 0,
      (x: number, y: number) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
      (x: number, y: number) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
    ]
    const invert = masks[mask]!
    for (let y = 0; y < this.size; y++) {
      for (let x = 0; x < this.size; x++) {
        if (!this.isFunction[y]![x] && invert(x, y)) this.dark[y]![x] = !this.dark[y]![x]
      }
    }
  }

  /** The penalty of the four rules of the standard (runs, 2×2 boxes, finder-like patterns, balance). */
  penalty() {
    const { size, dark } = this
    let score = 0
    const line = (get: (i: number) => boolean) => {
      let run = 1
      for (let i = 1; i <= size; i++) {
        if (i < size && get(i) === get(i - 1)) run++
        else {
          if (run >= 5) score += run - 2
          run = 1
        }
      }
      // 1:1:3:1:1 with four light modules on one side; outside the symbol counts as light.
      const at = (i: number) => i >= 0 && i < size && get(i)
      for (let i = -4; i < size; i++) {
        const core = at(i) && !at(i + 1) && at(i + 2) && at(i + 3) && at(i + 4) && !at(i + 5) && at(i + 6)
        if (!core) continue
        const lightBefore = !at(i - 1) && !at(i - 2) && !at(i - 3) && !at(i - 4)
        const lightAfter = !at(i + 7) && !at(i + 8) && !at(i + 9) && !at(i + 10)
        if (lightBefore || lightAfter) score += 40
      }
    }
    for (let y = 0; y < size; y++) line((x) => dark[y]![x]!)
    for (let x = 0; x < size; x++) line((y) => dark[y]![x]!)
    let darkCount = 0
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        if (dark[y]![x]) darkCount++
        if (x < size - 1 && y < size - 1) {
          const c = dark[y]![x]
          if (c === dark[y]![x + 1] && c === dark[y + 1]![x] && c === dark[y + 1]![x + 1]) score += 3
        }
      }
    }
    const total = size * size
    score += (Math.ceil(Math.abs(darkCount * 20 - total * 10) / total) - 1) * 10
    return score
  }
}

/** The modules of the QR code for `text` (true is dark), rows top to bottom, without the quiet zone. */
export function qrCode(text: string): boolean[][] {
  const bytes = new TextEncoder().encode(text)
  let version = 1
  while (version <= MAX_VERSION && dataCodewords(version) < bytes.length + (version <= 9 ? 2 : 3)) version++
  if (version > MAX_VERSION)
    throw new RangeError(`too long for a QR code of version ${MAX_VERSION}: ${bytes.length} bytes`)
  const symbol = new QrSymbol(version)
  symbol.drawCodewords(withErrorCorrection(dataCodewordsFor(bytes, version), version))
  let best = 0
  let lowest = Number.POSITIVE_INFINITY
  for (let mask = 0; mask < 8; mask++) {
    symbol.applyMask(mask)
    symbol.drawFormatBits(mask)
    const score = symbol.penalty()
    if (score < lowest) {
      lowest = score
      best = mask
    }
    symbol.applyMask(mask)
  }
  symbol.applyMask(best)
  symbol.drawFormatBits(best)
  return symbol.dark
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
