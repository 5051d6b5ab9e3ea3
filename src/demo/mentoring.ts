import { and, asc, eq, like, or } from 'drizzle-orm'
import { users } from '../domains/accounts/index.js'
import { eventHosts, events, InclusionProfile, instantsOf } from '../domains/events/index.js'
import { members } from '../domains/members/index.js'
import {
  defaultTopics,
  mentoringApplications,
  mentoringCheckIns,
  mentoringCoordinators,
  mentoringGoals,
  mentoringProgrammeEvents,
  mentoringProgrammes,
  mentoringTandems,
  type PairingApplicant,
  scorePair,
} from '../domains/mentoring/index.js'
import type { OrgUnit } from '../domains/org-units/index.js'
import type { DbOrTx } from '../platform/db/types.js'
import { localDay } from '../platform/time.js'
import { demoSurnamePrefixes } from './people.js'
import { lookupDemoUnit } from './units.js'

export const DEMO_MENTORING_NAME = 'Mentoring für Frauen und Menschen mit Migrationsgeschichte'

const DAY = 86_400_000
const dayOf = (now: Date, days: number) => localDay(new Date(now.getTime() + days * DAY))
const at = (now: Date, days: number) => new Date(now.getTime() + days * DAY)

type Format = 'in_person' | 'online'
type Slot = 'weekday_daytime' | 'weekday_evening' | 'weekend'

/** What a demo applicant wrote; the people themselves are generated members of Berlin's KVs. */
type DemoApplication = {
  role: 'mentee' | 'mentor'
  status: 'submitted' | 'accepted' | 'waitlisted' | 'withdrawn'
  motivation: string
  goals: string
  topics: string[]
  formats: Format[]
  languages: string[]
  availability: Slot[]
  avoidOwnKv?: boolean
  selfDescription?: string
}

const [wahlkampf, reden, kommunal, finanzen, social, vorstand, netzwerk] = defaultTopics

const mentees: DemoApplication[] = [
  {
    role: 'mentee',
    status: 'accepted',
    motivation: 'Ich bin seit einem Jahr Mitglied und möchte bei der nächsten Wahl für die BVV kandidieren.',
    goals: 'Eine Rede in der Bezirksverordnetenversammlung halten und Anträge schreiben lernen.',
    topics: [kommunal!, reden!],
    formats: ['in_person', 'online'],
    languages: ['Deutsch', 'Türkisch'],
    availability: ['weekday_evening'],
    selfDescription: 'Ich bin in Berlin geboren, meine Eltern kamen aus der Türkei.',
  },
  {
    role: 'mentee',
    status: 'accepted',
    motivation:
      'Im Wahlkampf habe ich viele Haustürgespräche geführt, jetzt will ich selbst Aktionen planen.',
    goals: 'Einen Infostand im Kiez selbst organisieren und Wahlkampf planen.',
    topics: [wahlkampf!, social!],
    formats: ['in_person'],
    languages: ['Deutsch', 'Arabisch'],
    availability: ['weekend'],
    selfDescription: 'Frau, vor acht Jahren aus Syrien nach Berlin gekommen.',
  },
  {
    role: 'mentee',
    status: 'accepted',
    motivation: 'Ich möchte mich im Bezirksvorstand einbringen, weiß aber nicht, wie Vorstandsarbeit läuft.',
    goals: 'Vorstandsarbeit verstehen und für den Bezirksvorstand kandidieren.',
    topics: [vorstand!, finanzen!],
    formats: ['online'],
    languages: ['Deutsch'],
    availability: ['weekday_evening', 'weekend'],
    selfDescription: 'Alleinerziehende Mutter, ich kann abends nur online.',
  },
  {
    role: 'mentee',
    status: 'accepted',
    motivation: 'Ich bin neu in der Partei und kenne kaum jemanden außerhalb meiner Basisorganisation.',
    goals: 'Netzwerken über den eigenen Bezirk hinaus, Menschen in anderen Bezirken kennenlernen.',
    topics: [netzwerk!, kommunal!],
    formats: ['in_person', 'online'],
    languages: ['Deutsch', 'Polnisch'],
    availability: ['weekend'],
    avoidOwnKv: true,
  },
  {
    role: 'mentee',
    status: 'accepted',
    motivation: 'Ich will lernen, wie man vor vielen Leuten spricht, ohne zu zittern.',
    goals: 'Reden halten auf einer Mitgliederversammlung.',
    topics: [reden!],
    formats: ['in_person'],
    languages: ['Deutsch', 'Englisch'],
    availability: ['weekday_daytime', 'weekend'],
  },
  {
    role: 'mentee',
    status: 'accepted',
    motivation: 'Ich mache Social Media für unseren Bezirk und möchte das professioneller angehen.',
    goals: 'Social Media für den Bezirk planen, Kampagnen und Videos.',
    topics: [social!, wahlkampf!],
    formats: ['online'],
    languages: ['Deutsch', 'Vietnamesisch'],
    availability: ['weekday_evening'],
    selfDescription: 'Tochter vietnamesischer Vertragsarbeiter:innen aus Lichtenberg.',
  },
  {
    role: 'mentee',
    status: 'accepted',
    motivation: 'Ich interessiere mich für Haushaltspolitik und möchte die Finanzen des Bezirks verstehen.',
    goals: 'Den Bezirkshaushalt lesen können und Finanzen im Vorstand übernehmen.',
    topics: [finanzen!, kommunal!],
    formats: ['in_person', 'online'],
    languages: ['Deutsch', 'Englisch'],
    availability: ['weekday_evening'],
  },
  {
    role: 'mentee',
    status: 'accepted',
    motivation: 'Ich möchte in der Mieter:innenbewegung und in der Partei zusammen wirken.',
    goals: 'Kommunalpolitik und Initiativen im Kiez verbinden, Anträge schreiben.',
    topics: [kommunal!, netzwerk!],
    formats: ['in_person'],
    languages: ['Deutsch', 'Kurdisch'],
    availability: ['weekend'],
    selfDescription: 'Ich spreche zu Hause Kurmancî.',
  },
  {
    role: 'mentee',
    status: 'accepted',
    motivation: 'Ich habe Lust auf Wahlkampf, brauche aber jemanden, der mir zeigt, wie es geht.',
    goals: 'Wahlkampf im Team organisieren.',
    topics: [wahlkampf!],
    formats: ['online'],
    languages: ['Deutsch'],
    availability: ['weekday_evening'],
  },
  {
    role: 'mentee',
    status: 'accepted',
    motivation: 'Ich möchte mich trauen, auf Versammlungen das Wort zu ergreifen.',
    goals: 'Reden halten und Social Media nutzen.',
    topics: [reden!, social!],
    formats: ['in_person', 'online'],
    languages: ['Deutsch', 'Russisch'],
    availability: ['weekend'],
  },
  {
    role: 'mentee',
    status: 'waitlisted',
    motivation: 'Ich würde gern mehr über Bezirkspolitik lernen.',
    goals: 'Kommunalpolitik kennenlernen.',
    topics: [kommunal!],
    formats: ['online'],
    languages: ['Deutsch'],
    availability: ['weekday_daytime'],
  },
  {
    role: 'mentee',
    status: 'waitlisted',
    motivation: 'Ich möchte Netzwerke knüpfen, vor allem mit anderen Frauen in der Partei.',
    goals: 'Netzwerken und Vorstandsarbeit kennenlernen.',
    topics: [netzwerk!, vorstand!],
    formats: ['in_person'],
    languages: ['Deutsch', 'Spanisch'],
    availability: ['weekend'],
  },
  {
    role: 'mentee',
    status: 'submitted',
    motivation: 'Ich habe spät von dem Programm erfahren und bewerbe mich trotzdem.',
    goals: 'Wahlkampf und Reden.',
    topics: [wahlkampf!, reden!],
    formats: ['online'],
    languages: ['Deutsch', 'Englisch'],
    availability: ['weekday_evening'],
  },
  {
    role: 'mentee',
    status: 'withdrawn',
    motivation: 'Ich würde gern mitmachen.',
    goals: 'Kommunalpolitik.',
    topics: [kommunal!],
    formats: ['in_person'],
    languages: ['Deutsch'],
    availability: ['weekend'],
  },
]

const mentors: DemoApplication[] = [
  {
    role: 'mentor',
    status: 'accepted',
    motivation: 'Ich sitze seit zehn Jahren in der BVV und gebe gern weiter, was ich gelernt habe.',
    goals: 'Anträge schreiben, Reden in der Bezirksverordnetenversammlung, Kommunalpolitik.',
    topics: [kommunal!, reden!, vorstand!],
    formats: ['in_person', 'online'],
    languages: ['Deutsch', 'Türkisch'],
    availability: ['weekday_evening', 'weekend'],
  },
  {
    role: 'mentor',
    status: 'accepted',
    motivation: 'Ich habe drei Wahlkämpfe im Bezirk koordiniert.',
    goals: 'Wahlkampf planen, Infostand und Haustürgespräche.',
    topics: [wahlkampf!, social!, netzwerk!],
    formats: ['in_person'],
    languages: ['Deutsch', 'Arabisch', 'Englisch'],
    availability: ['weekend'],
  },
  {
    role: 'mentor',
    status: 'accepted',
    motivation: 'Als Schatzmeisterin weiß ich, wie Vorstandsarbeit und Finanzen zusammenhängen.',
    goals: 'Vorstandsarbeit, Finanzen und Haushalt verstehen.',
    topics: [finanzen!, vorstand!],
    formats: ['online'],
    languages: ['Deutsch'],
    availability: ['weekday_evening'],
  },
  {
    role: 'mentor',
    status: 'accepted',
    motivation: 'Ich kenne viele Leute in allen Bezirken und bringe Menschen gern zusammen.',
    goals: 'Netzwerken über Bezirksgrenzen, Kommunalpolitik.',
    topics: [netzwerk!, kommunal!],
    formats: ['in_person', 'online'],
    languages: ['Deutsch', 'Polnisch', 'Englisch'],
    availability: ['weekend', 'weekday_evening'],
  },
  {
    role: 'mentor',
    status: 'accepted',
    motivation: 'Ich gebe Rhetorik-Workshops in der politischen Bildung.',
    goals: 'Reden halten, Auftreten auf Versammlungen.',
    topics: [reden!, social!],
    formats: ['in_person', 'online'],
    languages: ['Deutsch', 'Englisch', 'Russisch'],
    availability: ['weekend', 'weekday_daytime'],
  },
  {
    role: 'mentor',
    status: 'accepted',
    motivation: 'Ich betreue die Social-Media-Kanäle des Landesverbands.',
    goals: 'Social Media, Kampagnen, Videos.',
    topics: [social!, wahlkampf!],
    formats: ['online'],
    languages: ['Deutsch', 'Vietnamesisch', 'Englisch'],
    availability: ['weekday_evening'],
  },
  {
    role: 'mentor',
    status: 'accepted',
    motivation: 'Ich war lange in der Mieter:innenberatung und in der BVV.',
    goals: 'Kommunalpolitik, Initiativen im Kiez, Anträge.',
    topics: [kommunal!, finanzen!],
    formats: ['in_person'],
    languages: ['Deutsch', 'Kurdisch', 'Türkisch'],
    availability: ['weekend', 'weekday_evening'],
  },
  {
    role: 'mentor',
    status: 'submitted',
    motivation: 'Ich möchte gern etwas zurückgeben.',
    goals: 'Wahlkampf.',
    topics: [wahlkampf!],
    formats: ['online'],
    languages: ['Deutsch'],
    availability: ['weekday_evening'],
  },
]

/** The tandems the coordinators confirmed: mentee index, mentor index, goals (reached or not), meetings. */
const demoTandems: { mentee: number; mentor: number; goals: [string, boolean][]; met: number[] }[] = [
  {
    mentee: 0,
    mentor: 0,
    goals: [
      ['Einen Antrag für die BVV schreiben', true],
      ['Eine Rede im Ausschuss halten', false],
      ['Die Kandidatur vorbereiten', false],
    ],
    met: [50, 30, 9],
  },
  {
    mentee: 1,
    mentor: 1,
    goals: [
      ['Einen Infostand im Kiez organisieren', true],
      ['Ein Team für den Haustürwahlkampf aufbauen', false],
    ],
    met: [48, 20],
  },
  {
    mentee: 2,
    mentor: 2,
    goals: [
      ['Eine Vorstandssitzung leiten', false],
      ['Den Rechenschaftsbericht verstehen', true],
    ],
    met: [45, 31, 17, 3],
  },
  {
    mentee: 3,
    mentor: 3,
    goals: [
      ['Drei Bezirksverbände besuchen', false],
      ['Ein bezirksübergreifendes Treffen mitorganisieren', false],
    ],
    met: [40],
  },
  {
    mentee: 4,
    mentor: 4,
    goals: [
      ['Auf der Mitgliederversammlung sprechen', true],
      ['Eine Pressemitteilung schreiben', false],
    ],
    met: [44, 22, 6],
  },
  {
    mentee: 5,
    mentor: 5,
    goals: [
      ['Einen Redaktionsplan für den Bezirk aufstellen', false],
      ['Ein Kampagnenvideo drehen', false],
    ],
    met: [],
  },
]

/** The cohort's events: the kick-off when it began, a workshop, a meeting of all tandems, the closing at its end. */
const demoEvents = [
  {
    kind: 'kick_off',
    day: -60,
    start: '17:00',
    end: '20:00',
    type: 'workshop',
    title: 'Mentoringbörse: Auftakt des Mentoring-Programms',
    description:
      'Mentees und Mentor:innen lernen sich kennen, die Koordination stellt das Programm vor, danach Gespräche in kleinen Runden. Kinderbetreuung vor Ort.',
  },
  {
    kind: 'workshop',
    day: 20,
    start: '10:00',
    end: '15:00',
    type: 'workshop',
    title: 'Workshop für Tandems: Reden halten und Auftreten',
    description: 'Ein Tag Rhetorik für Mentees, mit Übungen vor der Kamera. Mentor:innen sind willkommen.',
  },
  {
    kind: 'meeting',
    day: 75,
    start: '18:30',
    end: '20:30',
    type: 'stammtisch',
    title: 'Treffen aller Tandems zur Halbzeit',
    description: 'Erfahrungen austauschen, Fragen an die Koordination, neue Ideen für die zweite Hälfte.',
  },
  {
    kind: 'closing',
    day: 240,
    start: '15:00',
    end: '19:00',
    type: 'fest',
    title: 'Abschluss des Mentoring-Jahrgangs',
    description: 'Die Tandems erzählen, was sie erreicht haben; danach feiern wir zusammen.',
  },
] as const

const notes = [
  'Erstes Kennenlernen, Ziele besprochen.',
  'Gemeinsam eine Sitzung vorbereitet.',
  'Rückblick auf die letzten Wochen, nächste Schritte verabredet.',
  'Kurz telefoniert, Fragen geklärt.',
]

/**
 * Berlin's mentoring programme (seed 004, resolution 3/3/6: "Die Landesebene wird ein Mentoring-Programm
 * für Frauen und Menschen mit Migrationshintergrund auflegen"): one cohort that started two months ago,
 * applicants from Berlin's KVs (generated members; what they wrote is invented), tandems with goals and
 * meetings, accepted applicants still free for the pairing page, and the coordinator demo account named as
 * its coordinator. Skipped when the structure lacks Berlin.
 */
export async function seedDemoMentoring(tx: DbOrTx, now: Date) {
  const berlin = await lookupDemoUnit(tx, { kind: 'state', ags: '11' })
  if (!berlin) return null
  const kvs = [
    await lookupDemoUnit(tx, { kind: 'district', ags: '11000' }),
    await lookupDemoUnit(tx, { kind: 'district', name: 'Berlin-Neukölln' }),
  ].filter((u): u is OrgUnit => !!u)
  if (kvs.length === 0) return null
  // Generated members of Berlin's KVs (never the demo accounts), alternating between the KVs.
  const pools: { id: string; homeUnitId: string }[][] = []
  for (const kv of kvs)
    pools.push(
      await tx
        .select({ id: members.id, homeUnitId: members.homeUnitId })
        .from(members)
        .where(
          and(
            eq(members.homeUnitId, kv.id),
            or(...demoSurnamePrefixes.map((p) => like(members.lastName, `${p}-%`))),
            like(members.memberNumber, 'DEMO-0%'),
          ),
        )
        .orderBy(asc(members.memberNumber)),
    )
  const people: { id: string; homeUnitId: string }[] = []
  for (let k = 0; k < Math.max(...pools.map((p) => p.length)); k++)
    for (const pool of pools) if (pool[k]) people.push(pool[k]!)
  if (people.length < mentees.length + mentors.length) return null
  const [coordinator] = await tx
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, 'coordinator@demo.example.org'))

  const [programme] = await tx
    .insert(mentoringProgrammes)
    .values({
      unitId: berlin.id,
      name: DEMO_MENTORING_NAME,
      description:
        'Der Landesverband hat im Beschluss 3/3/6 „DIE LINKE in Berlin zur Mitmach-Partei entwickeln“ ein Mentoring-Programm versprochen. Ein Jahrgang lang begleitet ein erfahrenes Mitglied eine Person, die neu ist oder sich mehr zutraut: Kandidatur, Vorstandsarbeit, Reden, Wahlkampf. Auftakt ist die Mentoringbörse, zum Abschluss treffen sich alle Tandems.',
      targetGroups: 'Frauen, Menschen mit Migrationsgeschichte (nach eigener Beschreibung)',
      topics: [...defaultTopics],
      applyFrom: dayOf(now, -130),
      applyUntil: dayOf(now, -75),
      startsOn: dayOf(now, -60),
      endsOn: dayOf(now, 240),
      capacity: 10,
      reminderWeeks: 4,
      eraseAfterDays: 90,
      createdAt: at(now, -140),
    })
    .returning()
  if (coordinator)
    await tx
      .insert(mentoringCoordinators)
      .values({ programmeId: programme!.id, userId: coordinator.id, grantedAt: at(now, -140) })

  const anchors = new Map(kvs.map((k) => [k.id, { lat: k.anchorLat, lon: k.anchorLon }]))
  const all = [...mentees, ...mentors]
  const rows = await tx
    .insert(mentoringApplications)
    .values(
      all.map((a, i) => ({
        programmeId: programme!.id,
        memberId: people[i]!.id,
        role: a.role,
        motivation: a.motivation,
        goals: a.goals,
        topics: a.topics,
        formats: a.formats,
        region: '',
        languages: a.languages,
        availability: a.availability,
        avoidOwnKv: a.avoidOwnKv ?? false,
        selfDescription: a.selfDescription ?? null,
        status: a.status,
        submittedAt: at(now, -128 + i * 2),
        decidedAt: a.status === 'submitted' || a.status === 'withdrawn' ? null : at(now, -70),
        withdrawnAt: a.status === 'withdrawn' ? at(now, -90) : null,
      })),
    )
    .returning()
  const asPairing = (i: number): PairingApplicant => {
    const a = all[i]!
    const home = people[i]!.homeUnitId
    return {
      id: rows[i]!.id,
      role: a.role,
      topics: a.topics,
      goals: a.goals,
      formats: a.formats,
      languages: a.languages,
      availability: a.availability,
      avoidOwnKv: a.avoidOwnKv ?? false,
      homeUnitId: home,
      lat: anchors.get(home)?.lat ?? null,
      lon: anchors.get(home)?.lon ?? null,
    }
  }

  for (const t of demoTandems) {
    const mi = t.mentee
    const ri = mentees.length + t.mentor
    const score = scorePair(asPairing(mi), asPairing(ri))
    const [tandem] = await tx
      .insert(mentoringTandems)
      .values({
        programmeId: programme!.id,
        menteeApplicationId: rows[mi]!.id,
        mentorApplicationId: rows[ri]!.id,
        score: score.score,
        reasons: score.reasons,
        pairedById: coordinator?.id ?? null,
        pairedAt: at(now, -58),
      })
      .returning()
    await tx.insert(mentoringGoals).values(
      t.goals.map(([text, reached], g) => ({
        tandemId: tandem!.id,
        text,
        createdByApplicationId: g % 2 === 0 ? rows[mi]!.id : rows[ri]!.id,
        createdAt: at(now, -50),
        reachedAt: reached ? at(now, -10) : null,
      })),
    )
    if (t.met.length > 0)
      await tx.insert(mentoringCheckIns).values(
        t.met.map((daysAgo, c) => ({
          tandemId: tandem!.id,
          authorApplicationId: c % 2 === 0 ? rows[mi]!.id : rows[ri]!.id,
          heldOn: dayOf(now, -daysAgo),
          format: all[mi]!.formats[c % all[mi]!.formats.length]!,
          sharedNote: notes[c % notes.length]!,
          createdAt: at(now, -daysAgo),
        })),
      )
  }
  for (const [i, e] of demoEvents.entries()) {
    const [event] = await tx
      .insert(events)
      .values({
        type: e.type,
        title: e.title,
        description: e.description,
        ...instantsOf(dayOf(now, e.day), e.start, e.end),
        hasFixedEnd: true,
        venueName: 'Landesgeschäftsstelle',
        address: 'Beispielstraße 1, 10178 Berlin',
        transitDirections: 'U2 Rosa-Luxemburg-Platz, 3 Minuten zu Fuß.',
        audience: 'state',
        status: 'published',
        inclusion: InclusionProfile.parse({
          stepFree: true,
          accessibleToilet: true,
          childcare:
            e.kind === 'kick_off' || e.kind === 'closing'
              ? { minAge: 1, maxAge: 10, signUpBy: null }
              : undefined,
          languages: ['Deutsch', 'Englisch', 'Türkisch', 'Arabisch'],
        }),
        checkInCode: `MENT${String(i + 1).padStart(2, '0')}`,
      })
      .returning()
    await tx.insert(eventHosts).values({ eventId: event!.id, unitId: berlin.id })
    await tx
      .insert(mentoringProgrammeEvents)
      .values({ programmeId: programme!.id, eventId: event!.id, kind: e.kind, linkedAt: at(now, -140) })
  }
  return programme!
}
