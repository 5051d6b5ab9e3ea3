import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps } from '../../../platform/deps.js'
import { FieldError, NotFoundError } from '../../../platform/errors.js'
import { listUnitEvents, viewEvent } from '../../events/index.js'
import { can } from '../policy.js'
import * as repo from '../repo.js'
import type { ProgrammeEventKind } from '../tables.js'
import { loadForCoordinator } from './pairing.js'
import { loadProgramme, type Meta } from './programmes.js'

/**
 * The programme's events (kick-off, workshops, meetings, closing) as the actor may see them: each is an
 * ordinary event of the programme's unit, shown only where its own rules let the actor see it. Those who
 * run the programme also get the unit's upcoming events they may link.
 */
export async function viewProgrammeEvents(deps: AppDeps, actor: Actor | undefined, id: string) {
  const db = deps.database.db
  const { programme, actor: a, subject } = await loadProgramme(db, actor, id, deps.now())
  const linked = await repo.listProgrammeEvents(db, programme.id)
  const visible = []
  for (const link of linked) {
    try {
      await viewEvent(deps, actor, link.eventId)
      visible.push(link)
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err
    }
  }
  const coordinate = can(a, 'programme.coordinate', subject)
  const taken = new Set(linked.map((l) => l.eventId))
  const own = coordinate ? await listUnitEvents(deps, actor, programme.unitId, 'own') : null
  const candidates = (own?.events ?? [])
    .filter((e) => !taken.has(e.event.id))
    .map((e) => ({ id: e.event.id, title: e.event.title, startsAt: e.event.startsAt }))
  return { events: visible, coordinate, candidates, canCreate: own?.canCreate ?? false }
}

/** The check before a failed form is shown again: 404 for who may not see the programme, 403 for who does not run it. */
export async function prepareEventLink(deps: AppDeps, actor: Actor | undefined, id: string) {
  await loadForCoordinator(deps.database.db, actor, id, deps.now())
}

/** Those who run the programme link an event of its unit to the cohort, saying what it is to it. */
export async function linkProgrammeEvent(
  deps: AppDeps,
  actor: Actor | undefined,
  id: string,
  input: { eventId: string; kind: ProgrammeEventKind },
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const now = deps.now()
    const { programme, unit, actor: a } = await loadForCoordinator(tx, actor, id, now)
    if (!(await repo.unitHostsEvent(tx, programme.unitId, input.eventId)))
      throw new FieldError('eventId', 'mentoring.errors.eventOfUnit')
    const row = await repo.insertProgrammeEvent(tx, {
      programmeId: programme.id,
      eventId: input.eventId,
      kind: input.kind,
      linkedAt: now,
    })
    if (!row) throw new FieldError('eventId', 'mentoring.errors.eventLinked')
    await recordAudit(
      tx,
      a,
      {
        action: 'mentoring.event_linked',
        unit,
        object: { type: 'mentoring_programme', id: programme.id },
        data: { eventId: input.eventId, kind: input.kind },
      },
      meta.requestId,
    )
    return row
  })
}

/** Those who run the programme take an event off it; the event itself stays as it is. */
export async function unlinkProgrammeEvent(
  deps: AppDeps,
  actor: Actor | undefined,
  id: string,
  linkId: string,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const { programme, unit, actor: a } = await loadForCoordinator(tx, actor, id, deps.now())
    const row = await repo.deleteProgrammeEvent(tx, programme.id, linkId)
    if (!row) throw new NotFoundError()
    await recordAudit(
      tx,
      a,
      {
        action: 'mentoring.event_unlinked',
        unit,
        object: { type: 'mentoring_programme', id: programme.id },
        data: { eventId: row.eventId, kind: row.kind },
      },
      meta.requestId,
    )
    return row
  })
}
