/**
 * The example's Japa entry: `node --import tsx examples/japa/bin/test.ts`.
 */
import { fileURLToPath } from 'node:url'
import { assert } from '@japa/assert'
import { configure, processCLIArgs, run } from '@japa/runner'
import { dbPlugin } from '../../../src/japa/main.js'
import { db } from '../start/database.js'

const root = fileURLToPath(new URL('..', import.meta.url))

processCLIArgs(process.argv.splice(2))
configure({
  cwd: root,
  files: ['tests/**/*.spec.ts'],
  plugins: [assert(), dbPlugin({ db, migrate: { cwd: root } })],
  teardown: [() => db.manager.closeAll()],
})

run()
