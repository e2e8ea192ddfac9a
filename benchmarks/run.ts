/**
 * `npm run bench [-- --db=sqlite|pg|mysql] [-- --rounds=N]`: Stratum against
 * raw knex on the same work, in one process. Prints a table per dialect and
 * writes benchmarks/results/<dialect>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { Database } from '../src/database/database.js'
import { connectionConfig } from '../test/helpers/database.js'
import { ensureTestDatabase } from '../test/helpers/ensure_database.js'
import { type BenchCase, printTable, runCase } from './harness.js'

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string])
)
const dialect = (args.db ?? process.env.DB ?? 'sqlite') as 'sqlite' | 'pg' | 'mysql'
const rounds = Number(args.rounds ?? 7)
process.env.DB = dialect

await ensureTestDatabase(dialect)
const db = new Database({ connection: 'bench', connections: { bench: connectionConfig() } })
const knex = db.connection().getWriteClient()

async function resetTable() {
  await knex.schema.dropTableIfExists('bench_users')
  await knex.schema.createTable('bench_users', (t) => {
    t.increments('id')
    t.string('email')
    t.integer('points')
  })
}

const rows = (count: number) =>
  Array.from({ length: count }, (_, index) => ({
    email: `user${index}@example.com`,
    points: index,
  }))

const seeded = async (count: number) => {
  await resetTable()
  for (let start = 0; start < count; start += 400) {
    await knex.table('bench_users').insert(rows(Math.min(400, count - start)))
  }
}

const cases: BenchCase[] = [
  {
    name: 'insert 2,000 rows one by one',
    setup: resetTable,
    stratum: async () => {
      for (const row of rows(2000)) await db.table('bench_users').insert(row)
    },
    knex: async () => {
      for (const row of rows(2000)) await knex.table('bench_users').insert(row)
    },
  },
  {
    name: 'select 50,000 rows',
    setup: () => seeded(50_000),
    stratum: () => db.from('bench_users').select('id', 'email', 'points'),
    knex: () => knex.from('bench_users').select('id', 'email', 'points'),
  },
  {
    name: '5,000 selects by key',
    setup: () => seeded(5_000),
    stratum: async () => {
      for (let id = 1; id <= 5000; id++) await db.from('bench_users').where('id', id).first()
    },
    knex: async () => {
      for (let id = 1; id <= 5000; id++) await knex.from('bench_users').where('id', id).first()
    },
  },
  {
    name: 'paginate 100 pages of 50',
    setup: () => seeded(5_000),
    stratum: async () => {
      for (let page = 1; page <= 100; page++)
        await db.from('bench_users').orderBy('id').paginate(page, 50)
    },
    knex: async () => {
      for (let page = 1; page <= 100; page++) {
        await knex.from('bench_users').count('* as total')
        await knex
          .from('bench_users')
          .orderBy('id')
          .limit(50)
          .offset((page - 1) * 50)
      }
    },
  },
]

try {
  const results = []
  for (const bench of cases) results.push(await runCase(bench, rounds))
  printTable(dialect, results)
  mkdirSync('benchmarks/results', { recursive: true })
  writeFileSync(
    `benchmarks/results/${dialect}.json`,
    JSON.stringify({ dialect, rounds, results }, null, 2)
  )
} finally {
  await knex.schema.dropTableIfExists('bench_users')
  await db.manager.closeAll()
}
