/**
 * The read and write cases again on the model people write: snake_case
 * columns mapped to camelCase attributes, `createdAt`/`updatedAt` date-times
 * Stratum sets itself, a `@column.date`, a JSON column and a boolean. The
 * knex side does the same work on the driver's values (the floor).
 */
import type { Knex } from 'knex'
import type { DateTime } from 'luxon'
import { FactoryManager } from '../src/factories/main.js'
import { BaseModel } from '../src/orm/base_model/base_model.js'
import { column } from '../src/orm/decorators/column.js'
import { hasMany } from '../src/orm/relations/decorators.js'
import type { HasMany } from '../src/types/relations.js'
import type { BenchCase, Side } from './harness.js'

class RealPost extends BaseModel {
  static table = 'bench_real_posts'
  @column({ isPrimary: true }) declare id: number
  @column() declare userId: number
  @column() declare title: string
  @column() declare body: string
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
}

class RealUser extends BaseModel {
  static table = 'bench_real_users'
  @column({ isPrimary: true }) declare id: number
  @column() declare email: string
  @column() declare fullName: string
  @column() declare isActive: boolean
  @column({
    prepare: (value) => JSON.stringify(value),
    consume: (value) => (typeof value === 'string' ? JSON.parse(value) : value),
  })
  declare settings: { theme: string; lang: string } | null
  @column.date() declare birthday: DateTime | null
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
  @hasMany(() => RealPost, { foreignKey: 'userId' }) declare posts: HasMany<typeof RealPost>
}

const BODY = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(4)

/** The factory graph of the realistic model: the same values as `userValues` and the posts below. */
const factories = new FactoryManager()
const RealPostFactory = factories
  .define(RealPost, ({ index }) => ({ title: `post ${index}`, body: BODY }))
  .build()
const RealUserFactory = factories
  .define(RealUser, ({ index }) => userValues(index))
  .relation('posts', () => RealPostFactory)
  .build()
const FACTORY_USERS = 500
const FACTORY_POSTS = 5

/** A user row as knex writes it (the JSON column as text, as the model writes it). */
function userRow(index: number) {
  return {
    email: `user${index}@example.com`,
    full_name: `User ${index}`,
    is_active: index % 2 === 0,
    settings: JSON.stringify({ theme: 'dark', lang: 'en' }),
    birthday: `19${50 + (index % 50)}-0${1 + (index % 9)}-1${index % 10}`,
  }
}

/** The same user as model values. */
function userValues(index: number) {
  const { full_name: fullName, is_active: isActive, email } = userRow(index)
  return { email, fullName, isActive, settings: { theme: 'dark', lang: 'en' } }
}

export function realisticCases(
  knex: Knex,
  dialect: string,
  setupClient: (side: Side) => Knex
): { cases: BenchCase[]; dropTables: () => Promise<void> } {
  const chunk = dialect === 'sqlite' ? 200 : 1000
  /** "Now" as knex users write it: text on SQLite (no Date binding), a Date elsewhere. */
  const now = () => {
    const date = new Date()
    return dialect === 'sqlite' ? date.toISOString().slice(0, 19).replace('T', ' ') : date
  }

  async function createUsers(client: Knex) {
    await client.schema.dropTableIfExists('bench_real_users')
    await client.schema.createTable('bench_real_users', (t) => {
      t.increments('id')
      t.string('email')
      t.string('full_name')
      t.boolean('is_active')
      t.text('settings')
      t.date('birthday')
      t.timestamp('created_at')
      t.timestamp('updated_at')
    })
  }

  const seedUsers = (count: number) => async (side: Side) => {
    const client = setupClient(side)
    await createUsers(client)
    const ts = now()
    for (let start = 0; start < count; start += chunk) {
      const rows = Array.from({ length: Math.min(chunk, count - start) }, (_, i) => ({
        ...userRow(start + i),
        created_at: ts,
        updated_at: ts,
      }))
      await client.table('bench_real_users').insert(rows)
    }
  }

  async function createPosts(client: Knex) {
    await client.schema.dropTableIfExists('bench_real_posts')
    await client.schema.createTable('bench_real_posts', (t) => {
      t.increments('id')
      t.integer('user_id').index()
      t.string('title')
      t.text('body')
      t.timestamp('created_at')
    })
  }

  /** The factory graph by hand: users in batches (keys read back), then their posts. */
  async function knexGraph() {
    const size = dialect === 'sqlite' ? 400 : 1000
    await knex.transaction(async (trx) => {
      const ts = now()
      const userIds: number[] = []
      for (let start = 0; start < FACTORY_USERS; start += size) {
        const rows = Array.from({ length: Math.min(size, FACTORY_USERS - start) }, (_, i) => ({
          ...userRow(start + i),
          birthday: null,
          created_at: ts,
          updated_at: ts,
        }))
        if (dialect === 'mysql') {
          const [first] = await trx.table('bench_real_users').insert(rows)
          rows.forEach((_, i) => userIds.push(first + i))
        } else {
          const inserted = await trx.table('bench_real_users').insert(rows).returning('id')
          for (const row of inserted) userIds.push(typeof row === 'object' ? row.id : row)
        }
      }
      const posts = userIds.flatMap((userId) =>
        Array.from({ length: FACTORY_POSTS }, (_, i) => ({
          user_id: userId,
          title: `post ${i}`,
          body: BODY,
          created_at: ts,
        }))
      )
      for (let start = 0; start < posts.length; start += size) {
        await trx.table('bench_real_posts').insert(posts.slice(start, start + size))
      }
    })
  }

  /** 10 posts for each of the first 1,000 users (preload and serialize). */
  async function seedPosts() {
    await knex.schema.dropTableIfExists('bench_real_posts')
    await knex.schema.createTable('bench_real_posts', (t) => {
      t.increments('id')
      t.integer('user_id').index()
      t.string('title')
      t.text('body')
      t.timestamp('created_at')
    })
    const ts = now()
    const posts = Array.from({ length: 10_000 }, (_, index) => ({
      user_id: (index % 1000) + 1,
      title: `post ${index}`,
      body: BODY,
      created_at: ts,
    }))
    for (let start = 0; start < posts.length; start += chunk) {
      await knex.table('bench_real_posts').insert(posts.slice(start, start + chunk))
    }
  }

  async function withPosts(users: any[]) {
    const posts = await knex.from('bench_real_posts').whereIn(
      'user_id',
      users.map((user) => user.id)
    )
    const byUser = new Map<unknown, unknown[]>()
    for (const post of posts) {
      const group = byUser.get(post.user_id)
      if (group) group.push(post)
      else byUser.set(post.user_id, [post])
    }
    for (const user of users) user.posts = byUser.get(user.id) ?? []
    return users
  }

  let loadedModels: RealUser[] = []
  let loadedRows: any[] = []

  const cases: BenchCase[] = [
    {
      name: 'real: fetch 50,000 rows as models',
      setup: seedUsers(50_000),
      stratum: async () => {
        let total = 0
        for (const user of await RealUser.query()) total += user.email.length
        return total
      },
      knex: async () => {
        let total = 0
        for (const user of await knex.from('bench_real_users')) total += user.email.length
        return total
      },
    },
    {
      name: 'real: preload 1,000 users x 10 posts',
      setup: async (side) => {
        await seedUsers(1000)(side)
        await seedPosts()
      },
      stratum: () => RealUser.query().preload('posts'),
      knex: async () => withPosts(await knex.from('bench_real_users')),
    },
    {
      name: 'real: serialize 10,000 users (1,000 with 10 posts)',
      setup: async () => {
        // loaded once: the timed work only reads them
        if (loadedModels.length > 0) return
        await seedUsers(10_000)('knex')
        await seedPosts()
        loadedModels = [
          ...(await RealUser.query().where('id', '<=', 1000).orderBy('id').preload('posts')),
          ...(await RealUser.query().where('id', '>', 1000).orderBy('id')),
        ]
        loadedRows = [
          ...(await withPosts(await knex.from('bench_real_users').where('id', '<=', 1000))),
          ...(await knex.from('bench_real_users').where('id', '>', 1000).orderBy('id')),
        ]
      },
      stratum: async () => JSON.stringify(loadedModels.map((user) => user.serialize())).length,
      knex: async () => JSON.stringify(loadedRows).length,
    },
    {
      name: 'real: Model.create 2,000 rows one by one',
      setup: (side) => createUsers(setupClient(side)),
      stratum: async () => {
        for (let index = 0; index < 2000; index++) await RealUser.create(userValues(index))
      },
      knex: async () => {
        for (let index = 0; index < 2000; index++) {
          const ts = now()
          const query = knex
            .table('bench_real_users')
            .insert({ ...userRow(index), birthday: null, created_at: ts, updated_at: ts })
          await (dialect === 'pg' ? query.returning('id') : query)
        }
      },
    },
    {
      name: 'real: update 2,000 fetched models (dirty only)',
      setup: seedUsers(2_000),
      stratum: async () => {
        for (const user of await RealUser.query().orderBy('id')) {
          user.fullName = `${user.fullName}!`
          await user.save()
        }
      },
      knex: async () => {
        for (const user of await knex.from('bench_real_users').orderBy('id')) {
          await knex
            .from('bench_real_users')
            .where('id', user.id)
            .update({ full_name: `${user.full_name}!`, updated_at: now() })
        }
      },
    },
    {
      name: `real: factory with('posts', ${FACTORY_POSTS}).createMany(${FACTORY_USERS})`,
      setup: async (side) => {
        await createUsers(setupClient(side))
        await createPosts(setupClient(side))
      },
      stratum: () => RealUserFactory.with('posts', FACTORY_POSTS).createMany(FACTORY_USERS),
      knex: () => knexGraph(),
    },
  ]

  async function dropTables() {
    await knex.schema.dropTableIfExists('bench_real_posts')
    await knex.schema.dropTableIfExists('bench_real_users')
  }

  return { cases, dropTables }
}
