import { mentoringProgrammes } from '../../src/domains/mentoring/tables.js'
import type { Db } from '../../src/platform/db/types.js'

/**
 * A cohort of the unit written straight into the table: applications closed in October 2026, the cohort
 * running from November 2026 to June 2027 around the test clock's 21 November 2026.
 */
export async function buildProgramme(
  db: Db,
  unitId: string,
  values: Partial<typeof mentoringProgrammes.$inferInsert> = {},
) {
  const [row] = await db
    .insert(mentoringProgrammes)
    .values({
      unitId,
      name: 'Mentoring 2026',
      topics: ['Wahlkampf'],
      applyFrom: '2026-09-01',
      applyUntil: '2026-10-15',
      startsOn: '2026-11-01',
      endsOn: '2027-06-30',
      capacity: 10,
      ...values,
    })
    .returning()
  return row!
}
