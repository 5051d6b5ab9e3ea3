import { createHash, randomUUID } from 'node:crypto'
import { recordAudit } from '../../platform/audit/record.js'
import type { Actor } from '../../platform/auth/actor.js'
import type { DbOrTx } from '../../platform/db/types.js'
import type { AppDeps } from '../../platform/deps.js'
import { ConflictError, FieldError, NotFoundError } from '../../platform/errors.js'
import { isLocale, translator } from '../../platform/i18n/index.js'
import { queueMail } from '../../platform/mail/outbox.js'
import type { GrantRoleInput, RolesQuery } from './input.js'
import { authorize, authorizeActor, can, grantScope } from './policy.js'
import {
  assignKreise,
  countHomeUnits,
  findActiveGrant,
  findFederation,
  findGrant,
  findGranteeByEmail,
  findGranteeById,
  findUnit,
  getUnit,
  insertRoleGrant,
  insertUnits,
  listActiveGrantsOfUser,
  listChildren,
  listDissolvedUnits,
  listKreisCoverage,
  listStructureUnits,
  listUnitsMatching,
  lockStructure,
  moveUnit,
  releaseKreise,
  revokeGrantRow,
  updateUnitFields,
} from './repo.js'
import { readStructureFiles, type StructureProblem } from './structure-file.js'
import { readTerritory } from './structure-geodata.js'
import { planStructure, type UnitValues } from './structure-plan.js'

type Meta = { requestId?: string }

/**
 * What the role administration shows: the person found by e-mail, the roles they hold now
 * (each marked whether this admin may revoke it), and the units matching a search, limited to
 * the subtrees in which this admin may grant roles.
 */
export async function viewRoleAssignments(deps: AppDeps, actor: Actor | undefined, query: RolesQuery) {
  const db = deps.database.db
  const grantee = query.email ? await findGranteeByEmail(db, query.email) : undefined
  const grants = grantee ? await listActiveGrantsOfUser(db, grantee.id) : []
  const unitOptions =
    grantee && query.unitQ
      ? await listUnitsMatching(db, query.unitQ, { withinPaths: grantScope(actor), limit: 30, teams: true })
      : []
  return {
    grantee,
    grants: grants.map((g) => ({ ...g, canRevoke: can(actor, 'unit.grantRoles', { unit: g.unit }) })),
    unitOptions,
  }
}

export async function findGrantee(deps: AppDeps, userId: string) {
  return findGranteeById(deps.database.db, userId)
}

/** Where the new-role mail points, and whether roles above member need the second factor. */
export type RoleMailLinks = { publicUrl: string; mfaRequired: boolean }

/**
 * The person is told of the new role, in their language: which role on which unit, and, when the role
 * needs the second factor and the account has none yet, the link to set it up first.
 */
async function queueNewRoleMail(
  tx: DbOrTx,
  deps: AppDeps,
  grantee: { id: string; email: string; displayName: string; locale: string; hasSecondFactor: boolean },
  unit: { id: string; name: string },
  role: GrantRoleInput['role'],
  links: RoleMailLinks,
) {
  const tr = translator(isLocale(grantee.locale) ? grantee.locale : 'de')
  const params = {
    name: grantee.displayName,
    role: tr(`orgUnits.roles.names.${role}`),
    unit: unit.name,
    unitUrl: `${links.publicUrl}/units/${unit.id}`,
    setupUrl: `${links.publicUrl}/account/two-factor`,
  }
  const needsSetup = links.mfaRequired && role !== 'member' && !grantee.hasSecondFactor
  const text = [
    tr('orgUnits.roles.mail.body', params),
    needsSetup ? tr('orgUnits.roles.mail.setUpSecondFactor', params) : '',
    tr('orgUnits.roles.mail.footer', params),
  ]
    .filter(Boolean)
    .join('\n\n')
  await queueMail(tx, deps.now(), [
    { to: grantee.email, subject: tr('orgUnits.roles.mail.subject', params), text },
  ])
}

/**
 * An admin grants a person a role on a unit; it applies to the unit and everything below it.
 * Throws NotFoundError for an unknown person or unit, ForbiddenError unless the actor is an admin on
 * the unit or an ancestor, FieldError('role', alreadyGranted) when the same grant is already active.
 */
export async function grantRole(
  deps: AppDeps,
  actor: Actor | undefined,
  input: GrantRoleInput,
  meta: Meta = {},
  links?: RoleMailLinks,
) {
  return deps.database.db.transaction(async (tx) => {
    const grantee = await findGranteeById(tx, input.userId)
    if (!grantee) throw new NotFoundError()
    const unit = await getUnit(tx, input.unitId)
    const admin = authorizeActor(actor, 'unit.grantRoles', { unit })
    const alreadyGranted = new FieldError('role', 'orgUnits.roles.errors.alreadyGranted')
    if (await findActiveGrant(tx, grantee.id, unit.id, input.role)) throw alreadyGranted
    const grant = await insertRoleGrant(tx, {
      userId: grantee.id,
      unitId: unit.id,
      role: input.role,
      grantedById: admin.userId,
      grantedAt: deps.now(),
    })
    // A concurrent identical grant won the race for role_grants_active_uq.
    if (!grant) throw alreadyGranted
    await recordAudit(
      tx,
      admin,
      {
        action: 'role.granted',
        unit,
        object: { type: 'role_grant', id: grant.id },
        // Ids only: the trail is append-only and outlives the account's erasure.
        data: { userId: grantee.id, role: input.role, unitName: unit.name },
      },
      meta.requestId,
    )
    if (links) await queueNewRoleMail(tx, deps, grantee, unit, input.role, links)
    return { grant, grantee, unit }
  })
}

/**
 * An admin ends a person's role on a unit. The next request of that person is already refused,
 * because roles are read on every request.
 * Throws NotFoundError for an unknown grant, ForbiddenError unless the actor is an admin on the
 * unit or an ancestor, ConflictError when the grant was revoked already.
 */
export async function revokeRole(deps: AppDeps, actor: Actor | undefined, grantId: string, meta: Meta = {}) {
  return deps.database.db.transaction(async (tx) => {
    const grant = await findGrant(tx, grantId)
    if (!grant) throw new NotFoundError()
    const unit = await getUnit(tx, grant.unitId)
    const admin = authorizeActor(actor, 'unit.grantRoles', { unit })
    const revoked = await revokeGrantRow(tx, grant.id, admin.userId, deps.now())
    if (!revoked) throw new ConflictError('orgUnits.roles.errors.alreadyRevoked')
    const grantee = await findGranteeById(tx, grant.userId)
    await recordAudit(
      tx,
      admin,
      {
        action: 'role.revoked',
        unit,
        object: { type: 'role_grant', id: grant.id },
        data: { userId: grant.userId, role: grant.role, unitName: unit.name },
      },
      meta.requestId,
    )
    return { grant: revoked, grantee, unit }
  })
}

/** The home page's figures: how many districts and states the federation has. */
export type HomeCounts = { districts: number; states: number }

/**
 * The home page's numbers of KVs and states, kept while the public data version is unchanged. org_units is
 * under that version (platform/pages), so a unit created, dissolved or merged in a transaction that committed
 * before a request arrived is counted on the page it gets. `version` is a reading of the version that begins
 * after the call, shared by the requests that arrive together (AnonymousPages.publicDataVersion): a kept count
 * costs that shared reading, a changed version one round trip for the counts and the version together.
 */
export function homeCounts(deps: AppDeps, version: () => Promise<string>) {
  let kept: { version: string; counts: HomeCounts } | undefined
  return async function viewHome(): Promise<HomeCounts> {
    if (kept && kept.version === (await version())) return kept.counts
    const { version: read, districts, states } = await countHomeUnits(deps.database.db)
    const counts = { districts, states }
    kept = { version: read, counts }
    return counts
  }
}

/** Units whose name matches the search, at most 50; nothing for an empty search. */
export async function searchUnits(deps: AppDeps, q: string) {
  return q ? listUnitsMatching(deps.database.db, q, { limit: 50 }) : []
}

/** A unit with its parent and children, for its page (404 when there is none). */
export async function viewUnit(deps: AppDeps, id: string) {
  const db = deps.database.db
  const unit = await getUnit(db, id)
  const parent = unit.parentId ? await findUnit(db, unit.parentId) : undefined
  const children = await listChildren(db, unit.id)
  const mergedInto = unit.mergedIntoId ? await findUnit(db, unit.mergedIntoId) : undefined
  return { unit, parent, children, mergedInto }
}

export type StructureFile = { name: string; content: string | Buffer }
type UnitRef = { key: string; name: string; kind: string }
export type StructureOutcome =
  | { kind: 'rejected'; problems: StructureProblem[] }
  | {
      kind: 'loaded'
      created: number
      updated: number
      unchanged: number
      changed: (UnitRef & { fields: string[] })[]
      missing: (UnitRef & { id: string })[]
    }

/**
 * Who loads a structure: an admin of the federation on the platform, the operator on the command line,
 * or the demo seed on an empty database.
 */
export type StructureLoader = Actor | 'command-line' | 'demo'

/**
 * Inside the caller's transaction: checks the files, then creates the units they name that do not exist,
 * updates those whose name, short name, contact, territory or parent changed (their id, history and
 * everything attached stay; a move carries the unit's whole subtree along), and reports the units the
 * platform has that the files do not name without deleting them. Loading the same files again changes
 * nothing. Bad files come back as problems with file, line and column, and nothing is written.
 */
export async function applyStructureFiles(
  tx: DbOrTx,
  by: StructureLoader,
  files: StructureFile[],
  opts: { now: Date; requestId?: string },
): Promise<StructureOutcome> {
  const territory = readTerritory()
  const read = readStructureFiles(files, territory)
  if (!read.ok) return { kind: 'rejected', problems: read.problems }
  await lockStructure(tx)
  const existing = await listStructureUnits(tx)
  const federation = existing.find((u) => u.kind === 'federal')
  const actor = typeof by === 'string' ? undefined : by
  if (typeof by !== 'string') authorize(actor, 'structure.load', { unit: federation })
  // A unit dissolved or merged on the platform stays so: a file that still names it would give it back its
  // Kreise (the file decides the territory), so the file has to be brought up to date first.
  const gone = await listDissolvedUnits(tx)
  const stale = read.rows.filter((row) => gone.has(row.key))
  if (stale.length > 0)
    return {
      kind: 'rejected',
      problems: stale.map((row) => ({
        file: row.file,
        line: row.line,
        field: 'key',
        reason: {
          key: gone.get(row.key)!.mergedInto
            ? 'orgUnits.structure.reasons.merged'
            : 'orgUnits.structure.reasons.dissolved',
          params: { key: row.key, into: gone.get(row.key)!.mergedInto ?? '' },
        },
      })),
    }
  const planned = planStructure(read.rows, existing, await listKreisCoverage(tx), territory)
  if (!planned.ok) return { kind: 'rejected', problems: planned.problems }
  const { plan } = planned

  // Parents come before children in both lists, so a parent's path is final when a child needs it.
  const placed = new Map([...plan.matched].map(([key, u]) => [key, { id: u.id, path: u.path }]))
  const values = (p: UnitValues) =>
    Object.fromEntries(Object.keys(p).map((k) => [k, p[k as keyof UnitValues]]))
  for (const { unit, planned: p, changes, parentChanged } of plan.update) {
    const fields: Partial<UnitValues> = {}
    for (const f of Object.keys(changes) as (keyof UnitValues)[]) Object.assign(fields, { [f]: p[f] })
    if (Object.keys(fields).length > 0) await updateUnitFields(tx, unit.id, fields)
    let path = placed.get(p.key!)?.path ?? unit.path
    if (parentChanged && p.parentKey) {
      const parent = placed.get(p.parentKey)!
      const newPath = `${parent.path}${unit.id}/`
      await moveUnit(tx, unit.id, parent.id, path, newPath)
      for (const [key, at] of placed)
        if (at.path.startsWith(path)) placed.set(key, { ...at, path: newPath + at.path.slice(path.length) })
      path = newPath
    }
    placed.set(p.key!, { id: unit.id, path })
  }
  const newRows = plan.create.map((p) => {
    const id = randomUUID()
    const parent = p.parentKey ? placed.get(p.parentKey)! : undefined
    const row = {
      ...values(p),
      id,
      kind: p.kind,
      parentId: parent?.id ?? null,
      path: `${parent?.path ?? '/'}${id}/`,
      createdAt: opts.now,
    }
    placed.set(p.key!, { id, path: row.path })
    return row
  })
  await insertUnits(tx, newRows as Parameters<typeof insertUnits>[1])
  await releaseKreise(tx, plan.coverage.release)
  await assignKreise(
    tx,
    [...plan.coverage.assign].map(([kreisAgs, key]) => ({ kreisAgs, unitId: placed.get(key)!.id })),
  )

  const root = placed.get(plan.create.find((p) => p.kind === 'federal')?.key ?? federation?.key ?? '')
  const rootUnit = root ?? (federation ? { id: federation.id, path: federation.path } : undefined)
  const via = typeof by === 'string' ? by : 'admin'
  for (const u of plan.update) {
    const at = placed.get(u.planned.key!)!
    await recordAudit(
      tx,
      actor,
      {
        action: 'unit.updated',
        unit: at,
        object: { type: 'org_unit', id: u.unit.id },
        data: { via, changes: u.changes, ...(u.parentChanged ? { movedTo: u.planned.parentKey } : {}) },
      },
      opts.requestId,
    )
  }
  const outcome: StructureOutcome = {
    kind: 'loaded',
    created: plan.create.length,
    updated: plan.update.length,
    unchanged: plan.unchanged,
    changed: plan.update.map((u) => ({
      key: u.planned.key!,
      name: u.planned.name,
      kind: u.planned.kind,
      fields: [...Object.keys(u.changes), ...(u.parentChanged ? ['parent'] : [])],
    })),
    missing: plan.missing.map((u) => ({ id: u.id, key: u.key ?? '', name: u.name, kind: u.kind })),
  }
  const sha256 = files.map((f) => createHash('sha256').update(f.content).digest('hex'))
  await recordAudit(
    tx,
    actor,
    {
      action: 'structure.loaded',
      unit: rootUnit ?? null,
      object: { type: 'structure' },
      data: {
        via,
        files: files.map((f) => f.name),
        sha256,
        created: outcome.created,
        updated: outcome.updated,
        unchanged: outcome.unchanged,
        missing: outcome.missing.map((m) => m.key || m.id),
      },
    },
    opts.requestId,
  )
  return outcome
}

/** `applyStructureFiles` in a transaction of its own: a bad file, or a refusal, writes nothing. */
export async function loadStructure(
  deps: Pick<AppDeps, 'database' | 'now'>,
  by: StructureLoader,
  files: StructureFile[],
  meta: Meta = {},
): Promise<StructureOutcome> {
  return deps.database.db.transaction((tx) =>
    applyStructureFiles(tx, by, files, { now: deps.now(), requestId: meta.requestId }),
  )
}

/**
 * The operator makes an existing account admin of the federation from the command line: how a federation set
 * up without demo data gets its first admin, who then grants every other role on the platform.
 * Answers what it did: 'granted', 'already' (the account holds it), 'no-account' or 'no-federation'.
 */
export async function grantFederationAdmin(deps: Pick<AppDeps, 'database' | 'now'>, email: string) {
  return deps.database.db.transaction(async (tx) => {
    const federation = await findFederation(tx)
    if (!federation) return 'no-federation' as const
    const grantee = await findGranteeByEmail(tx, email)
    if (!grantee) return 'no-account' as const
    const grant = await insertRoleGrant(tx, {
      userId: grantee.id,
      unitId: federation.id,
      role: 'admin',
      grantedAt: deps.now(),
    })
    if (!grant) return 'already' as const
    await recordAudit(tx, undefined, {
      action: 'role.granted',
      unit: federation,
      object: { type: 'role_grant', id: grant.id },
      data: { userId: grantee.id, role: 'admin', unitName: federation.name, via: 'command-line' },
    })
    return 'granted' as const
  })
}
