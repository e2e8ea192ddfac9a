#!/usr/bin/env node
/**
 * The `stratum` command (Lucid's `node ace` database commands, standalone).
 * Registers tsx so `stratum.config.ts`, migrations and seeders written in
 * TypeScript load as they are, then hands argv to the ace kernel.
 */
import { existsSync, readFileSync } from 'node:fs'
import { register } from 'tsx/esm/api'

// Plain, colourless output under NO_COLOR (supports-color reads FORCE_COLOR only)
if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0'

const argv = process.argv.slice(2)

if (argv[0] === '--version' || argv[0] === '-v') {
  // build/bin/stratum.js when installed, bin/stratum.ts when run from source
  const pkgUrl = [
    new URL('../../package.json', import.meta.url),
    new URL('../package.json', import.meta.url),
  ].find((url) => existsSync(url))!
  console.log((JSON.parse(readFileSync(pkgUrl, 'utf8')) as { version: string }).version)
} else {
  register()
  const { createKernel, normalizeArgv } = await import('../commands/kernel.js')
  const kernel = createKernel()
  await kernel.handle(normalizeArgv(argv))
  process.exitCode = kernel.exitCode ?? 0
}
