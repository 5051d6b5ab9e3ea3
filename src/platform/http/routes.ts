import type { FastifyRequest } from 'fastify'
import type { Actor } from '../auth/actor.js'
import { FieldError, NotFoundError } from '../errors.js'
import type { FormState } from '../views/components.js'
import { UnauthenticatedError } from './errors.js'
import { formValues, IdParams } from './forms.js'

/**
 * The actor of a route declared `signed-in` or with a role: the access gate lets no one else in, so this
 * is the typed way to say so. Called on a route that also lets visitors in, it answers 401, never a crash.
 */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new UnauthenticatedError()
  return req.actor
}

/** The path's `:id`, a UUID; anything else is a page that does not exist (404). */
export function idOf(req: FastifyRequest): string {
  const parsed = IdParams.safeParse(req.params)
  if (!parsed.success) throw new NotFoundError()
  return parsed.data.id
}

/** A use case's field error as the form to show again, with the submitted values; any other error goes on. */
export function failedForm(err: unknown, body: unknown): FormState {
  if (!(err instanceof FieldError)) throw err
  const params = Object.keys(err.params).length > 0 ? { params: { [err.field]: err.params } } : {}
  return { values: formValues(body), errors: { [err.field]: err.code }, ...params }
}
