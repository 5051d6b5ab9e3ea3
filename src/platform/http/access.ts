import type { Role } from '../auth/actor.js'

/**
 * Every route declares who may call it; a route without a declaration does not start.
 * This is the coarse gate; object-level rules live in each domain's policy.
 *  - 'public': anyone, also without an account
 *  - 'signed-in': any active account
 *  - a role: the actor holds at least this role on some unit
 */
export type Access = 'public' | 'signed-in' | Role

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
    /** Made for an iframe on another site: no cookies, framing allowed from the configured origins. */
    embed?: boolean
    /**
     * The route takes a file (multipart/form-data) of at most this many bytes, read by
     * `req.readUpload()` in the handler; every other route answers multipart with 415.
     */
    upload?: { maxBytes: number }
  }
}
