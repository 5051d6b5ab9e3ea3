import type { FastifyRequest } from 'fastify'
import { describe, expect, test } from 'vitest'
import type { Actor } from '../auth/actor.js'
import { ConflictError, FieldError } from '../errors.js'
import { actorOf, failedForm, idOf } from './routes.js'

const request = (r: Partial<FastifyRequest>) => r as FastifyRequest
const actor = { userId: 'u', grants: [] } as unknown as Actor

describe('route helpers', () => {
  test('actorOf gives the signed-in actor, and 401 where there is none', () => {
    expect(actorOf(request({ actor }))).toBe(actor)
    expect(() => actorOf(request({ actor: undefined }))).toThrow(
      expect.objectContaining({ status: 401, code: 'common.errors.unauthenticated' }),
    )
  })

  test('idOf takes a UUID from the path; anything else is 404', () => {
    const id = '0b6c4a52-7d0e-4c1e-9a57-2f1d6a3c9e10'
    expect(idOf(request({ params: { id } }))).toBe(id)
    for (const params of [{ id: 'not-a-uuid' }, { id: `${id}x` }, {}, undefined])
      expect(() => idOf(request({ params }))).toThrow(expect.objectContaining({ status: 404 }))
  })

  test('failedForm turns a field error into the form shown again; other errors go on', () => {
    const body = { title: 'Plakatieren', count: '3', ignored: ['a', 'b'] }
    expect(failedForm(new FieldError('title', 'common.form.required'), body)).toEqual({
      values: { title: 'Plakatieren', count: '3' },
      errors: { title: 'common.form.required' },
    })
    const conflict = new ConflictError('common.errors.forbidden')
    expect(() => failedForm(conflict, body)).toThrow(conflict)
  })
})
