/**
 * One streaming memory measurement, run in its own process by
 * streaming_memory.ts so the peaks of different runs never mix:
 * `node --import tsx --expose-gc benchmarks/streaming_child.ts
 *   --db=pg --method=cursor [--sqlite=/tmp/file.sqlite3]`
 * Prints one JSON line (a `ChildResult`) on stdout.
 */
import { performance } from 'node:perf_hooks'
import { Database } from '../src/database/database.js'
import { Adapter } from '../src/orm/adapter.js'
import { BaseModel } from '../src/orm/base_model/base_model.js'
import { column } from '../src/orm/decorators/column.js'
import { connectionConfig, type TestDialect } from '../test/helpers/database.js'

export type StreamMethod = 'cursor' | 'chunkById' | 'fetch'

/** Memory every CHECKPOINT_ROWS rows (MB); `heapTotal` shows V8 growing its young generation. */
export interface Checkpoint {
  rows: number
  rssMb: number
  heapTotalMb: number
  heapMb: number
  liveHeapMb: number
}

export interface ChildResult {
  rows: number
  /** Sum of `points` over the rows read: proves every row went through. */
  sum: number
  seconds: number
  /** RSS after connecting and a forced GC, before the run (MB). */
  baseRssMb: number
  /** The OS high-water mark of the process (`maxRSS`, MB), startup included. */
  peakRssMb: number
  /** Highest `heapUsed` sampled during the run (MB), garbage included. */
  peakHeapMb: number
  /** Highest `heapUsed` right after a forced GC at checkpoints during the run (MB): live data. */
  liveHeapMb: number
  /** RSS and heap at each checkpoint: flat streaming levels off instead of climbing. */
  checkpoints: Checkpoint[]
}

/** Rows between two forced-GC checkpoints (only with --expose-gc). */
const CHECKPOINT_ROWS = 50_000
/** Rows between two plain samples of the heap. */
const SAMPLE_ROWS = 1000

const MB = 1024 * 1024
const gc = (globalThis as { gc?: () => void }).gc

class StreamRow extends BaseModel {
  static table = 'bench_stream_users'
  @column({ isPrimary: true }) declare id: number
  @column() declare email: string
  @column() declare name: string
  @column() declare points: number
}

/** Tracks the heap high-water marks while rows go through. */
class Meter {
  peakHeap = 0
  liveHeap = 0
  checkpoints: ChildResult['checkpoints'] = []
  private seen = 0

  sample() {
    this.peakHeap = Math.max(this.peakHeap, process.memoryUsage().heapUsed)
  }

  /** Counts `count` more rows: a sample every SAMPLE_ROWS, a checkpoint every CHECKPOINT_ROWS. */
  count(count: number) {
    const before = this.seen
    this.seen += count
    if (Math.floor(this.seen / SAMPLE_ROWS) > Math.floor(before / SAMPLE_ROWS)) this.sample()
    if (Math.floor(this.seen / CHECKPOINT_ROWS) > Math.floor(before / CHECKPOINT_ROWS)) {
      this.checkpoint()
    }
  }

  /** Samples the heap after a full GC: what the run really keeps alive at this point. */
  checkpoint() {
    const { rss, heapTotal, heapUsed } = process.memoryUsage()
    this.peakHeap = Math.max(this.peakHeap, heapUsed)
    gc?.()
    const live = gc ? process.memoryUsage().heapUsed : 0
    this.liveHeap = Math.max(this.liveHeap, live)
    this.checkpoints.push({
      rows: this.seen,
      rssMb: rss / MB,
      heapTotalMb: heapTotal / MB,
      heapMb: heapUsed / MB,
      liveHeapMb: live / MB,
    })
  }
}

async function run(method: StreamMethod, meter: Meter): Promise<{ rows: number; sum: number }> {
  let rows = 0
  let sum = 0
  if (method === 'cursor') {
    for await (const row of StreamRow.query().cursor()) {
      sum += row.points
      rows++
      meter.count(1)
    }
  } else if (method === 'chunkById') {
    await StreamRow.query().chunkById(1000, (page) => {
      for (const row of page) sum += row.points
      rows += page.length
      meter.count(page.length)
    })
  } else {
    // every model stays alive until the loop ends, which is the point of the contrast
    for (const row of await StreamRow.query()) {
      sum += row.points
      rows++
      meter.count(1)
    }
  }
  return { rows, sum }
}

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string])
)
const dialect = args.db as TestDialect
const method = args.method as StreamMethod

const db = new Database({
  connection: 'bench',
  connections: { bench: connectionConfig({ dialect, database: args.sqlite }) },
})
BaseModel.useAdapter(new Adapter(db))
try {
  // one round trip first, so the pool, the driver and the model are all warm
  await StreamRow.query().limit(1)
  gc?.()
  const meter = new Meter()
  const baseRss = process.memoryUsage.rss()
  // the loop yields to the event loop between batches; the timer catches peaks inside a fetch
  const timer = setInterval(() => meter.sample(), 5)
  const start = performance.now()
  const { rows, sum } = await run(method, meter)
  const seconds = (performance.now() - start) / 1000
  clearInterval(timer)
  meter.sample()
  const result: ChildResult = {
    rows,
    sum,
    seconds,
    baseRssMb: baseRss / MB,
    peakRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
    peakHeapMb: meter.peakHeap / MB,
    liveHeapMb: meter.liveHeap / MB,
    checkpoints: meter.checkpoints,
  }
  process.stdout.write(`${JSON.stringify(result)}\n`)
} finally {
  await db.manager.closeAll()
}
