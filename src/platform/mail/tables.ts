import { sql } from 'drizzle-orm'
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import type { MailAttachment } from './mailer.js'

/**
 * The transactional outbox: a use case writes its mails here in its own transaction, so a mail exists
 * exactly when the change that caused it committed. The mail worker (outbox.ts) delivers them.
 * `key` makes queueing idempotent (a job that runs twice queues one mail) and gives the Message-ID.
 * `body` is emptied once a mail left over SMTP; sent rows are deleted after a week.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    /** The queue's order: mails to one recipient leave in this order. */
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    key: text().notNull().unique(),
    toAddress: text().notNull(),
    subject: text().notNull(),
    body: text(),
    /** Small text files sent with the mail (an .ics); emptied with the body once the mail left. */
    attachments: jsonb().$type<MailAttachment[]>(),
    status: text({ enum: ['waiting', 'sending', 'sent', 'failed'] })
      .notNull()
      .default('waiting'),
    attempts: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull(),
    /** While `sending`: until when the worker that claimed it may take; afterwards another one takes over. */
    lockedUntil: timestamp({ withTimezone: true }),
    sentAt: timestamp({ withTimezone: true }),
    lastError: text(),
  },
  (t) => [
    index('mail_outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('mail_outbox_recipient_idx').on(t.toAddress, t.id),
    check('mail_outbox_status', sql`${t.status} in ('waiting', 'sending', 'sent', 'failed')`),
  ],
)

export type OutboxRow = typeof mailOutbox.$inferSelect
