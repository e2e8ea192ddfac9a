/**
 * `npm run demo`: a short tour of Stratum on the embedded SQLite default.
 * It creates a SQLite file under tmp/, runs the query builder and two
 * transactions, prints what it did, and leaves nothing running.
 */
import { mkdirSync, rmSync } from 'node:fs'
import { defineConfig, errors } from '../src/index.js'
import { Database } from '../src/database/main.js'

const file = 'tmp/demo.sqlite3'
mkdirSync('tmp', { recursive: true })
rmSync(file, { force: true })

const db = new Database(
  defineConfig({
    connection: 'sqlite',
    connections: { sqlite: { client: 'better-sqlite3', connection: { filename: file } } },
  })
)
const log = (label: string, value: unknown) =>
  console.log(`${label.padEnd(34)} ${JSON.stringify(value)}`)

try {
  await db
    .connection()
    .getWriteClient()
    .schema.createTable('users', (t) => {
      t.increments('id')
      t.string('email').notNullable().unique()
      t.integer('points').defaultTo(0)
    })
  console.log(`Created ${file} with a users table\n`)

  await db.table('users').multiInsert([
    { email: 'virk@example.com', points: 40 },
    { email: 'romain@example.com', points: 25 },
    { email: 'julien@example.com', points: 10 },
  ])
  log(
    'inserted 3 users; top scorers:',
    await db
      .from('users')
      .where('points', '>', 20)
      .orderBy('points', 'desc')
      .select('email', 'points')
  )
  log('count and sum:', await db.from('users').count('* as total').sum('points as points'))

  const page = await db.from('users').orderBy('id').paginate(2, 2)
  log('page 2 of 2 per page:', page.toJSON())

  await db.transaction(async (trx) => {
    await trx.from('users').where('email', 'virk@example.com').increment('points', 5)
    await trx.table('users').insert({ email: 'new@example.com' })
  })
  log('after a committed transaction:', await db.from('users').count('* as total'))

  try {
    await db.transaction(async (trx) => {
      await trx.table('users').insert({ email: 'temp@example.com' })
      await trx.table('users').insert({ email: 'virk@example.com' }) // duplicate: the whole transaction rolls back
    })
  } catch (error) {
    log('rolled back on a typed error:', {
      error: (error as Error).name,
      isUnique: error instanceof errors.UniqueViolation,
    })
  }
  log('users still there:', await db.from('users').orderBy('id').select('email'))
} finally {
  await db.manager.closeAll()
}
