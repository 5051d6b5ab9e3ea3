import { z } from 'zod'
import { CursorQuery } from '../../platform/http/api.js'
import { eventAudiences, eventStatuses, eventTypes } from '../events/index.js'
import { importModes } from '../members/index.js'

// The shapes of the API's requests and answers. Changing one changes the OpenAPI document, which is built from them.

export const IdParam = z.object({ id: z.uuid().describe('A stable id (UUID)') })

export const Unit = z.object({
  id: z.uuid(),
  kind: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  parentId: z.uuid().nullable(),
  ags: z.string().nullable().describe('Official key of the territory (AGS) of a state or district'),
  website: z.string().nullable(),
  email: z.string().nullable(),
})

export const UnitQuery = z.object({
  parent: z.uuid().optional().describe('The unit whose children are listed; the token’s unit when left out'),
  ...CursorQuery,
})

export const Event = z.object({
  id: z.uuid(),
  type: z.enum(eventTypes),
  title: z.string(),
  description: z.string().nullable(),
  status: z.enum(eventStatuses),
  audience: z.enum(eventAudiences),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  hasFixedEnd: z.boolean(),
  venueName: z.string().nullable(),
  address: z.string().nullable(),
  onlineUrl: z.string().nullable(),
  capacity: z.int().nullable(),
  hostUnitIds: z.array(z.uuid()),
})

export const EventQuery = z.object({
  scope: z
    .enum(['own', 'partners', 'state'])
    .default('own')
    .describe('The unit’s own events, those of its partner KVs, or all of its state'),
  ...CursorQuery,
})

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .describe('Berlin calendar day, YYYY-MM-DD')
const time = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
  .describe('Berlin wall-clock time, HH:MM')

export const EventWrite = z
  .object({
    hostUnitIds: z.array(z.uuid()).min(1).max(10),
    type: z.enum(eventTypes),
    title: z.string().min(1).max(200),
    description: z.string().max(5000).nullable().optional(),
    day,
    startTime: time,
    endTime: time,
    hasFixedEnd: z.boolean().optional(),
    venueName: z.string().max(200).nullable().optional(),
    address: z.string().max(300).nullable().optional(),
    onlineUrl: z.url().max(500).nullable().optional(),
    capacity: z.int().min(1).max(100_000).nullable().optional(),
    audience: z.enum(eventAudiences),
    publish: z
      .boolean()
      .optional()
      .describe('Publish at once; otherwise a draft (creating) or unchanged (updating)'),
  })
  .strict()

export const EventCreate = EventWrite
export const EventUpdate = EventWrite.partial().strict()

export const HelpRequest = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  kind: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  visibility: z.string(),
  status: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
})

export const Shift = z.object({
  id: z.uuid(),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  capacity: z.int(),
  confirmed: z.int(),
  waitlisted: z.int(),
  meetingPoint: z.string(),
  mySignup: z.string().nullable().describe('The token owner’s own sign-up on this shift'),
})

export const HelpRequestWithShifts = HelpRequest.extend({ shifts: z.array(Shift) })

export const HelpQuery = z.object({ ...CursorQuery })

export const ShiftParams = z.object({ id: z.uuid(), shiftId: z.uuid() })

export const Signup = z.object({
  shiftId: z.uuid(),
  status: z.string().describe('confirmed, or waitlisted while the shift is full'),
  created: z.boolean().describe('false when the owner was already signed up'),
})

const UnitRef = z.object({ id: z.uuid(), name: z.string() })

export const Partnership = z.object({
  id: z.uuid(),
  kind: z.string(),
  status: z.string(),
  unitA: UnitRef,
  unitB: UnitRef,
  startedOn: z.string().nullable(),
  story: z.string().nullable(),
  tags: z.array(z.string()),
  isPublic: z.boolean(),
})

export const PartnershipQuery = z.object({ ...CursorQuery })

/** At most 24 MB of CSV, as on the admin page. */
export const MEMBER_IMPORT_MAX_BYTES = 24 * 1024 * 1024

export const MemberImportRequest = z
  .object({
    fileName: z.string().min(1).max(200).describe('The name of the export, kept with the import'),
    mode: z
      .enum(importModes)
      .default('all-or-nothing')
      .describe('all-or-nothing: any bad row refuses the file; good-only: the good rows are imported'),
    csv: z.string().min(1).max(MEMBER_IMPORT_MAX_BYTES).describe('The member database export (CSV, UTF-8)'),
  })
  .strict()

export const MemberImportResult = z.object({
  importId: z.uuid(),
  rowsTotal: z.int(),
  inserted: z.int(),
  updated: z.int(),
  unchanged: z.int(),
  skipped: z.int(),
  erased: z.int().describe('Rows of members erased after leaving, not written again'),
  placedLocal: z.int().describe('Rows placed in a local group of their KV by the postal code'),
  problems: z.array(z.object({ line: z.int(), field: z.string(), detail: z.string() })),
  notPlaced: z
    .array(z.object({ line: z.int(), field: z.string(), detail: z.string() }))
    .describe(
      'Rows written without a local group: an unknown postal code, or one no local group of the KV has',
    ),
  ignoredColumns: z.array(z.string()),
})

const flag = z.enum(['true', 'false']).optional()

export const VolunteerQuery = z.object({
  skills: z
    .string()
    .regex(/^[0-9a-fA-F-]{36}(,[0-9a-fA-F-]{36}){0,19}$/)
    .optional()
    .describe('Skill ids, comma-separated (at most 20): members with at least one of them'),
  minHours: z.coerce.number().int().min(1).max(200).optional().describe('At least this many hours a month'),
  weekdays: flag.describe('Available on weekdays'),
  evenings: flag.describe('Available in the evenings'),
  weekends: flag.describe('Available at weekends'),
  online: flag.describe('Available online'),
  shortProjects: flag.describe('Open to short projects'),
  postalCode: z
    .string()
    .regex(/^\d{5}$/)
    .optional()
    .describe('Near this postal code (with `km`, default 25), within each member’s reach'),
  km: z.coerce.number().int().min(1).max(1000).optional(),
  ...CursorQuery,
})

export const Volunteer = z.object({
  memberId: z.uuid().describe('Stable; the id to name when asking the member through the platform'),
  firstName: z.string(),
  unitName: z.string().describe('The member’s KV'),
  skills: z.array(z.string()),
})

export const Skill = z.object({ id: z.uuid(), name: z.string() })
export const SkillQuery = z.object({ ...CursorQuery })

export const MemberQuery = z.object({
  q: z.string().trim().min(1).max(100).optional().describe('Part of the first or last name'),
  local: z
    .union([z.uuid(), z.literal('none')])
    .optional()
    .describe('A local group of the unit, or `none` for members without one'),
  enteredFrom: z.iso.date().optional().describe('Entered on or after this day'),
  enteredTo: z.iso.date().optional().describe('Entered on or before this day'),
  onboarding: z.enum(['none', 'running', 'done']).optional().describe('The state of the member’s onboarding'),
  ...CursorQuery,
})

export const Member = z.object({
  id: z.uuid(),
  memberNumber: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  postalCode: z.string().nullable(),
  enteredOn: z.string().nullable().describe('YYYY-MM-DD'),
  localGroup: z.string().nullable().describe('The name of the member’s local group'),
  onboarding: z.enum(['none', 'running', 'done']),
})

export const MemberPlacementBody = z.object({
  homeUnitId: z
    .uuid()
    .describe(
      'The member’s KV from now on: their own, or another KV on which the token’s owner holds the board’s role (or an office above)',
    ),
  localUnitId: z
    .uuid()
    .nullable()
    .optional()
    .describe(
      'A local group of that KV; null or left out for none. Moved to another KV with a local group of the old KV named, the member’s postal code finds their local group in the new one',
    ),
})

export const MemberPlacement = z.object({
  memberId: z.uuid(),
  homeUnitId: z.uuid(),
  homeUnitName: z.string(),
  localUnitId: z.uuid().nullable(),
  localUnitName: z.string().nullable(),
  changed: z.boolean().describe('false when the member was already placed so, and nothing was written'),
})
