import { createHash } from 'node:crypto'
import type { Locale } from '../../platform/i18n/index.js'
import type { VolunteerScope } from './tables.js'

/**
 * The consent text of the volunteer pool. A new wording gets a new version; old versions stay here,
 * so the text behind every stored consent can be shown again. The hash covers the exact words shown,
 * including the scope the member chose.
 */
const texts = {
  'volunteer-pool-2026-11': {
    de: 'Ich willige ein, dass Koordinator:innen der Gliederungen im gewählten Umfang ({scope}) meinen Vornamen, meinen Kreisverband und meine Fähigkeiten im Ehrenamtlichen-Pool finden und mich über die Plattform anfragen können. Meine E-Mail-Adresse und Telefonnummer erfahren sie erst, wenn ich eine Anfrage annehme. Jede Suche wird protokolliert. Ich kann die Einwilligung jederzeit widerrufen; ab der nächsten Anfrage erscheine ich in keiner Suche mehr.',
    en: 'I consent that coordinators of the party structures in the chosen scope ({scope}) may find my first name, my district association and my skills in the volunteer pool and contact me through the platform. They learn my e-mail address and phone number only when I accept a request. Every search is logged. I can withdraw this consent at any time; from the next request on I appear in no search.',
  },
} as const satisfies Record<string, Record<Locale, string>>

export type ConsentTextVersion = keyof typeof texts
export const CURRENT_CONSENT_VERSION: ConsentTextVersion = 'volunteer-pool-2026-11'

export function isConsentTextVersion(v: string): v is ConsentTextVersion {
  return Object.hasOwn(texts, v)
}

/** The consent text as shown, with the chosen scope's name filled in. */
export function consentText(version: ConsentTextVersion, locale: Locale, scopeLabel: string) {
  return texts[version][locale].replace('{scope}', scopeLabel)
}

export function consentTextHash(text: string) {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/** Scope labels are part of the consent text, so they live here rather than in the message catalogue. */
export const scopeLabels: Record<Locale, Record<VolunteerScope, string>> = {
  de: {
    own_kv: 'nur mein Kreisverband',
    partners: 'mein Kreisverband und seine Partnerverbände',
    state: 'mein Landesverband mit allen Kreisverbänden und meine Partnerverbände',
    party: 'die ganze Partei',
  },
  en: {
    own_kv: 'only my district association',
    partners: 'my district association and its partners',
    state: 'my state with all its districts, and my partners',
    party: 'the whole party',
  },
}
