import type { FastifyInstance } from 'fastify'
import { membersRoutes } from './routes.js'

export type { ImportOutcome, RowProblem } from './import-outcome.js'
export { memberNumberKey } from './number-key.js'
export { importMembers } from './service.js'
export { type Member, type MemberImport, memberImports, members } from './tables.js'

export async function membersDomain(app: FastifyInstance) {
  await app.register(membersRoutes)
}
