import { randomBytes, randomUUID } from 'node:crypto'
import { agreements, agreementVersions, partnershipMinutes } from '../../src/domains/agreements/index.js'
import { eventHosts, eventRsvps, events } from '../../src/domains/events/index.js'
import { helpRequests } from '../../src/domains/help/index.js'
import { members } from '../../src/domains/members/tables.js'
import { mentoringApplications, mentoringProgrammes } from '../../src/domains/mentoring/index.js'
import {
  onboardingContacts,
  onboardingPipelines,
  onboardingPlanSteps,
  onboardingPlans,
} from '../../src/domains/onboarding/index.js'
import { insertUnit, type OrgUnit } from '../../src/domains/org-units/index.js'
import { partnerships } from '../../src/domains/partnerships/tables.js'
import { boardReports, boardReportVersions } from '../../src/domains/reports/index.js'
import { resolutionLines, resolutionMeasures, resolutions } from '../../src/domains/resolutions/index.js'
import {
  campaignCallers,
  campaignCalls,
  campaignTargets,
  EVENINGS_AND_SATURDAY,
  surveyCampaigns,
  surveys,
  surveyVersions,
} from '../../src/domains/surveys/index.js'
import { teamMembers, teams } from '../../src/domains/teams/index.js'
import {
  CURRENT_CONSENT_VERSION,
  consents,
  consentText,
  consentTextHash,
  scopeLabels,
  VOLUNTEER_POOL_PURPOSE,
  volunteerProfiles,
} from '../../src/domains/volunteers/index.js'
import { volunteerProjects, volunteerRequests } from '../../src/domains/volunteers/tables.js'
import type { Role } from '../../src/platform/auth/actor.js'
import type { Db } from '../../src/platform/db/types.js'
import { anonymousVisitor, buildUser, type Session, sessionFor, type TestUser } from './factories.js'

/**
 * Seen from the "own" KV: `own` and `other` lie in the own state, `partner` and `foreign` in
 * another one; `own` and `partner` are partners, `other` and `foreign` have a private partnership.
 */
export const kvKeys = ['own', 'other', 'partner', 'foreign'] as const
export type KvKey = (typeof kvKeys)[number]

/** Every kind of visitor the access matrix checks (issue 4). */
export const worldRoles = [
  'anonymous',
  'memberOwn',
  'memberOther',
  'coordinator',
  'boardOwn',
  'boardOther',
  'boardPartner',
  'stateOwn',
  'stateOther',
  'federal',
  'admin',
  'deactivated',
  // A board member of the own KV whose session has not confirmed the second factor: a member of `own`, nothing more.
  'boardWithoutSecondFactor',
] as const
export type WorldRole = (typeof worldRoles)[number]

/** The strongest role each visitor holds anywhere, or null without a (live) account. */
export const strongestRole: Record<WorldRole, Role | null> = {
  anonymous: null,
  memberOwn: 'member',
  memberOther: 'member',
  coordinator: 'coordinator',
  boardOwn: 'board',
  boardOther: 'board',
  boardPartner: 'board',
  stateOwn: 'state_office',
  stateOther: 'state_office',
  federal: 'federal_office',
  admin: 'admin',
  deactivated: null,
  boardWithoutSecondFactor: 'member',
}

/** The KVs whose member data each visitor may read: board or an office above the KV. */
export const oversees: Record<WorldRole, readonly KvKey[]> = {
  anonymous: [],
  memberOwn: [],
  memberOther: [],
  coordinator: [],
  boardOwn: ['own'],
  boardOther: ['other'],
  boardPartner: ['partner'],
  stateOwn: ['own', 'other'],
  stateOther: ['partner', 'foreign'],
  federal: kvKeys,
  admin: kvKeys,
  deactivated: [],
  boardWithoutSecondFactor: [],
}

export type ObjectCanary =
  | 'own report draft'
  | 'own members report'
  | 'own report version'
  | 'own event title'
  | 'foreign event title'
  | 'access needs'
  | 'own agreement text'
  | 'foreign agreement text'
  | 'minutes'
  | 'volunteer e-mail'
  | 'volunteer phone'
  | 'foreign help request title'
  | 'onboarding note'
  | 'own resolution title'
  | 'mentoring self-description'
  | 'own survey question'
  | 'own campaign name'
  | 'campaign phone'
  | 'campaign call note'

export type WorldKv = {
  unit: OrgUnit
  local: OrgUnit
  /** Members of this KV (one in the KV itself, one in its local group), none of them with an account. */
  memberIds: string[]
  /** Strings that occur only in this KV's member data: a body showing one has shown that data. */
  canaries: string[]
}

export type World = {
  federal: OrgUnit
  states: { own: OrgUnit; other: OrgUnit }
  kvs: Record<KvKey, WorldKv>
  partnerships: { public: string; private: string }
  /** Occurs only in the private partnership between `other` and `foreign`. */
  privatePartnershipCanary: string
  users: Record<Exclude<WorldRole, 'anonymous'>, TestUser>
  /** Published members-only events: one of the own KV (with an RSVP of memberOwn), one of the foreign KV. */
  events: { own: string; foreign: string }
  /** Drafts: own–partner (with minutes shared by the own board) and other–foreign. */
  agreements: { own: string; foreign: string; minutes: string }
  /** A member of the own KV in the volunteer pool (scope own KV) and a pending request to them. */
  volunteer: { memberId: string; requestId: string }
  /** A help request of the foreign KV, visible to its partners only (it has none that count). */
  help: { foreign: string }
  /** The onboarding of a new member of the own KV (with a contact note), and memberOwn's own with an open questionnaire. */
  onboarding: { pipeline: string; memberOwnPipeline: string }
  /** A members-only resolution of the own KV with one measure for it. */
  resolutions: { own: string; measure: string }
  /** Board reports of the own KV: a draft, and one published to its members. */
  reports: { draft: string; members: string }
  /** A mentoring programme of the own state, open for applications, with one of a member of `own` (no account). */
  mentoring: { programme: string; application: string }
  /** An open, personal survey of the own KV. */
  surveys: { own: string }
  /**
   * A phone campaign for that survey: the coordinator calls for it and is calling a member of the own KV now
   * (`target`, with a note of an earlier attempt); memberOwn was a caller and has been removed.
   */
  campaigns: { own: string; target: string }
  /**
   * A working group of the own KV, for its members, by application: led by `lead` (a member of the own KV
   * with an account and no role, so no visitor of the matrix), with memberOwn an active member who does not
   * lead it (`memberOwnMembership`) and a member of the own KV without an account asking to join
   * (`application`); `project` is a call of the team, posted by its lead for the own KV.
   */
  team: { id: string; lead: TestUser; memberOwnMembership: string; application: string; project: string }
  /** Strings of the objects above, each with the only visitors that may ever see it. */
  objectCanaries: { name: ObjectCanary; canary: string; seenBy: readonly WorldRole[] }[]
}

const token = () => `zq${randomBytes(5).toString('hex')}`

async function buildKv(db: Db, state: OrgUnit, label: string): Promise<WorldKv> {
  const unit = await insertUnit(db, { kind: 'district', name: `Kreisverband ${label}`, parentId: state.id })
  const local = await insertUnit(db, { kind: 'local', name: `Ortsverband ${label}`, parentId: unit.id })
  const canaries: string[] = []
  const memberIds: string[] = []
  for (const localUnitId of [null, local.id]) {
    const mark = token()
    const memberNumber = `C${randomBytes(5).toString('hex').toUpperCase()}`
    const [row] = await db
      .insert(members)
      .values({
        memberNumber,
        firstName: `Kanari${mark}`,
        lastName: `Vogel${mark}`,
        email: `${mark}@example.org`,
        phone: `+49 30 ${String(randomBytes(4).readUInt32BE() % 10_000_000).padStart(7, '0')}`,
        postalCode: '10115',
        homeUnitId: unit.id,
        localUnitId,
      })
      .returning()
    canaries.push(mark, memberNumber)
    memberIds.push(row!.id)
  }
  return { unit, local, memberIds, canaries }
}

/**
 * A small federation of its own on one test database: 2 states with 2 KVs each, a local group and
 * members with canary names in every KV, one account per role of the access matrix and two
 * partnerships. Everything lives below its own federal unit, so it shares a database with other rows.
 */
export async function buildWorld(db: Db): Promise<World> {
  const federal = await insertUnit(db, { kind: 'federal', name: `Bund ${token()}`, parentId: null })
  const stateOwn = await insertUnit(db, { kind: 'state', name: 'Land Nord', parentId: federal.id })
  const stateOther = await insertUnit(db, { kind: 'state', name: 'Land Süd', parentId: federal.id })
  const kvs: Record<KvKey, WorldKv> = {
    own: await buildKv(db, stateOwn, 'Nordheim'),
    other: await buildKv(db, stateOwn, 'Nordstadt'),
    partner: await buildKv(db, stateOther, 'Südheim'),
    foreign: await buildKv(db, stateOther, 'Südstadt'),
  }
  const [open] = await db
    .insert(partnerships)
    .values({
      unitAId: kvs.own.unit.id,
      unitBId: kvs.partner.unit.id,
      status: 'active',
      startedOn: '2024-05-01',
      story: 'Seit 2024 gemeinsam unterwegs.',
      isPublic: true,
    })
    .returning()
  const privateCanary = token()
  const [hidden] = await db
    .insert(partnerships)
    .values({
      unitAId: kvs.other.unit.id,
      unitBId: kvs.foreign.unit.id,
      status: 'proposed',
      story: `Vertraulicher Entwurf ${privateCanary}`,
      isPublic: false,
    })
    .returning()

  const own = kvs.own.unit
  const users: World['users'] = {
    memberOwn: await buildUser(db, { member: own }),
    memberOther: await buildUser(db, { member: kvs.other.unit }),
    coordinator: await buildUser(db, { member: own, roles: [['coordinator', own]] }),
    boardOwn: await buildUser(db, { member: own, roles: [['board', own]] }),
    boardOther: await buildUser(db, { member: kvs.other.unit, roles: [['board', kvs.other.unit]] }),
    boardPartner: await buildUser(db, { member: kvs.partner.unit, roles: [['board', kvs.partner.unit]] }),
    stateOwn: await buildUser(db, { roles: [['state_office', stateOwn]] }),
    stateOther: await buildUser(db, { roles: [['state_office', stateOther]] }),
    federal: await buildUser(db, { roles: [['federal_office', federal]] }),
    admin: await buildUser(db, { roles: [['admin', federal]] }),
    deactivated: await buildUser(db, { member: own, roles: [['board', own]], deactivated: true }),
    boardWithoutSecondFactor: await buildUser(db, { member: own, roles: [['board', own]] }),
  }
  const objects = await buildDomainObjects(db, kvs, users, { public: open!.id, private: hidden!.id })
  const team = await buildTeam(db, kvs.own, users)
  return {
    federal,
    states: { own: stateOwn, other: stateOther },
    kvs,
    partnerships: { public: open!.id, private: hidden!.id },
    privatePartnershipCanary: privateCanary,
    users,
    team,
    ...objects,
  }
}

/** The world's team (`World['team']`): its unit below the own KV, its lead, memberOwn, an applicant and a call. */
async function buildTeam(db: Db, own: WorldKv, users: World['users']): Promise<World['team']> {
  const at = new Date('2026-10-01T10:00:00Z')
  const unit = await insertUnit(db, { kind: 'team', name: 'AG Mitgliederarbeit', parentId: own.unit.id })
  await db.insert(teams).values({
    unitId: unit.id,
    purpose: 'Neue Mitglieder willkommen heißen.',
    joinPolicy: 'application',
    visibility: 'unit',
    createdById: users.boardOwn.id,
    createdAt: at,
  })
  const lead = await buildUser(db, { member: own.unit })
  const membership = async (memberId: string, role: 'lead' | 'member', status: 'active' | 'applied') => {
    const [row] = await db
      .insert(teamMembers)
      .values({
        teamId: unit.id,
        memberId,
        role,
        status,
        appliedAt: at,
        joinedAt: status === 'active' ? at : null,
      })
      .returning()
    return row!.id
  }
  await membership(lead.memberId!, 'lead', 'active')
  const memberOwnMembership = await membership(users.memberOwn.memberId!, 'member', 'active')
  // Asking to join: their name (a canary of the own KV) is for those who decide on applications.
  const application = await membership(own.memberIds[1]!, 'member', 'applied')
  const [project] = await db
    .insert(volunteerProjects)
    .values({
      unitId: own.unit.id,
      teamId: unit.id,
      createdById: lead.id,
      title: 'Begrüßungsmappe gestalten',
      description: 'Eine Mappe für neue Mitglieder.',
      weeks: 3,
      hours: 8,
      deadline: '2027-01-31',
      createdAt: at,
    })
    .returning()
  return { id: unit.id, lead, memberOwnMembership, application, project: project!.id }
}

/** Members of the own KV (or of a unit below it) and every office above it. */
export const membersOfOwn: readonly WorldRole[] = [
  'memberOwn',
  'boardWithoutSecondFactor',
  'coordinator',
  'boardOwn',
  'stateOwn',
  'federal',
  'admin',
]
/** Coordinators and the board of the own KV and every office above it. */
export const organisersOfOwn: readonly WorldRole[] = [
  'coordinator',
  'boardOwn',
  'stateOwn',
  'federal',
  'admin',
]
/** Nobody of the world is a member of `foreign`: only the offices above it reach it. */
export const aboveForeign: readonly WorldRole[] = ['stateOther', 'federal', 'admin']

/**
 * The objects of the newer domains, inserted as rows: a published members-only event per side
 * (own, foreign), agreements with shared minutes, a volunteer with a pending request, and a help
 * request. Each carries canaries, so the matrix proves who sees what.
 */
async function buildDomainObjects(
  db: Db,
  kvs: Record<KvKey, WorldKv>,
  users: World['users'],
  partnershipIds: World['partnerships'],
): Promise<
  Pick<
    World,
    | 'events'
    | 'agreements'
    | 'volunteer'
    | 'help'
    | 'onboarding'
    | 'resolutions'
    | 'reports'
    | 'mentoring'
    | 'surveys'
    | 'campaigns'
    | 'objectCanaries'
  >
> {
  const objectCanaries: World['objectCanaries'] = []
  const mark = (name: ObjectCanary, seenBy: readonly WorldRole[]) => {
    const canary = token()
    objectCanaries.push({ name, canary, seenBy })
    return canary
  }

  const event = async (kv: KvKey, title: string) => {
    const [row] = await db
      .insert(events)
      .values({
        type: 'stammtisch',
        title,
        startsAt: new Date('2026-12-03T18:00:00Z'),
        endsAt: new Date('2026-12-03T20:00:00Z'),
        audience: 'own_members',
        status: 'published',
        checkInCode: 'K7Q2',
      })
      .returning()
    await db.insert(eventHosts).values({ eventId: row!.id, unitId: kvs[kv].unit.id })
    return row!.id
  }
  const ownEvent = await event('own', `Stammtisch ${mark('own event title', membersOfOwn)}`)
  const foreignEvent = await event('foreign', `Stammtisch ${mark('foreign event title', aboveForeign)}`)
  // Access needs are health data: the organisers and the person themselves, nobody else.
  await db.insert(eventRsvps).values({
    eventId: ownEvent,
    userId: users.memberOwn.id,
    status: 'confirmed',
    confirmedAt: new Date('2026-11-20T10:00:00Z'),
    accessNeeds: `Rampe ${mark('access needs', [...organisersOfOwn, 'memberOwn'])}`,
  })

  // Drafts, read by the boards of both sides and the offices above them (a board grant is inherited downward).
  const agreement = async (partnershipId: string, canary: string) => {
    const [row] = await db
      .insert(agreements)
      .values({ partnershipId, title: `Partnerschaftsvereinbarung ${canary}` })
      .returning()
    const clause = {
      key: 'praeambel',
      type: 'text' as const,
      title: 'Präambel',
      body: `Entwurf ${canary}`,
      params: {},
    }
    await db.insert(agreementVersions).values({ agreementId: row!.id, number: 1, clauses: [clause] })
    return row!.id
  }
  const ownAgreement = await agreement(
    partnershipIds.public,
    mark('own agreement text', ['boardOwn', 'boardPartner', 'federal', 'admin']),
  )
  const foreignAgreement = await agreement(
    partnershipIds.private,
    mark('foreign agreement text', ['boardOther', 'federal', 'admin']),
  )
  const minutesCanary = mark('minutes', ['boardOwn', 'boardPartner'])
  const [minutes] = await db
    .insert(partnershipMinutes)
    .values({
      partnershipId: partnershipIds.public,
      fromUnitId: kvs.own.unit.id,
      meetingOn: '2026-11-02',
      sharedAt: new Date('2026-11-05T12:00:00Z'),
      title: `Vorstandssitzung ${minutesCanary}`,
      body: `Beschlossen: ${minutesCanary}`,
    })
    .returning()

  // Contact data of a pool member leaves the platform only once they answer yes: never here.
  const [volunteer] = await db
    .insert(members)
    .values({
      memberNumber: `V${randomBytes(5).toString('hex').toUpperCase()}`,
      firstName: 'Vera',
      lastName: 'Helferin',
      email: `${mark('volunteer e-mail', [])}@example.org`,
      phone: `+49 171 ${String(randomBytes(4).readUInt32BE() % 10_000_000).padStart(7, '0')}`,
      postalCode: '10115',
      homeUnitId: kvs.own.unit.id,
    })
    .returning()
  objectCanaries.push({ name: 'volunteer phone', canary: volunteer!.phone!, seenBy: [] })
  await db.insert(volunteerProfiles).values({ memberId: volunteer!.id, hoursPerMonth: 4, reach: 'own_kv' })
  await db.insert(consents).values({
    memberId: volunteer!.id,
    purpose: VOLUNTEER_POOL_PURPOSE,
    scope: 'own_kv',
    textVersion: CURRENT_CONSENT_VERSION,
    textHash: consentTextHash(consentText(CURRENT_CONSENT_VERSION, 'de', scopeLabels.de.own_kv)),
    givenAt: new Date('2026-11-01T10:00:00Z'),
  })
  const [request] = await db
    .insert(volunteerRequests)
    .values({
      memberId: volunteer!.id,
      unitId: kvs.own.unit.id,
      askedById: users.coordinator.id,
      message: 'Hilfst du beim Infostand am Samstag?',
      createdAt: new Date('2026-11-10T10:00:00Z'),
    })
    .returning()

  const [help] = await db
    .insert(helpRequests)
    .values({
      unitId: kvs.foreign.unit.id,
      kind: 'plakatieren',
      title: `Plakate kleben ${mark('foreign help request title', aboveForeign)}`,
      municipalityAgs: '09162000',
      visibility: 'partners',
      contactMemberId: kvs.foreign.memberIds[0]!,
    })
    .returning()

  // A new member's onboarding: for the own KV's board and its state office, not for the offices above them.
  const [plan] = await db
    .insert(onboardingPlans)
    .values({ unitId: kvs.own.unit.id, stepsKey: `world-${token()}` })
    .returning()
  await db.insert(onboardingPlanSteps).values([
    { planId: plan!.id, position: 1, kind: 'welcome_call', dueDays: 7, mandatory: true },
    { planId: plan!.id, position: 2, kind: 'questionnaire', dueDays: 30 },
  ])
  const pipeline = async (memberId: string) => {
    const [row] = await db
      .insert(onboardingPipelines)
      .values({
        memberId,
        planId: plan!.id,
        enteredOn: '2026-11-15',
        createdAt: new Date('2026-11-15T10:00:00Z'),
      })
      .returning()
    return row!.id
  }
  const newMemberPipeline = await pipeline(kvs.own.memberIds[0]!)
  await db.insert(onboardingContacts).values({
    pipelineId: newMemberPipeline,
    outcome: 'call_back',
    attemptedOn: '2026-11-16',
    callBackOn: '2026-11-23',
    note: `Rückruf abends ${mark('onboarding note', ['boardOwn', 'stateOwn'])}`,
  })
  const memberOwnPipeline = await pipeline(users.memberOwn.memberId!)

  const [resolution] = await db
    .insert(resolutions)
    .values({
      unitId: kvs.own.unit.id,
      code: 'A-1',
      title: `Arbeitsprogramm ${mark('own resolution title', membersOfOwn)}`,
      visibility: 'members',
      numbered: true,
      decidedOn: '2026-09-01',
    })
    .returning()
  await db.insert(resolutionLines).values([
    {
      resolutionId: resolution!.id,
      number: 1,
      kind: 'heading',
      level: 2,
      paragraphStart: true,
      text: 'Mitgliederarbeit',
    },
    {
      resolutionId: resolution!.id,
      number: 2,
      kind: 'text',
      text: 'Wir laden jeden Monat zum Neumitgliedertreffen ein.',
    },
  ])
  const [measure] = await db
    .insert(resolutionMeasures)
    .values({
      resolutionId: resolution!.id,
      groupId: randomUUID(),
      unitId: kvs.own.unit.id,
      title: 'Neumitgliedertreffen',
      fromLine: 2,
      toLine: 2,
      quote: 'Wir laden jeden Monat zum Neumitgliedertreffen ein.',
      indicator: 'newMemberMeetingsMonthly',
      indicatorTarget: 1,
    })
    .returning()

  const report = async (title: string, published: boolean) => {
    const at = new Date('2026-07-02T10:00:00Z')
    const [row] = await db
      .insert(boardReports)
      .values({
        unitId: kvs.own.unit.id,
        periodFrom: '2026-01-01',
        periodTo: '2026-06-30',
        title,
        authors: 'Vorstand',
        salutation: 'Liebe Mitglieder,',
        figuresAt: at,
        ...(published ? { status: 'published' as const, audience: 'members' as const, publishedAt: at } : {}),
      })
      .returning()
    return row!.id
  }
  const reportDraft = await report(
    `Bericht ${mark('own report draft', ['boardOwn', 'stateOwn', 'federal', 'admin'])}`,
    false,
  )
  const reportForMembers = await report(`Bericht ${mark('own members report', membersOfOwn)}`, true)
  // A saved version of the draft: its texts are the board's history, read like the draft.
  await db.insert(boardReportVersions).values({
    reportId: reportDraft,
    version: 1,
    savedAt: new Date('2026-07-01T10:00:00Z'),
    texts: {
      title: `Fassung ${mark('own report version', ['boardOwn', 'stateOwn', 'federal', 'admin'])}`,
      authors: 'Vorstand',
      salutation: 'Liebe Mitglieder,',
      introduction: '',
      outlook: '',
      thanks: '',
      sections: [],
    },
  })

  // A self-description is read by the programme's coordinators only: here the own state's office.
  const [programme] = await db
    .insert(mentoringProgrammes)
    .values({
      unitId: kvs.own.unit.parentId!,
      name: 'Mentoring 2027',
      topics: ['Wahlkampf', 'Kommunalpolitik'],
      applyFrom: '2026-11-01',
      applyUntil: '2026-12-31',
      startsOn: '2027-01-15',
      endsOn: '2027-10-31',
      capacity: 10,
    })
    .returning()
  const [application] = await db
    .insert(mentoringApplications)
    .values({
      programmeId: programme!.id,
      memberId: kvs.own.memberIds[0]!,
      role: 'mentee',
      motivation: 'Mitmachen',
      goals: 'Reden lernen',
      topics: ['Wahlkampf'],
      formats: ['online'],
      languages: ['Deutsch'],
      availability: ['weekend'],
      selfDescription: `Selbstbeschreibung ${mark('mentoring self-description', ['stateOwn'])}`,
      submittedAt: new Date('2026-11-10T10:00:00Z'),
    })
    .returning()

  const [survey] = await db
    .insert(surveys)
    .values({
      unitId: kvs.own.unit.id,
      title: 'Wie kann Parteiarbeit besser gestaltet werden?',
      anonymous: false,
      status: 'open',
      createdAt: new Date('2026-11-01T10:00:00Z'),
      openedAt: new Date('2026-11-01T10:00:00Z'),
    })
    .returning()
  await db.insert(surveyVersions).values({
    surveyId: survey!.id,
    number: 1,
    createdAt: new Date('2026-11-01T10:00:00Z'),
    questionnaire: {
      questions: [
        {
          key: 'q1',
          kind: 'single',
          text: `Warst du dieses Jahr bei einem Treffen ${mark('own survey question', membersOfOwn)}?`,
          required: true,
          section: null,
          options: [
            { key: 'o1', label: 'Ja' },
            { key: 'o2', label: 'Nein' },
          ],
          scale: null,
          showIf: null,
        },
      ],
    },
  })

  // A phone campaign: its name for the survey's owners and its callers; the person called, their phone and the
  // note of an earlier attempt for the one caller calling them now, and nobody else.
  const callingSince = new Date('2026-11-21T09:50:00Z')
  const [campaign] = await db
    .insert(surveyCampaigns)
    .values({
      surveyId: survey!.id,
      unitId: kvs.own.unit.id,
      name: `Telefonaktion ${mark('own campaign name', ['coordinator', 'boardOwn', 'stateOwn', 'federal', 'admin'])}`,
      script: 'Guten Abend, hier ist der Kreisverband.',
      callingHours: EVENINGS_AND_SATURDAY,
      filters: {
        kvId: null,
        enteredFrom: null,
        enteredTo: null,
        neverReachedByOnboarding: false,
        noEventIn12Months: false,
      },
      createdById: users.boardOwn.id,
      createdAt: new Date('2026-11-02T10:00:00Z'),
    })
    .returning()
  await db.insert(campaignCallers).values([
    {
      campaignId: campaign!.id,
      userId: users.coordinator.id,
      addedAt: new Date('2026-11-02T10:00:00Z'),
      confirmedAt: new Date('2026-11-02T11:00:00Z'),
    },
    {
      campaignId: campaign!.id,
      userId: users.memberOwn.id,
      addedAt: new Date('2026-11-02T10:00:00Z'),
      confirmedAt: new Date('2026-11-02T11:00:00Z'),
      removedAt: new Date('2026-11-10T10:00:00Z'),
    },
  ])
  const phone = `+49 30 ${String(randomBytes(4).readUInt32BE() % 100_000_000).padStart(8, '0')}`
  objectCanaries.push({ name: 'campaign phone', canary: phone, seenBy: ['coordinator'] })
  const [called] = await db
    .insert(members)
    .values({
      memberNumber: `A${randomBytes(5).toString('hex').toUpperCase()}`,
      firstName: 'Carla',
      lastName: 'Angerufen',
      email: `${token()}@example.org`,
      phone,
      postalCode: '10115',
      homeUnitId: kvs.own.unit.id,
    })
    .returning()
  const [target] = await db
    .insert(campaignTargets)
    .values({
      campaignId: campaign!.id,
      memberId: called!.id,
      unitId: kvs.own.unit.id,
      state: 'claimed',
      claimedById: users.coordinator.id,
      claimedAt: callingSince,
      attempts: 1,
    })
    .returning()
  await db.insert(campaignCalls).values({
    campaignId: campaign!.id,
    targetId: target!.id,
    memberId: called!.id,
    callerId: users.coordinator.id,
    outcome: 'no_answer',
    note: `Mailbox, abends versuchen ${mark('campaign call note', ['coordinator'])}`,
    at: new Date('2026-11-20T17:30:00Z'),
  })

  return {
    reports: { draft: reportDraft, members: reportForMembers },
    campaigns: { own: campaign!.id, target: target!.id },
    mentoring: { programme: programme!.id, application: application!.id },
    surveys: { own: survey!.id },
    onboarding: { pipeline: newMemberPipeline, memberOwnPipeline },
    resolutions: { own: resolution!.id, measure: measure!.id },
    events: { own: ownEvent, foreign: foreignEvent },
    agreements: { own: ownAgreement, foreign: foreignAgreement, minutes: minutes!.id },
    volunteer: { memberId: volunteer!.id, requestId: request!.id },
    help: { foreign: help!.id },
    objectCanaries,
  }
}

/** A session per visitor (a fresh CSRF-cookie visitor for anonymous; the deactivated account's session is dead). */
export async function worldSessions(db: Db, world: World, now?: Date): Promise<Record<WorldRole, Session>> {
  const out = { anonymous: anonymousVisitor() } as Record<WorldRole, Session>
  for (const role of worldRoles) {
    if (role === 'anonymous') continue
    out[role] = await sessionFor(db, world.users[role], now, {
      secondFactor: role !== 'boardWithoutSecondFactor',
    })
  }
  return out
}

/**
 * Visitors without any tie to the private partnership between `other` and `foreign`. (Its members
 * are left out on purpose: whether a KV's members see its unpublished partnerships is the domain's call.)
 */
const strangersToPrivatePartnership: readonly WorldRole[] = [
  'anonymous',
  'memberOwn',
  'coordinator',
  'boardOwn',
  'boardPartner',
  'deactivated',
]

/** The canary strings this visitor must never see: other KVs' member data, partnerships and objects it has no part in. */
export function forbiddenCanaries(world: World, role: WorldRole): string[] {
  const fromMembers = kvKeys.filter((k) => !oversees[role].includes(k)).flatMap((k) => world.kvs[k].canaries)
  const fromObjects = world.objectCanaries.filter((o) => !o.seenBy.includes(role)).map((o) => o.canary)
  return strangersToPrivatePartnership.includes(role)
    ? [...fromMembers, world.privatePartnershipCanary, ...fromObjects]
    : [...fromMembers, ...fromObjects]
}
