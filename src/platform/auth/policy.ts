import { ForbiddenError } from '../errors.js'
import type { MessageKey } from '../i18n/index.js'
import type { Actor } from './actor.js'

type Rule = (who: never, subject: never) => boolean
type Rules = Record<string, Rule>
/** Whom the rules judge: the actor (`Actor | undefined`), or what a domain's rules take instead (a viewer). */
type WhoOf<R extends Rules> = Parameters<R[keyof R]>[0]
type SubjectOf<R extends Rules, A extends keyof R> = Parameters<R[A]>[1]
/** The message a refusal of an action shows, where the generic "not allowed" would not tell the person why. */
type Refusals<R extends Rules> = Partial<Record<keyof R & string, MessageKey>>
/** One question for `abilities`: an action and the subject it is asked about. */
export type Ask<R extends Rules> = { [A in keyof R & string]: readonly [A, SubjectOf<R, A>] }[keyof R &
  string]

/**
 * A domain's rules as one typed policy. Each action names the subject its rule takes, so a call with the
 * wrong subject is a type error. Rules are pure and read no database.
 *
 * - `can(actor, action, subject)`: the answer;
 * - `authorize(actor, action, subject)`: the same in a use case, a refusal thrown as 403 (`ForbiddenError`
 *   carrying the action, and the message `refusals` names for it, else `common.errors.forbidden`). An object the
 *   actor may not even see is the use case's 404, not this;
 * - `authorizeActor(actor, action, subject)`: `authorize` for a use case that acts as someone, refused too when
 *   nobody is there; it hands the actor back, known to be there (a rule refuses nobody by itself, its type cannot
 *   tell);
 * - `abilities(actor, { edit: ['event.edit', { event }], … })`: several answers by name, for a view,
 *   so views never re-derive the rules.
 */
export function definePolicy<R extends Rules>(rules: R, refusals: Refusals<R> = {}) {
  function can<A extends keyof R & string>(actor: WhoOf<R>, action: A, subject: SubjectOf<R, A>): boolean {
    return (rules[action] as unknown as (a: unknown, s: unknown) => boolean)(actor, subject)
  }
  function authorize<A extends keyof R & string>(actor: WhoOf<R>, action: A, subject: SubjectOf<R, A>) {
    if (!can(actor, action, subject)) throw new ForbiddenError(action, refusals[action])
  }
  function authorizeActor<A extends keyof R & string, W extends WhoOf<R>>(
    actor: W,
    action: A,
    subject: SubjectOf<R, A>,
  ): NonNullable<W> {
    if (actor == null || !can(actor, action, subject)) throw new ForbiddenError(action, refusals[action])
    return actor
  }
  function abilities<K extends string>(actor: WhoOf<R>, asks: Record<K, Ask<R>>): Record<K, boolean> {
    const out = {} as Record<K, boolean>
    for (const key of Object.keys(asks) as K[]) {
      const [action, subject] = asks[key]
      out[key] = can(actor, action, subject as SubjectOf<R, typeof action>)
    }
    return out
  }
  return { can, authorize, authorizeActor, abilities }
}

/**
 * The member id of an actor whom a rule asking for membership has let through (the rule refuses everyone
 * without one; its type cannot tell): refused as `authorize` refuses, naming the action, for an actor without one.
 */
export function memberIdOf(actor: Actor | undefined, action: string): string {
  if (!actor?.memberId) throw new ForbiddenError(action)
  return actor.memberId
}
