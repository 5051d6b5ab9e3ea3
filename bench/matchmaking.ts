// Partner finder benchmark: the score of every pair of the 400 KVs of geodata/kreise.csv (inhabitants and
// area summed from gemeinden.csv, anchors from the Kreis file, invented member counts, a quarter with a seeking
// profile, the shipped election calendar, the demo's twin towns, some open and ended partnerships).
// Two measurements, each the median of ROUNDS (default 15) after two warm-up runs:
//   - all pairs, each scored once (`bestForEach`: 400 × 399 / 2 pairs, every KV's best partner), what the
//     federal office's overview computes;
//   - 400 × 400 ranked (`rankFor` for each of the 400 KVs over all 400, with the sort), the same scores
//     computed from both sides;
// and the explanation of one KV's ten suggestions (`scorePair`), what a board's page adds.
//
//   node --import tsx bench/matchmaking.ts            prints the figures
//   node --import tsx bench/matchmaking.ts --record   also appends them to bench/RESULTS.md
//
// Pure computation: no database, no server. The target (issue 21): all 400 × 400 pairs in under 200 ms.

import { appendFileSync, readFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { parse } from 'csv-parse/sync'
import { demoTwinTowns } from '../src/demo/matchmaking.js'
import { shippedElections } from '../src/domains/matchmaking/election-calendar.js'
import {
  bestForEach,
  type Candidate,
  dayNumber,
  defaultWeights,
  type HelpKind,
  helpKinds,
  pairKey,
  rankFor,
  scorePair,
} from '../src/domains/matchmaking/scoring.js'
import { twinTowns } from '../src/domains/matchmaking/service.js'
import { commitOf } from './http-bench.js'

const ROUNDS = Number(process.env.ROUNDS ?? 15)
const geodata = (file: string) =>
  parse(readFileSync(new URL(`../geodata/${file}`, import.meta.url)), { columns: true }) as Record<
    string,
    string
  >[]

// A fixed pseudo-random sequence, so every run scores the same data.
let seed = 20261204
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
  return seed / 2 ** 31
}
const pick = <T>(list: readonly T[], n: number) => [...list].sort(() => random() - 0.5).slice(0, n)

function buildCandidates(): Candidate[] {
  const byKreis = new Map<string, { population: number; area: number }>()
  for (const g of geodata('gemeinden.csv')) {
    const k = byKreis.get(g.kreis_ags!) ?? { population: 0, area: 0 }
    k.population += Number(g.population) || 0
    k.area += Number(g.area_km2) || 0
    byKreis.set(g.kreis_ags!, k)
  }
  const today = dayNumber('2026-12-04')
  const elections = shippedElections
    .map((e) => ({ stateAgs: e.stateAgs, day: dayNumber(e.heldOn), kind: e.kind, date: e.heldOn }))
    .filter((e) => e.day >= today && e.day <= today + 730)
  return geodata('kreise.csv').map((k) => {
    const figures = byKreis.get(k.ags!) ?? { population: 0, area: 0 }
    const withProfile = random() < 0.25
    return {
      id: `kv-${k.ags}`,
      name: k.name!,
      stateAgs: k.land_ags!,
      members: Math.round(figures.population * (0.0003 + random() * 0.004)),
      population: figures.population,
      areaKm2: figures.area,
      lat: Number(k.label_lat),
      lon: Number(k.label_lon),
      partnerCount: Math.floor(random() * 3),
      kreise: [k.ags!],
      profile: withProfile
        ? {
            looking: random() < 0.9,
            seeks: pick(helpKinds, 1 + Math.floor(random() * 3)) as HelpKind[],
            offers: pick(helpKinds, 1 + Math.floor(random() * 3)) as HelpKind[],
            preferredStates: random() < 0.3 ? ['12', '13', '14', '15', '16'] : [],
            maxTravelKm: random() < 0.5 ? 300 + Math.floor(random() * 500) : null,
          }
        : null,
      elections: elections.filter((e) => e.stateAgs === k.land_ags),
    }
  })
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

function time(fn: () => void) {
  fn()
  fn()
  const runs: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < ROUNDS; i++) {
    const start = process.hrtime.bigint()
    const used = process.cpuUsage()
    fn()
    const spent = process.cpuUsage(used)
    runs.push(Number(process.hrtime.bigint() - start) / 1e6)
    cpu.push((spent.user + spent.system) / 1000)
  }
  return { median: median(runs), max: Math.max(...runs), cpu: median(cpu) }
}

const candidates = buildCandidates()
const open = new Set<string>()
const ended = new Set<string>()
for (let i = 0; i < 300; i++) {
  const [a, b] = pick(candidates, 2)
  if (a && b) (i % 5 === 0 ? ended : open).add(pairKey(a.id, b.id))
}
const facts = { ended, twinTowns: twinTowns(demoTwinTowns.map(([a, b]) => ({ a, b }))) }

const once = time(() => bestForEach(candidates, facts, open, defaultWeights))
const ranked = time(() => {
  for (const a of candidates) rankFor(a, candidates, facts, open, defaultWeights, 10)
})
const self = candidates[0]!
const top = rankFor(self, candidates, facts, open, defaultWeights, 10)
const explained = time(() => {
  for (const r of top) scorePair(self, r.candidate, facts, defaultWeights)
})

const pairsOnce = (candidates.length * (candidates.length - 1)) / 2
const lines = [
  `## matchmaking (${new Date().toISOString().slice(0, 10)}, commit ${commitOf()})`,
  '',
  `node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(
      ' ',
    )}; median of ${ROUNDS} rounds after 2 warm-up runs; wall time, and the process's CPU time (which a loaded machine does not inflate).`,
  '',
  '| what | pairs | median ms | max ms | CPU ms (median) | target |',
  '|---|---|---|---|---|---|',
  `| all pairs once, every KV's best partner (\`bestForEach\`) | ${pairsOnce.toLocaleString('en')} | ${once.median.toFixed(1)} | ${once.max.toFixed(1)} | ${once.cpu.toFixed(1)} | < 200 ms |`,
  `| 400 × 400 ranked (\`rankFor\` for each KV, sorted) | ${(candidates.length ** 2).toLocaleString('en')} | ${ranked.median.toFixed(1)} | ${ranked.max.toFixed(1)} | ${ranked.cpu.toFixed(1)} | < 200 ms |`,
  `| one KV's ten suggestions explained (\`scorePair\`) | ${top.length} | ${explained.median.toFixed(2)} | ${explained.max.toFixed(2)} | ${explained.cpu.toFixed(2)} | — |`,
  '',
]
console.log(lines.join('\n'))
if (process.argv.includes('--record'))
  appendFileSync(new URL('RESULTS.md', import.meta.url), `\n${lines.join('\n')}`)
