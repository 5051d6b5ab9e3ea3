import type { FastifyRequest } from 'fastify'
import { DomainError } from '../errors.js'
import { HttpError } from './errors.js'

/**
 * A multipart form: its text fields (a list where a name repeats, as for a group of checkboxes) and at most one
 * file, held in memory up to the route's limit.
 */
export type Upload = {
  fields: Record<string, string | string[]>
  file?: { fieldName: string; fileName: string; data: Buffer }
}

export const isMultipartRequest = (req: FastifyRequest) =>
  /^\s*multipart\//i.test(req.headers['content-type'] ?? '')

/** A request to a route that takes a file, sent as a multipart form (its body is read by the handler). */
export const isUpload = (req: FastifyRequest) => !!req.routeOptions.config?.upload && isMultipartRequest(req)

const fieldLimits = { fields: 20, fieldSize: 64 * 1024, files: 1, parts: 22, headerPairs: 20 }

/**
 * Reads a multipart form as it arrives. The first part must be the CSRF token (`_csrf`), so a forged
 * request is refused before its file is read; the file is read up to the route's `upload.maxBytes`
 * (413 beyond). A body the parser cannot read is a bad request (400), never a failure.
 */
export async function readUpload(req: FastifyRequest, checkCsrf: (field: unknown) => void): Promise<Upload> {
  const maxBytes = req.routeOptions.config?.upload?.maxBytes
  if (!maxBytes || !req.isMultipart()) throw new HttpError('common.errors.unsupportedMediaType', 415)
  const upload: Upload = { fields: Object.create(null) as Record<string, string | string[]> }
  let first = true
  try {
    for await (const part of req.parts({ limits: { ...fieldLimits, fileSize: maxBytes } })) {
      if (first) {
        first = false
        // Without the field, the X-CSRF-Token header may carry the token.
        const token = part.type === 'field' && part.fieldname === '_csrf'
        checkCsrf(token ? part.value : undefined)
        if (token) continue
      }
      if (part.type === 'file') {
        const data = await part.toBuffer()
        upload.file = { fieldName: part.fieldname, fileName: part.filename, data }
      } else if (typeof part.value === 'string') {
        const before = upload.fields[part.fieldname]
        upload.fields[part.fieldname] =
          before === undefined ? part.value : [...(Array.isArray(before) ? before : [before]), part.value]
      }
    }
  } catch (err) {
    if (err instanceof DomainError) throw err
    const status = (err as { statusCode?: number }).statusCode
    if (status === 413) throw new HttpError('common.errors.payloadTooLarge', 413)
    throw new HttpError('common.errors.badRequest', 400)
  }
  if (first) checkCsrf(undefined)
  return upload
}
