export type Side = 'a' | 'b'

export type RatificationRef = { side: Side; versionNumber: number }

export type AgreementStatus = 'draft' | 'partly_ratified' | 'in_force'

export type AgreementState = {
  status: AgreementStatus
  /** The newest version both sides adopted; it stays in force until both adopt a newer one. */
  inForceVersion: number | null
  /** With a version in force: the state of the newer text, if there is one. */
  pending: { version: number; status: 'draft' | 'partly_ratified' } | null
  /** Versions newer than the one in force that one side adopted and the other not (yet). */
  awaiting: { versionNumber: number; ratifiedBy: Side }[]
}

/**
 * The state of an agreement from its newest version number and the ratifications of both sides.
 * In force: both sides ratified the same version. Partly ratified: one side ratified a version
 * newer than the one in force. Draft: neither.
 */
export function agreementState(
  latestVersion: number,
  ratifications: readonly RatificationRef[],
): AgreementState {
  const bySide = { a: new Set<number>(), b: new Set<number>() }
  for (const r of ratifications) bySide[r.side].add(r.versionNumber)
  const both = [...bySide.a].filter((v) => bySide.b.has(v))
  const inForceVersion = both.length > 0 ? Math.max(...both) : null
  const newer = (v: number) => inForceVersion === null || v > inForceVersion
  const awaiting = (['a', 'b'] as const)
    .flatMap((side) =>
      [...bySide[side]]
        .filter((v) => newer(v) && !both.includes(v))
        .map((v) => ({ versionNumber: v, ratifiedBy: side })),
    )
    .sort((x, y) => x.versionNumber - y.versionNumber)
  const openStatus = awaiting.length > 0 ? 'partly_ratified' : 'draft'
  if (inForceVersion === null) return { status: openStatus, inForceVersion, pending: null, awaiting }
  return {
    status: 'in_force',
    inForceVersion,
    pending: latestVersion > inForceVersion ? { version: latestVersion, status: openStatus } : null,
    awaiting,
  }
}

/**
 * A side may ratify the draft, once: the newest version while it is not in force. Older versions that were
 * never in force were drafts an amendment has since replaced.
 */
export function canRatifyVersion(
  state: AgreementState,
  latestVersion: number,
  ratifications: readonly RatificationRef[],
  side: Side,
  versionNumber: number,
) {
  if (versionNumber !== latestVersion) return false
  if (state.inForceVersion !== null && versionNumber <= state.inForceVersion) return false
  return !ratifications.some((r) => r.side === side && r.versionNumber === versionNumber)
}
