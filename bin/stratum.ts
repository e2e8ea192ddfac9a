#!/usr/bin/env node
/**
 * The `stratum` command (Lucid's `node ace` database commands, standalone).
 * Registers tsx so `stratum.config.ts`, migrations and seeders written in
 * TypeScript load as they are, then hands argv to the ace kernel.
 */
import { register } from 'tsx/esm/api'
import { stratumVersion } from '../commands/helpers/version.js'

// Plain, colourless output under NO_COLOR (supports-color reads FORCE_COLOR only)
if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0'

// `stratum list | head`: a closed pipe ends the output, not in an EPIPE stack
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error
  process.exit(process.exitCode ?? 0)
})

const argv = process.argv.slice(2)

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  // answered without loading tsx and the commands
  console.log(stratumVersion())
} else {
  register()
  const { createKernel, normalizeArgv } = await import('../commands/kernel.js')
  const kernel = createKernel()
  await kernel.handle(normalizeArgv(argv))
  process.exitCode = kernel.exitCode ?? 0
}
