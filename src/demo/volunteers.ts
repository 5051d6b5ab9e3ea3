import { eq, inArray, sql } from 'drizzle-orm'
import { users } from '../domains/accounts/index.js'
import { members } from '../domains/members/index.js'
import { orgUnits, pointOfPostalCode } from '../domains/org-units/index.js'
import {
  CURRENT_CONSENT_VERSION,
  consents,
  consentText,
  consentTextHash,
  scopeLabels,
  skills,
  VOLUNTEER_POOL_PURPOSE,
  volunteerProfileSkills,
  volunteerProfiles,
  volunteerScopes,
} from '../domains/volunteers/index.js'
import { queryRows } from '../platform/db/query.js'
import type { DbOrTx } from '../platform/db/types.js'
import { seededRandom } from './people.js'

// The districts the source documents name, so the demo accounts find pool members in their own searches.
const demoKreise = ['16075', '16051', '02000', '11000', '08118', '04011', '14612', '05315']
const reaches = ['own_kv', 'distance', 'state', 'everywhere', 'online_only'] as const

/**
 * A few dozen demo members join the volunteer pool with varied skills, availability and consent scopes,
 * and the demo member account (member@demo.example.org) with a profile of its own.
 */
export async function seedDemoVolunteers(tx: DbOrTx, now: Date) {
  const random = seededRandom(20260909)
  const skillRows = await tx.select().from(skills)
  const candidates = await queryRows<{ id: string }>(
    tx,
    sql`select m.id from ${members} m join ${orgUnits} u on u.id = m.home_unit_id
        where u.kind = 'district' and u.ags in (${sql.join(
          demoKreise.map((a) => sql`${a}`),
          sql`, `,
        )}) order by m.member_number`,
  )
  const chosen = candidates.filter((_, i) => i % 3 === 0).slice(0, 40)
  const [demoMember] = await tx
    .select({ id: users.memberId })
    .from(users)
    .where(eq(users.email, 'member@demo.example.org'))
  const ids = [...(demoMember?.id ? [demoMember.id] : []), ...chosen.map((c) => c.id)]
  const places = await tx
    .select({ id: members.id, postalCode: members.postalCode })
    .from(members)
    .where(inArray(members.id, ids))
  const postalCodeOf = new Map(places.map((p) => [p.id, p.postalCode]))

  // Written in three statements after the loop: the profiles, their skills, the consents.
  const profiles: (typeof volunteerProfiles.$inferInsert)[] = []
  const profileSkills: (typeof volunteerProfileSkills.$inferInsert)[] = []
  const given: (typeof consents.$inferInsert)[] = []
  for (const [i, memberId] of ids.entries()) {
    const isDemoAccount = i === 0 && !!demoMember?.id
    const reach = isDemoAccount ? 'state' : random.pick(reaches)
    const scope = isDemoAccount ? 'partners' : random.pick(volunteerScopes)
    const point = pointOfPostalCode(postalCodeOf.get(memberId))
    const picked = new Set<string>()
    const count = isDemoAccount ? 3 : random.int(1, 4)
    while (picked.size < Math.min(count, skillRows.length)) picked.add(random.pick(skillRows).id)
    const languages = [...picked].some((id) => skillRows.find((s) => s.id === id)?.takesDetail)
      ? random.pick(['Englisch', 'Türkisch, Englisch', 'Arabisch', 'Polnisch', 'Gebärdensprache'])
      : null
    profiles.push({
      memberId,
      hoursPerMonth: isDemoAccount ? 6 : random.int(2, 20),
      weekdays: random.next() < 0.4,
      evenings: random.next() < 0.7,
      weekends: random.next() < 0.6,
      reach,
      reachKm: reach === 'distance' ? random.pick([10, 25, 50, 100]) : null,
      worksOnline: reach === 'online_only' || random.next() < 0.4,
      shortProjects: isDemoAccount || random.next() < 0.7,
      languages,
      lat: point?.lat ?? null,
      lon: point?.lon ?? null,
      createdAt: now,
      updatedAt: now,
    })
    profileSkills.push(...[...picked].map((skillId) => ({ memberId, skillId })))
    const text = consentText(CURRENT_CONSENT_VERSION, 'de', scopeLabels.de[scope])
    given.push({
      memberId,
      purpose: VOLUNTEER_POOL_PURPOSE,
      scope,
      textVersion: CURRENT_CONSENT_VERSION,
      textHash: consentTextHash(text),
      givenAt: now,
    })
  }
  if (profiles.length > 0) {
    await tx.insert(volunteerProfiles).values(profiles)
    await tx.insert(volunteerProfileSkills).values(profileSkills)
    await tx.insert(consents).values(given)
  }
  return ids.length
}
