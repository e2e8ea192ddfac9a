#!/usr/bin/env node
/**
 * The `stratum` command. The migration, seeder and make:* commands arrive
 * with the CLI work; for now it answers --version and --help.
 */
import { existsSync, readFileSync } from 'node:fs'

// build/bin/stratum.js when installed, bin/stratum.ts when run from source
const pkgUrl = [
  new URL('../../package.json', import.meta.url),
  new URL('../package.json', import.meta.url),
].find((url) => existsSync(url))!
const pkg = JSON.parse(readFileSync(pkgUrl, 'utf8')) as { version: string }
const [command] = process.argv.slice(2)

if (command === '--version' || command === '-v') {
  console.log(pkg.version)
} else {
  console.log(
    `stratum ${pkg.version}\n\nUsage: stratum <command>\n\nNo commands are available yet.`
  )
  if (command && command !== '--help' && command !== '-h') {
    console.error(`Unknown command "${command}"`)
    process.exitCode = 1
  }
}
