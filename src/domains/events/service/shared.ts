import { createHash, randomBytes, randomInt } from 'node:crypto'
import type { Actor } from '../../../platform/auth/actor.js'
import type { DbOrTx } from '../../../platform/db/types.js'
import type { AppDeps, Settings } from '../../../platform/deps.js'
import { ConflictError, NotFoundError } from '../../../platform/errors.js'
import { isLocale, type Locale, translator } from '../../../platform/i18n/index.js'
import type { Mail } from '../../../platform/mail/mailer.js'
import type { OrgUnit } from '../../org-units/index.js'
import { listTeamsWithLeads } from '../../teams/index.js'
import { authorize, can, type EventSubject, type EventTeam } from '../policy.js'
import * as repo from '../repo.js'
import type { Event, EventRsvp } from '../tables.js'

/** What the use cases that send mail need besides the dependencies: public URL and gender mark. */
export type EventsEnv = { deps: AppDeps; config: Settings }

export type EventWithHosts = { event: Event; hosts: OrgUnit[]; subject: EventSubject }

export function subjectOf(
  event: Event,
  hosts: readonly OrgUnit[],
  partners: Map<string, string[]>,
  teams: Map<string, EventTeam>,
) {
  return {
    status: event.status,
    audience: event.audience,
    hosts,
    partnerPaths: [...new Set(hosts.flatMap((h) => partners.get(h.id) ?? []))],
    team: (event.hostTeamId && teams.get(event.hostTeamId)) || null,
  } satisfies EventSubject
}

/**
 * Events with their hosts, the partners of their hosts and the teams organising them, loaded in three
 * queries for any number (a fourth when one of them is a team's).
 */
export async function withHosts(db: DbOrTx, rows: readonly Event[]): Promise<EventWithHosts[]> {
  const hostsByEvent = await repo.listHostsOf(
    db,
    rows.map((e) => e.id),
  )
  const unitIds = [...hostsByEvent.values()].flat().map((u) => u.id)
  const partners = await repo.partnerPathsByUnit(db, unitIds)
  const teams = await listTeamsWithLeads(
    db,
    rows.flatMap((e) => (e.hostTeamId ? [e.hostTeamId] : [])),
  )
  return rows.map((event) => {
    const hosts = hostsByEvent.get(event.id) ?? []
    return { event, hosts, subject: subjectOf(event, hosts, partners, teams) }
  })
}

/** Loads an event the actor may see; for anyone else it does not exist (404, nothing leaked). */
export async function getVisibleEvent(
  db: DbOrTx,
  actor: Actor | undefined,
  id: string,
  opts: { lock?: boolean } = {},
) {
  const event = opts.lock ? await repo.lockEvent(db, id) : await repo.findEvent(db, id)
  if (!event) throw new NotFoundError()
  const [loaded] = await withHosts(db, [event])
  if (!loaded || !can(actor, 'event.view', { event: loaded.subject })) throw new NotFoundError()
  return loaded
}

// No 0/O or 1/I/L: the code is read off a sheet of paper at the door.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
/**
 * An edit of an event: its organisers only (403 for anyone else); a cancelled event stays as it was cancelled, a
 * conflict with its status (409), not a refusal.
 */
export function authorizeEdit(actor: Actor, event: EventSubject) {
  authorize(actor, 'event.organise', { event })
  if (!can(actor, 'event.edit', { event })) throw new ConflictError('events.errors.cancelledEdit')
}

export function newCheckInCode() {
  return Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('')
}

export type EventMailKind =
  | 'guestConfirm'
  | 'guestRegistered'
  | 'promoted'
  | 'reminder'
  | 'rsvpConfirmed'
  | 'rsvpWaitlisted'
  | 'eventCancelled'

/** A plain-text event mail in the recipient's language. */
export function eventMail(
  config: Settings,
  locale: Locale,
  to: string,
  kind: EventMailKind,
  params: Record<string, string | number>,
): Mail {
  const t = translator(locale, config.i18n.genderMark)
  return {
    to,
    subject: t(`events.mail.${kind}.subject`, params),
    text: t(`events.mail.${kind}.body`, params),
  }
}

export const absoluteUrl = (config: Settings, path: string) => `${config.http.publicUrl}${path}`

/** 256 bits from the CSPRNG for links and feed URLs; only the sha256 is ever stored. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url')
  return { token, hash: hashToken(token) }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

/** The language of an RSVP's mails: the account's, or the one a guest used on the form; else the default. */
export function localeOfRsvp(
  config: Settings,
  rsvp: Pick<EventRsvp, 'guestLocale'>,
  contact: { locale: string | null } | undefined,
): Locale {
  const chosen = contact ? contact.locale : rsvp.guestLocale
  return isLocale(chosen) ? chosen : config.i18n.defaultLocale
}
