import type { MessageKey } from './i18n/index.js'

// The failures a use case reports. They speak of the domain (not found, refused, in conflict, a field that does
// not hold), each with a stable code that is also the message key shown to the user, and the status the HTTP
// platform answers with (platform/http/plugins/errors.ts maps them; platform/http/errors.ts holds the HTTP layer's own).

/** An expected failure with a stable code; the code is also the message key shown to the user. */
export class DomainError extends Error {
  constructor(
    readonly code: MessageKey,
    readonly status = 422,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code)
  }
}

/** For things the actor may not even know exist: the answer is the same as for a missing row. */
export class NotFoundError extends DomainError {
  constructor() {
    super('common.errors.notFound', 404)
  }
}

/**
 * For things the actor sees but may not do: thrown by a policy's `authorize`, naming the action, with the
 * message the policy gives that refusal (`common.errors.forbidden` unless it names one of its own).
 */
export class ForbiddenError extends DomainError {
  constructor(
    readonly action?: string,
    code: MessageKey = 'common.errors.forbidden',
  ) {
    super(code, 403)
  }
}

export class ConflictError extends DomainError {
  constructor(code: MessageKey) {
    super(code, 409)
  }
}

/**
 * A request whose form is none the page sends: an action or value no button carries, made by hand. Answered 400,
 * nothing done; a form a person filled in wrongly gets field errors (FieldError, 422) instead.
 */
export class BadRequestError extends DomainError {
  constructor() {
    super('common.errors.badRequest', 400)
  }
}

/**
 * Too many attempts within a while (passwords, second-factor codes, an API token's requests per minute), counted
 * in the database: answered 429, the attempt not checked.
 */
export class RateLimitedError extends DomainError {
  constructor() {
    super('common.errors.rateLimited', 429)
  }
}

/** A use case's input is valid in shape but not in substance; the form re-renders with the error at a field. */
export class FieldError extends DomainError {
  constructor(
    readonly field: string,
    code: MessageKey,
    params: Record<string, string | number> = {},
  ) {
    super(code, 422, params)
  }
}

/**
 * Whether a page's loader lets the actor in: true when it loads, false when it answers "not found" or "forbidden".
 * Any other failure is thrown on, never read as a yes or a no.
 */
export async function opens(load: () => Promise<unknown>): Promise<boolean> {
  try {
    await load()
    return true
  } catch (err) {
    if (err instanceof NotFoundError || err instanceof ForbiddenError) return false
    throw err
  }
}
