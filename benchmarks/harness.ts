/**
 * A tiny benchmark harness: each case runs the same work through Stratum
 * and through hand-written knex, alternating, several times, and reports
 * the median of each and their ratio.
 */
import { PerformanceObserver, performance } from 'node:perf_hooks'

export type Side = 'stratum' | 'knex'

export interface BenchCase {
  name: string
  /**
   * Prepares the tables before each timed run (not timed), through the
   * connection of the side about to run: a server reads a table faster on
   * the connection that has just written it, which would favour one side.
   */
  setup?: (side: Side) => Promise<void>
  stratum: () => Promise<unknown>
  knex: () => Promise<unknown>
}

export interface BenchResult {
  name: string
  /** Timed runs per side. */
  rounds: number
  stratumMs: number
  knexMs: number
  ratio: number
  /** Median time spent in garbage collection during a run, per side. */
  stratumGcMs: number
  knexGcMs: number
}

/** Garbage collection pauses, summed, so each run can report its own share. */
let gcTotal = 0
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcTotal += entry.duration
})
gcObserver.observe({ entryTypes: ['gc'] })

/** GC time so far: node queues gc entries after the pause, so they are read a tick later. */
async function gcSoFar(): Promise<number> {
  await new Promise((resolve) => setImmediate(resolve))
  for (const entry of gcObserver.takeRecords()) gcTotal += entry.duration
  return gcTotal
}

/** Stops observing GC, so the process can exit. */
export function stopGcObserver() {
  gcObserver.disconnect()
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

interface Timing {
  ms: number
  gcMs: number
}

async function time(bench: BenchCase, side: Side): Promise<Timing> {
  if (bench.setup) await bench.setup(side)
  const work = bench[side]
  const gcBefore = await gcSoFar()
  const start = performance.now()
  await work()
  const ms = performance.now() - start
  return { ms, gcMs: (await gcSoFar()) - gcBefore }
}

/** Cases whose warm-up takes less than this get `FAST_FACTOR` times the rounds. */
const FAST_CASE_MS = 250
const FAST_FACTOR = 3

/**
 * Runs one case `rounds` times per side (after one warm-up each),
 * alternating sides. Fast cases run three times as many rounds: a median of
 * runs of a few milliseconds moves with every GC pause and timer tick.
 */
export async function runCase(bench: BenchCase, rounds: number): Promise<BenchResult> {
  const warmKnex = await time(bench, 'knex')
  const warmStratum = await time(bench, 'stratum')
  const fast = Math.max(warmKnex.ms, warmStratum.ms) < FAST_CASE_MS
  const total = fast ? rounds * FAST_FACTOR : rounds
  const stratum: Timing[] = []
  const knex: Timing[] = []
  for (let round = 0; round < total; round++) {
    // alternate which side goes first so neither always gets the warmer cache
    if (round % 2) {
      knex.push(await time(bench, 'knex'))
      stratum.push(await time(bench, 'stratum'))
    } else {
      stratum.push(await time(bench, 'stratum'))
      knex.push(await time(bench, 'knex'))
    }
  }
  const stratumMs = median(stratum.map((run) => run.ms))
  const knexMs = median(knex.map((run) => run.ms))
  return {
    name: bench.name,
    rounds: total,
    stratumMs,
    knexMs,
    ratio: stratumMs / knexMs,
    stratumGcMs: median(stratum.map((run) => run.gcMs)),
    knexGcMs: median(knex.map((run) => run.gcMs)),
  }
}

/** Prints results as an aligned table. */
export function printTable(dialect: string, results: BenchResult[]) {
  console.log(`\n${dialect}`)
  console.log(
    `${'case'.padEnd(50)}${'stratum ms'.padStart(12)}${'knex ms'.padStart(10)}${'ratio'.padStart(8)}` +
      `${'gc ms (stratum/knex)'.padStart(22)}`
  )
  for (const result of results) {
    const gc = `${result.stratumGcMs.toFixed(1)} / ${result.knexGcMs.toFixed(1)}`
    console.log(
      `${result.name.padEnd(50)}${result.stratumMs.toFixed(2).padStart(12)}` +
        `${result.knexMs.toFixed(2).padStart(10)}${`${result.ratio.toFixed(2)}x`.padStart(8)}${gc.padStart(22)}`
    )
  }
}
