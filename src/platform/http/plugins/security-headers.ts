// Security headers on every answer (security-headers.ts): a strict content security policy, no framing but for
// embeds (from the configured origins), no sniffing, same-origin referrers and resources, HSTS over https, and
// no-store for anyone signed in. The four sets (page or embed, with or without a session) are built once; a
// header a handler has set itself is kept.
// Relies on: cookies (whether the answer is an embed's), the actor.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../../../config.js'
import { securityHeaders } from '../security-headers.js'
import { answersAsEmbed } from './cookies.js'

async function securityHeadersOnEveryAnswer(app: FastifyInstance, opts: { config: Config }) {
  const { config } = opts
  const secure = config.http.secureCookies
  const headerSets = [false, true].flatMap((embed) =>
    [false, true].map((authenticated) =>
      Object.entries(
        securityHeaders({ secure, embed, embedOrigins: config.http.embedOrigins, authenticated }),
      ),
    ),
  )
  app.addHook('onSend', (req, reply, payload, done) => {
    for (const [name, value] of headerSets[(answersAsEmbed(req) ? 2 : 0) + (req.actor ? 1 : 0)]!) {
      if (!reply.hasHeader(name)) reply.header(name, value)
    }
    done(null, payload)
  })
}

export const securityHeadersPlugin = fp(securityHeadersOnEveryAnswer, { name: 'http-security-headers' })
