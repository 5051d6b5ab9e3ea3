import { randomUUID } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import * as s from '../../src/db-schema.js'
import type { OrgUnit } from '../../src/domains/org-units/index.js'
import { EVENINGS_AND_SATURDAY } from '../../src/domains/surveys/index.js'
import type { Db } from '../../src/platform/db/types.js'
import { buildDistrict, buildMember, buildState, buildUser, insertPartnershipRow } from './factories.js'

/**
 * Secrets the fixture stores for the person: no export may ever contain one of them.
 * Each is stored with the person's canary appended; nothing here needs them to work.
 */
export const secretCanaries = {
  passwordHash: 'CANARY-PASSWORD-HASH',
  session: 'CANARY-SESSION-TOKEN-HASH',
  providerIdToken: 'CANARY-SEALED-PROVIDER-ID-TOKEN',
  loginToken: 'CANARY-LOGIN-TOKEN-HASH',
  calendarToken: 'CANARY-CALENDAR-TOKEN-HASH',
  apiToken: 'CANARY-API-TOKEN-HASH',
  oidcSubject: 'CANARY-OIDC-SUBJECT',
  totpSecret: 'CANARY-TOTP-SECRET-SEALED',
  recoveryCode: 'CANARY-RECOVERY-CODE-HASH',
  rsvpConfirm: 'CANARY-RSVP-CONFIRM-HASH',
  surveyLink: 'CANARY-SURVEY-LINK-HASH',
} as const

export type PersonEverywhere = Awaited<ReturnType<typeof buildPersonEverywhere>>

/**
 * A member with an account who appears in every table the privacy inventory lists: as the subject of
 * profiles, consents, sign-ups and RSVPs, and as the one who acted on the organisation's records. Every
 * personal text carries `canary`, so a test can look for it anywhere in the database. `scale` repeats
 * the rows a busy member piles up (RSVPs, sign-ups, audit rows) for the benchmark.
 */
export async function buildPersonEverywhere(
  db: Db,
  canary: string,
  opts: { scale?: number; state?: OrgUnit; leftOn?: string } = {},
) {
  const scale = opts.scale ?? 1
  const state = opts.state ?? (await buildState(db))
  const home = await buildDistrict(db, state)
  const partner = await buildDistrict(db, state)
  const member = await buildMember(db, home, {
    firstName: `${canary}-Vorname`,
    lastName: `${canary}-Nachname`,
    email: `${canary.toLowerCase()}@example.org`,
    phone: '+49 30 1234567',
    postalCode: '10115',
    enteredOn: '2020-01-15',
    leftOn: opts.leftOn ?? null,
  })
  const [user] = await db
    .insert(s.users)
    .values({
      email: `${canary.toLowerCase()}-account@example.org`,
      displayName: `${canary}-Anzeigename`,
      passwordHash: `${secretCanaries.passwordHash}-${canary}`,
      memberId: member.id,
      emailVerifiedAt: new Date(),
    })
    .returning()
  const u = user!.id
  const other = await buildUser(db, { member: home })
  const otherMember = other.memberId!
  const day = (d: string) => new Date(`${d}T10:00:00Z`)

  // ---- account
  await db.insert(s.sessions).values({
    id: `${secretCanaries.session}-${canary}`,
    userId: u,
    expiresAt: day('2026-12-31'),
    userAgent: `${canary}-Browser`,
    oidcLogoutSealed: `${secretCanaries.providerIdToken}-${canary}`,
  })
  await db.insert(s.loginTokens).values({
    id: `${secretCanaries.loginToken}-${canary}`,
    userId: u,
    purpose: 'magic_link',
    expiresAt: day('2026-12-31'),
  })
  await db
    .insert(s.twoFactorCredentials)
    .values({ userId: u, secretSealed: `${secretCanaries.totpSecret}-${canary}`, confirmedAt: new Date() })
  await db
    .insert(s.twoFactorRecoveryCodes)
    .values({ userId: u, codeHash: `${secretCanaries.recoveryCode}-${canary}` })
  await db
    .insert(s.calendarTokens)
    .values({ userId: u, tokenHash: `${secretCanaries.calendarToken}-${canary}` })
  await db.insert(s.oidcIdentities).values({
    userId: u,
    issuer: 'https://login.example.org',
    subject: `${secretCanaries.oidcSubject}-${canary}`,
  })
  await db.insert(s.apiTokens).values({
    userId: u,
    name: `Website ${canary}`,
    tokenHash: `${secretCanaries.apiToken}-${canary}`,
    scope: 'read',
    unitId: home.id,
    expiresAt: new Date('2027-12-31T00:00:00Z'),
  })

  // ---- membership, roles
  await db.insert(s.consents).values({
    memberId: member.id,
    purpose: 'volunteer_pool',
    scope: 'own_kv',
    textVersion: '1',
    textHash: 'a'.repeat(64),
    givenAt: new Date(),
  })
  await db.insert(s.roleGrants).values({
    userId: u,
    unitId: home.id,
    role: 'coordinator',
    grantedById: other.id,
    revokedById: u,
    revokedAt: new Date(),
  })
  await db
    .insert(s.roleGrants)
    .values({ userId: other.id, unitId: partner.id, role: 'coordinator', grantedById: u })

  // ---- volunteering
  const [skill] = await db
    .insert(s.skills)
    .values({ name: `Fähigkeit ${randomUUID().slice(0, 8)}`, createdById: u })
    .returning()
  await db.insert(s.volunteerProfiles).values({
    memberId: member.id,
    hoursPerMonth: 10,
    reach: 'everywhere',
    languages: `${canary}-Sprachen`,
  })
  await db.insert(s.volunteerProfileSkills).values({ memberId: member.id, skillId: skill!.id })
  await db.insert(s.volunteerRequests).values({
    memberId: member.id,
    unitId: home.id,
    askedById: other.id,
    message: `${canary}-Anfrage`,
    createdAt: new Date(),
  })
  await db.insert(s.volunteerRequests).values({
    memberId: otherMember,
    unitId: home.id,
    askedById: u,
    message: 'Hilfst du uns beim Stand?',
    createdAt: new Date(),
  })
  const project = {
    unitId: home.id,
    title: 'Plakate kleben',
    description: 'Zwei Abende',
    weeks: 2,
    hours: 6,
    deadline: '2026-12-31',
    createdAt: new Date(),
  }
  const [ownProject] = await db
    .insert(s.volunteerProjects)
    .values({ ...project, createdById: u })
    .returning()
  const [otherProject] = await db
    .insert(s.volunteerProjects)
    .values({ ...project, createdById: other.id })
    .returning()
  await db.insert(s.volunteerApplications).values({
    projectId: otherProject!.id,
    memberId: member.id,
    message: `${canary}-Bewerbung`,
    createdAt: new Date(),
  })
  await db
    .insert(s.volunteerApplications)
    .values({ projectId: ownProject!.id, memberId: otherMember, createdAt: new Date() })

  // ---- events
  const [series] = await db
    .insert(s.eventSeries)
    .values({ ordinal: 1, weekday: 2, startTime: '19:00', endTime: '21:00', createdById: u })
    .returning()
  for (let i = 0; i < scale; i++) {
    const [event] = await db
      .insert(s.events)
      .values({
        type: 'stammtisch',
        title: `Stammtisch ${i}`,
        startsAt: day('2026-02-01'),
        endsAt: day('2026-02-02'),
        audience: 'own_members',
        status: 'published',
        checkInCode: randomUUID(),
        seriesId: i === 0 ? series!.id : null,
        createdById: u,
      })
      .returning()
    await db.insert(s.eventHosts).values({ eventId: event!.id, unitId: home.id })
    await db.insert(s.eventRsvps).values({
      eventId: event!.id,
      userId: u,
      status: 'confirmed',
      childrenAges: [4, 7],
      accessNeedKinds: ['wheelchair', 'quiet_room'],
      accessNeeds: `${canary}-Rollstuhl`,
      confirmTokenHash: i === 0 ? `${secretCanaries.rsvpConfirm}-${canary}` : null,
      attendedAt: day('2026-02-01'),
    })
  }

  // ---- help
  const [request] = await db
    .insert(s.helpRequests)
    .values({
      unitId: home.id,
      kind: 'plakatieren',
      title: 'Plakate in der Stadt',
      municipalityAgs: '11000000',
      contactMemberId: member.id,
      createdById: u,
    })
    .returning()
  for (let i = 0; i < scale; i++) {
    const [shift] = await db
      .insert(s.helpShifts)
      .values({
        requestId: request!.id,
        startsAt: day('2026-03-01'),
        endsAt: day('2026-03-02'),
        capacity: 5,
        meetingPoint: 'Bahnhof',
      })
      .returning()
    await db.insert(s.helpSignups).values({ shiftId: shift!.id, memberId: member.id, status: 'confirmed' })
    await db.update(s.helpShifts).set({ taken: 1 }).where(eq(s.helpShifts.id, shift!.id))
  }
  await db.insert(s.helpTravel).values({
    requestId: request!.id,
    memberId: member.id,
    kind: 'ride_offer',
    place: `${canary}-Abfahrtsort`,
    places: 3,
    note: `${canary}-Mitfahrt`,
  })
  await db.insert(s.helpRecords).values({
    helperUnitId: partner.id,
    helpedUnitId: home.id,
    kind: 'plakatieren',
    helpedOn: '2026-03-01',
    people: 2,
    personMinutes: 240,
    euroCents: 0,
    createdById: u,
  })
  const [drive] = await db
    .insert(s.donationDrives)
    .values({
      collectingUnitId: home.id,
      beneficiaryUnitId: partner.id,
      title: 'Für Plakate',
      targetCents: 10_000,
      createdById: u,
    })
    .returning()
  await db.insert(s.donationPledges).values({ driveId: drive!.id, memberId: member.id, amountCents: 2_000 })

  // ---- onboarding: the person's own way in, and another member's with the person as buddy
  const [plan] = await db
    .insert(s.onboardingPlans)
    .values({ unitId: home.id, stepsKey: randomUUID() })
    .returning()
  await db
    .insert(s.onboardingPlanSteps)
    .values({ planId: plan!.id, position: 0, kind: 'welcome_call', dueDays: 7 })
  const [pipeline] = await db
    .insert(s.onboardingPipelines)
    .values({
      memberId: member.id,
      planId: plan!.id,
      enteredOn: '2020-01-15',
      buddyMemberId: otherMember,
      buddyAssignedAt: new Date(),
    })
    .returning()
  await db.insert(s.onboardingPipelines).values({
    memberId: otherMember,
    planId: plan!.id,
    enteredOn: '2026-01-10',
    buddyMemberId: member.id,
    buddyAssignedAt: new Date(),
  })
  await db.insert(s.onboardingStepProgress).values({
    pipelineId: pipeline!.id,
    position: 0,
    status: 'done',
    closedAt: new Date(),
    closedById: u,
  })
  await db.insert(s.onboardingContacts).values({
    pipelineId: pipeline!.id,
    outcome: 'reached',
    attemptedOn: '2020-01-20',
    note: `${canary}-Gesprächsnotiz`,
    recordedById: u,
  })
  await db.insert(s.onboardingQuestionnaires).values({
    pipelineId: pipeline!.id,
    interests: ['local'],
    message: `${canary}-Fragebogen`,
    answeredAt: new Date(),
  })
  const [step] = await db
    .insert(s.onboardingSteps)
    .values({ unitId: state.id, kind: 'custom', title: 'Kaffee', dueDays: 10, createdById: u })
    .returning()
  await db.insert(s.onboardingStepOptOuts).values({ districtId: home.id, stepId: step!.id, createdById: u })
  await db
    .insert(s.onboardingWelcomeTexts)
    .values({ unitId: home.id, subject: 'Willkommen', body: 'Hallo {vorname}', updatedById: u })

  // ---- partnerships and agreements
  const partnership = await insertPartnershipRow(db, home, partner, {
    coordinatorAMemberId: member.id,
    coordinatorBMemberId: otherMember,
    proposedById: u,
  })
  await db
    .insert(s.partnershipStatusChanges)
    .values({ partnershipId: partnership.id, toStatus: 'active', changedOn: '2026-01-01', changedById: u })
  await db.insert(s.partnershipReports).values({
    reporterName: 'Jemand Anderes',
    reporterEmail: 'jemand@example.org',
    unitAText: 'A',
    unitBText: 'B',
    message: 'Gibt es',
    status: 'accepted',
    decidedById: u,
    decidedAt: new Date(),
  })
  await db.insert(s.partnershipMinutes).values({
    partnershipId: partnership.id,
    fromUnitId: home.id,
    meetingOn: '2026-01-05',
    title: 'Treffen',
    sharedAt: new Date(),
    body: 'Besprochen',
    sharedById: u,
  })
  await db.insert(s.partnershipRetreats).values({
    partnershipId: partnership.id,
    heldOn: '2026-01-06',
    hostUnitId: home.id,
    place: 'Halle',
    recordedById: u,
  })
  await db
    .insert(s.partnershipLinkConfirmations)
    .values({ partnershipId: partnership.id, unitId: home.id, confirmedOn: '2026-01-07', confirmedById: u })
  await db.insert(s.partnershipExchanges).values({
    partnershipId: partnership.id,
    unitId: home.id,
    kind: 'information',
    heldOn: '2026-01-07',
    note: 'Aktionsplan geschickt',
    recordedById: u,
  })
  const [agreement] = await db
    .insert(s.agreements)
    .values({ partnershipId: partnership.id, title: 'Vereinbarung' })
    .returning()
  await db.insert(s.agreementVersions).values({
    agreementId: agreement!.id,
    number: 1,
    clauses: [],
    authorUserId: u,
    authorName: `${canary}-Autor`,
  })
  await db.insert(s.agreementRatifications).values({
    agreementId: agreement!.id,
    versionNumber: 1,
    side: 'a',
    body: 'Kreisparteitag',
    ratifiedOn: '2026-01-08',
    place: 'Halle',
    recordedById: u,
  })

  // ---- resolutions the person imported, a measure they made and progress they reported
  const [resolution] = await db
    .insert(s.resolutions)
    .values({ unitId: home.id, title: 'Arbeitsprogramm', numbered: true, createdById: u })
    .returning()
  const [measure] = await db
    .insert(s.resolutionMeasures)
    .values({
      resolutionId: resolution!.id,
      groupId: resolution!.id,
      title: 'Monatliche Neumitgliedertreffen',
      fromLine: 1,
      toLine: 2,
      quote: 'Neumitgliedertreffen',
      unitId: home.id,
      createdById: u,
    })
    .returning()
  await db
    .insert(s.resolutionProgressNotes)
    .values({ measureId: measure!.id, note: 'Begonnen', status: 'open', progress: 10, authorId: u })

  // ---- a team the person founded, ended and leads, and an application they decided
  const teamId = randomUUID()
  const [teamUnit] = await db
    .insert(s.orgUnits)
    .values({
      id: teamId,
      kind: 'team',
      name: 'AG Mitgliederarbeit',
      parentId: home.id,
      path: `${home.path}${teamId}/`,
    })
    .returning()
  await db
    .insert(s.teams)
    .values({ unitId: teamUnit!.id, joinPolicy: 'application', createdById: u, endedById: u })
  const now = new Date('2026-11-01T10:00:00Z')
  await db.insert(s.teamMembers).values([
    {
      teamId: teamUnit!.id,
      memberId: member.id,
      role: 'lead',
      status: 'active',
      appliedAt: now,
      joinedAt: now,
    },
    {
      teamId: teamUnit!.id,
      memberId: otherMember,
      status: 'active',
      appliedAt: now,
      joinedAt: now,
      decidedById: u,
    },
  ])

  // ---- a mentoring programme the person set up and coordinates, with their application and one they decided
  const [programme] = await db
    .insert(s.mentoringProgrammes)
    .values({
      unitId: state.id,
      name: 'Mentoring 2027',
      topics: ['Wahlkampf'],
      applyFrom: '2026-10-01',
      applyUntil: '2026-11-30',
      startsOn: '2027-01-15',
      endsOn: '2027-10-31',
      capacity: 20,
      createdById: u,
    })
    .returning()
  await db.insert(s.mentoringCoordinators).values({ programmeId: programme!.id, userId: u, grantedById: u })
  const applications = await db
    .insert(s.mentoringApplications)
    .values([
      {
        programmeId: programme!.id,
        memberId: member.id,
        role: 'mentee',
        motivation: `${canary}-Motivation`,
        goals: `${canary}-Ziele`,
        topics: ['Wahlkampf'],
        formats: ['online'],
        languages: ['Deutsch'],
        availability: ['weekend'],
        selfDescription: `${canary}-Selbstbeschreibung`,
        submittedAt: now,
      },
      {
        programmeId: programme!.id,
        memberId: otherMember,
        role: 'mentor',
        motivation: 'Erfahrung weitergeben',
        goals: 'Jemanden begleiten',
        topics: ['Wahlkampf'],
        formats: ['online'],
        languages: ['Deutsch'],
        availability: ['weekend'],
        status: 'accepted',
        submittedAt: now,
        decidedAt: now,
        decidedById: u,
      },
    ])
    .returning()
  const [tandem] = await db
    .insert(s.mentoringTandems)
    .values({
      programmeId: programme!.id,
      menteeApplicationId: applications[0]!.id,
      mentorApplicationId: applications[1]!.id,
      score: 40,
      reasons: [{ factor: 'topics', points: 10, shared: ['Wahlkampf'] }],
      pairedById: u,
      pairedAt: now,
    })
    .returning()
  await db.insert(s.mentoringGoals).values({
    tandemId: tandem!.id,
    text: `${canary}-Ziel`,
    createdByApplicationId: applications[0]!.id,
    createdAt: now,
  })
  await db.insert(s.mentoringCheckIns).values({
    tandemId: tandem!.id,
    authorApplicationId: applications[0]!.id,
    heldOn: '2026-11-01',
    format: 'online',
    sharedNote: `${canary}-Notiz`,
    privateNote: `${canary}-Privat`,
    createdAt: now,
  })
  await db.insert(s.mentoringReviews).values({
    tandemId: tandem!.id,
    applicationId: applications[0]!.id,
    tandemRating: 5,
    programmeRating: 4,
    tandemComment: `${canary}-Rückblick`,
    createdAt: now,
  })

  // ---- a survey the person built, answered personally (one free text), was sent a link to and marked answered
  const [survey] = await db
    .insert(s.surveys)
    .values({
      unitId: home.id,
      title: 'Wie geht es dir?',
      anonymous: false,
      status: 'open',
      createdById: u,
      createdAt: now,
    })
    .returning()
  const [surveyVersion] = await db
    .insert(s.surveyVersions)
    .values({
      surveyId: survey!.id,
      number: 1,
      questionnaire: { questions: [] },
      createdById: u,
      createdAt: now,
    })
    .returning()
  const [response] = await db
    .insert(s.surveyResponses)
    .values({
      surveyId: survey!.id,
      versionId: surveyVersion!.id,
      memberId: member.id,
      unitId: home.id,
      channel: 'phone',
      recordedById: u,
      submittedAt: now,
    })
    .returning()
  await db.insert(s.surveyAnswers).values({
    responseId: response!.id,
    versionId: surveyVersion!.id,
    questionKey: 'q1',
    textValue: `${canary}-Antwort`,
  })
  await db
    .insert(s.surveyParticipations)
    .values({ surveyId: survey!.id, memberId: member.id, answeredAt: now })
  await db.insert(s.surveyLinks).values({
    surveyId: survey!.id,
    memberId: member.id,
    tokenHash: `${secretCanaries.surveyLink}-${canary}`,
    createdAt: now,
  })

  // ---- a phone campaign the person set up, calls for, and is on the list of: called, with a note, do-not-call
  const [campaign] = await db
    .insert(s.surveyCampaigns)
    .values({
      surveyId: survey!.id,
      unitId: home.id,
      name: 'Telefonaktion',
      script: 'Guten Tag',
      callingHours: EVENINGS_AND_SATURDAY,
      filters: {
        kvId: null,
        enteredFrom: null,
        enteredTo: null,
        neverReachedByOnboarding: false,
        noEventIn12Months: false,
      },
      createdById: u,
      createdAt: now,
    })
    .returning()
  await db
    .insert(s.campaignCallers)
    .values({ campaignId: campaign!.id, userId: u, addedAt: now, confirmedAt: now })
  const [target] = await db
    .insert(s.campaignTargets)
    .values({
      campaignId: campaign!.id,
      memberId: member.id,
      unitId: home.id,
      state: 'claimed',
      claimedById: u,
      claimedAt: now,
    })
    .returning()
  await db.insert(s.campaignCalls).values({
    campaignId: campaign!.id,
    targetId: target!.id,
    memberId: member.id,
    callerId: u,
    outcome: 'callback',
    note: `${canary}-Anrufnotiz`,
    at: now,
  })
  await db.insert(s.memberDoNotCall).values({ memberId: member.id, at: now })

  // ---- a board report the person started, saved a version of, approved and published
  const [boardReport] = await db
    .insert(s.boardReports)
    .values({
      unitId: home.id,
      periodFrom: '2026-01-01',
      periodTo: '2026-06-30',
      title: '1. Halbjahresbericht',
      authors: 'Der Vorstand',
      salutation: 'Liebe Mitglieder,',
      status: 'published',
      figuresAt: new Date('2026-07-01T10:00:00Z'),
      publishedAt: new Date('2026-07-02T10:00:00Z'),
      publishedById: u,
      createdById: u,
      lastEditedById: u,
      approvedById: u,
      approvedAt: new Date('2026-07-02T09:00:00Z'),
    })
    .returning()
  await db.insert(s.boardReportVersions).values({
    reportId: boardReport!.id,
    version: 1,
    savedById: u,
    savedAt: new Date('2026-07-01T10:00:00Z'),
    texts: {
      title: '1. Halbjahresbericht',
      authors: 'Der Vorstand',
      salutation: 'Liebe Mitglieder,',
      introduction: '',
      outlook: '',
      thanks: '',
      sections: [],
    },
  })
  await db.insert(s.boardReportSettings).values({ unitId: home.id, requiresApproval: true, updatedById: u })

  // ---- administration and the audit trail
  await db.insert(s.memberImports).values({
    createdById: u,
    fileName: 'mitglieder.csv',
    fileSha256: 'b'.repeat(64),
    mode: 'all-or-nothing',
    rowsTotal: 1,
    inserted: 1,
    updated: 0,
    unchanged: 0,
    skipped: 0,
  })
  await db.execute(
    sql`insert into audit_events (actor_user_id, action, object_type, object_id)
        select ${u}::uuid, 'event.rsvp', 'event_rsvp', gen_random_uuid()::text from generate_series(1, ${scale})`,
  )

  // ---- a Wissenswerk entry the person wrote, saved a version of and put an image into
  const [entry] = await db
    .insert(s.playbookEntries)
    .values({
      kind: 'article',
      unitId: state.id,
      title: 'Tipps für Partnerschaften',
      body: 'Text',
      visibility: 'members',
      authorId: u,
    })
    .returning()
  await db.insert(s.playbookVersions).values({
    entryId: entry!.id,
    version: 1,
    title: 'Tipps für Partnerschaften',
    summary: '',
    body: 'Text',
    tags: [],
    visibility: 'members',
    editedById: u,
    editedAt: new Date('2026-11-01T10:00:00Z'),
  })
  await db.insert(s.playbookImages).values({
    entryId: entry!.id,
    contentType: 'image/png',
    byteSize: 8,
    data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    uploadedById: u,
  })

  return { user: { id: u }, member, home, partner, other, otherMember, canary }
}
