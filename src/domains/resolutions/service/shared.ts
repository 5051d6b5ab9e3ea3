import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import { NotFoundError } from '../../../platform/errors.js'
import { authorize, can, type ResolutionSubject } from '../policy.js'
import * as repo from '../repo.js'

export type LoadedResolution = NonNullable<Awaited<ReturnType<typeof repo.findResolution>>> & {
  addressees: Awaited<ReturnType<typeof repo.addresseesOf>> extends Map<string, infer U> ? U : never
  subject: ResolutionSubject
}

/** Loads a resolution the actor may read; for anyone else it does not exist (404, nothing leaked). */
export async function getVisibleResolution(
  db: DbOrTx,
  actor: Actor | undefined,
  id: string,
): Promise<LoadedResolution> {
  const found = await repo.findResolution(db, id)
  if (!found) throw new NotFoundError()
  const addressees = (await repo.addresseesOf(db, [id])).get(id) ?? []
  const subject: ResolutionSubject = {
    unit: found.unit,
    addressees,
    visibility: found.resolution.visibility,
  }
  if (!can(actor, 'resolution.view', { resolution: subject })) throw new NotFoundError()
  return { ...found, addressees, subject }
}

/** Only the owning unit's board (and the offices above) change a resolution and its measures. */
export function requireManage(actor: Actor | undefined, loaded: LoadedResolution) {
  authorize(actor, 'resolution.manage', { resolution: loaded.subject })
}
