import { DomainError } from '../errors.js'
import type { MessageKey } from '../i18n/index.js'

// The HTTP layer's own refusals: a request turned away before any use case runs. The failures of use cases
// (not found, forbidden, conflict, a field) are domain errors in platform/errors.ts; both are answered alike
// by the error handler (plugins/errors.ts), from their code and status.

/**
 * A request refused for its form, not its subject: a body that is no form (400), too large (413) or of a
 * media type the route does not take (415), a missing or foreign CSRF token, a token without the write scope,
 * a role the actor does not hold or holds only after the second factor (403).
 */
export class HttpError extends DomainError {
  constructor(code: MessageKey, status: 400 | 401 | 403 | 413 | 415) {
    super(code, status)
  }
}

/** No one is signed in where the route needs someone: a page asks for the login (303), the API for a bearer token (401). */
export class UnauthenticatedError extends HttpError {
  constructor() {
    super('common.errors.unauthenticated', 401)
  }
}
