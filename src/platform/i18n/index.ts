import { de, en, type MessageKey } from '../../messages.js'
import { TIME_ZONE } from '../time.js'

export type { MessageKey }
export const locales = ['de', 'en'] as const
export type Locale = (typeof locales)[number]
export type Params = Record<string, string | number>
export type Translate = (key: MessageKey, params?: Params) => string

/** Every message of a catalogue by its full key ("common.nav.home"), flattened once when the module loads. */
function flatten(node: unknown, prefix: string, into: Map<string, string>): Map<string, string> {
  if (typeof node === 'string') into.set(prefix, node)
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) flatten(v, prefix ? `${prefix}.${k}` : k, into)
  return into
}

const catalogues: Record<Locale, Map<string, string>> = {
  de: flatten(de, '', new Map()),
  en: flatten(en, '', new Map()),
}

/** The message of a key, or the key itself when it names no message. */
function lookup(locale: Locale, key: string): string {
  return catalogues[locale].get(key) ?? key
}

const translators = new Map<string, Translate>()

/**
 * A translator for one locale. Messages are written with the colon ("Koordinator:innen");
 * a federation that writes the asterisk or underscore sets GENDER_MARK. One translator per locale and
 * mark, made on first use (every request asks for one).
 */
export function translator(locale: Locale, genderMark: ':' | '*' | '_' = ':'): Translate {
  const id = `${locale}${genderMark}`
  let t = translators.get(id)
  if (!t) {
    t = (key, params) => {
      let text = lookup(locale, key)
      if (params)
        text = text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m))
      if (genderMark !== ':') text = text.replace(/(\p{L}):(in(nen)?)\b/gu, `$1${genderMark}$2`)
      return text
    }
    translators.set(id, t)
  }
  return t
}

export function isLocale(value: unknown): value is Locale {
  return value === 'de' || value === 'en'
}

/** Picks the first supported language of an Accept-Language header. */
export function negotiateLocale(header: string | undefined, fallback: Locale): Locale {
  if (!header) return fallback
  for (const part of header.split(',')) {
    const tag = part.split(';')[0]?.trim().slice(0, 2).toLowerCase()
    if (isLocale(tag)) return tag
  }
  return fallback
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>()
const numberFormats = new Map<string, Intl.NumberFormat>()

/**
 * A shared formatter per locale and options. Building an Intl formatter costs about a hundred times
 * more than using one, and a list page formats hundreds of dates.
 */
export function dateTimeFormat(
  locale: Locale | string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const tag = locale === 'de' ? 'de-DE' : locale === 'en' ? 'en-GB' : locale
  const key = `${tag}|${JSON.stringify(options)}`
  let format = dateTimeFormats.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(tag, options)
    dateTimeFormats.set(key, format)
  }
  return format
}

export function numberFormat(
  locale: Locale | string,
  options: Intl.NumberFormatOptions = {},
): Intl.NumberFormat {
  const tag = locale === 'de' ? 'de-DE' : locale === 'en' ? 'en-GB' : locale
  const key = `${tag}|${JSON.stringify(options)}`
  let format = numberFormats.get(key)
  if (!format) {
    format = new Intl.NumberFormat(tag, options)
    numberFormats.set(key, format)
  }
  return format
}

export function formatDate(locale: Locale, value: Date | string | null | undefined): string {
  if (!value) return ''
  const d = typeof value === 'string' ? new Date(value) : value
  return dateTimeFormat(locale, { dateStyle: 'medium', timeZone: TIME_ZONE }).format(d)
}

export function formatDateTime(locale: Locale, value: Date | string | null | undefined): string {
  if (!value) return ''
  const d = typeof value === 'string' ? new Date(value) : value
  // Written as people write it, "15.08.2026 09:00": the date and the time side by side, without the comma that
  // Intl puts between them.
  const day = dateTimeFormat(locale, { dateStyle: 'medium', timeZone: TIME_ZONE }).format(d)
  const time = dateTimeFormat(locale, { timeStyle: 'short', timeZone: TIME_ZONE }).format(d)
  return `${day} ${time}`
}

export function formatNumber(locale: Locale, value: number): string {
  return numberFormat(locale).format(value)
}
