import type { VNode } from 'preact'
import type { Config } from '../config.js'
import type { Actor } from './auth/actor.js'
import type { Database } from './db/client.js'
import type { DbOrTx } from './db/types.js'
import type { FrontCache } from './http/front-cache.js'
import type { MailTransport } from './mail/mailer.js'
import type { AnonymousPages } from './pages/anonymous-pages.js'
import type { UnitKind } from './units.js'
import type { ViewContext } from './views/context.js'

/** What the application is built from (main.ts, the tests and the benchmarks pass it to buildApp). */
export type Deps = {
  database: Database
  /** Used by the mail worker only; use cases queue mails with `queueMail` in their transaction. */
  mailer: MailTransport
  secret: string
  /** Injected clock, so tests can travel in time. */
  now?: () => Date
}

/** The dependencies every use case takes as its first argument, the clock filled in. */
export type AppDeps = Required<Deps>

/**
 * The settings use cases read besides their dependencies: the public address for links, the language and
 * gender mark, the levels' names, the retention period, two-factor login, the sender of mails.
 */
export type Settings = Pick<Config, 'http' | 'i18n' | 'levelNames' | 'privacy' | 'auth' | 'mail'>

/** The unit whose page a section is added to: what every level of the federation has. */
export type SectionUnit = { id: string; kind: UnitKind; path: string; name: string; ags: string | null }

/**
 * A section another domain adds to a unit's page (its partnerships, its events, …), so the
 * unit page needs to know no other domain. Returns nothing when it has nothing to show.
 */
export type UnitSection = (
  ctx: ViewContext,
  unit: SectionUnit,
  actor: Actor | undefined,
) => Promise<VNode | null>

/** The partnership whose page a section is added to. */
export type SectionPartnership = { id: string; unitAId: string; unitBId: string }

/**
 * A section another domain adds to a partnership's page (its agreement, …), for the actor who looks at it, so the
 * partnership page needs to know no other domain and shows a link only where it leads somewhere.
 */
export type PartnershipSection = (
  ctx: ViewContext,
  partnership: SectionPartnership,
  actor: Actor | undefined,
) => Promise<VNode | null>

/** The team or working group whose page a section is added to, and the unit hosting it. */
export type SectionTeam = { id: string; name: string; hostId: string; endedAt: Date | null }

/**
 * A section another domain adds to a team's page (its events, its help requests, …), for an actor the team's
 * rules let see it, so the team page needs to know no other domain.
 */
export type TeamSection = (
  ctx: ViewContext,
  team: SectionTeam,
  actor: Actor | undefined,
) => Promise<VNode | null>

/** Two units that have just become partners: their partnership entered a status that makes them partners. */
export type JoinedPartners = { partnershipId: string; unitAId: string; unitBId: string }

/**
 * What another domain does when two units become partners, inside the transaction that made them partners (the
 * help domain tells each side's coordinators of the other's open requests), so the partnerships domain needs to
 * know no other domain.
 */
export type OnPartnersJoined = (
  tx: DbOrTx,
  deps: AppDeps,
  joined: JoinedPartners,
  links: { publicUrl: string },
) => Promise<void>

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps
    config: Config
    unitSections: UnitSection[]
    partnershipSections: PartnershipSection[]
    teamSections: TeamSection[]
    partnersJoined: OnPartnersJoined[]
    frontCache: FrontCache
    anonymousPages: AnonymousPages
  }
}
