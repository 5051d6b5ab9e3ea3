import type { Settings } from '../../platform/deps.js'
import { formatDate, type Translate } from '../../platform/i18n/index.js'
import type { OrgUnit } from '../org-units/index.js'
import type { BoardReport } from './tables.js'

/** Whether XML 1.0 allows the character: not the C0 controls but tab, line feed and carriage return, nor U+FFFE/F. */
function allowedInXml(c: string) {
  const code = c.charCodeAt(0)
  return (
    (code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) && code !== 0xfffe && code !== 0xffff
  )
}

/** Text for XML content and attributes: the five characters XML reserves, and no control characters. */
function xml(text: string) {
  return Array.from(text)
    .filter(allowedInXml)
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

/**
 * A unit's reports published to the public as an Atom feed (RFC 4287), for feed readers and the unit's website:
 * title, link, the period and the board's introduction as summary, the authors as they sign the report.
 */
export function reportsFeed(
  config: Pick<Settings, 'http'>,
  t: Translate,
  unit: Pick<OrgUnit, 'id' | 'name' | 'createdAt'>,
  reports: BoardReport[],
): string {
  const base = config.http.publicUrl
  const updated = reports.reduce(
    (latest, r) => (r.publishedAt && r.publishedAt > latest ? r.publishedAt : latest),
    unit.createdAt,
  )
  const entries = reports.map((r) => {
    const period = t('reports.period', {
      from: formatDate('de', r.periodFrom),
      to: formatDate('de', r.periodTo),
    })
    const intro = r.introduction.split(/\n\s*\n/)[0]?.trim() ?? ''
    return `  <entry>
    <id>urn:uuid:${r.id}</id>
    <title>${xml(r.title)}</title>
    <link rel="alternate" type="text/html" href="${xml(`${base}/reports/${r.id}`)}"/>
    <link rel="enclosure" type="application/pdf" href="${xml(`${base}/reports/${r.id}/pdf`)}"/>
    <published>${(r.publishedAt ?? r.updatedAt).toISOString()}</published>
    <updated>${(r.publishedAt ?? r.updatedAt).toISOString()}</updated>
    <author><name>${xml(r.authors || unit.name)}</name></author>
    <summary>${xml(intro ? `${period}. ${intro}` : period)}</summary>
  </entry>`
  })
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
  <id>${xml(`${base}/units/${unit.id}/reports.atom`)}</id>
  <title>${xml(`${t('reports.title')} – ${unit.name}`)}</title>
  <link rel="self" type="application/atom+xml" href="${xml(`${base}/units/${unit.id}/reports.atom`)}"/>
  <link rel="alternate" type="text/html" href="${xml(`${base}/units/${unit.id}/reports`)}"/>
  <updated>${updated.toISOString()}</updated>
${entries.join('\n')}
</feed>
`
}
