import { existsSync, readFileSync } from 'node:fs'

/**
 * Stratum's version, from its package.json: two folders up from
 * commands/helpers/ in the sources and from build/bin/ in the bundled CLI.
 */
export function stratumVersion(): string {
  const url = new URL('../../package.json', import.meta.url)
  if (!existsSync(url)) return 'unknown'
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version
}
