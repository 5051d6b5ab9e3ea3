/**
 * A programme's figures (issue 17): counts of one cohort, each withheld when it rests on fewer than
 * MIN_PEOPLE people, as in the onboarding benchmark. A pure function of the counts, so the table tests
 * need no database. No figure names or points at a person: there are no lists, only counts and shares.
 */

/** A figure built on fewer people than this is withheld: too close to a person. */
export const MIN_PEOPLE = 5

/** What the database counts for one cohort. */
export type ProgrammeCounts = {
  applications: number
  mentees: number
  mentors: number
  accepted: number
  /** Tandems formed (not dissolved), and of those: running, ended early, ran to the cohort's end. */
  tandems: number
  active: number
  endedEarly: number
  completed: number
  checkIns: number
  goals: number
  goalsReached: number
  /** Tandems that set at least one goal. */
  tandemsWithGoals: number
  /** Closing reviews, each by one person, and the sums of their ratings (1 to 5). */
  reviews: number
  tandemRatingSum: number
  programmeRatingSum: number
}

export type Figure = {
  /** A count, a share from 0 to 1 or a mean; null when withheld or when there is nothing to count. */
  value: number | null
  /** How many people the figure is built on. */
  people: number
  withheld: 'none' | 'small' | 'complementary'
}

export const figureNames = [
  'applications',
  'mentees',
  'mentors',
  'accepted',
  'tandems',
  'active',
  'endedEarly',
  'completed',
  'checkInsPerTandem',
  'goalsReached',
  'tandemRating',
  'programmeRating',
] as const
export type FigureName = (typeof figureNames)[number]
export type ProgrammeFigures = Record<FigureName, Figure>

/** Nobody counted: a count is 0, a share or mean has nothing to rest on (null). */
function figure(value: number | null, people: number): Figure {
  if (people === 0) return { value, people, withheld: 'none' }
  if (people < MIN_PEOPLE) return { value: null, people, withheld: 'small' }
  return { value, people, withheld: 'none' }
}

/**
 * Parts that add up to a shown total: when exactly one part is withheld, the total minus the other parts
 * would reveal it, so the shown part with the fewest people is withheld too.
 */
function withholdComplement(figures: ProgrammeFigures, total: FigureName, parts: readonly FigureName[]) {
  if (figures[total].value === null) return
  const withheld = parts.filter((p) => figures[p].withheld !== 'none')
  if (withheld.length !== 1) return
  const smallest = parts
    .filter((p) => figures[p].withheld === 'none' && figures[p].people > 0)
    .sort((a, b) => figures[a].people - figures[b].people)[0]
  if (smallest) figures[smallest] = { ...figures[smallest], value: null, withheld: 'complementary' }
}

/** The cohort's figures; a tandem counts as two people. */
export function programmeFigures(c: ProgrammeCounts): ProgrammeFigures {
  const inTandems = 2 * c.tandems
  const figures: ProgrammeFigures = {
    applications: figure(c.applications, c.applications),
    mentees: figure(c.mentees, c.mentees),
    mentors: figure(c.mentors, c.mentors),
    accepted: figure(c.accepted, c.accepted),
    tandems: figure(c.tandems, inTandems),
    active: figure(c.active, 2 * c.active),
    endedEarly: figure(c.endedEarly, 2 * c.endedEarly),
    completed: figure(c.completed, 2 * c.completed),
    checkInsPerTandem: figure(c.tandems ? c.checkIns / c.tandems : null, inTandems),
    goalsReached: figure(c.goals ? c.goalsReached / c.goals : null, 2 * c.tandemsWithGoals),
    tandemRating: figure(c.reviews ? c.tandemRatingSum / c.reviews : null, c.reviews),
    programmeRating: figure(c.reviews ? c.programmeRatingSum / c.reviews : null, c.reviews),
  }
  withholdComplement(figures, 'applications', ['mentees', 'mentors'])
  withholdComplement(figures, 'tandems', ['active', 'endedEarly', 'completed'])
  return figures
}
