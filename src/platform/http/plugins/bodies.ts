// Request bodies: forms (application/x-www-form-urlencoded, up to 1 MB) are parsed before the handler; multipart
// is parsed only by a route that takes a file (`config.upload`), in its handler, through `req.readUpload()`,
// after the access check and with the CSRF token as its first field (uploads.ts). Any other route answers
// multipart with 415 before a byte of the body is read. JSON is Fastify's own parser.
// Relies on: the CSRF check (csrf.ts) for uploads.
import formbody from '@fastify/formbody'
import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { HttpError } from '../errors.js'
import { isMultipartRequest, readUpload, type Upload } from '../uploads.js'
import { checkCsrf } from './csrf.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The fields and the file of a route that takes an upload (`config.upload`); checks the CSRF token first. */
    readUpload: () => Promise<Upload>
  }
}

async function bodies(app: FastifyInstance, opts: { secret: string }) {
  const { secret } = opts
  await app.register(formbody, { bodyLimit: 1024 * 1024 })
  // The plugin's parser itself reads nothing: the handler reads the parts as a stream.
  await app.register(multipart)

  // Before any byte of the body is read: only a route that takes a file accepts multipart.
  app.addHook('preParsing', async (req) => {
    if (isMultipartRequest(req) && !req.routeOptions.config?.upload) {
      throw new HttpError('common.errors.unsupportedMediaType', 415)
    }
  })
  app.decorateRequest('readUpload', function (this: FastifyRequest) {
    return readUpload(this, (field) => checkCsrf(secret, this, field))
  })
}

export const bodiesPlugin = fp(bodies, { name: 'http-bodies' })
