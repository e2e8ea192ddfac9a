/**
 * A tiny benchmark harness: each case runs the same work through Stratum
 * and through hand-written knex, alternating, several times, and reports
 * the median of each and their ratio.
 */
import { performance } from 'node:perf_hooks'

export interface BenchCase {
  name: string
  /** Prepares the tables before each timed run (not timed). */
  setup?: () => Promise<void>
  stratum: () => Promise<unknown>
  knex: () => Promise<unknown>
}

export interface BenchResult {
  name: string
  stratumMs: number
  knexMs: number
  ratio: number
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

async function time(setup: BenchCase['setup'], work: () => Promise<unknown>): Promise<number> {
  if (setup) await setup()
  const start = performance.now()
  await work()
  return performance.now() - start
}

/** Runs one case `rounds` times per side (after one warm-up each), alternating sides. */
export async function runCase(bench: BenchCase, rounds: number): Promise<BenchResult> {
  await time(bench.setup, bench.knex)
  await time(bench.setup, bench.stratum)
  const stratum: number[] = []
  const knex: number[] = []
  for (let round = 0; round < rounds; round++) {
    // alternate which side goes first so neither always gets the warmer cache
    if (round % 2) {
      knex.push(await time(bench.setup, bench.knex))
      stratum.push(await time(bench.setup, bench.stratum))
    } else {
      stratum.push(await time(bench.setup, bench.stratum))
      knex.push(await time(bench.setup, bench.knex))
    }
  }
  const stratumMs = median(stratum)
  const knexMs = median(knex)
  return { name: bench.name, stratumMs, knexMs, ratio: stratumMs / knexMs }
}

/** Prints results as an aligned table. */
export function printTable(dialect: string, results: BenchResult[]) {
  console.log(`\n${dialect}`)
  console.log(
    `${'case'.padEnd(44)}${'stratum ms'.padStart(12)}${'knex ms'.padStart(12)}${'ratio'.padStart(8)}`
  )
  for (const result of results) {
    console.log(
      `${result.name.padEnd(44)}${result.stratumMs.toFixed(2).padStart(12)}${result.knexMs
        .toFixed(2)
        .padStart(12)}${`${result.ratio.toFixed(2)}x`.padStart(8)}`
    )
  }
}
