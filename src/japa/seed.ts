/**
 * Faker seeds of tests: one per test, derived from its title, so a failing
 * test makes the same fake data when it runs again.
 */
import type { CLIArgs } from '@japa/runner/types'

/** A stable seed (a positive 31-bit integer) for a test title (FNV-1a hash). */
export function seedFor(title: string): number {
  let hash = 0x811c9dc5
  for (let index = 0; index < title.length; index++) {
    hash ^= title.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0) % 2_147_483_647
}

/** The seed forced with `--seed=N` (Japa's CLI args first, then `process.argv`). */
export function forcedSeed(
  cliArgs: CLIArgs,
  argv: readonly string[] = process.argv
): number | undefined {
  const fromArgs = cliArgs.seed
  if (fromArgs !== undefined)
    return parseSeed(String(Array.isArray(fromArgs) ? fromArgs.at(-1) : fromArgs))
  const flag = argv.findLast((arg) => arg.startsWith('--seed='))
  return flag === undefined ? undefined : parseSeed(flag.slice('--seed='.length))
}

function parseSeed(value: string): number {
  const seed = Number(value)
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new Error(`--seed must be a non-negative integer (got "${value}")`)
  }
  return seed
}

/** The line printed when a test fails, naming its seed. */
export function seedLine(title: string, seed: number): string {
  return `[stratum] faker seed for "${title}": ${seed} (rerun with --seed=${seed})`
}
