import { relative, sep } from 'node:path'

/** Milliseconds since `start` (a `process.hrtime.bigint()` value) in Lucid's style: `320 ms`, `1.2 s`. */
export function elapsed(start: bigint): string {
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (ms < 1000) return `${Math.max(1, Math.round(ms))} ms`
  return `${(ms / 1000).toFixed(1)} s`
}

/** A path relative to the project root, with forward slashes (`app/models/user.ts`). */
export function projectPath(cwd: string, absPath: string): string {
  return relative(cwd, absPath).split(sep).join('/')
}
