import type { FastifyInstance } from 'fastify'
import { ApiRegistry } from '../../platform/http/api.js'
import { docsRoutes } from './routes/docs.js'
import { tokenRoutes } from './routes/tokens.js'
import { v1Routes } from './routes/v1.js'

export async function apiDomain(app: FastifyInstance) {
  const api = new ApiRegistry({
    title: 'Brückenschlag API',
    version: '1',
    description:
      'Units and structure, events, partnerships, help requests and shifts, member import and the volunteer pool, for integrations (KV websites, the member database). Every request acts as the owner of its personal access token, within the token’s unit and scope.',
  })
  await app.register(tokenRoutes)
  await app.register(v1Routes(api))
  await app.register(docsRoutes(api))
}
