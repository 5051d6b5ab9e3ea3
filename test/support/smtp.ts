import type { AddressInfo } from 'node:net'
import PostalMime, { type Email } from 'postal-mime'
import { SMTPServer } from 'smtp-server'

export type ReceivedMail = { to: string[]; subject: string; text: string; messageId: string; parsed: Email }

export type TestSmtp = {
  url: string
  received: ReceivedMail[]
  /** Waits until a mail for `to` arrives that was not returned before, and returns it. */
  nextMailTo: (to: string, timeoutMs?: number) => Promise<ReceivedMail>
  mailsTo: (to: string) => ReceivedMail[]
  /** From now on, refuse every mail with this reply code (451: try later, 550: never); undefined accepts again. */
  refuse: (code: number | undefined) => void
  close: () => Promise<void>
}

/**
 * A real SMTP server on a free local port: the application delivers over the wire, and tests read
 * what arrived, parsed as a mail client would. No TLS, no authentication required.
 */
export async function startTestSmtp(): Promise<TestSmtp> {
  const received: ReceivedMail[] = []
  const taken = new Set<ReceivedMail>()
  let refusing: number | undefined
  const server = new SMTPServer({
    authOptional: true,
    secure: false,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onMailFrom(_address, _session, callback) {
      if (refusing === undefined) return callback()
      const err = Object.assign(new Error(refusing >= 500 ? 'Mailbox unavailable' : 'Try again later'), {
        responseCode: refusing,
      })
      callback(err)
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks)
        PostalMime.parse(raw)
          .then((parsed) => {
            received.push({
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              messageId: parsed.messageId ?? '',
              parsed,
            })
            callback()
          })
          .catch((err: Error) => callback(err))
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.server.address() as AddressInfo
  const mailsTo = (to: string) => received.filter((m) => m.to.includes(to.toLowerCase()))
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    mailsTo,
    async nextMailTo(to, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const mail = mailsTo(to).find((m) => !taken.has(m))
        if (mail) {
          taken.add(mail)
          return mail
        }
        if (Date.now() > deadline) throw new Error(`no mail to ${to} within ${timeoutMs} ms`)
        await new Promise((r) => setTimeout(r, 20))
      }
    },
    refuse(code) {
      refusing = code
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** The first link in a mail's text that starts with the given absolute prefix. */
export function linkIn(mail: ReceivedMail, prefix: string): string {
  const match = mail.text.match(/https?:\/\/\S+/g)?.find((u) => u.startsWith(prefix))
  if (!match) throw new Error(`no link starting with ${prefix} in:\n${mail.text}`)
  return match
}

/** The text of a mail's attachment with this file name, as a mail client saves it; undefined without one. */
export function attachmentText(mail: ReceivedMail, filename: string): string | undefined {
  const file = mail.parsed.attachments.find((a) => a.filename === filename)
  if (!file) return undefined
  return typeof file.content === 'string' ? file.content : new TextDecoder().decode(file.content)
}
