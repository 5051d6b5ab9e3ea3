/**
 * The placeholders a KV's welcome e-mail may use. A text naming any other one is refused with a
 * field error, so a typo never reaches a new member as "{vornmae}".
 */
export const welcomePlaceholders = ['vorname', 'nachname', 'kv', 'termin', 'fragebogen'] as const
export type WelcomePlaceholder = (typeof welcomePlaceholders)[number]

const placeholder = /\{([^{}]*)\}/g

/** The names in braces that are not placeholders, in the order they first appear. */
export function unknownPlaceholders(text: string): string[] {
  const known = new Set<string>(welcomePlaceholders)
  const unknown = new Set<string>()
  for (const m of text.matchAll(placeholder)) if (!known.has(m[1]!)) unknown.add(m[1]!)
  return [...unknown]
}

export function fillPlaceholders(text: string, values: Record<WelcomePlaceholder, string>): string {
  return text.replace(placeholder, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name as WelcomePlaceholder] : whole,
  )
}
