import type { Actor } from './actor.js'

type Rule = (actor: Actor | undefined, subject: never) => boolean

/**
 * A domain's rules as one typed `can(actor, action, subject)`: each action names the subject its rule
 * takes, so a call with the wrong subject is a type error. Rules are pure and read no database.
 */
export function definePolicy<R extends Record<string, Rule>>(rules: R) {
  return function can<A extends keyof R & string>(
    actor: Actor | undefined,
    action: A,
    subject: Parameters<R[A]>[1],
  ): boolean {
    return (rules[action] as unknown as (a: Actor | undefined, s: unknown) => boolean)(actor, subject)
  }
}
