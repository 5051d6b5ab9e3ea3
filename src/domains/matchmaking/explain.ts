import { formatDate, formatNumber, type Locale, type Translate } from '../../platform/i18n/index.js'
import type { Factor, Scored } from './scoring.js'

const decimal = (locale: Locale, v: number, digits = 1) =>
  new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(v)

/** The score as people read it: 0 to 100. */
export const percent = (v: number) => Math.round(v * 100)

/** One sentence saying why a factor has its value, with the two KVs' names. */
export function explainFactor(t: Translate, locale: Locale, f: Factor, a: string, b: string): string {
  const d = f.detail
  switch (d.kind) {
    case 'unknown':
      return t('matchmaking.detail.unknown')
    case 'ratio':
      return f.key === 'strength'
        ? t('matchmaking.detail.strength', { a, b, va: decimal(locale, d.a, 2), vb: decimal(locale, d.b, 2) })
        : t('matchmaking.detail.cityCountry', {
            a,
            b,
            va: formatNumber(locale, Math.round(d.a)),
            vb: formatNumber(locale, Math.round(d.b)),
          })
    case 'eastWest':
      return t('matchmaking.detail.eastWest', {
        a,
        b,
        sa: t(`matchmaking.sides.${d.a}`),
        sb: t(`matchmaking.sides.${d.b}`),
      })
    case 'distance':
      return t('matchmaking.detail.distance', {
        km: formatNumber(locale, Math.round(d.km)),
        max: formatNumber(locale, d.maxKm),
      })
    case 'travel':
      return t('matchmaking.detail.travel', {
        minutes: formatNumber(locale, d.minutes),
        max: formatNumber(locale, d.maxMinutes),
      })
    case 'collision':
      return t('matchmaking.detail.collision', {
        a,
        b,
        da: formatDate(locale, d.a),
        db: formatDate(locale, d.b),
      })
    case 'elections':
      if (d.a && d.b)
        return t('matchmaking.detail.electionsBoth', {
          a,
          b,
          da: formatDate(locale, d.a),
          db: formatDate(locale, d.b),
        })
      if (d.a)
        return t('matchmaking.detail.electionsOne', { who: a, other: b, date: formatDate(locale, d.a) })
      if (d.b)
        return t('matchmaking.detail.electionsOne', { who: b, other: a, date: formatDate(locale, d.b) })
      return t('matchmaking.detail.electionsNone')
    case 'twinTowns':
      return t(d.found ? 'matchmaking.detail.twinTowns' : 'matchmaking.detail.noTwinTowns')
    case 'partners':
      return t('matchmaking.detail.partners', { a, b, na: d.a, nb: d.b })
    case 'ended':
      return t(d.ended ? 'matchmaking.detail.ended' : 'matchmaking.detail.notEnded')
    case 'profile':
      return t(d.regionFits ? 'matchmaking.detail.profile' : 'matchmaking.detail.profileRegion', {
        matches: d.matches,
        wanted: d.wanted,
      })
  }
}

/**
 * The explanation kept in the history of a proposed partnership: the score, then each factor that counts
 * with its value, weight and reason, in the federation's language.
 */
export function explanationNote(t: Translate, locale: Locale, scored: Scored, a: string, b: string): string {
  const parts = scored.factors
    .filter((f) => f.weight > 0)
    .map(
      (f) =>
        `${t(`matchmaking.factors.${f.key}`)} ${decimal(locale, f.value, 2)} × ${f.weight}: ${explainFactor(t, locale, f, a, b)}`,
    )
  return `${t('matchmaking.note.intro', { score: percent(scored.score) })} ${parts.join(' · ')}`
}
