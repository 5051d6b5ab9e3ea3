import { randomUUID } from 'node:crypto'
import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import { users } from '../domains/accounts/index.js'
import { members } from '../domains/members/index.js'
import { orgUnits } from '../domains/org-units/index.js'
import {
  campaignCallers,
  campaignCalls,
  campaignTargets,
  EVENINGS_AND_SATURDAY,
  memberDoNotCall,
  nextOpening,
  type Question,
  surveyAnswers,
  surveyCampaigns,
  surveyParticipations,
  surveyResponses,
  surveys,
  surveyVersions,
} from '../domains/surveys/index.js'
import type { DbOrTx } from '../platform/db/types.js'
import { seededRandom } from './people.js'
import { findDemoUnit } from './units.js'

export const DEMO_SURVEY_TITLE = 'Wie kann Parteiarbeit besser gestaltet werden?'

const choice = (key: string, text: string, options: string[], extra: Partial<Question> = {}): Question => ({
  key,
  kind: extra.kind ?? 'single',
  text,
  required: true,
  section: null,
  options: options.map((label, i) => ({ key: `o${i + 1}`, label })),
  scale: null,
  showIf: null,
  ...extra,
})

/**
 * The questionnaire of seed 004's phone survey ("um herauszufinden ob und wie die Parteiarbeit besser gestaltet
 * werden kann um mehr Leute zum Mitmachen einzuladen"), its questions taken from the resolution's points: the
 * barriers of people with care duties, formats across district borders, online participation, the volunteer pool
 * by skill, and how well the members learn of coming decisions ("Evaluation … von Formaten").
 */
export const demoSurveyQuestions: Question[] = [
  choice(
    'aktiv',
    'Wie aktiv bist du derzeit in der Partei?',
    ['regelmäßig aktiv', 'ab und zu', 'gar nicht, würde aber gern', 'gar nicht'],
    { section: 'Mitmachen' },
  ),
  choice(
    'hinderniss',
    'Was hält dich davon ab, (mehr) mitzumachen?',
    [
      'Beruf und wenig Zeit',
      'Care-Arbeit, Kinderbetreuung',
      'Termine zu ungünstigen Zeiten',
      'Orte schlecht erreichbar oder nicht barrierefrei',
      'Ich kenne dort niemanden',
      'Ich weiß nicht, wo ich anfangen soll',
    ],
    { kind: 'multiple', required: false },
  ),
  choice(
    'formate',
    'Welche Angebote würden dich einladen?',
    [
      'monatliches Neumitgliedertreffen',
      'Stammtische und Treffen über Bezirksgrenzen',
      'Online-Diskussionen',
      'Politische Bildung',
      'Kinderbetreuung bei Veranstaltungen',
      'Mentoring',
    ],
    { kind: 'multiple', required: false, section: 'Angebote' },
  ),
  {
    key: 'info',
    kind: 'scale',
    text: 'Wie gut erfährst du von anstehenden Entscheidungen der Landespolitik?',
    required: true,
    section: null,
    options: [],
    scale: { low: 'gar nicht', high: 'sehr gut' },
    showIf: null,
  },
  choice('pool', 'Würdest du deine Fähigkeiten in einen Ehrenamtlichen-Pool einbringen?', [
    'Ja',
    'Vielleicht',
    'Nein',
  ]),
  {
    key: 'stunden',
    kind: 'number',
    text: 'Wie viele Stunden im Monat könntest du dir vorstellen?',
    required: false,
    section: null,
    options: [],
    scale: null,
    showIf: { question: 'pool', equals: 'o1' },
  },
  {
    key: 'anders',
    kind: 'long_text',
    text: 'Was sollte die Partei in Berlin anders machen, damit mehr Leute mitmachen?',
    required: false,
    section: 'Zum Schluss',
    options: [],
    scale: null,
    showIf: null,
  },
]

/** Free texts of the demo: generated, each marked as such, in the spirit of the resolution's points. */
const demoTexts = [
  'Mehr Termine am Wochenende mit Kinderbetreuung. (Demo-Antwort, erzeugt)',
  'Ein Treffen online im Monat würde mir reichen, um dabei zu sein. (Demo-Antwort, erzeugt)',
  'Als Neue hätte ich mir eine feste Ansprechperson gewünscht. (Demo-Antwort, erzeugt)',
  'Stammtische auch in den Außenbezirken, nicht nur in der Innenstadt. (Demo-Antwort, erzeugt)',
  'Vor Entscheidungen im Senat kurz per Mail informieren. (Demo-Antwort, erzeugt)',
  'Räume, in die man mit Rollstuhl und Kinderwagen kommt. (Demo-Antwort, erzeugt)',
]

/** How much of Berlin's membership the callers have reached so far. */
const REACHED_SHARE = 0.6

/**
 * Seed 004's telephone survey as a survey of the Berlin state: open, personal (the callers enter the answers on
 * the members' behalf), with the answers of the members reached so far, each recorded by one of three callers
 * (generated members of Berlin's KVs given an account). Answers are generated; the intro says so.
 */
export async function seedDemoSurveys(tx: DbOrTx, now: Date) {
  const random = seededRandom(20260404)
  const berlin = await findDemoUnit(tx, { kind: 'state', ags: '11' })
  const people = await tx
    .select({
      id: members.id,
      firstName: members.firstName,
      lastName: members.lastName,
      email: members.email,
      homeUnitId: members.homeUnitId,
    })
    .from(members)
    .innerJoin(orgUnits, eq(orgUnits.id, members.homeUnitId))
    .leftJoin(users, eq(users.memberId, members.id))
    .where(and(eq(orgUnits.parentId, berlin.id), isNull(users.id), isNull(members.leftOn)))
    .orderBy(asc(members.memberNumber))
  if (people.length < 10) return null

  // Three callers: the first generated members of Berlin's KVs, with an account (no password: a login link).
  const callerMembers = people.slice(0, 3)
  const callers = await tx
    .insert(users)
    .values(
      callerMembers.map((m) => ({
        email: m.email!,
        displayName: `${m.firstName} ${m.lastName}`,
        memberId: m.id,
        emailVerifiedAt: now,
      })),
    )
    .returning({ id: users.id })

  const day = 24 * 60 * 60 * 1000
  const opened = new Date(now.getTime() - 21 * day)
  const [survey] = await tx
    .insert(surveys)
    .values({
      unitId: berlin.id,
      title: DEMO_SURVEY_TITLE,
      intro:
        'Telefongestützte Mitgliederbefragung des Landesverbands (Beschluss „DIE LINKE in Berlin zur Mitmach-Partei entwickeln“). In dieser Demo sind alle Antworten erzeugt.',
      anonymous: false,
      status: 'open',
      createdAt: new Date(opened.getTime() - 7 * day),
      openedAt: opened,
    })
    .returning()
  const [version] = await tx
    .insert(surveyVersions)
    .values({
      surveyId: survey!.id,
      number: 1,
      questionnaire: { questions: demoSurveyQuestions },
      createdAt: survey!.createdAt,
    })
    .returning()

  const respondents = people.slice(3).filter(() => random.next() < REACHED_SHARE)
  const answers: (typeof surveyAnswers.$inferInsert)[] = []
  const reached: { memberId: string; callerId: string; at: Date }[] = []
  const responses: (typeof surveyResponses.$inferInsert & { id: string })[] = []
  for (const m of respondents) {
    const at = new Date(opened.getTime() + random.int(0, 20) * day + random.int(9, 19) * 60 * 60 * 1000)
    const caller = random.pick(callers).id
    const response = {
      id: randomUUID(),
      surveyId: survey!.id,
      versionId: version!.id,
      memberId: m.id,
      unitId: m.homeUnitId,
      channel: 'phone' as const,
      recordedById: caller,
      submittedAt: at,
    }
    responses.push(response)
    reached.push({ memberId: m.id, callerId: caller, at })
    const row = (questionKey: string, v: Partial<typeof surveyAnswers.$inferInsert>) =>
      answers.push({ responseId: response.id, versionId: version!.id, questionKey, ...v })
    const activity = random.pick(['o1', 'o2', 'o2', 'o3', 'o3', 'o4'])
    row('aktiv', { option: activity })
    for (const [o, p] of [
      ['o1', 0.45],
      ['o2', 0.3],
      ['o3', 0.35],
      ['o4', 0.1],
      ['o5', 0.2],
      ['o6', activity === 'o3' ? 0.5 : 0.1],
    ] as const)
      if (random.next() < p) row('hinderniss', { option: o })
    for (const [o, p] of [
      ['o1', 0.3],
      ['o2', 0.55],
      ['o3', 0.4],
      ['o4', 0.35],
      ['o5', 0.2],
      ['o6', 0.15],
    ] as const)
      if (random.next() < p) row('formate', { option: o })
    row('info', { numberValue: random.pick([1, 2, 2, 3, 3, 3, 4, 4, 5]) })
    const pool = random.pick(['o1', 'o2', 'o2', 'o3'])
    row('pool', { option: pool })
    if (pool === 'o1') row('stunden', { numberValue: random.pick([2, 4, 4, 6, 8, 10]) })
    if (random.next() < 0.4) row('anders', { textValue: random.pick(demoTexts) })
  }
  if (responses.length > 0) await tx.insert(surveyResponses).values(responses)
  if (answers.length > 0) await tx.insert(surveyAnswers).values(answers)
  if (reached.length > 0)
    await tx
      .insert(surveyParticipations)
      .values(reached.map((r) => ({ surveyId: survey!.id, memberId: r.memberId, answeredAt: r.at })))

  // The phone campaign: everyone of Berlin but the callers on the list, with fictional numbers (030 555 …, a
  // range kept for fiction); the reached ones done, some not answered yet, one to call back, one do-not-call.
  const [campaign] = await tx
    .insert(surveyCampaigns)
    .values({
      surveyId: survey!.id,
      unitId: berlin.id,
      name: 'Telefonaktion Mitmach-Partei',
      script:
        'Hallo, hier ist [Vorname], ehrenamtlich für den Landesverband Berlin. Wir fragen alle Mitglieder, wie Parteiarbeit besser gestaltet werden kann, damit mehr Leute mitmachen. Hast du fünf Minuten? Deine Antworten werden nur für diese Befragung genutzt, mit deinem Namen gespeichert und du findest sie unter „Meine Daten“. Du kannst jederzeit sagen, dass wir dich nicht mehr anrufen sollen.',
      callingHours: EVENINGS_AND_SATURDAY,
      filters: {
        kvId: null,
        enteredFrom: null,
        enteredTo: null,
        neverReachedByOnboarding: false,
        noEventIn12Months: false,
      },
      createdAt: opened,
    })
    .returning()
  await tx
    .insert(campaignCallers)
    .values(
      callers.map((c) => ({ campaignId: campaign!.id, userId: c.id, addedAt: opened, confirmedAt: opened })),
    )
  const listed = people.slice(3)
  if (listed.length > 0)
    await tx.execute(
      sql`update members m set phone = v.phone
          from unnest(${sql.param(listed.map((m) => m.id))}::uuid[],
                      ${sql.param(listed.map((_, i) => `030 555 ${String(1000 + i).padStart(4, '0')}`))}::text[]) as v(id, phone)
          where m.id = v.id`,
    )
  const reachedBy = new Map(reached.map((r) => [r.memberId, r]))
  // Call-backs at the first calling hours two days on, as the desk only lets callers set them within the hours.
  const callbackAt = nextOpening(EVENINGS_AND_SATURDAY, new Date(now.getTime() + 2 * day))!
  let notReached = 0
  // Written after the loop, three statements: the targets, the calls, the do-not-call entries.
  const targets: (typeof campaignTargets.$inferInsert)[] = []
  const calls: (typeof campaignCalls.$inferInsert)[] = []
  const doNotCall: (typeof memberDoNotCall.$inferInsert)[] = []
  for (const m of listed) {
    const r = reachedBy.get(m.id)
    const tried = !r && random.next() < 0.5
    const outcome = r
      ? 'reached'
      : tried
        ? random.pick(['no_answer', 'no_answer', 'callback', 'do_not_call'] as const)
        : null
    const caller = r?.callerId ?? random.pick(callers).id
    const at = r?.at ?? new Date(opened.getTime() + random.int(0, 20) * day + 18 * 60 * 60 * 1000)
    const target: typeof campaignTargets.$inferInsert & { id: string } = {
      id: randomUUID(),
      campaignId: campaign!.id,
      memberId: m.id,
      unitId: m.homeUnitId,
      state:
        outcome === 'reached' || outcome === 'do_not_call'
          ? 'done'
          : outcome === 'callback'
            ? 'callback'
            : 'open',
      claimedById: outcome === 'callback' ? caller : null,
      callbackAt: outcome === 'callback' ? callbackAt : null,
      outcome: outcome === 'reached' || outcome === 'do_not_call' ? outcome : null,
      attempts: outcome ? 1 : 0,
    }
    targets.push(target)
    if (!outcome) continue
    if (outcome !== 'reached') notReached++
    calls.push({
      campaignId: campaign!.id,
      targetId: target.id,
      memberId: m.id,
      callerId: caller,
      outcome,
      note:
        outcome === 'callback'
          ? 'Lieber am Wochenende anrufen. (Demo-Notiz, erzeugt)'
          : outcome === 'reached' && random.next() < 0.3
            ? 'Interesse an Stammtischen im Bezirk. (Demo-Notiz, erzeugt)'
            : null,
      callbackAt: outcome === 'callback' ? callbackAt : null,
      at,
    })
    if (outcome === 'do_not_call') doNotCall.push({ memberId: m.id, at })
  }
  if (targets.length > 0) await tx.insert(campaignTargets).values(targets)
  if (calls.length > 0) await tx.insert(campaignCalls).values(calls)
  if (doNotCall.length > 0) await tx.insert(memberDoNotCall).values(doNotCall).onConflictDoNothing()
  return {
    surveyId: survey!.id,
    campaignId: campaign!.id,
    notReached,
    callerIds: callers.map((c) => c.id),
    callerMemberIds: callerMembers.map((m) => m.id),
    memberIds: people.slice(3).map((m) => m.id),
    reached,
  }
}
