// The actor: who is asking. A page request by its session cookie, an API request by its bearer token
// (RFC 6750; the API reads no cookie); assets are served without looking. `req.actor` stays undefined for
// a visitor, and for a session or token that is not live. Also gives the request its id (`req.requestId`),
// which the log lines and audit rows of the request carry.
// Relies on: cookies (parsed, and set aside for the API and embeds).
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Actor } from '../../auth/actor.js'
import { isApiPath } from '../problem.js'

export type ResolveActor = (sessionToken: string) => Promise<Actor | undefined>

export type ActorOptions = {
  sessionCookieName: string
  resolveActor: ResolveActor
  /** The actor of a personal access token (the API's bearer token); undefined for one that is not live. */
  resolveBearer: ResolveActor
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | undefined
    requestId: string
  }
}

/** The token of an `Authorization: Bearer …` header (RFC 6750), undefined without one. */
export function bearerToken(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization
  if (typeof header !== 'string') return undefined
  const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(header)
  return match?.[1] ?? ''
}

async function actor(app: FastifyInstance, opts: ActorOptions) {
  const { sessionCookieName, resolveActor, resolveBearer } = opts
  app.decorateRequest('actor', undefined)
  app.decorateRequest('requestId', '')

  app.addHook('onRequest', async (req) => {
    req.requestId = req.id
    const sessionToken = req.cookies[sessionCookieName]
    if (isApiPath(req.url)) {
      const token = bearerToken(req)
      if (token) req.actor = await resolveBearer(token)
    } else if (sessionToken && !req.url.startsWith('/assets/')) req.actor = await resolveActor(sessionToken)
  })
}

export const actorPlugin = fp(actor, { name: 'http-actor' })
