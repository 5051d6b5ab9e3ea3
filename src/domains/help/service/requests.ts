import { recordAudit } from '../../../platform/audit/record.js'
import { type Actor, roleRank } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps, SectionUnit } from '../../../platform/deps.js'
import { FieldError, NotFoundError } from '../../../platform/errors.js'
import { isLocale, translator } from '../../../platform/i18n/index.js'
import { type OutgoingMail, queueMail } from '../../../platform/mail/outbox.js'
import { fromDateTimeLocal } from '../../../platform/time.js'
import type { OrgUnit } from '../../org-units/index.js'
import { templatesFor } from '../../playbook/index.js'
import {
  findMunicipality,
  type MunicipalityChoice,
  municipalityChoice,
  searchMunicipalities,
} from '../geodata.js'
import type { HelpRequestEditInput, HelpRequestInput, ShiftInput } from '../input.js'
import { abilities, authorize, can } from '../policy.js'
import * as repo from '../repo.js'
import type { HelpRequest } from '../tables.js'
import { getVisibleRequest, requestSubject, viewerOf } from './shared.js'
import { queueShiftNotices } from './shifts.js'

/** The units the actor may post for: where they hold coordinator or more, districts and local groups. */
async function postingUnits(deps: AppDeps, actor: Actor) {
  const db = deps.database.db
  const viewer = await viewerOf(db, actor)
  const units: OrgUnit[] = []
  for (const g of actor.grants) {
    if (roleRank(g.role) < roleRank('coordinator')) continue
    const unit = await repo.findUnit(db, g.unitId)
    if (unit && can(viewer, 'request.post', { unit })) units.push(unit)
  }
  return units
}

/** The unit's coordinators and board members, and the actor if they belong to the unit. */
async function contactCandidates(db: DbOrTx, actor: Actor, unitId: string) {
  const candidates = await repo.listContactCandidates(db, unitId)
  if (actor.memberId && !candidates.some((c) => c.id === actor.memberId)) {
    const self = await repo.findMember(db, actor.memberId)
    if (self && !self.leftOn && self.homeUnitId === unitId)
      candidates.unshift({ id: self.id, firstName: self.firstName, lastName: self.lastName })
  }
  return candidates
}

/** What the form for a new request offers: the actor's units and the members to name as contact. */
/** The Wissenswerk's help-request templates for the form, and the values of the one chosen. */
export async function helpTemplates(deps: AppDeps, actor: Actor, templateId?: string) {
  return templatesFor(deps, actor, 'help_request', templateId)
}

export async function requestFormOptions(deps: AppDeps, actor: Actor, unitId?: string) {
  const units = await postingUnits(deps, actor)
  const unit = units.find((u) => u.id === unitId) ?? units[0]
  const contacts = unit ? await contactCandidates(deps.database.db, actor, unit.id) : []
  return { units, unit, contacts }
}

/**
 * The coordinator or board of a KV posts a help request or offer. The municipality must exist in
 * the geodata; the contact person is the poster or a coordinator or board member of the unit.
 * With `links`, the coordinators of every partner KV (the request is open to them whatever its
 * visibility) are told in the same transaction.
 */
export async function postHelpRequest(
  deps: AppDeps,
  actor: Actor,
  input: HelpRequestInput,
  links?: { publicUrl: string },
) {
  return deps.database.db.transaction(async (tx) => {
    const unit = await repo.findUnit(tx, input.unitId)
    if (!unit) throw new FieldError('unitId', 'help.errors.unit')
    const viewer = await viewerOf(tx, actor)
    authorize(viewer, 'request.post', { unit })
    if (!findMunicipality(input.municipalityAgs)) throw new FieldError('municipalityAgs', 'help.errors.ags')
    const contact = (await contactCandidates(tx, actor, unit.id)).find((c) => c.id === input.contactMemberId)
    if (!contact) throw new FieldError('contactMemberId', 'help.errors.contact')
    const now = deps.now()
    const request = await repo.insertRequest(tx, {
      unitId: unit.id,
      direction: input.direction,
      kind: input.kind,
      title: input.title,
      description: input.description ?? null,
      municipalityAgs: input.municipalityAgs,
      visibility: input.visibility,
      contactMemberId: contact.id,
      createdById: actor.userId,
      createdAt: now,
      updatedAt: now,
    })
    await recordAudit(tx, actor, {
      action: 'help.request.posted',
      unit,
      object: { type: 'help_request', id: request.id },
      data: { kind: input.kind, direction: input.direction, visibility: input.visibility },
    })
    if (links) await queuePartnerMails(tx, deps, actor, unit, request, links)
    return request
  })
}

/** One mail to each coordinator of each partner KV: a request (or offer) is open to them now. */
async function queuePartnerMails(
  tx: DbOrTx,
  deps: AppDeps,
  actor: Actor,
  unit: OrgUnit,
  request: HelpRequest,
  links: { publicUrl: string },
) {
  const mails: OutgoingMail[] = []
  const place = findMunicipality(request.municipalityAgs)?.name ?? '–'
  for (const partnerId of await repo.partnerUnitIds(tx, unit.id)) {
    for (const c of await repo.unitCoordinators(tx, partnerId, 'help.partnerRequest')) {
      if (c.userId === actor.userId) continue
      const tr = translator(isLocale(c.locale) ? c.locale : 'de')
      const params = {
        name: c.name,
        unit: unit.name,
        title: request.title,
        kind: tr(`help.kinds.${request.kind}`),
        place,
        url: `${links.publicUrl}/help/${request.id}`,
      }
      mails.push({
        key: `help-partner-request:${request.id}:${c.userId}`,
        to: c.email,
        subject: tr(`help.mail.partner.${request.direction}.subject`, params),
        text: tr(`help.mail.partner.${request.direction}.body`, params),
      })
    }
  }
  await queueMail(tx, deps.now(), mails)
}

/** A shift of a request: when, how many people, where to meet. */
export async function addShift(deps: AppDeps, actor: Actor, requestId: string, input: ShiftInput) {
  return deps.database.db.transaction(async (tx) => {
    const { request, unit, viewer, subject } = await getVisibleRequest(tx, actor, requestId)
    authorize(viewer, 'request.manage', { request: subject })
    const startsAt = fromDateTimeLocal(input.startsAt)
    const endsAt = fromDateTimeLocal(input.endsAt)
    if (endsAt <= startsAt) throw new FieldError('endsAt', 'help.errors.endBeforeStart')
    const shift = await repo.insertShift(tx, {
      requestId: request.id,
      startsAt,
      endsAt,
      capacity: input.capacity,
      meetingPoint: input.meetingPoint,
    })
    await recordAudit(tx, actor, {
      action: 'help.shift.added',
      unit,
      object: { type: 'help_shift', id: shift.id },
      data: { requestId: request.id, capacity: input.capacity },
    })
    return shift
  })
}

/** What the edit page shows: the request, its place and its shifts with their sign-ups, for those who manage it. */
export async function helpRequestForEdit(deps: AppDeps, actor: Actor, requestId: string) {
  const db = deps.database.db
  const { request, unit, viewer, subject } = await getVisibleRequest(db, actor, requestId)
  authorize(viewer, 'request.manage', { request: subject })
  const shifts = await repo.listShiftsWithCounts(db, request.id)
  return { request, unit, shifts, municipality: municipalityChoice(request.municipalityAgs), now: deps.now() }
}

export type HelpRequestEditData = Awaited<ReturnType<typeof helpRequestForEdit>>

/**
 * The posting KV's coordinators or board change a request's title, description or place. The
 * audit row names the fields that changed.
 */
export async function editHelpRequest(
  deps: AppDeps,
  actor: Actor,
  requestId: string,
  input: HelpRequestEditInput,
  links?: { publicUrl: string },
) {
  return deps.database.db.transaction(async (tx) => {
    const { request, unit, viewer, subject } = await getVisibleRequest(tx, actor, requestId)
    authorize(viewer, 'request.manage', { request: subject })
    if (!findMunicipality(input.municipalityAgs)) throw new FieldError('municipality', 'help.errors.ags')
    const next = {
      title: input.title,
      description: input.description ?? null,
      municipalityAgs: input.municipalityAgs,
    }
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== request[k])
    if (changed.length === 0) return { request, changed }
    const updated = await repo.updateRequest(tx, request.id, { ...next, updatedAt: deps.now() })
    await recordAudit(tx, actor, {
      action: 'help.request.edited',
      unit,
      object: { type: 'help_request', id: request.id },
      data: { changed },
    })
    // A new place changes every coming shift's calendar entry: each one's revision rises and its helpers hear of it.
    if (changed.includes('municipalityAgs')) {
      for (const { shift } of await repo.listShiftsWithCounts(tx, request.id)) {
        if (shift.completedAt || shift.cancelledAt) continue
        const raised = await repo.updateShift(tx, shift.id, { revision: shift.revision + 1 })
        if (links)
          await queueShiftNotices(
            tx,
            deps.now(),
            updated,
            raised,
            await repo.activeSignupsOfShift(tx, shift.id),
            links,
          )
      }
    }
    return { request: updated, changed }
  })
}

/** Closing a request stops new sign-ups; what was signed up stays. */
export async function closeHelpRequest(deps: AppDeps, actor: Actor, requestId: string) {
  return deps.database.db.transaction(async (tx) => {
    const { request, unit, viewer, subject } = await getVisibleRequest(tx, actor, requestId)
    authorize(viewer, 'request.manage', { request: subject })
    const updated = await repo.updateRequest(tx, request.id, { status: 'closed', updatedAt: deps.now() })
    await recordAudit(tx, actor, {
      action: 'help.request.closed',
      unit,
      object: { type: 'help_request', id: request.id },
    })
    return updated
  })
}

/** Everything the request page shows to this actor, in one query (and one more for the travel board). */
export async function viewHelpRequest(deps: AppDeps, actor: Actor | undefined, requestId: string) {
  const db = deps.database.db
  const page = await repo.findRequestPage(db, requestId, actor?.memberId ?? null)
  if (!page) throw new NotFoundError()
  const { request, unit } = page
  const viewer = await viewerOf(db, actor)
  const subject = requestSubject(request, unit, page.partnerUnitIds)
  if (!can(viewer, 'request.view', { request: subject })) throw new NotFoundError()
  const participant = page.mine.some((s) => s.status !== 'cancelled') || page.hasTravel
  const abilitiesOfViewer = abilities(viewer, subject, participant)
  const travel = abilitiesOfViewer.travelView ? await repo.listTravel(db, request.id) : []
  return {
    request,
    unit,
    municipality: municipalityChoice(request.municipalityAgs),
    contactName: page.contactName,
    shifts: page.shifts,
    mySignups: new Map(page.mine.map((s) => [s.shiftId, s])),
    travel,
    myMemberId: actor?.memberId ?? null,
    can: abilitiesOfViewer,
  }
}

export type HelpRequestPageData = Awaited<ReturnType<typeof viewHelpRequest>>

/** Open requests the actor may see, across the party, newest first. */
export async function listVisibleRequests(deps: AppDeps, actor: Actor | undefined, unitId?: string) {
  const db = deps.database.db
  const viewer = await viewerOf(db, actor)
  const rows = await repo.listOpenRequests(db, unitId ? { unitId } : {})
  const partners = new Map<string, string[]>()
  const visible: { request: HelpRequest; unit: OrgUnit; municipalityName: string }[] = []
  for (const row of rows) {
    let ids = partners.get(row.unit.id)
    if (!ids) {
      ids = await repo.partnerUnitIds(db, row.unit.id)
      partners.set(row.unit.id, ids)
    }
    const subject = requestSubject(row.request, row.unit, ids)
    if (can(viewer, 'request.view', { request: subject }))
      visible.push({ ...row, municipalityName: findMunicipality(row.request.municipalityAgs)?.name ?? '' })
  }
  return visible
}

/** The section on a unit page: its open requests visible to the actor, and what the actor may start there. */
export async function unitHelpSection(deps: AppDeps, actor: Actor | undefined, unit: SectionUnit) {
  if (!['district', 'local'].includes(unit.kind)) return null
  const db = deps.database.db
  const requests = actor ? await listVisibleRequests(deps, actor, unit.id) : []
  const viewer = await viewerOf(db, actor)
  const partnerships = actor ? await repo.listPartnershipsOf(db, unit.id) : []
  const balances: { id: string; partnerName: string }[] = []
  for (const p of partnerships) {
    const other = await repo.findUnit(db, p.a === unit.id ? p.b : p.a)
    if (other && can(viewer, 'balance.view', { unitA: unit, unitB: other }))
      balances.push({ id: p.id, partnerName: other.name })
  }
  // Drives are listed on the pages of both sides, to the members and coordinators of that side.
  const seesDrives = can(viewer, 'drive.view', { collecting: unit, beneficiary: unit })
  const drives = seesDrives ? await repo.listDrivesOf(db, unit.id) : []
  return {
    requests,
    balances,
    drives,
    canPost: can(viewer, 'request.post', { unit }),
    canWhiteSpots: unit.kind === 'district' && !!unit.ags && can(viewer, 'whiteSpots.view', { unit }),
  }
}

export type PlaceResolution = {
  ags?: string
  /** Several places match what was typed: the form offers them to choose from. */
  candidates: MunicipalityChoice[]
  error?: 'help.errors.placeRequired' | 'help.errors.placeNone' | 'help.errors.placeChoose'
}

/**
 * The municipality a form means: the one chosen from a list (`municipalityAgs`), as long as the text
 * typed still leads to it, otherwise what the text (name, postal code or key) finds when it finds
 * exactly one. The key is a detail of the geodata, not something people should have to know.
 */
export function resolveMunicipality(body: unknown): PlaceResolution {
  const fields = (body ?? {}) as Record<string, unknown>
  const text = typeof fields.municipality === 'string' ? fields.municipality.trim() : ''
  const chosen =
    typeof fields.municipalityAgs === 'string' ? findMunicipality(fields.municipalityAgs.trim()) : undefined
  if (!text)
    return chosen
      ? { ags: chosen.ags, candidates: [] }
      : { candidates: [], error: 'help.errors.placeRequired' }
  const found = searchMunicipalities(text)
  if (chosen && (chosen.name === text || found.some((m) => m.ags === chosen.ags)))
    return { ags: chosen.ags, candidates: [] }
  if (found.length === 1) return { ags: found[0]!.ags, candidates: [] }
  if (found.length === 0) return { candidates: [], error: 'help.errors.placeNone' }
  return { candidates: found, error: 'help.errors.placeChoose' }
}
