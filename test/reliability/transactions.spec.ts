/**
 * Issue #9, atomicity: an error anywhere in a transaction leaves no row
 * behind, savepoints that completed included; Model.createMany and factory
 * createMany failing on a row in the middle write nothing; the errors are
 * the typed ones of src/errors.ts. Runs on sqlite, pg and mysql.
 */
import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import { NotNullViolation, UniqueViolation } from '../../src/errors.js'
import { FactoryManager } from '../../src/factories/main.js'
import { Adapter } from '../../src/orm/adapter.js'
import { BaseModel } from '../../src/orm/base_model/base_model.js'
import { column } from '../../src/orm/decorators/column.js'
import { belongsTo, hasMany } from '../../src/orm/relations/decorators.js'
import type { QueryEvent, TransactionClientContract } from '../../src/types/database.js'
import type { BelongsTo, HasMany } from '../../src/types/relations.js'
import { createDatabase, dropTables } from '../helpers/database.js'

const USERS = 'rel_fault_tx_users'
const POSTS = 'rel_fault_tx_posts'

class User extends BaseModel {
  static table = USERS
  @column({ isPrimary: true }) declare id: number
  @column() declare email: string
  @column() declare name: string | null
  @hasMany(() => Post) declare posts: HasMany<typeof Post>
}

class Post extends BaseModel {
  static table = POSTS
  @column({ isPrimary: true }) declare id: number
  @column() declare userId: number
  @column() declare title: string | null
  @belongsTo(() => User) declare author: BelongsTo<typeof User>
}

const factories = new FactoryManager()
/** Users made on demand as the author of a post. */
const AuthorFactory = factories
  .define(User, ({ sequence }) => ({ email: `author${sequence}@x.y`, name: 'author' }))
  .build()
const PostFactory = factories
  .define(Post, ({ faker }) => ({ title: faker.lorem.words(3), userId: AuthorFactory }))
  .build()
const UserFactory = factories
  .define(User, ({ sequence }) => ({ email: `user${sequence}@x.y`, name: 'user' }))
  .relation('posts', () => PostFactory)
  .build()

async function counts(db: Database | TransactionClientContract) {
  const count = async (table: string) => Number((await db.from(table).count('* as total'))[0].total)
  return { users: await count(USERS), posts: await count(POSTS) }
}

/** Records the queries of `db` that succeeded. */
function queriesOf(db: Database) {
  const done: QueryEvent[] = []
  db.on('db:query', (event) => {
    if (!event.error) done.push(event)
  })
  return {
    wrote: (table: string) =>
      done.some((event) => /^insert/i.test(event.sql) && event.sql.includes(table)),
  }
}

function setup(group: { each: { setup(fn: () => Promise<() => Promise<void>>): void } }) {
  const state = {} as { db: Database }
  group.each.setup(async () => {
    // debug: every query emits db:query, so a test can see what ran before the failure
    const db = (state.db = createDatabase({}, true))
    BaseModel.useAdapter(new Adapter(db))
    await dropTables(db, POSTS, USERS)
    // a knex schema builder accumulates statements: one per table
    const schema = () => db.connection().getWriteClient().schema
    await schema().createTable(USERS, (t) => {
      t.increments('id')
      t.string('email', 100).notNullable().unique()
      t.string('name', 100).notNullable()
    })
    await schema().createTable(POSTS, (t) => {
      t.increments('id')
      t.integer('user_id').unsigned().notNullable().references('id').inTable(USERS)
      t.string('title', 100).notNullable()
    })
    return async () => {
      await dropTables(db, POSTS, USERS)
      await db.manager.closeAll()
    }
  })
  return state
}

test.group('Atomicity | db.transaction', (group) => {
  const state = setup(group)

  test('an error thrown in the callback undoes its work and the savepoints that completed', async ({
    assert,
  }) => {
    const { db } = state
    const failure = new Error('boom')
    try {
      await db.transaction(async (trx) => {
        await trx.table(USERS).insert({ email: 'outer@x.y', name: 'outer' })
        await trx.transaction(async (savepoint) => {
          await savepoint.table(USERS).insert({ email: 'released@x.y', name: 'released' })
          await savepoint.transaction(async (inner) => {
            await inner.table(USERS).insert({ email: 'inner@x.y', name: 'inner' })
          })
        })
        const manual = await trx.transaction()
        await manual.table(USERS).insert({ email: 'manual@x.y', name: 'manual' })
        await manual.commit()
        assert.equal((await counts(trx)).users, 4)
        throw failure
      })
      assert.fail('the transaction should have failed')
    } catch (error) {
      assert.strictEqual(error, failure)
    }
    assert.deepEqual(await counts(db), { users: 0, posts: 0 })
  })

  test('a constraint error in a savepoint rolls the whole transaction back, typed', async ({
    assert,
  }) => {
    const { db } = state
    await assert.rejects(
      () =>
        db.transaction(async (trx) => {
          await trx.table(USERS).insert({ email: 'a@x.y', name: 'a' })
          await trx.transaction(async (savepoint) => {
            await savepoint.table(USERS).insert({ email: 'b@x.y', name: 'b' })
            await savepoint.table(USERS).insert({ email: 'a@x.y', name: 'again' })
          })
        }),
      UniqueViolation as never
    )
    assert.deepEqual(await counts(db), { users: 0, posts: 0 })
  })

  test('a constraint error caught at its savepoint leaves the outer transaction usable', async ({
    assert,
  }) => {
    const { db } = state
    await db.transaction(async (trx) => {
      await trx.table(USERS).insert({ email: 'a@x.y', name: 'a' })
      await assert.rejects(
        () =>
          trx.transaction(async (savepoint) => {
            await savepoint.table(USERS).insert({ email: 'b@x.y', name: 'b' })
            await savepoint.table(USERS).insert({ email: 'c@x.y', name: null })
          }),
        NotNullViolation as never
      )
      // on pg a failed statement outside a savepoint would abort the whole transaction
      await trx.table(USERS).insert({ email: 'd@x.y', name: 'd' })
    })
    const emails = await db.from(USERS).orderBy('email').select('email')
    assert.deepEqual(
      emails.map((row) => row.email),
      ['a@x.y', 'd@x.y']
    )
  })
})

test.group('Atomicity | models', (group) => {
  const state = setup(group)

  test('models saved with useTransaction are rolled back with the transaction', async ({
    assert,
  }) => {
    const { db } = state
    let saved: User | undefined
    await assert.rejects(
      () =>
        db.transaction(async (trx) => {
          saved = new User().useTransaction(trx)
          saved.merge({ email: 'a@x.y', name: 'a' })
          await saved.save()
          const post = new Post().useTransaction(trx)
          post.merge({ userId: saved.id, title: 'first' })
          await post.save()
          const duplicate = new User().useTransaction(trx)
          duplicate.merge({ email: 'a@x.y', name: 'again' })
          await duplicate.save()
        }),
      UniqueViolation as never
    )
    assert.deepEqual(await counts(db), { users: 0, posts: 0 })
    // the model lets go of the finished transaction: it can be saved again
    assert.isUndefined(saved!.$trx)
  })

  test('a manual rollback undoes models saved with useTransaction', async ({ assert }) => {
    const { db } = state
    const trx = await db.transaction()
    const user = new User().useTransaction(trx)
    user.merge({ email: 'a@x.y', name: 'a' })
    await user.save()
    await trx.rollback()
    assert.isUndefined(user.$trx)
    assert.deepEqual(await counts(db), { users: 0, posts: 0 })
  })

  test('Model.createMany failing on a unique key in the middle creates no row', async ({
    assert,
  }) => {
    const { db } = state
    await assert.rejects(
      () =>
        User.createMany([
          { email: 'a@x.y', name: 'a' },
          { email: 'b@x.y', name: 'b' },
          { email: 'a@x.y', name: 'third' },
          { email: 'd@x.y', name: 'd' },
        ]),
      UniqueViolation as never
    )
    assert.deepEqual(await counts(db), { users: 0, posts: 0 })
  })

  test('Model.createMany failing on a not null column in the middle creates no row', async ({
    assert,
  }) => {
    const { db } = state
    await assert.rejects(
      () =>
        User.createMany([
          { email: 'a@x.y', name: 'a' },
          { email: 'b@x.y', name: null },
          { email: 'c@x.y', name: 'c' },
        ]),
      NotNullViolation as never
    )
    assert.deepEqual(await counts(db), { users: 0, posts: 0 })
  })

  test('Model.createMany in an outer transaction fails with it as a whole', async ({ assert }) => {
    const { db } = state
    await assert.rejects(
      () =>
        db.transaction(async (trx) => {
          const [user] = await User.createMany([{ email: 'a@x.y', name: 'a' }], { client: trx })
          await Post.createMany(
            [
              { userId: user.id, title: 'one' },
              { userId: user.id, title: null },
            ],
            { client: trx }
          )
        }),
      NotNullViolation as never
    )
    assert.deepEqual(await counts(db), { users: 0, posts: 0 })
  })
})

test.group('Atomicity | factories', (group) => {
  const state = setup(group)

  test('createMany failing on a child row after the parents were written leaves no row', async ({
    assert,
  }) => {
    const { db } = state
    let made = 0
    const failing = UserFactory.with('posts', 2, (post) =>
      post.tap((row) => {
        // the fifth of six posts: its users and four posts are already inserted
        if (++made === 5) row.title = null
      })
    )
    const ran = queriesOf(db)
    await assert.rejects(() => failing.createMany(3), NotNullViolation as never)
    assert.equal(made, 6)
    assert.isTrue(ran.wrote(USERS), 'the users were inserted before the posts failed')
    assert.deepEqual(await counts(db), { users: 0, posts: 0 })
  })

  test('createMany failing on a row after the parents it created on demand leaves no row', async ({
    assert,
  }) => {
    const { db } = state
    let made = 0
    // every post creates its author first (userId: UserFactory); the third post is refused
    const failing = PostFactory.tap((row) => {
      if (++made === 3) row.title = null
    })
    const ran = queriesOf(db)
    await assert.rejects(() => failing.createMany(4), NotNullViolation as never)
    assert.isTrue(ran.wrote(USERS), 'the authors were inserted before the posts failed')
    assert.deepEqual(await counts(db), { users: 0, posts: 0 })
  })

  test('createMany on a given transaction fails with it as a whole', async ({ assert }) => {
    const { db } = state
    await assert.rejects(
      () =>
        db.transaction(async (trx) => {
          const [first] = await UserFactory.client(trx).with('posts', 2).createMany(2)
          await UserFactory.client(trx)
            .merge([{ email: 'fresh@x.y' }, { email: first.email }])
            .createMany(2)
        }),
      UniqueViolation as never
    )
    assert.deepEqual(await counts(db), { users: 0, posts: 0 })
  })
})
