/**
 * Streaming memory benchmark: peak memory of `cursor()` and `chunkById(1000)`
 * over 100,000 and 1,000,000 rows (and of a plain full fetch over 100,000 rows,
 * for contrast), each in its own process. Streaming is flat when the live heap
 * of 1M rows matches 100k and RSS stops growing: V8 grows its young generation
 * over the first ~300k rows, so raw peaks level off rather than match exactly.
 *
 * `node --import tsx benchmarks/streaming_memory.ts [--db=sqlite|pg|mysql]`, or
 * `npm run bench -- --db=pg --streaming` after the timing cases. Prints a table
 * and writes benchmarks/results/<dialect>-streaming.json.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Knex } from 'knex'
import { Database } from '../src/database/database.js'
import { connectionConfig, type TestDialect } from '../test/helpers/database.js'
import { ensureTestDatabase } from '../test/helpers/ensure_database.js'
import type { ChildResult, StreamMethod } from './streaming_child.js'

const TABLE = 'bench_stream_users'
const SMALL = 100_000
const LARGE = 1_000_000

export interface StreamingResult extends ChildResult {
  dialect: TestDialect
  method: StreamMethod
}

const root = fileURLToPath(new URL('..', import.meta.url))
const childScript = fileURLToPath(new URL('./streaming_child.ts', import.meta.url))

/** 0..9 as a derived table: six cross joined make 0..999,999 on every dialect. */
const digits = Array.from({ length: 10 }, (_, d) => `select ${d} as d`).join(' union all ')

/**
 * Adds rows `from..to` (points = row number) in one `insert ... select`. A cross
 * join of digits rather than a recursive CTE: MariaDB stops recursion at 1,000
 * iterations by default (`max_recursive_iterations`).
 */
async function fill(knex: Knex, from: number, to: number) {
  const sequence = [0, 1, 2, 3, 4, 5].map((power) => `d${power}.d * ${10 ** power}`).join(' + ')
  const joins = [0, 1, 2, 3, 4, 5].map((power) => `(${digits}) d${power}`).join(' cross join ')
  await knex.raw(
    `insert into ${TABLE} (email, name, points)
     select concat('user', n, '@example.com'), concat('User number ', n), n
     from (select ${sequence} + 1 as n from ${joins}) seq
     where n between ? and ?`,
    [from, to]
  )
}

/** Recreates `bench_stream_users` empty. */
async function resetTable(knex: Knex) {
  await knex.schema.dropTableIfExists(TABLE)
  await knex.schema.createTable(TABLE, (t) => {
    t.increments('id')
    t.string('email')
    t.string('name')
    t.integer('points')
  })
}

/** Runs one measurement in a fresh `node --expose-gc` process and reads its JSON line. */
function measure(dialect: TestDialect, method: StreamMethod, rows: number, sqlite: string) {
  const args = ['--import', 'tsx', '--expose-gc', childScript, `--db=${dialect}`]
  args.push(`--method=${method}`)
  if (dialect === 'sqlite') args.push(`--sqlite=${sqlite}`)
  return new Promise<StreamingResult>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
    let output = ''
    child.stdout.on('data', (data: Buffer) => (output += data.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      const line = output.trim().split('\n').pop() ?? ''
      if (code !== 0 || !line.startsWith('{')) {
        reject(new Error(`${method} over ${rows} rows on ${dialect} failed (exit ${code})`))
        return
      }
      const result = JSON.parse(line) as ChildResult
      // every row must have gone through the loop, or the figures mean nothing
      if (result.rows !== rows || result.sum !== (rows * (rows + 1)) / 2) {
        reject(new Error(`${method} on ${dialect} read ${result.rows} of ${rows} rows`))
        return
      }
      resolve({ dialect, method, ...result })
    })
  })
}

const mb = (value: number) => value.toFixed(1).padStart(10)
const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(1)}`

/** RSS growth over the second half of the run: about zero once memory has levelled off. */
function secondHalfGrowth(result: ChildResult): number {
  const { checkpoints } = result
  const half = checkpoints.find((point) => point.rows >= result.rows / 2)
  const last = checkpoints[checkpoints.length - 1]
  return half && last ? last.rssMb - half.rssMb : 0
}

/**
 * The most heap V8 had reserved at a checkpoint: it grows its young generation
 * during the first few hundred thousand rows, which is most of the RSS a longer
 * run adds over a short one before both level off.
 */
function heapReserved(result: ChildResult): number {
  return Math.max(0, ...result.checkpoints.map((point) => point.heapTotalMb))
}

/** Prints the results as an aligned table, then how much 1M rows add over 100k. */
export function printStreamingTable(dialect: string, results: StreamingResult[]) {
  console.log(`\n${dialect} streaming memory`)
  const head = ['base RSS', 'peak RSS', 'peak heap', 'live heap', 'RSS 2nd ½', 'seconds']
  console.log(
    `${'method'.padEnd(11)}${'rows'.padStart(10)}${head.map((h) => h.padStart(10)).join('')}`
  )
  for (const r of results) {
    console.log(
      `${r.method.padEnd(11)}${r.rows.toLocaleString('en-US').padStart(10)}${mb(r.baseRssMb)}` +
        `${mb(r.peakRssMb)}${mb(r.peakHeapMb)}${mb(r.liveHeapMb)}` +
        `${signed(secondHalfGrowth(r)).padStart(10)}${r.seconds.toFixed(2).padStart(10)}`
    )
  }
  console.log(
    'MB. base: RSS before the run; peak RSS: process maxRSS; live heap: heapUsed after a\n' +
      'forced GC every 50,000 rows; RSS 2nd ½: RSS growth over the second half of the rows.'
  )
  for (const method of ['cursor', 'chunkById'] as const) {
    const small = results.find((r) => r.method === method && r.rows === SMALL)
    const large = results.find((r) => r.method === method && r.rows === LARGE)
    if (!small || !large) continue
    const delta = (value: (result: ChildResult) => number) =>
      `${signed(value(large) - value(small))} MB`
    console.log(
      `${method}: 1,000,000 rows vs 100,000: peak RSS ${delta((r) => r.peakRssMb)} ` +
        `(V8 heap reserved ${delta(heapReserved)}), peak heap ${delta((r) => r.peakHeapMb)}, ` +
        `live heap ${delta((r) => r.liveHeapMb)}`
    )
  }
}

/** Fills the table, measures every (method, row count) in its own process, prints and saves. */
export async function runStreamingMemory(dialect: TestDialect): Promise<StreamingResult[]> {
  await ensureTestDatabase(dialect)
  const sqlite = join(tmpdir(), `stratum-bench-stream-${process.pid}.sqlite3`)
  const db = new Database({
    connection: 'bench',
    connections: {
      bench: connectionConfig({ dialect, database: dialect === 'sqlite' ? sqlite : undefined }),
    },
  })
  const knex = db.connection().getWriteClient()
  const results: StreamingResult[] = []
  try {
    let start = performance.now()
    await resetTable(knex)
    await fill(knex, 1, SMALL)
    const fillSmall = (performance.now() - start) / 1000
    for (const method of ['fetch', 'cursor', 'chunkById'] as const) {
      results.push(await measure(dialect, method, SMALL, sqlite))
    }
    start = performance.now()
    await fill(knex, SMALL + 1, LARGE)
    const fillLarge = (performance.now() - start) / 1000
    for (const method of ['cursor', 'chunkById'] as const) {
      results.push(await measure(dialect, method, LARGE, sqlite))
    }
    printStreamingTable(dialect, results)
    console.log(
      `filled ${SMALL} rows in ${fillSmall.toFixed(1)} s, ${LARGE} in +${fillLarge.toFixed(1)} s`
    )
    mkdirSync('benchmarks/results', { recursive: true })
    writeFileSync(
      `benchmarks/results/${dialect}-streaming.json`,
      JSON.stringify(
        { dialect, fillSeconds: { [SMALL]: fillSmall, [LARGE]: fillLarge }, results },
        null,
        2
      )
    )
    return results
  } finally {
    await knex.schema.dropTableIfExists(TABLE)
    await db.manager.closeAll()
    rmSync(sqlite, { force: true })
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const db = process.argv.find((arg) => arg.startsWith('--db='))?.slice(5)
  await runStreamingMemory((db ?? process.env.DB ?? 'sqlite') as TestDialect)
}
