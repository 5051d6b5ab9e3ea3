import type { FastifyReply } from 'fastify'

/** Requests under this prefix are the JSON API: bearer tokens only, never cookies, errors as problem details. */
export const API_PREFIX = '/api/'

export const isApiPath = (url: string) => url.startsWith(API_PREFIX)

/** A field that failed its check, as the API reports it: where, a stable code, and the message. */
export type ProblemField = { pointer: string; code: string; detail: string }

/**
 * An error of the JSON API as RFC 9457 problem details (`application/problem+json`). `type` names the
 * problem on the API's reference page; `code` is the stable last part of the message key.
 */
export type Problem = {
  type: string
  title: string
  status: number
  detail?: string
  instance?: string
  code: string
  errors?: ProblemField[]
}

export function problemType(code: string) {
  return `/api/v1/docs#problem-${code}`
}

export function sendProblem(
  reply: FastifyReply,
  problem: Omit<Problem, 'type'> & { type?: string },
): FastifyReply {
  const body: Problem = { type: problemType(problem.code), ...problem }
  return reply.code(problem.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(body))
}
