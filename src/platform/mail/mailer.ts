import { createRequire } from 'node:module'

/** A file sent with a mail, as text (an .ics invitation): a mail carries small text files only. */
export type MailAttachment = { filename: string; contentType: string; content: string }

export type Mail = { to: string; subject: string; text: string; attachments?: readonly MailAttachment[] }

/**
 * Hands one mail to the mail server. Only the mail worker (outbox.ts) calls it; use cases queue mails
 * with `queueMail` in their transaction. Throws the SMTP error (with its `responseCode`) on refusal.
 */
export type MailTransport = {
  from: string
  /** Whether mails really leave the machine (SMTP configured). */
  delivers: boolean
  send: (mail: Mail, messageId: string) => Promise<void>
  close: () => void
}

/**
 * Sends over SMTP when a URL is configured. Without one (development, demo), mails go nowhere: the
 * outbox keeps them, and the development outbox page shows them when it is on.
 */
export function createMailTransport(opts: { smtpUrl?: string | undefined; from: string }): MailTransport {
  if (!opts.smtpUrl) return { from: opts.from, delivers: false, send: async () => {}, close: () => {} }
  // Loaded only for a mail server (about 0.1 s of CPU): without one, mails stay in the outbox.
  const nodemailer = createRequire(import.meta.url)('nodemailer') as typeof import('nodemailer')
  const transport = nodemailer.createTransport(opts.smtpUrl)
  return {
    from: opts.from,
    delivers: true,
    async send(mail, messageId) {
      await transport.sendMail({
        from: opts.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId,
        ...(mail.attachments?.length
          ? {
              attachments: mail.attachments.map((a) => ({
                filename: a.filename,
                contentType: a.contentType,
                content: a.content,
              })),
            }
          : {}),
      })
    },
    close: () => transport.close(),
  }
}
