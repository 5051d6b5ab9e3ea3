/**
 * Whether an error from either driver (pg or PGlite, possibly wrapped by Drizzle in `cause`) is the
 * database refusing a write with the given SQLSTATE, and, when a constraint is named, that constraint.
 */
export function violates(err: unknown, code: '23503' | '23505', constraint?: string): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const found = e as { code?: string; constraint?: string; message?: string }
    if (
      found.code === code &&
      (!constraint || found.constraint === constraint || found.message?.includes(constraint) === true)
    )
      return true
    e = (e as { cause?: unknown }).cause
  }
  return false
}

/** A unique index refused the row (SQLSTATE 23505). */
export const isUniqueViolation = (err: unknown, constraint: string) => violates(err, '23505', constraint)

/** A row the write refers to is gone (SQLSTATE 23503), e.g. deleted by another request in the meantime. */
export const isForeignKeyViolation = (err: unknown, constraint?: string) => violates(err, '23503', constraint)
