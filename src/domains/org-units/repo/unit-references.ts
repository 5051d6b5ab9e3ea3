import { type SQL, sql } from 'drizzle-orm'
import { queryRows } from '../../../platform/db/query.js'
import type { DbOrTx } from '../../../platform/db/types.js'

/**
 * Every column of the schema that points at a unit, and what a merge of unit A into unit B does with it
 * (`org-units/maintain.test.ts` compares this list with the foreign keys of the live schema, so a new table
 * that refers to units fails the test until it is added here; a uuid column named for a unit without a foreign
 * key fails there too):
 *
 * - `move`: the rows of A become rows of B (members, help requests, reports, …);
 * - `move` with `unless`: rows that would collide with one B has (the same co-hosted event, the same
 *   onboarding step) or that would make B refer to itself (help between A and B) stay with A, as history;
 * - `drop-duplicates`: as `move`, and the rows that B has already are deleted (a co-host row, an opt-out);
 * - `special`: handled by the merge itself (children are moved with their subtree, role grants that B has
 *   already are revoked);
 * - `keep`: not a unit's belonging (a team's own row is the team).
 *
 * `unless` is SQL over the table's own columns, `$to` the surviving unit: static text, never input.
 * The merge runs the list in order.
 */
export type UnitReference = {
  table: string
  column: string
  how: 'move' | 'drop-duplicates' | 'special' | 'keep'
  unless?: string
  /** More to set on the moved rows (static SQL), e.g. ending what must not silently widen. */
  alsoSet?: string
  why: string
}

export const unitReferences: readonly UnitReference[] = [
  { table: 'org_units', column: 'parent_id', how: 'special', why: 'children move with their subtree' },
  { table: 'org_units', column: 'merged_into_id', how: 'move', why: 'units merged into A before' },
  { table: 'unit_kreise', column: 'unit_id', how: 'move', why: "A's territory becomes B's" },
  {
    table: 'role_grants',
    column: 'unit_id',
    how: 'special',
    why: 'roles move; a role B grants the same person already is revoked',
  },
  { table: 'members', column: 'home_unit_id', how: 'move', why: "A's members" },
  { table: 'members', column: 'local_unit_id', how: 'move', why: "a local group's members" },
  { table: 'teams', column: 'unit_id', how: 'keep', why: "a team's own row; teams are not merged" },
  { table: 'surveys', column: 'unit_id', how: 'move', why: "A's surveys" },
  { table: 'survey_responses', column: 'unit_id', how: 'move', why: 'answers from members of A count for B' },
  {
    table: 'survey_result_counts',
    column: 'unit_id',
    how: 'special',
    why: "the results' counts move with the responses above (a trigger on survey_responses)",
  },
  { table: 'survey_campaigns', column: 'unit_id', how: 'move', why: "A's phone campaigns" },
  {
    table: 'campaign_targets',
    column: 'unit_id',
    how: 'move',
    why: 'members of A on a call list count for B',
  },
  // The sides' records first: `betweenAandB` reads the partnership before it moves.
  {
    table: 'partnership_retreats',
    column: 'host_unit_id',
    how: 'move',
    unless: betweenAandB('partnership_retreats'),
    why: 'the side of a partnership that hosted a retreat',
  },
  {
    table: 'partnership_minutes',
    column: 'from_unit_id',
    how: 'move',
    unless: betweenAandB('partnership_minutes'),
    why: 'the side that shared minutes',
  },
  {
    table: 'partnership_link_confirmations',
    column: 'unit_id',
    how: 'move',
    unless: betweenAandB('partnership_link_confirmations'),
    why: 'the side that confirmed a partnership is alive',
  },
  {
    table: 'partnership_exchanges',
    column: 'unit_id',
    how: 'move',
    unless: betweenAandB('partnership_exchanges'),
    why: 'the side an exchange came from (consultation, information, material)',
  },
  {
    table: 'partnerships',
    column: 'unit_a_id',
    how: 'move',
    unless: 'unit_b_id = $to',
    why: 'a closed partnership between A and B stays as history (an open one refuses the merge)',
  },
  {
    table: 'partnerships',
    column: 'unit_b_id',
    how: 'move',
    unless: 'unit_a_id = $to',
    why: 'as unit_a_id',
  },
  {
    table: 'partnership_reports',
    column: 'unit_a_id',
    how: 'move',
    unless: 'unit_b_id is not distinct from $to',
    why: 'reports name the sides of a partnership',
  },
  {
    table: 'partnership_reports',
    column: 'unit_b_id',
    how: 'move',
    unless: 'unit_a_id is not distinct from $to',
    why: 'as unit_a_id',
  },
  { table: 'event_hosts', column: 'unit_id', how: 'drop-duplicates', why: "A's events; co-hosted ones once" },
  { table: 'help_requests', column: 'unit_id', how: 'move', why: "A's help requests" },
  {
    table: 'help_records',
    column: 'helper_unit_id',
    how: 'move',
    unless: 'helped_unit_id = $to',
    why: 'help A gave; help between A and B stays as history',
  },
  {
    table: 'help_records',
    column: 'helped_unit_id',
    how: 'move',
    unless: 'helper_unit_id = $to',
    why: 'help A received',
  },
  {
    table: 'donation_drives',
    column: 'collecting_unit_id',
    how: 'move',
    unless: 'beneficiary_unit_id = $to',
    why: 'drives A collected for',
  },
  {
    table: 'donation_drives',
    column: 'beneficiary_unit_id',
    how: 'move',
    unless: 'collecting_unit_id = $to',
    why: 'drives for A',
  },
  { table: 'volunteer_requests', column: 'unit_id', how: 'move', why: 'requests made for A' },
  { table: 'volunteer_projects', column: 'unit_id', how: 'move', why: "A's project calls" },
  {
    table: 'onboarding_steps',
    column: 'unit_id',
    how: 'move',
    unless: `kind <> 'custom' and exists (select 1 from onboarding_steps o where o.unit_id = $to and o.kind = onboarding_steps.kind)`,
    why: "A's own steps; where B has the same standard step, B's counts",
  },
  {
    table: 'onboarding_step_opt_outs',
    column: 'district_id',
    how: 'drop-duplicates',
    why: 'steps A left out',
  },
  {
    table: 'onboarding_welcome_texts',
    column: 'unit_id',
    how: 'move',
    unless: 'exists (select 1 from onboarding_welcome_texts o where o.unit_id = $to)',
    why: "A's welcome mail, unless B has its own",
  },
  {
    table: 'onboarding_plans',
    column: 'unit_id',
    how: 'move',
    unless:
      'exists (select 1 from onboarding_plans o where o.unit_id = $to and o.steps_key = onboarding_plans.steps_key)',
    why: 'the plans running pipelines follow',
  },
  { table: 'resolutions', column: 'unit_id', how: 'move', why: "A's resolutions" },
  {
    table: 'resolution_addressees',
    column: 'unit_id',
    how: 'drop-duplicates',
    why: 'resolutions addressed to A',
  },
  {
    table: 'resolution_measures',
    column: 'unit_id',
    how: 'move',
    unless:
      'exists (select 1 from resolution_measures o where o.unit_id = $to and o.group_id = resolution_measures.group_id)',
    why: "A's measures; where B has the same measure, both stay",
  },
  { table: 'board_reports', column: 'unit_id', how: 'move', why: "A's board reports" },
  {
    table: 'board_report_settings',
    column: 'unit_id',
    how: 'move',
    unless: 'exists (select 1 from board_report_settings o where o.unit_id = $to)',
    why: "A's choice on approving reports, unless B has its own",
  },
  { table: 'mentoring_programmes', column: 'unit_id', how: 'move', why: "A's mentoring programmes" },
  {
    table: 'seeking_profiles',
    column: 'unit_id',
    how: 'move',
    unless: 'exists (select 1 from seeking_profiles o where o.unit_id = $to)',
    why: "A's search for a partner; where B has its own, B's stands and A's stays as history",
  },
  { table: 'playbook_entries', column: 'unit_id', how: 'move', why: "articles A's editors published" },
  {
    table: 'api_tokens',
    column: 'unit_id',
    how: 'move',
    alsoSet: 'revoked_at = coalesce(revoked_at, now())',
    why: "tokens scoped to A end: moved to B they would reach B's whole subtree, which nobody chose",
  },
]

/** Rows of a partnership between A and B stay with A, like the partnership itself. */
function betweenAandB(table: string) {
  return `exists (select 1 from partnerships p where p.id = ${table}.partnership_id and (p.unit_a_id = $to or p.unit_b_id = $to))`
}

/** The primary key or unique columns `drop-duplicates` compares, besides the unit column. */
const sameRow: Record<string, string> = {
  event_hosts: 'event_id',
  onboarding_step_opt_outs: 'step_id',
  resolution_addressees: 'resolution_id',
}

const id = (name: string) => sql.identifier(name)
const withTarget = (text: string, to: string): SQL => {
  const parts = text.split('$to')
  return sql.join(
    parts.flatMap((p, i) => (i === 0 ? [sql.raw(p)] : [sql`${to}::uuid`, sql.raw(p)])),
    sql``,
  )
}

/**
 * Moves one column's rows from unit `from` to unit `to` as the list above says; answers how many moved.
 * Only `move` and `drop-duplicates` move anything here.
 */
export async function moveReferences(db: DbOrTx, ref: UnitReference, from: string, to: string) {
  if (ref.how === 'keep' || ref.how === 'special') return 0
  const table = id(ref.table)
  const column = id(ref.column)
  if (ref.how === 'drop-duplicates') {
    const key = id(sameRow[ref.table]!)
    await db.execute(
      sql`delete from ${table} where ${column} = ${from}::uuid and exists (select 1 from ${table} o
        where o.${column} = ${to}::uuid and o.${key} = ${table}.${key})`,
    )
  }
  const unless = ref.unless ? sql` and not (${withTarget(ref.unless, to)})` : sql``
  const rows = await queryRows(
    db,
    sql`update ${table} set ${column} = ${to}::uuid${ref.alsoSet ? sql.raw(`, ${ref.alsoSet}`) : sql``}
        where ${column} = ${from}::uuid${unless} returning 1 as moved`,
  )
  return rows.length
}

/** Open partnerships that stand in the way of merging A into B: one between the two, or both with the same KV. */
export async function listMergeConflicts(db: DbOrTx, from: string, to: string) {
  return queryRows<{ id: string; otherName: string }>(
    db,
    sql`select p.id, coalesce(other.name, '') as "otherName"
        from partnerships p
        left join org_units other on other.id = case when p.unit_a_id = ${from}::uuid then p.unit_b_id else p.unit_a_id end
        where (p.unit_a_id = ${from}::uuid or p.unit_b_id = ${from}::uuid)
          and p.status in ('proposed', 'agreed', 'active', 'dormant')
          and (other.id = ${to}::uuid or exists (
            select 1 from partnerships q
            where q.status in ('proposed', 'agreed', 'active', 'dormant')
              and ((q.unit_a_id = ${to}::uuid and q.unit_b_id = other.id) or (q.unit_b_id = ${to}::uuid and q.unit_a_id = other.id))))`,
  )
}
