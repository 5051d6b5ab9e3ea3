import nodemailer from 'nodemailer'

export type Mail = { to: string; subject: string; text: string }
export type SentMail = Mail & { from: string; sentAt: Date }

export type Mailer = {
  send: (mail: Mail) => Promise<void>
  /** The last messages sent, newest first; kept only when the development outbox page is on. */
  outbox: () => readonly SentMail[]
}

const OUTBOX_SIZE = 100

/**
 * Sends over SMTP when a URL is configured. Without one (development), messages are kept in
 * memory for the outbox page instead of leaving the machine.
 */
export function createMailer(opts: {
  smtpUrl?: string | undefined
  from: string
  keepOutbox: boolean
}): Mailer {
  const kept: SentMail[] = []
  const transport = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : undefined
  return {
    async send(mail) {
      if (transport)
        await transport.sendMail({ from: opts.from, to: mail.to, subject: mail.subject, text: mail.text })
      if (opts.keepOutbox || !transport) {
        kept.unshift({ ...mail, from: opts.from, sentAt: new Date() })
        kept.length = Math.min(kept.length, OUTBOX_SIZE)
      }
    },
    outbox: () => kept,
  }
}
