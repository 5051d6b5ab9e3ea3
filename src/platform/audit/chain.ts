import { createHash } from 'node:crypto'
import { desc, sql } from 'drizzle-orm'
import { queryRows } from '../db/query.js'
import type { Db, DbOrTx } from '../db/types.js'
import { auditChecks, auditSeals } from './tables.js'

/*
 * The audit trail's hash chain (SECURITY-GOALS L-4).
 *
 * recordAudit only inserts, as cheaply as before: writers never wait for one another to extend a chain.
 * A job seals the rows afterwards, in the order of their sequence number (audit_events.id):
 *
 *   hash(row) = sha256(hash of the previously sealed row ‖ "\n" ‖ canonical(row)), the first after GENESIS
 *
 * and appends one link per row to audit_seals. The chain runs over the rows that exist, in order, not over
 * consecutive numbers, so a number taken by a transaction that rolled back leaves a harmless gap.
 *
 * A sequence number is taken when the row is inserted, not when it commits: a long transaction may commit
 * row 7 after row 8 is committed. Sealing 8 first would leave 7 below the sealed head, where verification
 * must call any unsealed row an insertion. So before sealing up to the highest committed number M, sealing
 * waits until every transaction that was running when M was read has ended (as CREATE INDEX CONCURRENTLY
 * waits for older transactions, through their virtual transaction ids in pg_locks). Any row with a number
 * up to M was inserted before that moment, so its transaction has then committed or rolled back for good;
 * transactions that start later draw numbers above M. When one of them is still running after `waitMs`,
 * this run seals nothing and the next one tries again.
 *
 * A superuser can still rewrite rows and recompute every link after them; the chain makes that visible
 * only against a head hash kept elsewhere. Sealing logs its head, so logs shipped off the host anchor it.
 */

export const GENESIS = '0'.repeat(64)

/** Sealing and verifying read in batches of this many rows. */
const BATCH = 1000
/** One sealing run seals at most this many rows, so a backlog never holds the embedded database for long. */
const MAX_ROWS_PER_RUN = 20_000
/** Any constant shared by all processes; it only has to differ from other advisory locks of the database. */
const SEAL_LOCK = 0x61756469_74 // 'audit'

/**
 * Every column of an audit row as text, in a fixed order: the canonical form the chain hashes. Timestamps
 * in UTC with microseconds, jsonb in PostgreSQL's own normalised text. Verifiers outside the application
 * can reproduce it with the same query. A new column must be appended here and in canonical() below.
 */
const canonicalColumns = sql.raw(
  `e.id::text as seq, to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at,
   e.actor_user_id::text as actor_user_id, e.acting_role, e.unit_id::text as unit_id, e.action,
   e.object_type, e.object_id, e.data::text as data, e.request_id`,
)

type CanonicalRow = {
  seq: string
  at: string
  actor_user_id: string | null
  acting_role: string | null
  unit_id: string | null
  action: string
  object_type: string
  object_id: string | null
  data: string
  request_id: string | null
}

function canonical(r: CanonicalRow) {
  return JSON.stringify([
    r.seq,
    r.at,
    r.actor_user_id,
    r.acting_role,
    r.unit_id,
    r.action,
    r.object_type,
    r.object_id,
    r.data,
    r.request_id,
  ])
}

/** The link of one row: its hash given the hash of the row sealed before it. */
export function chainHash(previous: string, row: CanonicalRow) {
  return createHash('sha256').update(previous).update('\n').update(canonical(row)).digest('hex')
}

async function rowsBetween(db: DbOrTx, after: number, upTo: number, limit: number) {
  return queryRows<CanonicalRow>(
    db,
    sql`select ${canonicalColumns} from audit_events e
        where e.id > ${after} and e.id <= ${upTo} order by e.id limit ${limit}`,
  )
}

async function sealsBetween(db: DbOrTx, after: number, upTo: number, limit: number) {
  const rows = await queryRows<{ seq: string; hash: string }>(
    db,
    sql`select s.seq::text as seq, s.hash from audit_seals s
        where s.seq > ${after} and s.seq <= ${upTo} order by s.seq limit ${limit}`,
  )
  return rows.map((r) => ({ seq: Number(r.seq), hash: r.hash }))
}

async function sealedHead(db: DbOrTx) {
  const [head] = await queryRows<{ seq: string; hash: string; sealed_ms: number }>(
    db,
    sql`select s.seq::text as seq, s.hash, (extract(epoch from s.sealed_at) * 1000)::float8 as sealed_ms
        from audit_seals s order by s.seq desc limit 1`,
  )
  return head ? { seq: Number(head.seq), hash: head.hash, sealedAt: new Date(head.sealed_ms) } : undefined
}

/**
 * Virtual transaction ids of the other client transactions in this database that may hold an uncommitted
 * audit row. Autovacuum and other background processes write none. A transaction that sits idle without a
 * transaction id has written nothing, and what it inserts later gets a higher number. The activity view is
 * read once per transaction (PostgreSQL keeps a snapshot of it), so only pg_locks is polled afterwards.
 */
async function runningTransactions(db: DbOrTx) {
  const rows = await queryRows<{ vxid: string }>(
    db,
    sql`select l.virtualxid as vxid from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where l.locktype = 'virtualxid' and a.pid <> pg_backend_pid() and a.datname = current_database()
          and a.backend_type = 'client backend'
          and not (a.state = 'idle in transaction' and a.backend_xid is null)`,
  )
  return rows.map((r) => r.vxid)
}

async function stillRunning(db: DbOrTx, vxids: string[]) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from pg_locks
        where locktype = 'virtualxid' and virtualxid = any(string_to_array(${vxids.join(',')}, ','))`,
  )
  return row?.n ?? 0
}

/** Waits until none of these transactions runs any more, or `waitMs` passed; answers how many still run. */
async function waitForTransactions(db: DbOrTx, vxids: string[], waitMs: number) {
  const deadline = Date.now() + waitMs
  let pause = 10
  for (;;) {
    const running = vxids.length === 0 ? 0 : await stillRunning(db, vxids)
    if (running === 0 || Date.now() >= deadline) return running
    await new Promise((r) => setTimeout(r, Math.min(pause, Math.max(0, deadline - Date.now()))))
    pause = Math.min(pause * 2, 200)
  }
}

export type SealResult =
  /** Rows sealed in this run, and the sealed head afterwards. */
  | { status: 'sealed'; sealed: number; head: { seq: number; hash: string } | null }
  /** Another process is sealing right now. */
  | { status: 'busy' }
  /** A transaction that may hold an unsealed number was still running; nothing was sealed. */
  | { status: 'waiting'; transactions: number }

/**
 * Extends the hash chain over the audit rows not sealed yet, in sequence order. Idempotent, and safe to run
 * in several processes at once: one transaction-scoped advisory lock lets one run seal, the others return
 * 'busy'. Takes a Db, not a transaction: the wait for older transactions must see their commits.
 */
export async function sealAuditTrail(db: Db, opts: { waitMs?: number } = {}): Promise<SealResult> {
  return db.transaction(
    async (tx) => {
      const [lock] = await queryRows<{ ok: boolean }>(
        tx,
        sql`select pg_try_advisory_xact_lock(${SEAL_LOCK}::bigint) as ok`,
      )
      if (!lock?.ok) return { status: 'busy' } as const
      const head = await sealedHead(tx)
      const [top] = await queryRows<{ max: string | null }>(
        tx,
        sql`select max(id)::text as max from audit_events`,
      )
      const after = head?.seq ?? 0
      const upTo = Number(top?.max ?? 0)
      const unchanged = {
        status: 'sealed',
        sealed: 0,
        head: head ? { seq: head.seq, hash: head.hash } : null,
      } as const
      if (upTo <= after) return unchanged
      const running = await waitForTransactions(tx, await runningTransactions(tx), opts.waitMs ?? 10_000)
      if (running > 0) return { status: 'waiting', transactions: running } as const

      let previous = head?.hash ?? GENESIS
      let last = after
      let sealed = 0
      while (sealed < MAX_ROWS_PER_RUN) {
        const rows = await rowsBetween(tx, last, upTo, Math.min(BATCH, MAX_ROWS_PER_RUN - sealed))
        if (rows.length === 0) break
        const links = rows.map((row) => {
          previous = chainHash(previous, row)
          return { seq: Number(row.seq), hash: previous }
        })
        await tx.insert(auditSeals).values(links)
        last = links[links.length - 1]!.seq
        sealed += links.length
      }
      return {
        status: 'sealed',
        sealed,
        head: sealed > 0 ? { seq: last, hash: previous } : unchanged.head,
      } as const
    },
    // Each statement must see what committed before it: the wait above relies on it.
    { isolationLevel: 'read committed' },
  )
}

export type BreakReason = 'mismatch' | 'missing_row' | 'unsealed_row'

export type Verification = {
  /** Sealed rows recomputed. */
  rows: number
  /** The sealed head the check ran to; null while nothing is sealed. */
  upTo: number | null
  head: string | null
} & ({ ok: true } | { ok: false; brokenAt: number; reason: BreakReason })

/**
 * Recomputes the chain over every sealed row and names the first sequence number where it breaks:
 * a row whose content no longer gives its link (edited, or its link edited), a link without its row
 * (deleted), or a row inside the sealed range without a link (inserted afterwards). Links cut off the
 * end of the chain are found against the furthest point an earlier check reached (audit_checks).
 * Rows above the sealed head are not judged yet. Runs statement by statement, not in one long
 * transaction, so sealing does not have to wait for it.
 */
export async function verifyAuditTrail(db: DbOrTx): Promise<Verification> {
  const head = await sealedHead(db)
  const walked = head ? await walkChain(db, head) : ({ ok: true, rows: 0, upTo: null, head: null } as const)
  if (!walked.ok) return walked
  const [earlier] = await queryRows<{ reached: string | null }>(
    db,
    sql`select max(checked_up_to)::text as reached from audit_checks`,
  )
  const reached = Number(earlier?.reached ?? 0)
  if (reached <= (walked.upTo ?? 0)) return walked
  const [cut] = await queryRows<{ seq: string }>(
    db,
    sql`select min(id)::text as seq from audit_events where id > ${walked.upTo ?? 0} and id <= ${reached} having count(*) > 0`,
  )
  return cut
    ? { ...walked, ok: false, brokenAt: Number(cut.seq), reason: 'unsealed_row' }
    : { ...walked, ok: false, brokenAt: reached, reason: 'missing_row' }
}

async function walkChain(db: DbOrTx, head: { seq: number; hash: string }): Promise<Verification> {
  const base = { upTo: head.seq, head: head.hash }
  let previous = GENESIS
  let after = 0
  let checked = 0
  for (;;) {
    const [rows, seals] = await Promise.all([
      rowsBetween(db, after, head.seq, BATCH),
      sealsBetween(db, after, head.seq, BATCH),
    ])
    if (rows.length === 0 && seals.length === 0) return { ok: true, rows: checked, ...base }
    // Both lists are complete up to the smaller of their last numbers; the rest comes again next round.
    const until = Math.min(
      rows.length === BATCH ? Number(rows[rows.length - 1]!.seq) : head.seq,
      seals.length === BATCH ? seals[seals.length - 1]!.seq : head.seq,
    )
    let r = 0
    let s = 0
    for (;;) {
      const row = rows[r] && Number(rows[r]!.seq) <= until ? rows[r] : undefined
      const seal = seals[s] && seals[s]!.seq <= until ? seals[s] : undefined
      if (!row && !seal) break
      const rowSeq = row ? Number(row.seq) : Number.POSITIVE_INFINITY
      const sealSeq = seal ? seal.seq : Number.POSITIVE_INFINITY
      if (rowSeq < sealSeq)
        return { ok: false, rows: checked, brokenAt: rowSeq, reason: 'unsealed_row', ...base }
      if (sealSeq < rowSeq)
        return { ok: false, rows: checked, brokenAt: sealSeq, reason: 'missing_row', ...base }
      previous = chainHash(previous, row!)
      if (previous !== seal!.hash)
        return { ok: false, rows: checked, brokenAt: rowSeq, reason: 'mismatch', ...base }
      checked++
      r++
      s++
    }
    after = until
  }
}

/** Appends the outcome of a verification to audit_checks: for the admin page, and as a record of testing. */
export async function recordAuditCheck(db: DbOrTx, result: Verification) {
  await db.insert(auditChecks).values({
    checkedUpTo: result.upTo,
    rows: result.rows,
    brokenAt: result.ok ? null : result.brokenAt,
    reason: result.ok ? null : result.reason,
  })
}

/** Verifies the chain and records the outcome. */
export async function checkAuditTrail(db: Db): Promise<Verification> {
  const result = await verifyAuditTrail(db)
  await recordAuditCheck(db, result)
  return result
}

/** What the admin page shows: how far the chain is sealed, how many rows wait, and the latest check. */
export async function auditTrailState(db: DbOrTx) {
  const head = await sealedHead(db)
  const [pending] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from audit_events where id > ${head?.seq ?? 0}`,
  )
  const [check] = await db.select().from(auditChecks).orderBy(desc(auditChecks.id)).limit(1)
  return { sealed: head ?? null, pending: pending?.n ?? 0, lastCheck: check ?? null }
}

export type AuditTrailState = Awaited<ReturnType<typeof auditTrailState>>
