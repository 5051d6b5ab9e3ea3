import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { FieldError, NotFoundError } from '../../../platform/errors.js'
import { localDay } from '../../../platform/time.js'
import type { CongressInput } from '../input.js'
import { authorize } from '../policy.js'
import * as repo from '../repo.js'

/** The federal congresses in the calendar, for the federal office. */
export async function listFederalCongresses(deps: AppDeps, actor: Actor | undefined) {
  authorize(actor, 'congress.manage', {})
  const congresses = await repo.listCongresses(deps.database.db)
  return { congresses, today: localDay(deps.now()) }
}

/** The federal office adds a congress with its first and last day and where the dates come from. */
export async function addFederalCongress(deps: AppDeps, actor: Actor | undefined, input: CongressInput) {
  authorize(actor, 'congress.manage', {})
  if (input.endsOn < input.startsOn) throw new FieldError('endsOn', 'agreements.errors.endsBeforeStart')
  return deps.database.db.transaction(async (tx) => {
    const row = await repo.insertCongress(tx, input)
    if (!row) throw new FieldError('startsOn', 'agreements.errors.congressExists')
    await recordAudit(tx, actor, {
      action: 'agreement.congress_added',
      object: { type: 'federal_congress', id: row.id },
      data: { ...input },
    })
    return row
  })
}

export async function removeFederalCongress(deps: AppDeps, actor: Actor | undefined, id: string) {
  authorize(actor, 'congress.manage', {})
  return deps.database.db.transaction(async (tx) => {
    const row = await repo.deleteCongress(tx, id)
    if (!row) throw new NotFoundError()
    await recordAudit(tx, actor, {
      action: 'agreement.congress_removed',
      object: { type: 'federal_congress', id },
      data: { name: row.name, startsOn: row.startsOn, endsOn: row.endsOn },
    })
  })
}
