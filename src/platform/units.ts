/** The levels of a federation, top to bottom. Their display names are configuration (LEVEL_NAMES). */
export const unitKinds = ['federal', 'state', 'district', 'local', 'team'] as const
export type UnitKind = (typeof unitKinds)[number]
