/** A small deterministic PRNG (mulberry32): the same seed yields the same demo people on every machine. */
export function seededRandom(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
  }
}

export type Random = ReturnType<typeof seededRandom>

const firstNames = [
  'Anna',
  'Ben',
  'Clara',
  'David',
  'Elif',
  'Finn',
  'Greta',
  'Hannes',
  'Ida',
  'Jonas',
  'Kira',
  'Leon',
  'Mara',
  'Noah',
  'Olga',
  'Paul',
  'Rana',
  'Samir',
  'Tilda',
  'Umut',
  'Vera',
  'Wim',
  'Yara',
  'Zoe',
  'Alex',
  'Kim',
  'Luca',
  'Sascha',
  'Robin',
  'Jule',
  'Emil',
  'Nele',
  'Malte',
  'Frieda',
  'Aylin',
  'Milan',
] as const

/** Every demo surname starts with one of these words, so nobody mistakes a demo member for a real person. */
export const demoSurnamePrefixes = ['Beispiel', 'Muster', 'Probe', 'Erdacht', 'Fiktiv'] as const

const surnameStems = [
  'Amsel',
  'Birke',
  'Dohle',
  'Eiche',
  'Fink',
  'Ginster',
  'Hasel',
  'Igel',
  'Kiebitz',
  'Linde',
  'Meise',
  'Nessel',
  'Otter',
  'Pappel',
  'Quendel',
  'Reiher',
  'Salbei',
  'Tanne',
  'Ulme',
  'Weide',
  'Zeisig',
] as const

export function demoPerson(random: Random) {
  return {
    firstName: random.pick(firstNames),
    lastName: `${random.pick(demoSurnamePrefixes)}-${random.pick(surnameStems)}`,
  }
}

export function isDemoSurname(lastName: string) {
  return demoSurnamePrefixes.some((p) => lastName.startsWith(`${p}-`))
}

export function demoMemberNumber(n: number) {
  return `DEMO-${String(n).padStart(7, '0')}`
}

/** A day between `from` and `to`, as YYYY-MM-DD. */
export function demoDate(random: Random, from: Date, to: Date) {
  const t = from.getTime() + Math.floor(random.next() * (to.getTime() - from.getTime()))
  return new Date(t).toISOString().slice(0, 10)
}
