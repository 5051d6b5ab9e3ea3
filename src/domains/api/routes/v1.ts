import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { RateLimitedError } from '../../../platform/errors.js'
import type { ApiRegistry } from '../../../platform/http/api.js'
import { pageOf, paginate } from '../../../platform/http/api.js'
import {
  EventCreate,
  EventQuery,
  Event as EventSchema,
  EventUpdate,
  HelpQuery,
  HelpRequest,
  HelpRequestWithShifts,
  IdParam,
  MEMBER_IMPORT_MAX_BYTES,
  Member,
  MemberImportRequest,
  MemberImportResult,
  MemberPlacement,
  MemberPlacementBody,
  MemberQuery,
  Partnership,
  PartnershipQuery,
  ShiftParams,
  Signup,
  Skill,
  SkillQuery,
  Unit,
  UnitQuery,
  Volunteer,
  VolunteerQuery,
} from '../schemas.js'
import { apiGetHelpRequest, apiListHelpRequests, apiSignUpForShift } from '../service/help.js'
import { apiImportMembers, apiMoveMember } from '../service/members.js'
import { apiGetPartnership, apiListPartnerships } from '../service/partnerships.js'
import { countTokenRequest } from '../service/tokens.js'
import { apiListUnitMembers } from '../service/unit-members.js'
import {
  apiCreateEvent,
  apiGetEvent,
  apiGetUnit,
  apiListEvents,
  apiListUnits,
  apiUpdateEvent,
  type EventOut,
} from '../service/v1.js'
import { apiListSkills, apiSearchVolunteers } from '../service/volunteers.js'

const eventKey = (e: EventOut) => `${e.startsAt}|${e.id}`

/** The operations of /api/v1, each checked and described by the schemas of ../schemas.ts. */
export function v1Routes(api: ApiRegistry) {
  return async (app: FastifyInstance) => {
    const { deps, config } = app
    const max = config.api.rateLimitPerMinute

    /** The budget of the token: RateLimit headers on every answer, 429 with Retry-After above it. */
    const rateLimit = async (req: FastifyRequest, reply: FastifyReply) => {
      const token = req.actor?.apiToken
      if (!token) return
      const count = await countTokenRequest(deps, token.id)
      reply.header('ratelimit-limit', String(max))
      reply.header('ratelimit-remaining', String(Math.max(0, max - count)))
      if (count > max) {
        reply.header('retry-after', '60')
        throw new RateLimitedError()
      }
    }
    const t = (req: FastifyRequest) => (key: string) => req.t(key as never)
    const hooks = { preHandler: rateLimit }

    api.add(
      app,
      {
        method: 'GET',
        url: '/api/v1/units',
        operationId: 'listUnits',
        summary: 'The units below a unit (the token’s unit when none is named), by name',
        tag: 'Structure',
        access: 'signed-in',
        query: UnitQuery,
        response: pageOf(Unit),
        problems: { 404: 'The parent is unknown or outside the token’s unit' },
        handler: async ({ actor, query }) =>
          paginate(await apiListUnits(deps, actor, query.parent), (u) => u.id, query.cursor, query.limit),
      },
      hooks,
    )

    api.add(
      app,
      {
        method: 'GET',
        url: '/api/v1/units/:id',
        operationId: 'getUnit',
        summary: 'One unit of the federation',
        tag: 'Structure',
        access: 'signed-in',
        params: IdParam,
        response: Unit,
        problems: { 404: 'Unknown, or outside the token’s unit' },
        handler: async ({ actor, params }) => apiGetUnit(deps, actor, params.id),
      },
      hooks,
    )

    api.add(
      app,
      {
        method: 'GET',
        url: '/api/v1/units/:id/events',
        operationId: 'listUnitEvents',
        summary: 'The upcoming events of a unit that the token’s owner may see, by start',
        tag: 'Events',
        access: 'signed-in',
        params: IdParam,
        query: EventQuery,
        response: pageOf(EventSchema),
        problems: { 404: 'Unknown unit, or outside the token’s unit' },
        handler: async ({ actor, params, query }) =>
          paginate(
            await apiListEvents(deps, actor, params.id, query.scope),
            eventKey,
            query.cursor,
            query.limit,
          ),
      },
      hooks,
    )

    api.add(
      app,
      {
        method: 'GET',
        url: '/api/v1/units/:id/members',
        operationId: 'listUnitMembers',
        summary:
          'The current members of a unit for its board and the offices above, as the member list shows them (no contact data)',
        tag: 'Members',
        access: 'signed-in',
        params: IdParam,
        query: MemberQuery,
        response: pageOf(Member),
        problems: { 404: 'Unknown unit, outside the token’s unit, or not overseen by the owner' },
        handler: async ({ actor, params, query }) => {
          const { cursor, limit, ...filters } = query
          return apiListUnitMembers(deps, actor!, params.id, filters, { cursor, limit })
        },
      },
      hooks,
    )

    api.add(
      app,
      {
        method: 'GET',
        url: '/api/v1/units/:id/volunteers',
        operationId: 'searchVolunteers',
        summary:
          'The volunteer pool searched on behalf of a unit the token’s owner coordinates (a role on the unit itself), within each member’s consent',
        tag: 'Volunteers',
        access: 'signed-in',
        params: IdParam,
        query: VolunteerQuery,
        response: pageOf(Volunteer),
        problems: {
          404: 'Unknown unit, outside the token’s unit, or one the owner does not coordinate',
          422: 'Unknown postal code',
        },
        handler: async ({ req, actor, params, query }) => {
          const { cursor, limit, ...filters } = query
          return paginate(
            await apiSearchVolunteers(deps, actor!, params.id, filters, { requestId: req.requestId }),
            (v) => v.memberId,
            cursor,
            limit,
          )
        },
      },
      hooks,
    )

    api.add(
      app,
      {
        method: 'GET',
        url: '/api/v1/volunteer-skills',
        operationId: 'listVolunteerSkills',
        summary: 'The skills of the volunteer pool, for the `skills` filter of the search',
        tag: 'Volunteers',
        access: 'signed-in',
        query: SkillQuery,
        response: pageOf(Skill),
        handler: async ({ query }) =>
          paginate(await apiListSkills(deps), (s) => s.id, query.cursor, query.limit),
      },
      hooks,
    )

    api.add(
      app,
      {
        method: 'GET',
        url: '/api/v1/events/:id',
        operationId: 'getEvent',
        summary: 'One event the token’s owner may see',
        tag: 'Events',
        access: 'signed-in',
        params: IdParam,
        response: EventSchema,
        problems: { 404: 'Unknown, not visible to the owner, or hosted outside the token’s unit' },
        handler: async ({ actor, params }) => apiGetEvent(deps, actor, params.id),
      },
      hooks,
    )

    api.add(
      app,
      {
        method: 'POST',
        url: '/api/v1/events',
        operationId: 'createEvent',
        summary: 'Create an event for units the token’s owner organises (coordinator or board)',
        tag: 'Events',
        access: 'coordinator',
        body: EventCreate,
        status: 201,
        response: EventSchema,
        problems: { 422: 'A field is not valid, or a host is outside the token’s unit' },
        handler: async ({ req, reply, actor, body }) => {
          const event = await apiCreateEvent(deps, actor!, body, t(req))
          reply.header('location', `/api/v1/events/${event.id}`)
          return event
        },
      },
      hooks,
    )

    api.add(
      app,
      {
        method: 'PATCH',
        url: '/api/v1/events/:id',
        operationId: 'updateEvent',
        summary: 'Change an event as its organiser: the fields sent replace the event’s',
        tag: 'Events',
        access: 'coordinator',
        params: IdParam,
        body: EventUpdate,
        response: EventSchema,
        problems: {
          404: 'Unknown, not visible, or hosted outside the token’s unit',
          409: 'The event is cancelled',
          422: 'A field is not valid',
        },
        handler: async ({ req, actor, params, body }) =>
          apiUpdateEvent(deps, config, actor!, params.id, body, t(req), { requestId: req.requestId }),
      },
      hooks,
    )
    api.add(
      app,
      {
        method: 'GET',
        url: '/api/v1/help-requests',
        operationId: 'listHelpRequests',
        summary: 'The open help requests the token’s owner may see, of units inside the token’s unit',
        tag: 'Help',
        access: 'signed-in',
        query: HelpQuery,
        response: pageOf(HelpRequest),
        handler: async ({ actor, query }) =>
          paginate(await apiListHelpRequests(deps, actor), (r) => r.id, query.cursor, query.limit),
      },
      hooks,
    )

    api.add(
      app,
      {
        method: 'GET',
        url: '/api/v1/help-requests/:id',
        operationId: 'getHelpRequest',
        summary: 'One help request with its shifts and the owner’s own sign-ups',
        tag: 'Help',
        access: 'signed-in',
        params: IdParam,
        response: HelpRequestWithShifts,
        problems: { 404: 'Unknown, not visible to the owner, or outside the token’s unit' },
        handler: async ({ actor, params }) => apiGetHelpRequest(deps, actor, params.id),
      },
      hooks,
    )

    api.add(
      app,
      {
        method: 'POST',
        url: '/api/v1/help-requests/:id/shifts/:shiftId/signups',
        operationId: 'signUpForShift',
        summary: 'Sign the token’s owner up for a shift (waitlisted when it is full)',
        tag: 'Help',
        access: 'signed-in',
        params: ShiftParams,
        status: 201,
        response: Signup,
        problems: {
          404: 'Unknown request or shift, not visible, or outside the token’s unit',
          409: 'The owner may not sign up (no membership in reach, the request closed, the shift past)',
        },
        handler: async ({ actor, params }) =>
          apiSignUpForShift(deps, actor!, params.id, params.shiftId, {
            publicUrl: app.config.http.publicUrl,
          }),
      },
      hooks,
    )
    api.add(
      app,
      {
        method: 'GET',
        url: '/api/v1/partnerships',
        operationId: 'listPartnerships',
        summary:
          'The partnerships of the units the token’s owner is board of, one side inside the token’s unit',
        tag: 'Partnerships',
        access: 'signed-in',
        query: PartnershipQuery,
        response: pageOf(Partnership),
        handler: async ({ actor, query }) =>
          paginate(await apiListPartnerships(deps, actor!), (p) => p.id, query.cursor, query.limit),
      },
      hooks,
    )

    api.add(
      app,
      {
        method: 'GET',
        url: '/api/v1/partnerships/:id',
        operationId: 'getPartnership',
        summary: 'One partnership the token’s owner may see',
        tag: 'Partnerships',
        access: 'signed-in',
        params: IdParam,
        response: Partnership,
        problems: { 404: 'Unknown, not visible to the owner, or with neither side inside the token’s unit' },
        handler: async ({ actor, params }) => apiGetPartnership(deps, actor, params.id),
      },
      hooks,
    )

    api.add(
      app,
      {
        method: 'PUT',
        url: '/api/v1/members/:id/placement',
        operationId: 'moveMember',
        summary:
          'Place a member in another local group of their KV or in another KV, as the member’s page does (audited, the member is told)',
        description:
          'The board of the member’s KV (or an office above) moves them between its local groups; moving them to another KV also needs the board’s role (or an office) there. Placing a member where they are changes nothing and answers `changed: false`.',
        tag: 'Members',
        access: 'board',
        params: IdParam,
        body: MemberPlacementBody,
        response: MemberPlacement,
        problems: {
          404: 'Unknown member, or one the owner may not see inside the token’s unit',
          422: 'A KV or local group the owner may not choose, or one outside the token’s unit',
        },
        handler: async ({ req, actor, params, body }) =>
          apiMoveMember(deps, config, actor!, params.id, body, { requestId: req.requestId }),
      },
      hooks,
    )

    api.add(
      app,
      {
        method: 'POST',
        url: '/api/v1/member-imports',
        operationId: 'importMembers',
        summary: 'Import the member database export, as on the admin page (admins of the federation)',
        description:
          'Idempotent by member number: the same file twice changes nothing the second time. Rows or a file the import refuses answer 422 with one entry per problem.',
        tag: 'Members',
        access: 'admin',
        body: MemberImportRequest,
        bodyLimit: MEMBER_IMPORT_MAX_BYTES + 64 * 1024,
        status: 201,
        response: MemberImportResult,
        problems: { 422: 'The body, the file or some of its rows are not valid' },
        handler: async ({ req, actor, body }) =>
          apiImportMembers(deps, actor!, body, (key, params) => req.t(key as never, params)),
      },
      hooks,
    )
  }
}
