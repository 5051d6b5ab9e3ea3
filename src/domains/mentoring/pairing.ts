/**
 * Pairing suggestions for a cohort: a pure score for a mentee and a mentor, with its reasons factor by
 * factor, and a greedy choice of pairs in which nobody appears twice. No database, no clock: the same
 * applications give the same suggestions, in the same order.
 */

export type PairingApplicant = {
  id: string
  role: 'mentee' | 'mentor'
  topics: readonly string[]
  goals: string
  formats: readonly string[]
  languages: readonly string[]
  availability: readonly string[]
  avoidOwnKv: boolean
  homeUnitId: string
  /** The anchor of the home KV, when the structure file gave one. */
  lat: number | null
  lon: number | null
}

export const factors = [
  'topics',
  'goals',
  'format',
  'distance',
  'languages',
  'availability',
  'ownKv',
] as const
export type Factor = (typeof factors)[number]

/** One factor's part of a score: its points and what they rest on, for the coordinators to read. */
export type Reason = {
  factor: Factor
  points: number
  /** What was shared or measured: topics, words, formats, languages, slots, kilometres. */
  shared: string[]
  km?: number | null
}

export type PairScore = {
  score: number
  reasons: Reason[]
  /** The pair may not be suggested at all: one of them asked not to be paired within their own KV. */
  excluded: boolean
}

/** How much each factor weighs. */
export const weights = {
  perTopic: 10,
  perGoalWord: 2,
  maxGoalWords: 5,
  format: 10,
  /** Full points for the same place, none from this distance on (only when both would meet in person). */
  distanceKm: 200,
  distance: 10,
  perLanguage: 5,
  /** Two people without a language in common cannot talk: this outweighs everything else. */
  noLanguage: -50,
  perSlot: 5,
} as const

const lower = (xs: readonly string[]) => new Set(xs.map((x) => x.trim().toLowerCase()).filter(Boolean))
/** The entries of `a` that `b` holds too (compared without case), sorted, spelled as in `a`. */
const sharedOf = (a: readonly string[], b: ReadonlySet<string>) =>
  [...new Set(a.filter((x) => b.has(x.trim().toLowerCase())))].sort()

/** An applicant with the sets the score compares, built once per applicant rather than once per pair. */
type Prepared = {
  a: PairingApplicant
  topics: Set<string>
  formats: Set<string>
  languages: Set<string>
  slots: Set<string>
  words: Set<string>
}
const prepare = (a: PairingApplicant): Prepared => ({
  a,
  topics: lower(a.topics),
  formats: lower(a.formats),
  languages: lower(a.languages),
  slots: lower(a.availability),
  words: goalWords(a.goals),
})

/** Words of a goal text that say something: four letters and more, without the most common German and English ones. */
const stopWords = new Set(
  'aber alle auch dass denn diese dieser eine einen einer eines haben hier mich mein meine mehr nach noch oder sein sich sind über und unter viel vom von weil wenn werden wie will wir zum zur with that this have from into more about want would will what your their them they there'.split(
    ' ',
  ),
)
export function goalWords(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length >= 4 && !stopWords.has(w)),
  )
}

/** Great-circle distance in kilometres. */
export function kmBetween(a: { lat: number; lon: number }, b: { lat: number; lon: number }) {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLon = (b.lon - a.lon) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** The score of a mentee and a mentor, with every factor's points and what they rest on. */
export function scorePair(mentee: PairingApplicant, mentor: PairingApplicant): PairScore {
  return scorePrepared(prepare(mentee), prepare(mentor))
}

function scorePrepared(p: Prepared, q: Prepared): PairScore {
  const mentee = p.a
  const mentor = q.a
  const reasons: Reason[] = []
  const topics = sharedOf(mentee.topics, q.topics)
  reasons.push({ factor: 'topics', points: topics.length * weights.perTopic, shared: topics })

  const goals = [...p.words].filter((w) => q.words.has(w)).sort()
  reasons.push({
    factor: 'goals',
    points: Math.min(goals.length, weights.maxGoalWords) * weights.perGoalWord,
    shared: goals,
  })

  const formats = sharedOf(mentee.formats, q.formats)
  reasons.push({ factor: 'format', points: formats.length > 0 ? weights.format : 0, shared: formats })

  // Distance counts only for people who would meet in person; for an online tandem it does not matter.
  const km =
    mentee.lat !== null && mentee.lon !== null && mentor.lat !== null && mentor.lon !== null
      ? Math.round(kmBetween({ lat: mentee.lat, lon: mentee.lon }, { lat: mentor.lat, lon: mentor.lon }))
      : null
  const inPerson = formats.includes('in_person')
  reasons.push({
    factor: 'distance',
    points:
      inPerson && km !== null ? Math.round(weights.distance * Math.max(0, 1 - km / weights.distanceKm)) : 0,
    shared: inPerson ? ['in_person'] : [],
    km,
  })

  const bothSaid = p.languages.size > 0 && q.languages.size > 0
  const languages = sharedOf(mentee.languages, q.languages)
  reasons.push({
    factor: 'languages',
    points: !bothSaid
      ? 0
      : languages.length === 0
        ? weights.noLanguage
        : languages.length * weights.perLanguage,
    shared: languages,
  })

  const slots = sharedOf(mentee.availability, q.slots)
  reasons.push({ factor: 'availability', points: slots.length * weights.perSlot, shared: slots })

  const sameKv = mentee.homeUnitId === mentor.homeUnitId
  const excluded = sameKv && (mentee.avoidOwnKv || mentor.avoidOwnKv)
  reasons.push({ factor: 'ownKv', points: 0, shared: sameKv ? ['same'] : [] })

  return { score: reasons.reduce((sum, r) => sum + r.points, 0), reasons, excluded }
}

export type Suggestion = { menteeId: string; mentorId: string } & PairScore

/**
 * Suggested pairs: every mentee with every mentor scored, then the best pair taken first, then the best
 * of the rest, and so on, until `limit` pairs are made or nobody is left; nobody is in two pairs.
 * Ties are broken by the order the applicants were given in (the caller passes them by the time they
 * applied), then by id, so the same cohort always gives the same suggestions. Excluded pairs are never
 * suggested. Greedy rather than an optimal assignment: each pair is the best one left, which is what
 * a coordinator can follow and explain.
 */
export function suggestPairs(
  mentees: readonly PairingApplicant[],
  mentors: readonly PairingApplicant[],
  limit = Number.POSITIVE_INFINITY,
): Suggestion[] {
  const preparedMentors = mentors.map(prepare)
  const all: (Suggestion & { i: number; j: number })[] = []
  mentees.forEach((mentee, i) => {
    const p = prepare(mentee)
    preparedMentors.forEach((q, j) => {
      if (mentee.id === q.a.id) return
      const s = scorePrepared(p, q)
      if (!s.excluded) all.push({ menteeId: mentee.id, mentorId: q.a.id, ...s, i, j })
    })
  })
  all.sort((a, b) => b.score - a.score || a.i - b.i || a.j - b.j)
  const takenMentees = new Set<string>()
  const takenMentors = new Set<string>()
  const out: Suggestion[] = []
  for (const { i: _i, j: _j, ...s } of all) {
    if (out.length >= limit) break
    if (takenMentees.has(s.menteeId) || takenMentors.has(s.mentorId)) continue
    takenMentees.add(s.menteeId)
    takenMentors.add(s.mentorId)
    out.push(s)
  }
  return out
}
