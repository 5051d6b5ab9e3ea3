import { dateTimeFormat } from '../../platform/i18n/index.js'

/**
 * Deadlines are calendar days in Berlin: a step due on the 14th is overdue from the 15th on,
 * whatever the hour. Days travel as "YYYY-MM-DD", as the database's date columns do.
 */
export function todayOf(now: Date): string {
  // The Canadian English format is ISO's YYYY-MM-DD.
  return dateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now)
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}
