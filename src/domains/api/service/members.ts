import type { Actor } from '../../../platform/auth/actor.js'
import type { AppDeps, Settings } from '../../../platform/deps.js'
import { ApiValidationError } from '../../../platform/http/api.js'
import { type ImportMode, importMembers, moveMember } from '../../members/index.js'

type Translate = (key: string, params?: Record<string, string | number>) => string

/**
 * The member import of the admin page, with the file's text in the body: the same checks, the same
 * outcome, the same audit row. A file or rows the import refuses are a 422 with one entry per problem.
 */
export async function apiImportMembers(
  deps: AppDeps,
  actor: Actor,
  input: { csv: string; fileName: string; mode: ImportMode },
  t: Translate,
) {
  const outcome = await importMembers(deps, actor, input)
  if (outcome.kind === 'file-rejected')
    throw new ApiValidationError(422, [
      { pointer: '/csv', code: 'file_rejected', detail: t(outcome.problem.key, outcome.problem.params) },
    ])
  if (outcome.kind === 'rows-rejected')
    throw new ApiValidationError(
      422,
      outcome.problems.slice(0, 200).map((p) => ({
        pointer: `/csv/${p.line}/${p.field}`,
        code: 'row_rejected',
        detail: t(p.reason.key, p.reason.params),
      })),
    )
  return {
    importId: outcome.importId,
    rowsTotal: outcome.rowsTotal,
    inserted: outcome.inserted,
    updated: outcome.updated,
    unchanged: outcome.unchanged,
    skipped: outcome.skipped,
    erased: outcome.erased,
    placedLocal: outcome.placedLocal,
    notPlaced: outcome.notPlaced.slice(0, 200).map((p) => ({
      line: p.line,
      field: p.field,
      detail: t(p.reason.key, p.reason.params),
    })),
    problems: outcome.problems.slice(0, 200).map((p) => ({
      line: p.line,
      field: p.field,
      detail: t(p.reason.key, p.reason.params),
    })),
    ignoredColumns: outcome.ignoredColumns,
  }
}

/**
 * Places a member in another KV or local group, as the member's page does: the same use case, so the same rules
 * (the board of their KV or an office above; another KV only where the owner holds the board's role too), the
 * same audit row `member.moved` (with the token) and the same mail to the member. The token's grants are cut to
 * its unit, so a KV outside it is refused like a KV the owner does not hold.
 */
export async function apiMoveMember(
  deps: AppDeps,
  settings: Pick<Settings, 'http' | 'i18n' | 'levelNames'>,
  actor: Actor,
  memberId: string,
  body: { homeUnitId: string; localUnitId?: string | null | undefined },
  meta: { requestId?: string },
) {
  const done = await moveMember(
    deps,
    settings,
    actor,
    memberId,
    { homeUnitId: body.homeUnitId, localUnitId: body.localUnitId ?? undefined },
    meta,
  )
  return {
    memberId: done.member.id,
    homeUnitId: done.home.id,
    homeUnitName: done.home.name,
    localUnitId: done.local?.id ?? null,
    localUnitName: done.local?.name ?? null,
    changed: done.changed,
  }
}
