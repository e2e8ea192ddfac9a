/**
 * The factory benchmark: `UserFactory.with('posts', 5).createMany(500)`
 * (3,000 rows) through Stratum's batched plan, against hand-written knex
 * batched inserts, and against the one-row-at-a-time path (a model
 * `create()` per row, as Lucid's factories write) with statement counts.
 */
import type { Knex } from 'knex'
import type { Database } from '../src/database/database.js'
import { FactoryManager } from '../src/factories/main.js'
import { BaseModel } from '../src/orm/base_model/base_model.js'
import { column } from '../src/orm/decorators/column.js'
import { hasMany } from '../src/orm/relations/decorators.js'
import type { HasMany } from '../src/types/relations.js'
import type { BenchCase, Side } from './harness.js'

class FactoryBenchPost extends BaseModel {
  static table = 'bench_fac_posts'
  @column({ isPrimary: true }) declare id: number
  @column() declare userId: number
  @column() declare title: string
}

class FactoryBenchUser extends BaseModel {
  static table = 'bench_fac_users'
  @column({ isPrimary: true }) declare id: number
  @column() declare email: string
  @hasMany(() => FactoryBenchPost, { foreignKey: 'userId' }) declare posts: HasMany<
    typeof FactoryBenchPost
  >
}

const factory = new FactoryManager()
const PostFactory = factory
  .define(FactoryBenchPost, ({ index }) => ({ title: `post ${index}` }))
  .build()
const UserFactory = factory
  .define(FactoryBenchUser, ({ index }) => ({ email: `user${index}@example.com` }))
  .relation('posts', () => PostFactory)
  .build()

const USERS = 500
const POSTS_PER_USER = 5

async function resetTables(knex: Knex) {
  await knex.schema.dropTableIfExists('bench_fac_posts')
  await knex.schema.dropTableIfExists('bench_fac_users')
  await knex.schema.createTable('bench_fac_users', (t) => {
    t.increments('id')
    t.string('email')
  })
  await knex.schema.createTable('bench_fac_posts', (t) => {
    t.increments('id')
    t.integer('user_id')
    t.string('title')
  })
}

/** Batched knex: users in chunks (keys read back), then posts in chunks. */
async function knexBatched(knex: Knex, dialect: string) {
  const size = dialect === 'sqlite' ? 400 : 1000
  await knex.transaction(async (trx) => {
    const userIds: number[] = []
    for (let start = 0; start < USERS; start += size) {
      const rows = Array.from({ length: Math.min(size, USERS - start) }, (_, i) => ({
        email: `user${start + i}@example.com`,
      }))
      if (dialect === 'mysql') {
        const [first] = await trx.table('bench_fac_users').insert(rows)
        rows.forEach((_, i) => userIds.push(first + i))
      } else {
        const inserted = await trx.table('bench_fac_users').insert(rows).returning('id')
        for (const row of inserted) userIds.push(typeof row === 'object' ? row.id : row)
      }
    }
    const posts = userIds.flatMap((userId) =>
      Array.from({ length: POSTS_PER_USER }, (_, i) => ({ user_id: userId, title: `post ${i}` }))
    )
    for (let start = 0; start < posts.length; start += size) {
      await trx.table('bench_fac_posts').insert(posts.slice(start, start + size))
    }
  })
}

/** One row at a time: a model `create()` per user and per post, in one transaction. */
async function perRow() {
  // through the models' adapter, so the statement counter sees it
  await FactoryBenchUser.transaction(async (trx) => {
    for (let u = 0; u < USERS; u++) {
      const user = await FactoryBenchUser.create({ email: `user${u}@example.com` }, { client: trx })
      for (let p = 0; p < POSTS_PER_USER; p++) {
        await FactoryBenchPost.create({ userId: user.id, title: `post ${p}` }, { client: trx })
      }
    }
  })
}

/** Counts the INSERT statements `work` issues. */
export async function countInserts(db: Database, work: () => Promise<unknown>): Promise<number> {
  let inserts = 0
  const listener = (query: { method: string }) => {
    if (query.method === 'insert') inserts++
  }
  db.on('db:query', listener)
  try {
    await work()
  } finally {
    db.off('db:query', listener)
  }
  return inserts
}

export function factoryCases(knex: Knex, dialect: string, setupClient: (side: Side) => Knex) {
  const batched: BenchCase = {
    name: "factory with('posts', 5).createMany(500)",
    setup: (side) => resetTables(setupClient(side)),
    stratum: () => UserFactory.with('posts', POSTS_PER_USER).createMany(USERS),
    knex: () => knexBatched(knex, dialect),
  }
  const perRowCase: BenchCase = {
    name: 'same graph: batched factory vs one row at a time',
    setup: (side) => resetTables(setupClient(side)),
    stratum: () => UserFactory.with('posts', POSTS_PER_USER).createMany(USERS),
    knex: () => perRow(),
  }
  return {
    cases: [batched, perRowCase],
    resetTables: () => resetTables(knex),
    batched: () => UserFactory.with('posts', POSTS_PER_USER).createMany(USERS),
    perRow: () => perRow(),
    dropTables: async () => {
      await knex.schema.dropTableIfExists('bench_fac_posts')
      await knex.schema.dropTableIfExists('bench_fac_users')
    },
  }
}
