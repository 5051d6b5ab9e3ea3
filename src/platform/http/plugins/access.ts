// The access gate: every route declares who may call it (`config.access`, access.ts), and a route without a
// declaration does not start; the route table (route-table.ts) records each one for the tests. Before a
// handler runs, a visitor on a route that needs an account is refused (401: a page asks for the login), an
// actor without the role (403), or with it only after the second factor (403, "second factor required").
// The API also needs a token with the write scope for a state-changing request, and a JSON body.
// Object-level rules are each domain's policy, not this.
// Relies on: the actor; the CSRF check (a page's token is checked first). Registered before any route.
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import fp from 'fastify-plugin'
import { type Actor, holdsAnywhere, type Role, roleRank } from '../../auth/actor.js'
import { HttpError, UnauthenticatedError } from '../errors.js'
import { isApiPath } from '../problem.js'
import { collectRoutes } from '../route-table.js'
import { checkBodyShape, unsafeMethods } from './csrf.js'

/** Whether the role a route needs is one the actor holds but may use only after confirming the second factor. */
function heldBackFor(actor: Actor, access: Role) {
  return !!actor.secondFactor?.heldBack.some(
    (role) => role !== 'team_lead' && roleRank(role) >= roleRank(access),
  )
}

function gate(req: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) {
  const access = req.routeOptions.config?.access
  if (access === 'public' || access === undefined) return done()
  if (!req.actor) throw new UnauthenticatedError()
  const api = isApiPath(req.url)
  if (api && unsafeMethods.has(req.method) && req.actor.apiToken?.scope !== 'write') {
    throw new HttpError('common.errors.insufficientScope', 403)
  }
  if (access !== 'signed-in' && !holdsAnywhere(req.actor, access)) {
    if (heldBackFor(req.actor, access)) throw new HttpError('common.errors.secondFactorRequired', 403)
    throw new HttpError('common.errors.forbidden', 403)
  }
  if (api) {
    // The API takes JSON bodies only.
    const body = req.body
    if (
      body !== undefined &&
      !/^application\/(?:[a-z.+-]+\+)?json\b/i.test(req.headers['content-type'] ?? '')
    )
      throw new HttpError('common.errors.unsupportedMediaType', 415)
    checkBodyShape(body)
  }
  done()
}

async function access(app: FastifyInstance) {
  collectRoutes(app)
  app.addHook('onRoute', (route) => {
    if (!route.config?.access) {
      throw new Error(`Route ${route.method} ${route.url} declares no access policy (config.access).`)
    }
  })
  app.addHook('preHandler', gate)
}

export const accessPlugin = fp(access, { name: 'http-access' })
