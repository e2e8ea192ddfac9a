/**
 * `npm run bench [-- --db=sqlite|pg|mysql] [-- --rounds=N] [-- --cases=a,b] [-- --streaming]`:
 * Stratum against raw knex on the same work, in one process. Prints a table per
 * dialect and writes benchmarks/results/<dialect>.json; `--streaming` then adds
 * the streaming memory benchmark (streaming_memory.ts, <dialect>-streaming.json).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import knexFactory from 'knex'
import type { Knex } from 'knex'
import { Database } from '../src/database/database.js'
import { Adapter } from '../src/orm/adapter.js'
import { BaseModel } from '../src/orm/base_model/base_model.js'
import { column } from '../src/orm/decorators/column.js'
import { hasMany } from '../src/orm/relations/decorators.js'
import type { HasMany } from '../src/types/relations.js'
import { connectionConfig } from '../test/helpers/database.js'
import { ensureTestDatabase } from '../test/helpers/ensure_database.js'
import { countInserts, factoryCases } from './factory_cases.js'
import { realisticCases } from './realistic_cases.js'
import { type BenchCase, printTable, runCase, type Side, stopGcObserver } from './harness.js'
import { runStreamingMemory } from './streaming_memory.js'

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string])
)
const dialect = (args.db ?? process.env.DB ?? 'sqlite') as 'sqlite' | 'pg' | 'mysql'
const rounds = Number(args.rounds ?? 7)
process.env.DB = dialect

await ensureTestDatabase(dialect)
const db = new Database({
  connection: 'bench',
  connections: { bench: connectionConfig({ dialect }) },
})
/**
 * The baseline is stock knex, as a user without Stratum runs it: its own
 * instance, with knex's own client (on SQLite, Stratum's client compiles
 * multi-row inserts differently; see src/database/dialects/sqlite_client.ts).
 */
async function stockKnex(): Promise<Knex> {
  const clients = { sqlite: 'better-sqlite3', pg: 'pg', mysql: 'mysql2' }
  const instance = knexFactory({
    ...connectionConfig({ dialect }),
    client: clients[dialect],
    useNullAsDefault: true,
  } as Knex.Config)
  if (dialect !== 'sqlite') return instance
  // SQLite keeps a page cache per connection and empties it when another
  // connection writes: both sides share Stratum's one connection, so the side
  // that did not seed a table does not start each run with a cold cache
  const stratumClient = db.connection().getWriteClient().client
  const shared = await stratumClient.acquireConnection()
  stratumClient.releaseConnection(shared)
  Object.assign(instance.client, {
    acquireRawConnection: async () => shared,
    destroyRawConnection: async () => {},
  })
  return instance
}
const knex = await stockKnex()
BaseModel.useAdapter(new Adapter(db))

class BenchRow extends BaseModel {
  static table = 'bench_users'
  @column({ isPrimary: true }) declare id: number
  @column() declare email: string
  @column() declare points: number
}

/** The same table with a create hook, so createMany keeps Lucid's row-by-row path. */
class HookedRow extends BenchRow {
  static table = 'bench_users'
}
HookedRow.before('create', (row: HookedRow) => {
  row.points += 0
})

class BenchPost extends BaseModel {
  static table = 'bench_rel_posts'
  @column({ isPrimary: true }) declare id: number
  @column() declare benchUserId: number
  @column() declare title: string
  @column() declare views: number
}

class BenchUser extends BaseModel {
  static table = 'bench_rel_users'
  @column({ isPrimary: true }) declare id: number
  @column() declare email: string
  @column() declare points: number
  @hasMany(() => BenchPost) declare posts: HasMany<typeof BenchPost>
}

/** Users loaded with their posts, for the serialize case. */
let loaded: BenchUser[] = []

/** 1,000 users with 10 posts each, for the preload case (seeded once). */
async function seedPreload() {
  for (const table of ['bench_rel_posts', 'bench_rel_users']) {
    await knex.schema.dropTableIfExists(table)
  }
  await knex.schema.createTable('bench_rel_users', (t) => {
    t.increments('id')
    t.string('email')
    t.integer('points')
  })
  await knex.schema.createTable('bench_rel_posts', (t) => {
    t.increments('id')
    t.integer('bench_user_id').index()
    t.string('title')
    t.integer('views')
  })
  const users = rows(1000)
  for (let start = 0; start < users.length; start += 400) {
    await knex.table('bench_rel_users').insert(users.slice(start, start + 400))
  }
  const posts = Array.from({ length: 10_000 }, (_, index) => ({
    bench_user_id: (index % 1000) + 1,
    title: `post ${index}`,
    views: index,
  }))
  for (let start = 0; start < posts.length; start += 400) {
    await knex.table('bench_rel_posts').insert(posts.slice(start, start + 400))
  }
}

async function resetTable(client: Knex = knex) {
  await client.schema.dropTableIfExists('bench_users')
  await client.schema.createTable('bench_users', (t) => {
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

/** The knex instance a side writes its setup through. */
const setupClient = (side: Side): Knex =>
  side === 'stratum' ? db.connection().getWriteClient() : knex

const seeded = (count: number) => async (side: Side) => {
  const client = setupClient(side)
  await resetTable(client)
  for (let start = 0; start < count; start += 400) {
    await client.table('bench_users').insert(rows(Math.min(400, count - start)))
  }
}

const cases: BenchCase[] = [
  {
    name: 'preload 1,000 users x 10 posts',
    stratum: () => BenchUser.query().preload('posts'),
    knex: async () => {
      const users = await knex.from('bench_rel_users').select('*')
      const posts = await knex
        .from('bench_rel_posts')
        .select('*')
        .whereIn(
          'bench_user_id',
          users.map((user) => user.id)
        )
      const byUser = new Map<unknown, unknown[]>()
      for (const post of posts) {
        const group = byUser.get(post.bench_user_id)
        if (group) group.push(post)
        else byUser.set(post.bench_user_id, [post])
      }
      for (const user of users) user.posts = byUser.get(user.id) ?? []
      return users
    },
  },
  {
    name: 'hydrate 50,000 rows into models',
    setup: seeded(50_000),
    stratum: async () => {
      let total = 0
      for (const user of await BenchRow.query()) total += user.points
      return total
    },
    knex: async () => {
      let total = 0
      for (const user of await knex.from('bench_users')) total += user.points
      return total
    },
  },
  {
    name: 'Model.create 2,000 rows one by one',
    setup: (side) => resetTable(setupClient(side)),
    stratum: async () => {
      for (const row of rows(2000)) await BenchRow.create(row)
    },
    knex: async () => {
      for (const row of rows(2000)) await knex.table('bench_users').insert(row)
    },
  },
  {
    name: 'Model.createMany 10,000 rows (no hooks: batched)',
    setup: (side) => resetTable(setupClient(side)),
    stratum: () => BenchRow.createMany(rows(10_000)),
    knex: () => knex.batchInsert('bench_users', rows(10_000), dialect === 'sqlite' ? 400 : 1000),
  },
  {
    name: 'Model.createMany 2,000 rows (a hook: row by row)',
    setup: (side) => resetTable(setupClient(side)),
    stratum: () => HookedRow.createMany(rows(2_000)),
    knex: () =>
      knex.transaction(async (trx) => {
        for (const row of rows(2_000)) await trx.table('bench_users').insert(row)
      }),
  },
  {
    name: 'Model.$insertMany 10,000 rows (batched)',
    setup: (side) => resetTable(setupClient(side)),
    stratum: () => BenchRow.$insertMany(rows(10_000).map((row) => new BenchRow().merge(row))),
    knex: async () => {
      const size = dialect === 'sqlite' ? 400 : 1000
      const all = rows(10_000)
      await knex.transaction(async (trx) => {
        for (let start = 0; start < all.length; start += size) {
          await trx.table('bench_users').insert(all.slice(start, start + size))
        }
      })
    },
  },
  {
    name: '5,000 Model.find by key',
    setup: seeded(5_000),
    stratum: async () => {
      for (let id = 1; id <= 5000; id++) await BenchRow.find(id)
    },
    knex: async () => {
      for (let id = 1; id <= 5000; id++) await knex.from('bench_users').where('id', id).first()
    },
  },
  {
    name: 'update 2,000 fetched models (dirty only)',
    setup: seeded(2_000),
    stratum: async () => {
      for (const user of await BenchRow.query().orderBy('id')) {
        user.points += 1
        await user.save()
      }
    },
    knex: async () => {
      for (const user of await knex.from('bench_users').orderBy('id')) {
        await knex
          .from('bench_users')
          .where('id', user.id)
          .update({ points: user.points + 1 })
      }
    },
  },
  {
    name: 'serialize 10,000 users with 10 posts each',
    setup: async () => {
      loaded = await BenchUser.query().preload('posts').limit(1000)
    },
    stratum: async () => {
      for (let round = 0; round < 10; round++) loaded.map((user) => user.serialize())
    },
    knex: async () => {
      // the hand-written baseline: a map to plain objects
      for (let round = 0; round < 10; round++) {
        loaded.map((user) => ({
          id: user.id,
          email: user.email,
          points: user.points,
          posts: user.posts.map((post) => ({
            id: post.id,
            benchUserId: post.benchUserId,
            title: post.title,
            views: post.views,
          })),
        }))
      }
    },
  },
  {
    name: 'insert 2,000 rows one by one',
    setup: (side) => resetTable(setupClient(side)),
    stratum: async () => {
      for (const row of rows(2000)) await db.table('bench_users').insert(row)
    },
    knex: async () => {
      for (const row of rows(2000)) await knex.table('bench_users').insert(row)
    },
  },
  {
    name: 'select 50,000 rows',
    setup: seeded(50_000),
    stratum: () => db.from('bench_users').select('id', 'email', 'points'),
    knex: () => knex.from('bench_users').select('id', 'email', 'points'),
  },
  {
    name: '5,000 selects by key',
    setup: seeded(5_000),
    stratum: async () => {
      for (let id = 1; id <= 5000; id++) await db.from('bench_users').where('id', id).first()
    },
    knex: async () => {
      for (let id = 1; id <= 5000; id++) await knex.from('bench_users').where('id', id).first()
    },
  },
  {
    name: 'paginate 100 pages of 50',
    setup: seeded(5_000),
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

const factories = factoryCases(knex, dialect, setupClient)
cases.push(...factories.cases)
const realistic = realisticCases(knex, dialect, setupClient)
cases.push(...realistic.cases)

/** INSERT statements of the factory graph, batched and one row at a time. */
async function factoryStatements() {
  const counter = new Database({
    connection: 'bench',
    connections: { bench: { ...connectionConfig({ dialect }), debug: true } },
  })
  BaseModel.useAdapter(new Adapter(counter))
  try {
    await factories.resetTables()
    const batched = await countInserts(counter, factories.batched)
    await factories.resetTables()
    const perRow = await countInserts(counter, factories.perRow)
    return { batched, perRow }
  } finally {
    BaseModel.useAdapter(new Adapter(db))
    await counter.manager.closeAll()
  }
}

try {
  await seedPreload()
  const results = []
  // `--cases=preload,hydrate`: only the cases whose name contains one of the words
  const only = args.cases?.split(',')
  for (const bench of cases) {
    if (only && !only.some((word) => bench.name.includes(word))) continue
    results.push(await runCase(bench, rounds))
  }
  printTable(dialect, results)
  const statements = await factoryStatements()
  console.log(
    `factory with('posts', 5).createMany(500): ${statements.batched} INSERT statements batched, ` +
      `${statements.perRow} one row at a time`
  )
  mkdirSync('benchmarks/results', { recursive: true })
  writeFileSync(
    `benchmarks/results/${dialect}.json`,
    JSON.stringify({ dialect, rounds, results, factoryStatements: statements }, null, 2)
  )
  // opt-in: a million rows per dialect, measured in child processes
  if ('streaming' in args) await runStreamingMemory(dialect)
} finally {
  await knex.schema.dropTableIfExists('bench_users')
  await factories.dropTables()
  await realistic.dropTables()
  await knex.schema.dropTableIfExists('bench_rel_posts')
  await knex.schema.dropTableIfExists('bench_rel_users')
  await db.manager.closeAll()
  await knex.destroy()
  stopGcObserver()
}
