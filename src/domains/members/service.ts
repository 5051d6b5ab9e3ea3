import type { AppDeps } from '../../app.js'
import { recordAudit } from '../../platform/audit/record.js'
import type { Actor } from '../../platform/auth/actor.js'
import { NotFoundError } from '../../platform/http/errors.js'
import { canOnUnit, getUnit } from '../org-units/index.js'
import { listMembersOfUnit } from './repo.js'

/**
 * The member list of a unit, for its board and the offices above it. Anyone else gets a 404,
 * as if the list did not exist. Reading personal data is itself recorded in the audit trail.
 */
export async function viewMemberList(deps: AppDeps, actor: Actor | undefined, unitId: string, page = 1) {
  return deps.database.db.transaction(async (tx) => {
    const unit = await getUnit(tx, unitId)
    if (!canOnUnit(actor, 'unit.listMembers', { unit })) throw new NotFoundError()
    const rows = await listMembersOfUnit(tx, unit.id, 200, (page - 1) * 200)
    await recordAudit(tx, actor, {
      action: 'members.list_viewed',
      unit,
      object: { type: 'org_unit', id: unit.id },
      data: { page, rows: rows.length },
    })
    return { unit, members: rows }
  })
}
