import { z } from 'zod'

/**
 * What a clause is about. Typed clauses create commitments the platform follows; 'text' is a
 * clause the platform only shows.
 */
export const clauseTypes = [
  'retreat',
  'coordinators',
  'minutes',
  'links',
  'consultation',
  'information',
  'campaignHelp',
  'jointEvents',
  'visits',
  'materials',
  'text',
] as const
export type ClauseType = (typeof clauseTypes)[number]

/**
 * The clause types whose commitment the platform follows on the agreement page, from what it records: the
 * retreats, coordinators, minutes and link confirmations, the help balance (campaign help), the events both
 * sides host (joint events), attendance at the other side's events (visits), and the exchanges the boards
 * record (consultation before a federal congress, mutual information, materials).
 */
export const trackedClauseTypes = [
  'retreat',
  'coordinators',
  'minutes',
  'links',
  'campaignHelp',
  'jointEvents',
  'visits',
  'consultation',
  'information',
  'materials',
] as const
export type TrackedClauseType = (typeof trackedClauseTypes)[number]

/** What a board records as an exchange with the partner: each kind evidences the clause of the same name. */
export const exchangeKinds = ['consultation', 'information', 'materials'] as const
export type ExchangeKind = (typeof exchangeKinds)[number]

export const DEFAULT_MINUTES_PERIOD_DAYS = 30

export const ClauseParams = z.object({
  // Days after a board meeting within which its minutes reach the partner's board.
  periodDays: z.number().int().min(1).max(365).optional(),
})
export type ClauseParams = z.infer<typeof ClauseParams>

/** A clause as it is stored in a template row and in a version snapshot. */
export const Clause = z.object({
  // Stable across versions, so a comparison tells a reworded clause from a removed one.
  key: z.string().min(1).max(64),
  type: z.enum(clauseTypes),
  title: z.string().max(200),
  body: z.string().max(4000),
  params: ClauseParams,
})
export type Clause = z.infer<typeof Clause>

export const ClauseSnapshot = z.array(Clause)

export function minutesPeriodDays(clause: Pick<Clause, 'params'>) {
  return clause.params.periodDays ?? DEFAULT_MINUTES_PERIOD_DAYS
}
