/**
 * `npm run demo`: a short tour of Stratum on the embedded SQLite default.
 * It creates a SQLite file under tmp/, defines two models and their factories,
 * seeds the tables, queries, updates and serializes the rows, runs a transaction, prints what it did, and
 * leaves nothing running.
 */
import { mkdirSync, rmSync } from 'node:fs'
import type { DateTime } from 'luxon'
import { defineConfig, errors } from '../src/index.js'
import { Database } from '../src/database/main.js'
import { Adapter, BaseModel, belongsTo, column, hasMany } from '../src/orm/main.js'
import type { BelongsTo, HasMany } from '../src/types/relations.js'
import { ModelFactory } from '../src/factories/main.js'

const file = 'tmp/demo.sqlite3'
mkdirSync('tmp', { recursive: true })
rmSync(file, { force: true })

const db = new Database(
  defineConfig({
    connection: 'sqlite',
    connections: { sqlite: { client: 'better-sqlite3', connection: { filename: file } } },
  })
)
BaseModel.useAdapter(new Adapter(db))

class User extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare email: string
  @column() declare points: number
  @column({ serializeAs: null }) declare password: string
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @hasMany(() => Post) declare posts: HasMany<typeof Post>
}

class Post extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare userId: number
  @column() declare title: string
  @belongsTo(() => User) declare user: BelongsTo<typeof User>
}

// factories build rows for seeds and tests (faker is seeded: the same data on every run)
ModelFactory.seed(42)
const PostFactory = ModelFactory.define(Post, ({ faker }) => ({
  title: faker.lorem.words(3),
})).build()
const UserFactory = ModelFactory.define(User, ({ faker }) => ({
  email: faker.internet.email(),
  points: faker.number.int({ max: 100 }),
  password: 'secret',
}))
  .relation('posts', () => PostFactory)
  .build()

const log = (label: string, value: unknown) =>
  console.log(`${label.padEnd(34)} ${JSON.stringify(value)}`)

try {
  const schema = () => db.connection().getWriteClient().schema
  await schema().createTable('users', (t) => {
    t.increments('id')
    t.string('email').notNullable().unique()
    t.integer('points').defaultTo(0)
    t.string('password')
    t.timestamp('created_at')
  })
  await schema().createTable('posts', (t) => {
    t.increments('id')
    t.integer('user_id').references('id').inTable('users')
    t.string('title')
  })
  console.log(`Created ${file} with users and posts tables\n`)

  // factories seed the tables: three users in one batched INSERT
  await UserFactory.merge([
    { email: 'virk@example.com', points: 40 },
    { email: 'romain@example.com', points: 25 },
    { email: 'julien@example.com', points: 10 },
  ]).createMany(3)

  // the query builder
  log(
    'query builder, top scorers:',
    await db
      .from('users')
      .where('points', '>', 20)
      .orderBy('points', 'desc')
      .select('email', 'points')
  )
  log('count and sum:', await db.from('users').count('* as total').sum('points as points'))
  const page = await db.from('users').orderBy('id').select('id', 'email').paginate(2, 2)
  log('page 2 of 2 per page:', page.toJSON())

  // models
  const nikk = await UserFactory.merge({ email: 'nikk@example.com', points: 5 })
    .with('posts', 2, (post) => post.merge([{ title: 'Hello' }, { title: 'Stratum' }]))
    .create()
  nikk.points = 15
  log('dirty before save:', nikk.$dirty)
  await nikk.save()
  const users = await User.query()
    .where('points', '>=', 15)
    .preload('posts')
    .withCount('posts')
    .orderBy('id')
  log(
    'users with posts (serialized):',
    users.map((user) => ({
      ...user.serialize({ fields: { omit: ['createdAt'] } }),
      postsCount: user.$extras.posts_count,
    }))
  )
  const post = await Post.query().preload('user').where('title', 'Stratum').firstOrFail()
  log('post with its author:', { title: post.title, author: post.user.email })

  // transactions
  await db.transaction(async (trx) => {
    const virk = await User.findByOrFail('email', 'virk@example.com', { client: trx })
    virk.points += 5
    await virk.save()
    await User.create({ email: 'new@example.com', password: 'x' }, { client: trx })
  })
  log('after a committed transaction:', await db.from('users').count('* as total'))

  try {
    await db.transaction(async (trx) => {
      await User.create({ email: 'temp@example.com', password: 'x' }, { client: trx })
      await User.create({ email: 'virk@example.com', password: 'x' }, { client: trx }) // duplicate
    })
  } catch (error) {
    log('rolled back on a typed error:', {
      error: (error as Error).name,
      isUnique: error instanceof errors.UniqueViolation,
    })
  }
  log(
    'users still there:',
    (await User.query().orderBy('id')).map((user) => user.email)
  )
} finally {
  await db.manager.closeAll()
}
