// Board report benchmark (issue "half-year board report"): on the generated party (bench/generate-party.ts, 150,000
// members, 50,000 events, … in a fresh PostgreSQL database), the board of the district with the most members starts
// a report for the last half-year (`startReport`: every section's figures counted, rows written, audit row), the
// draft is read as its editor does (`viewReport`: live figures again), and the report is rendered as PDF, padded
// to six pages with board text.
//
//   node --import tsx bench/board-report.ts                 the full party
//   node --import tsx bench/board-report.ts --scale 0.1     a tenth of every count (quick run)
//
// DATABASE_URL (default postgres://root@127.0.0.1:5432/test) is only the admin connection. Goals: drafting under
// 300 ms, the PDF of a six-page report under 1 s. Prints the figures; nothing is recorded in the test suite.

import { loadavg } from 'node:os'
import pg from 'pg'
import { findUnit } from '../src/domains/org-units/index.js'
import { reportDocument } from '../src/domains/reports/print.js'
import { startReport, viewReport } from '../src/domains/reports/service.js'
import { wrapPool } from '../src/platform/db/client.js'
import type { AppDeps } from '../src/platform/deps.js'
import { translator } from '../src/platform/i18n/index.js'
import { createMailTransport } from '../src/platform/mail/mailer.js'
import { renderPdf } from '../src/platform/pdf/document.js'
import { freshDatabase, generateParty, sizesFromArgs } from './generate-party.js'

const ROUNDS = 7

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const fmt = (ms: number) => `${ms.toFixed(0)} ms`

async function main() {
  const fresh = await freshDatabase(
    process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test',
    'bs_bench_report',
  )
  const pool = new pg.Pool({ connectionString: fresh.url, max: 10 })
  const database = wrapPool(pool)
  try {
    await database.migrate()
    const party = await generateParty(pool, sizesFromArgs(process.argv.slice(2)))
    console.log(`party generated in ${party.seconds.toFixed(1)} s`, party.sizes)
    const { rows } = await pool.query<{ id: string; n: number }>(
      `select home_unit_id as id, count(*)::int as n from members group by 1 order by 2 desc limit 1`,
    )
    const unit = (await findUnit(database.db, rows[0]!.id))!
    const [user] = (
      await pool.query<{ id: string }>(
        `insert into users (email, password_hash, display_name) values ($1, 'x', 'Bench Board') returning id`,
        [`bench-board-${Date.now()}@example.org`],
      )
    ).rows
    const actor = {
      userId: user!.id,
      sessionId: 'bench',
      email: 'bench-board@example.org',
      displayName: 'Bench Board',
      memberId: null,
      homeUnitId: null,
      grants: [{ role: 'board' as const, unitId: unit.id, unitPath: unit.path }],
    }
    const deps: AppDeps = {
      database,
      mailer: createMailTransport({ from: 'bench@example.org' }),
      secret: 'bench-secret-bench-secret-bench-secret-0123',
      now: () => new Date(),
    }

    const drafting: number[] = []
    const reading: number[] = []
    let reportId = ''
    for (let i = 0; i < ROUNDS; i++) {
      let started = performance.now()
      const report = await startReport(deps, actor, unit.id, {})
      drafting.push(performance.now() - started)
      started = performance.now()
      await viewReport(deps, actor, report.id)
      reading.push(performance.now() - started)
      reportId = report.id
    }

    // Six pages: the board's texts, as long as a real report's, in every section.
    const paragraph =
      'Der Kreisvorstand hat im vergangenen Halbjahr gemeinsam mit vielen Helfer:innen Verteilaktionen koordiniert, Infostände organisiert und neue Mitglieder willkommen geheißen. '.repeat(
        6,
      )
    const view = await viewReport(deps, actor, reportId)
    const long = {
      ...view,
      report: {
        ...view.report,
        introduction: `${paragraph}\n\n${paragraph}`,
        outlook: `${paragraph}\n\n${paragraph}`,
      },
      sections: view.sections.map((s) => ({ ...s, body: [paragraph, paragraph, paragraph].join('\n\n') })),
    }
    const ctx = { t: translator('de'), locale: 'de' as const }
    const pdfTimes: number[] = []
    let bytes = 0
    let pages = 0
    for (let i = 0; i < ROUNDS; i++) {
      const started = performance.now()
      const pdf = await renderPdf(reportDocument(ctx, long), new Date())
      pdfTimes.push(performance.now() - started)
      bytes = pdf.length
      pages = (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length
    }
    console.log(
      [
        `unit: ${unit.name} (${rows[0]!.n} members); load ${loadavg()[0]!.toFixed(2)}, node ${process.version}`,
        `startReport (count every section, write, audit): median ${fmt(median(drafting))}, best ${fmt(Math.min(...drafting))} (goal < 300 ms)`,
        `viewReport of the draft (live figures): median ${fmt(median(reading))}, best ${fmt(Math.min(...reading))}`,
        `PDF of ${pages} pages, ${Math.round(bytes / 1024)} KiB: median ${fmt(median(pdfTimes))}, best ${fmt(Math.min(...pdfTimes))} (goal < 1 s)`,
      ].join('\n'),
    )
  } finally {
    await pool.end()
    await fresh?.drop()
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
