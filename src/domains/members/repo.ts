import { asc, eq } from 'drizzle-orm'
import type { DbOrTx } from '../../platform/db/types.js'
import { members } from './tables.js'

export async function listMembersOfUnit(db: DbOrTx, unitId: string, limit = 200, offset = 0) {
  return db
    .select()
    .from(members)
    .where(eq(members.homeUnitId, unitId))
    .orderBy(asc(members.lastName), asc(members.firstName))
    .limit(limit)
    .offset(offset)
}
