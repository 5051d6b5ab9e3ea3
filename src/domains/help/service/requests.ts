import { recordAudit } from '../../../platform/audit/record.js'
import { type Actor, roleRank } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps, JoinedPartners, SectionUnit } from '../../../platform/deps.js'
import { ConflictError, FieldError, NotFoundError } from '../../../platform/errors.js'
import { isLocale, translator } from '../../../platform/i18n/index.js'
import { type OutgoingMail, queueMail } from '../../../platform/mail/outbox.js'
import { fromDateTimeLocal } from '../../../platform/time.js'
import {
  hasTerritory,
  type MunicipalityRef,
  municipalityRef,
  type OrgUnit,
  readDistrictTerritories,
  searchMunicipalities,
} from '../../org-units/index.js'
import { templatesFor } from '../../playbook/index.js'
import { findVisibleTeam, listTeamsWithLeads, type TeamWithLeads } from '../../teams/index.js'
import type { HelpRequestEditInput, HelpRequestInput, ShiftInput } from '../input.js'
import { abilities, authorize, can, type Viewer } from '../policy.js'
import * as repo from '../repo.js'
import type { HelpRequest } from '../tables.js'
import { getVisibleRequest, requestSubject, teamOf, viewerOf } from './shared.js'
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

/**
 * The unit's coordinators and board members, and the actor if they belong to the unit; for a team's request
 * also the team's active leads.
 */
async function contactCandidates(
  db: DbOrTx,
  actor: Actor,
  unitId: string,
  team: TeamWithLeads | null = null,
) {
  const candidates = await repo.listContactCandidates(db, unitId)
  for (const id of team?.leadMemberIds ?? []) {
    if (candidates.some((c) => c.id === id)) continue
    const lead = await repo.findMember(db, id)
    if (lead && !lead.leftOn)
      candidates.push({ id: lead.id, firstName: lead.firstName, lastName: lead.lastName })
  }
  if (actor.memberId && !candidates.some((c) => c.id === actor.memberId)) {
    const self = await repo.findMember(db, actor.memberId)
    if (self && !self.leftOn && self.homeUnitId === unitId)
      candidates.unshift({ id: self.id, firstName: self.firstName, lastName: self.lastName })
  }
  return candidates
}

/**
 * The team a new request is to be a team's of, and the unit hosting it: NotFoundError for no team, one the
 * actor may not see, or one a request cannot be posted for (a state's), ForbiddenError unless the actor leads
 * it or posts for its unit, ConflictError once it has ended.
 */
async function teamForNewRequest(db: DbOrTx, actor: Actor, teamId: string) {
  const team = await findVisibleTeam(db, actor, teamId)
  const unit = await repo.findUnit(db, team.hostId)
  if (!unit || !['district', 'local'].includes(unit.kind)) throw new NotFoundError()
  authorize(await viewerOf(db, actor), 'request.post', { unit, team })
  if (team.ended) throw new ConflictError('help.errors.teamEnded')
  return { team, unit }
}

/** The form for a team's new request: the unit hosting the team, and the contacts to name (with the team's leads). */
export async function teamRequestFormOptions(deps: AppDeps, actor: Actor, teamId: string) {
  const db = deps.database.db
  const { team, unit } = await teamForNewRequest(db, actor, teamId)
  return { team, units: [unit], unit, contacts: await contactCandidates(db, actor, unit.id, team) }
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
 * The coordinator or board of a KV posts a help request or offer; with `teamId`, the request of a team the KV
 * hosts, posted by its active leads (or the KV's coordinators) for the KV. The municipality must exist in
 * the geodata; the contact person is the poster, a coordinator or board member of the unit or a lead of the
 * team. With `links`, the coordinators of every partner KV (the request is open to them whatever its
 * visibility) are told in the same transaction.
 */
export async function postHelpRequest(
  deps: AppDeps,
  actor: Actor,
  input: HelpRequestInput,
  links?: { publicUrl: string },
  opts: { teamId?: string } = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const forTeam = opts.teamId ? await teamForNewRequest(tx, actor, opts.teamId) : null
    const team = forTeam?.team ?? null
    const unit = forTeam ? forTeam.unit : await repo.findUnit(tx, input.unitId)
    if (!unit || unit.id !== input.unitId) throw new FieldError('unitId', 'help.errors.unit')
    const viewer = await viewerOf(tx, actor)
    authorize(viewer, 'request.post', { unit, team })
    if (!municipalityRef(input.municipalityAgs)) throw new FieldError('municipalityAgs', 'help.errors.ags')
    const contact = (await contactCandidates(tx, actor, unit.id, team)).find(
      (c) => c.id === input.contactMemberId,
    )
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
      teamId: team?.id ?? null,
      createdById: actor.userId,
      createdAt: now,
      updatedAt: now,
    })
    await recordAudit(tx, actor, {
      action: 'help.request.posted',
      unit,
      object: { type: 'help_request', id: request.id },
      data: {
        kind: input.kind,
        direction: input.direction,
        visibility: input.visibility,
        ...(team ? { teamId: team.id } : {}),
      },
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
  const coordinators = await partnerCoordinators(tx, await repo.partnerUnitIds(tx, unit.id))
  await queueMail(tx, deps.now(), partnerMails(unit, request, coordinators, links, actor.userId))
}

type Coordinator = Awaited<ReturnType<typeof repo.unitCoordinators>>[number]

/** The coordinators of the units `partnerIds` who have not switched off the partner-request mails. */
async function partnerCoordinators(tx: DbOrTx, partnerIds: readonly string[]) {
  const coordinators: Coordinator[] = []
  for (const partnerId of partnerIds)
    coordinators.push(...(await repo.unitCoordinators(tx, partnerId, 'help.partnerRequest')))
  return coordinators
}

/**
 * The mails telling `coordinators` of partner units that the request of `unit` is open to them, one per request
 * and person: the key is the same whenever it is queued, so a person is
 * told of a request once, whether at posting or when their KV became a partner later.
 */
function partnerMails(
  unit: OrgUnit,
  request: HelpRequest,
  coordinators: readonly Coordinator[],
  links: { publicUrl: string },
  skipUserId?: string,
) {
  const mails: OutgoingMail[] = []
  const place = municipalityRef(request.municipalityAgs)?.name ?? '–'
  for (const c of coordinators) {
    if (c.userId === skipUserId) continue
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
  return mails
}

/**
 * Two units have just become partners (see OnPartnersJoined): the coordinators of each side are told of the
 * other side's open requests and offers, which are open to them now, as if the partnership had existed when they
 * were posted; in the transaction that made them partners. A request they were told of before (an earlier
 * partnership of the two, within the week the outbox keeps a sent mail) is not sent again.
 */
export async function tellNewPartnersOfOpenRequests(
  tx: DbOrTx,
  deps: AppDeps,
  joined: JoinedPartners,
  links: { publicUrl: string },
) {
  const mails: OutgoingMail[] = []
  for (const [own, partner] of [
    [joined.unitAId, joined.unitBId],
    [joined.unitBId, joined.unitAId],
  ] as const) {
    const requests = await repo.listOpenRequestsOf(tx, own)
    if (requests.length === 0) continue
    const unit = await repo.findUnit(tx, own)
    if (!unit) continue
    const coordinators = await partnerCoordinators(tx, [partner])
    for (const request of requests) mails.push(...partnerMails(unit, request, coordinators, links))
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

/**
 * What the edit page shows: the request, its place, the contacts to choose from (those the new form offers,
 * and the present contact even if the new form would no longer offer them) and its shifts with their
 * sign-ups, for those who manage it.
 */
export async function helpRequestForEdit(deps: AppDeps, actor: Actor, requestId: string) {
  const db = deps.database.db
  const { request, unit, viewer, subject } = await getVisibleRequest(db, actor, requestId)
  authorize(viewer, 'request.manage', { request: subject })
  const shifts = await repo.listShiftsWithCounts(db, request.id)
  const contacts = await contactCandidates(db, actor, unit.id, subject.team)
  if (!contacts.some((c) => c.id === request.contactMemberId)) {
    const present = await repo.findMember(db, request.contactMemberId)
    if (present)
      contacts.unshift({ id: present.id, firstName: present.firstName, lastName: present.lastName })
  }
  return {
    request,
    unit,
    shifts,
    contacts,
    municipality: municipalityRef(request.municipalityAgs),
    now: deps.now(),
  }
}

export type HelpRequestEditData = Awaited<ReturnType<typeof helpRequestForEdit>>

const visibilityWidth = { partners: 0, state: 1, party: 2 } as const

/**
 * Those who manage a request change its title, description, place, visibility or contact; its kind stays.
 * A new contact must be one the new form would accept; the present one may stay. The audit row names the
 * fields that changed, and the visibility's old and new value. Partner KVs are inside every circle and were
 * told when the request was posted, so a wider circle sends no mail; a narrower one keeps every sign-up (the
 * people outside it still see the request and their own sign-ups, see policy.ts).
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
    if (!municipalityRef(input.municipalityAgs)) throw new FieldError('municipality', 'help.errors.ags')
    const contactMemberId = input.contactMemberId ?? request.contactMemberId
    if (
      contactMemberId !== request.contactMemberId &&
      !(await contactCandidates(tx, actor, unit.id, subject.team)).some((c) => c.id === contactMemberId)
    )
      throw new FieldError('contactMemberId', 'help.errors.contact')
    const next = {
      title: input.title,
      description: input.description ?? null,
      municipalityAgs: input.municipalityAgs,
      visibility: input.visibility ?? request.visibility,
      contactMemberId,
    }
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== request[k])
    if (changed.length === 0) return { request, changed }
    const updated = await repo.updateRequest(tx, request.id, { ...next, updatedAt: deps.now() })
    const visibility = changed.includes('visibility')
      ? {
          visibility: {
            from: request.visibility,
            to: next.visibility,
            wider: visibilityWidth[next.visibility] > visibilityWidth[request.visibility],
          },
        }
      : {}
    await recordAudit(tx, actor, {
      action: 'help.request.edited',
      unit,
      object: { type: 'help_request', id: request.id },
      data: { changed, ...visibility },
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
  const team = await teamOf(db, request)
  const subject = {
    ...requestSubject(request, unit, page.partnerUnitIds),
    team,
    signedUp: page.mine.length > 0,
  }
  if (!can(viewer, 'request.view', { request: subject })) throw new NotFoundError()
  const participant = page.mine.some((s) => s.status !== 'cancelled') || page.hasTravel
  const abilitiesOfViewer = abilities(viewer, subject, participant)
  const travel = abilitiesOfViewer.travelView ? (page.travel ?? (await repo.listTravel(db, request.id))) : []
  return {
    request,
    unit,
    team: team && { id: team.id, name: team.name, hostName: team.hostName },
    municipality: municipalityRef(request.municipalityAgs),
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
      visible.push({ ...row, municipalityName: municipalityRef(row.request.municipalityAgs)?.name ?? '' })
  }
  return visible
}

/** Whether the actor may see the white spots of the unit: a KV with a territory, for its board and the offices above. */
async function hasWhiteSpots(db: DbOrTx, viewer: Viewer, unit: SectionUnit) {
  if (unit.kind !== 'district' || !can(viewer, 'whiteSpots.view', { unit })) return false
  const district = await repo.findUnit(db, unit.id)
  return !!district && hasTerritory((await readDistrictTerritories(db, [district])).get(district.id)!)
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
    canWhiteSpots: await hasWhiteSpots(db, viewer, unit),
  }
}

export type PlaceResolution = {
  ags?: string
  /** Several places match what was typed: the form offers them to choose from. */
  candidates: MunicipalityRef[]
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
    typeof fields.municipalityAgs === 'string' ? municipalityRef(fields.municipalityAgs.trim()) : undefined
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

/**
 * The section on a team's page: the team's open requests the actor may see, and whether the actor may post
 * one for it (its active leads, the coordinators and board of the unit hosting it).
 */
export async function teamHelpSection(deps: AppDeps, actor: Actor | undefined, teamId: string) {
  const db = deps.database.db
  const team = (await listTeamsWithLeads(db, [teamId])).get(teamId)
  if (!team) return null
  const unit = await repo.findUnit(db, team.hostId)
  if (!unit) return null
  const viewer = await viewerOf(db, actor)
  const partnerIds = await repo.partnerUnitIds(db, unit.id)
  const requests = (await repo.listOpenRequests(db, { teamId }))
    .filter((row) =>
      can(viewer, 'request.view', { request: requestSubject(row.request, row.unit, partnerIds) }),
    )
    .map((row) => ({ ...row, municipalityName: municipalityRef(row.request.municipalityAgs)?.name ?? '' }))
  const canPost = !team.ended && can(viewer, 'request.post', { unit, team })
  return { requests, canPost }
}
