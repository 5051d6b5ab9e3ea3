import type { Actor } from '../auth/actor.js'
import type { Locale, MessageKey, Translate } from '../i18n/index.js'
import type { UnitKind } from '../units.js'

export type Flash = { kind: 'success' | 'error' | 'info'; key: MessageKey }

/** What every page needs to know about the request it answers. Views receive it; they never read the request. */
export type ViewContext = {
  t: Translate
  locale: Locale
  actor: Actor | undefined
  path: string
  csrfToken: () => string
  flash: Flash | undefined
  levelNames: Readonly<Record<UnitKind, string>>
  nav: { admin: boolean; outbox: boolean }
  assetUrl: (file: string) => string
}
