import { type Actor, holds, holdsAnywhere, type Role } from '../../platform/auth/actor.js'
import { definePolicy } from '../../platform/auth/policy.js'
import type { TemplateTarget, Visibility } from './tables.js'

type UnitRef = { path: string; kind: string }

/** Who reads an entry of each visibility: everyone, the party's members (and staff), or boards and offices. */
export function mayRead(actor: Actor | undefined, visibility: Visibility) {
  if (visibility === 'public') return true
  if (visibility === 'members') return !!actor && (actor.memberId !== null || actor.grants.length > 0)
  return holdsAnywhere(actor, 'board')
}

/** The visibilities an actor may read, for the list's query. */
export const readableVisibilities = (actor: Actor | undefined): Visibility[] =>
  (['public', 'members', 'boards'] as const).filter((v) => mayRead(actor, v))

/** Who opens the form each kind of template fills: the coarse gate of that form's route. */
const formRoles: Record<TemplateTarget, Role> = {
  agreement: 'board',
  help_request: 'coordinator',
  welcome_mail: 'board',
  event_checklist: 'coordinator',
}

const rules = {
  /**
   * The editorial team of a level: the state office writes for its state, the federal office for the
   * federation (and every state). Entries belong to the federation or a state.
   */
  'entry.write': (a: Actor | undefined, unit: UnitRef) =>
    (unit.kind === 'federal' || unit.kind === 'state') && holds(a, 'state_office', unit.path),
  'playbook.edit': (a: Actor | undefined, _s: Record<string, never>) => holdsAnywhere(a, 'state_office'),
  /** "Use this" is offered to those who may open the form the template fills (no link that ends in a refusal). */
  'template.use': (a: Actor | undefined, s: { target: TemplateTarget }) =>
    holdsAnywhere(a, formRoles[s.target]),
} as const

export const { can, authorize, authorizeActor } = definePolicy(rules)
