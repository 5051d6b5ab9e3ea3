import { createHash, randomUUID } from 'node:crypto'
import { and, count, desc, eq, inArray, lt, sql } from 'drizzle-orm'
import { queryRows } from '../db/query.js'
import type { Db, DbOrTx } from '../db/types.js'
import type { Mail, MailTransport } from './mailer.js'
import { mailOutbox, type OutboxRow } from './tables.js'

/** A mail to queue; `key` names it, so that queueing the same mail twice (a job run twice) writes it once. */
export type OutgoingMail = Mail & { key?: string | undefined }

/**
 * Writes mails into the outbox inside the caller's transaction: they exist exactly when the change
 * that caused them commits, and the mail worker delivers them afterwards. A mail whose key is already
 * in the outbox is not queued again. Returns how many were queued.
 */
export async function queueMail(tx: DbOrTx, now: Date, mails: readonly OutgoingMail[]): Promise<number> {
  let queued = 0
  // In batches: a statement carries at most 65,535 parameters, and a unit's members may be tens of thousands.
  for (let i = 0; i < mails.length; i += QUEUE_BATCH) {
    const rows = await tx
      .insert(mailOutbox)
      .values(
        mails.slice(i, i + QUEUE_BATCH).map((m) => ({
          key: m.key ?? randomUUID(),
          toAddress: m.to.toLowerCase(),
          subject: m.subject,
          body: m.text,
          attachments: m.attachments?.length ? [...m.attachments] : null,
          createdAt: now,
          nextAttemptAt: now,
        })),
      )
      .onConflictDoNothing({ target: mailOutbox.key })
      .returning({ id: mailOutbox.id })
    queued += rows.length
  }
  return queued
}

const QUEUE_BATCH = 1000

/** How long a worker may take to hand one batch to the SMTP server before another worker takes it over. */
const CLAIM_MS = 5 * 60_000
/** Temporary failures are retried for this long after the mail was queued, then recorded as failed. */
export const RETRY_FOR_MS = 48 * 3600_000
/** Sent mails (without their text) are kept this long for the admin's queue page, then deleted. */
const KEEP_SENT_MS = 7 * 24 * 3600_000

/** Waiting time before attempt n+1: 1, 2, 4 … minutes, at most one hour. */
export function backoffMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 3600_000)
}

/** A reply code of 5xx is final (unknown mailbox, refused); anything else (4xx, no connection) may pass later. */
export function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: unknown }).responseCode
  return typeof code === 'number' && code >= 500 && code < 600
}

function describe(err: unknown): string {
  const e = err as { responseCode?: number; response?: string; code?: string; message?: string }
  return (e.response ?? e.message ?? String(err)).slice(0, 500)
}

/** The Message-ID a mail keeps over every attempt, so a receiving server can recognise a repeat. */
export function messageIdOf(key: string, from: string): string {
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'localhost'
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${domain}>`
}

/**
 * Claims up to `limit` due mails for this worker (`FOR UPDATE SKIP LOCKED`: concurrent workers never
 * claim the same row), oldest first and only the oldest undelivered mail per recipient, so mails to
 * one person arrive in the order they were queued. A claim whose worker died is taken over after CLAIM_MS.
 */
async function claimDue(db: Db, now: Date, limit: number): Promise<OutboxRow[]> {
  const at = now.toISOString()
  const rows = await queryRows<{ id: string | number }>(
    db,
    sql`update mail_outbox set status = 'sending', attempts = attempts + 1,
          locked_until = ${new Date(now.getTime() + CLAIM_MS).toISOString()}::timestamptz
        where id in (
          select m.id from mail_outbox m
          where ((m.status = 'waiting' and m.next_attempt_at <= ${at}::timestamptz)
              or (m.status = 'sending' and m.locked_until <= ${at}::timestamptz))
            and not exists (
              select 1 from mail_outbox o
              where o.to_address = m.to_address and o.status in ('waiting', 'sending')
                and o.id < m.id)
          order by m.id
          limit ${limit}
          for update skip locked)
        returning id`,
  )
  if (rows.length === 0) return []
  return db
    .select()
    .from(mailOutbox)
    .where(
      inArray(
        mailOutbox.id,
        rows.map((r) => Number(r.id)),
      ),
    )
    .orderBy(mailOutbox.id)
}

export type DeliveryResult = { sent: number; retrying: number; failed: number }

/**
 * One run of the mail worker: delivers what is due, batch by batch, until nothing is due. A mail the
 * SMTP server accepted is marked sent and its text dropped (kept only for the development outbox
 * page); a temporary failure is tried again later (backoff) for RETRY_FOR_MS, a permanent one is
 * recorded with the server's answer. Safe to run in many processes at once.
 */
export async function deliverQueuedMail(
  db: Db,
  transport: MailTransport,
  opts: { now: () => Date; keepText: boolean; batch?: number; stop?: () => boolean },
): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, retrying: 0, failed: 0 }
  for (;;) {
    if (opts.stop?.()) return result
    const claimed = await claimDue(db, opts.now(), opts.batch ?? 20)
    if (claimed.length === 0) return result
    for (const mail of claimed) {
      try {
        await transport.send(
          {
            to: mail.toAddress,
            subject: mail.subject,
            text: mail.body ?? '',
            ...(mail.attachments ? { attachments: mail.attachments } : {}),
          },
          messageIdOf(mail.key, transport.from),
        )
        await db
          .update(mailOutbox)
          .set({
            status: 'sent',
            sentAt: opts.now(),
            lockedUntil: null,
            lastError: null,
            ...(opts.keepText ? {} : { body: null, attachments: null }),
          })
          .where(eq(mailOutbox.id, mail.id))
        result.sent++
      } catch (err) {
        const now = opts.now()
        const giveUp = isPermanent(err) || now.getTime() - mail.createdAt.getTime() >= RETRY_FOR_MS
        await db
          .update(mailOutbox)
          .set(
            giveUp
              ? { status: 'failed', lockedUntil: null, lastError: describe(err) }
              : {
                  status: 'waiting',
                  lockedUntil: null,
                  lastError: describe(err),
                  nextAttemptAt: new Date(now.getTime() + backoffMs(mail.attempts)),
                },
          )
          .where(eq(mailOutbox.id, mail.id))
        if (giveUp) result.failed++
        else result.retrying++
      }
    }
  }
}

/** Deletes sent mails older than a week: the outbox is a queue, not an archive of what people were told. */
export async function pruneSentMail(db: DbOrTx, now: Date) {
  await db
    .delete(mailOutbox)
    .where(and(eq(mailOutbox.status, 'sent'), lt(mailOutbox.sentAt, new Date(now.getTime() - KEEP_SENT_MS))))
}

/** The queue for the admin: counts per state, and the mails not yet delivered or failed, oldest first. */
export async function mailQueueOverview(db: DbOrTx) {
  const counts = await db
    .select({ status: mailOutbox.status, n: count() })
    .from(mailOutbox)
    .groupBy(mailOutbox.status)
  const open = await db
    .select({
      id: mailOutbox.id,
      toAddress: mailOutbox.toAddress,
      subject: mailOutbox.subject,
      status: mailOutbox.status,
      attempts: mailOutbox.attempts,
      createdAt: mailOutbox.createdAt,
      nextAttemptAt: mailOutbox.nextAttemptAt,
      lastError: mailOutbox.lastError,
    })
    .from(mailOutbox)
    .where(inArray(mailOutbox.status, ['waiting', 'sending', 'failed']))
    .orderBy(mailOutbox.id)
    .limit(200)
  const byStatus = Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])) as Partial<
    Record<OutboxRow['status'], number>
  >
  return { byStatus, open }
}

/** "Retry now": a failed or waiting mail becomes due at once (one more attempt for one past its retry period). */
export async function retryMailNow(db: DbOrTx, id: number, now: Date): Promise<boolean> {
  const rows = await db
    .update(mailOutbox)
    .set({ status: 'waiting', nextAttemptAt: now, lockedUntil: null })
    .where(and(eq(mailOutbox.id, id), inArray(mailOutbox.status, ['waiting', 'failed'])))
    .returning({ id: mailOutbox.id })
  return rows.length > 0
}

export type OutboxMail = { to: string; subject: string; text: string | null; createdAt: Date; status: string }

/** The newest mails with their text, for the development outbox page (text kept only while it is on). */
export function recentMail(db: DbOrTx, limit = 100): Promise<OutboxMail[]> {
  return db
    .select({
      to: mailOutbox.toAddress,
      subject: mailOutbox.subject,
      text: mailOutbox.body,
      createdAt: mailOutbox.createdAt,
      status: mailOutbox.status,
    })
    .from(mailOutbox)
    .orderBy(desc(mailOutbox.id))
    .limit(limit)
}
