import { recordAudit } from '../../../platform/audit/record.js'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps } from '../../../platform/deps.js'
import { FieldError, NotFoundError } from '../../../platform/errors.js'
import type { Locale } from '../../../platform/i18n/index.js'
import { pointOfPostalCode } from '../../org-units/index.js'
import {
  CURRENT_CONSENT_VERSION,
  consentText,
  consentTextHash,
  isConsentTextVersion,
  scopeLabels,
} from '../consent-text.js'
import type { ProfileInput } from '../input.js'
import * as repo from '../repo.js'
import { VOLUNTEER_POOL_PURPOSE, volunteerScopes } from '../tables.js'
import { requireMemberId, skillLabels } from './shared.js'

/** The consent text for every scope, as the profile form shows it, with its version and hash. */
export function consentTexts(locale: Locale) {
  return volunteerScopes.map((scope) => {
    const text = consentText(CURRENT_CONSENT_VERSION, locale, scopeLabels[locale][scope])
    return { scope, text, hash: consentTextHash(text) }
  })
}

/** Everything the "my pool profile" page shows. An account without a member record gets 404. */
export async function viewMyProfile(deps: AppDeps, actor: Actor, locale: Locale) {
  const db = deps.database.db
  const memberId = requireMemberId(actor)
  const [profile, consent, allSkills, mine, place, applications] = await Promise.all([
    repo.findProfile(db, memberId),
    repo.findCurrentConsent(db, memberId),
    repo.listSkills(db),
    repo.skillsOfMembers(db, [memberId]),
    repo.findMemberPlace(db, memberId),
    repo.listApplicationsOfMember(db, memberId),
  ])
  const finished = applications.filter(
    (a) => a.application.status === 'accepted' && a.project.status === 'finished',
  )
  // A retired skill the member chose stays on their form, ticked and marked, so saving keeps it.
  const retiredMine = (mine.get(memberId) ?? []).filter((s) => s.retired)
  return {
    profile,
    consent,
    skills: [
      ...allSkills.map((s) => ({ id: s.id, name: s.name, retired: false })),
      ...retiredMine.map((s) => ({ id: s.id, name: s.name, retired: true })),
    ],
    selectedSkillIds: (mine.get(memberId) ?? []).map((s) => s.id),
    skillNames: skillLabels(mine.get(memberId), profile?.languages ?? null),
    postalCode: place?.postalCode ?? null,
    located: !!pointOfPostalCode(place?.postalCode),
    homeName: place?.homeName ?? '',
    consentVersion: CURRENT_CONSENT_VERSION,
    consentTexts: consentTexts(locale),
    finished,
    applications,
  }
}

/**
 * Saves the profile and the consent in one transaction. The consent is recorded with the version and
 * the hash of the exact text the member saw; a changed scope or a newer text withdraws the old consent
 * and records a new one, so the history of what was agreed to stays complete.
 */
export async function saveProfile(
  deps: AppDeps,
  actor: Actor,
  input: ProfileInput,
  locale: Locale,
  requestId?: string,
) {
  return deps.database.db.transaction((tx) =>
    saveProfileWithin(tx, deps.now(), actor, input, locale, requestId),
  )
}

/**
 * saveProfile inside a transaction the caller holds, for another domain's use case that fills the
 * profile as part of its own change (the onboarding questionnaire): both commit or neither does.
 */
export async function saveProfileWithin(
  tx: DbOrTx,
  now: Date,
  actor: Actor,
  input: ProfileInput,
  locale: Locale,
  requestId?: string,
) {
  const memberId = requireMemberId(actor)
  if (!isConsentTextVersion(input.consentVersion) || input.consentVersion !== CURRENT_CONSENT_VERSION)
    throw new FieldError('consent', 'volunteers.errors.consentChanged')
  const skillIds = [...new Set(input.skillIds)]
  // A skill the member holds stays choosable after it was retired; a new choice must be one offered now.
  const held = new Set(((await repo.skillsOfMembers(tx, [memberId])).get(memberId) ?? []).map((s) => s.id))
  const fresh = skillIds.filter((id) => !held.has(id))
  if ((await repo.countSkillsByIds(tx, fresh)) !== fresh.length)
    throw new FieldError('skillIds', 'volunteers.errors.skill')
  const member = await repo.findMemberPlace(tx, memberId)
  if (!member) throw new NotFoundError()
  const point = pointOfPostalCode(member.postalCode)
  const existing = await repo.findProfile(tx, memberId)
  await repo.upsertProfile(tx, {
    memberId,
    hoursPerMonth: input.hoursPerMonth,
    weekdays: input.weekdays,
    evenings: input.evenings,
    weekends: input.weekends,
    reach: input.reach,
    reachKm: input.reach === 'distance' ? (input.reachKm ?? null) : null,
    worksOnline: input.worksOnline || input.reach === 'online_only',
    shortProjects: input.shortProjects,
    languages: input.languages ?? null,
    lat: point?.lat ?? null,
    lon: point?.lon ?? null,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  })
  await repo.replaceProfileSkills(tx, memberId, skillIds)
  const unit = { id: member.homeUnitId, path: member.homePath }
  await recordAudit(
    tx,
    actor,
    {
      action: existing ? 'volunteer.profile.updated' : 'volunteer.profile.created',
      object: { type: 'volunteer_profile', id: memberId },
      unit: { id: unit.id, path: unit.path },
      data: { skills: skillIds.length, reach: input.reach },
    },
    requestId,
  )

  const text = consentText(CURRENT_CONSENT_VERSION, locale, scopeLabels[locale][input.scope])
  const hash = consentTextHash(text)
  const current = await repo.findCurrentConsent(tx, memberId)
  if (current && current.scope === input.scope && current.textHash === hash) return { consentId: current.id }
  if (current) await repo.withdrawConsent(tx, current.id, now)
  const consent = await repo.insertConsent(tx, {
    memberId,
    purpose: VOLUNTEER_POOL_PURPOSE,
    scope: input.scope,
    textVersion: CURRENT_CONSENT_VERSION,
    textHash: hash,
    givenAt: now,
  })
  await recordAudit(
    tx,
    actor,
    {
      action: 'consent.given',
      object: { type: 'consent', id: consent.id },
      unit: { id: unit.id, path: unit.path },
      data: {
        purpose: VOLUNTEER_POOL_PURPOSE,
        scope: input.scope,
        textVersion: CURRENT_CONSENT_VERSION,
        textHash: hash,
        replaces: current?.id ?? null,
      },
    },
    requestId,
  )
  return { consentId: consent.id }
}

/** Withdraws the pool consent: from the next request on the member appears in no search and no match. */
export async function withdrawPoolConsent(deps: AppDeps, actor: Actor, requestId?: string) {
  const memberId = requireMemberId(actor)
  return deps.database.db.transaction(async (tx) => {
    const current = await repo.findCurrentConsent(tx, memberId)
    if (!current) return false
    await repo.withdrawConsent(tx, current.id, deps.now())
    await recordAudit(
      tx,
      actor,
      {
        action: 'consent.withdrawn',
        object: { type: 'consent', id: current.id },
        data: { purpose: VOLUNTEER_POOL_PURPOSE, scope: current.scope },
      },
      requestId,
    )
    return true
  })
}

/**
 * The consent bridge of surveys: an answer to a question marked "may feed the volunteer pool" reaches the
 * member's pool profile only when the member has a current pool consent and a profile. The hours replace the
 * profile's; skills named like the pool's skills are added. Nothing happens otherwise; returns whether it fed.
 */
export async function feedProfileFromSurvey(
  tx: DbOrTx,
  now: Date,
  memberId: string,
  fed: { hoursPerMonth?: number; skillNames?: string[] },
) {
  if (!(await repo.findCurrentConsent(tx, memberId))) return false
  const profile = await repo.findProfile(tx, memberId)
  if (!profile) return false
  if (fed.hoursPerMonth !== undefined)
    await repo.updateProfileHours(tx, memberId, Math.max(0, Math.min(200, fed.hoursPerMonth)), now)
  for (const name of fed.skillNames ?? []) {
    const skill = await repo.findSkillByName(tx, name, { active: true })
    if (skill) await repo.addProfileSkill(tx, memberId, skill.id)
  }
  return true
}
