import { types } from 'node:util'
import { test } from '@japa/runner'
import type { Database } from '../../../src/database/database.js'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { hasMany } from '../../../src/orm/relations/decorators.js'
import type { HasMany } from '../../../src/types/relations.js'
import { DB, dropTables } from '../../helpers/database.js'
import { createUsers, openDatabase, rowsOf, schema } from './helpers.js'

const USERS = 'bm_init_users'
const POSTS = 'bm_init_posts'

/** Column fields with initializers, compiled with define semantics (this project's tsconfig). */
class User extends BaseModel {
  static table = USERS
  @column({ isPrimary: true }) declare id: number
  @column() username: string = 'guest'
  @column() points: number = 7
  @column() email: string | null = null
  /** No `declare` and no initializer: defined as undefined, must not hide the accessor. */
  @column() meta: any
}

/** A subclass inherits the parent's initializers and adds its own. */
class Admin extends User {
  static table = USERS
  @column() points: number = 100
}

/** The same model as `[[Set]]` semantics compile it: the constructor assigns the fields. */
class SetUser extends BaseModel {
  static table = USERS
  declare id: number
  declare username: string
  declare points: number
  constructor() {
    super()
    this.username = 'guest'
    this.points = 7
  }
}
SetUser.$addColumn('id', { isPrimary: true })
SetUser.$addColumn('username', {})
SetUser.$addColumn('points', {})

class Post extends BaseModel {
  static table = POSTS
  @column({ isPrimary: true }) declare id: number
  @column() declare userId: number
  @column() title: string = 'untitled'
}

class Author extends BaseModel {
  static table = USERS
  @column({ isPrimary: true }) declare id: number
  @column() declare username: string
  /** A relation field without `declare` must not hide the relation accessor. */
  @hasMany(() => Post, { foreignKey: 'userId' }) posts!: HasMany<typeof Post>
}

test.group('BaseModel | column fields with initializers', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    await dropTables(db, POSTS)
    await schema(db).createTable(POSTS, (t) => {
      t.increments('id')
      t.integer('user_id')
      t.string('title', 100)
    })
    return async () => {
      await dropTables(db, POSTS, USERS)
      await db.manager.closeAll()
    }
  })

  test('a new instance holds the initial values as dirty attributes', ({ assert }) => {
    const user = new User()
    assert.equal(user.points, 7)
    assert.deepEqual(user.$attributes, { username: 'guest', points: 7, email: null })
    assert.deepEqual(user.$dirty, { username: 'guest', points: 7, email: null })
    assert.isFalse(Object.hasOwn(user, 'points'), 'the field must not hide the column accessor')
  })

  test('assigning a column with an initializer goes to the attributes', ({ assert }) => {
    const user = new User()
    user.points = 12
    user.meta = 'x'
    assert.equal(user.$attributes.points, 12)
    assert.equal(user.$attributes.meta, 'x')
    assert.equal(user.points, 12)
  })

  test('the initial values are written on insert', async ({ assert }) => {
    const user = new User()
    await user.save()
    const [row] = await rowsOf(db, USERS)
    assert.equal(row.username, 'guest')
    assert.equal(row.points, 7)
    assert.isNull(row.email)
    assert.isFalse(user.$isDirty)
  })

  test('merge and create values win over the initial values', async ({ assert }) => {
    const user = await User.create({ username: 'virk', points: 3 })
    assert.equal(user.points, 3)
    const [row] = await rowsOf(db, USERS)
    assert.equal(row.points, 3)
  })

  test('a fetched row wins over the initial values and is not dirty', async ({ assert }) => {
    await db.table(USERS).multiInsert([
      { username: 'virk', points: 42, email: 'v@a.com' },
      { username: 'romain', points: 0, email: null },
      { username: 'julien', points: 9, email: 'j@a.com' },
    ])
    const users = await User.query().orderBy('id')
    assert.deepEqual(
      users.map((user) => [user.username, user.points, user.email]),
      [
        ['virk', 42, 'v@a.com'],
        ['romain', 0, null],
        ['julien', 9, 'j@a.com'],
      ]
    )
    for (const user of users) assert.deepEqual(user.$dirty, {})
    const found = await User.findOrFail(users[0].id)
    assert.equal(found.points, 42)
    assert.isFalse(found.$isDirty)
  })

  test("a class's first query, before any instance exists, still lets the row win", async ({
    assert,
  }) => {
    await db
      .table(USERS)
      .multiInsert(
        Array.from({ length: 30 }, (_, index) => ({ username: `u${index}`, points: index }))
      )
    // classes defined here: no instance of either was built before their first query
    class FreshUser extends BaseModel {
      static table = USERS
      @column({ isPrimary: true }) declare id: number
      @column() username: string = 'guest'
      @column() points: number = 7
    }
    class FreshSetUser extends BaseModel {
      static table = USERS
      declare id: number
      declare points: number
      constructor() {
        super()
        this.points = 7
      }
    }
    FreshSetUser.$addColumn('id', { isPrimary: true })
    FreshSetUser.$addColumn('points', {})
    for (const Model of [FreshUser, FreshSetUser]) {
      const rows = await Model.query().select('id', 'points').orderBy('id')
      assert.deepEqual(
        rows.map((row) => row.points),
        Array.from({ length: 30 }, (_, index) => index),
        Model.name
      )
      for (const row of rows) assert.deepEqual(row.$dirty, {})
    }
  })

  test('a column left out of the select keeps its initial value, not dirty', async ({ assert }) => {
    await db.table(USERS).insert({ username: 'virk', points: 42 })
    const [user] = await User.query().select('id', 'username')
    assert.equal(user.username, 'virk')
    assert.equal(user.points, 7)
    assert.isFalse(user.$isDirty)
  })

  test('a subclass initializer overrides the parent one', async ({ assert }) => {
    const admin = new Admin()
    assert.equal(admin.points, 100)
    assert.equal(admin.username, 'guest')
    await admin.save()
    const [row] = await rowsOf(db, USERS)
    assert.equal(row.points, 100)
  })

  test('[[Set]] semantics: initial values are attributes and a fetched row still wins', async ({
    assert,
  }) => {
    const fresh = new SetUser()
    assert.deepEqual(fresh.$dirty, { username: 'guest', points: 7 })
    await db.table(USERS).multiInsert([
      { username: 'virk', points: 42 },
      { username: 'romain', points: 1 },
    ])
    const users = await SetUser.query().orderBy('id')
    assert.deepEqual(
      users.map((user) => [user.username, user.points]),
      [
        ['virk', 42],
        ['romain', 1],
      ]
    )
    assert.isFalse(users[1].$isDirty)
  })

  test('a relation field without declare still reads the preloaded relation', async ({
    assert,
  }) => {
    const [id] = await db.table(USERS).insert({ username: 'virk' }).returning('id')
    const userId = typeof id === 'object' ? id.id : id
    await db.table(POSTS).multiInsert([
      { user_id: userId, title: 'a' },
      { user_id: userId, title: 'b' },
    ])
    const author = await Author.query().preload('posts').firstOrFail()
    assert.lengthOf(author.posts, 2)
    assert.deepEqual(author.posts.map((post) => post.title).sort(), ['a', 'b'])
    const post = await author.related('posts').create({})
    assert.equal(post.title, 'untitled')
  })

  test('a class no decorator booted may define plain fields', ({ assert }) => {
    class Bare extends BaseModel {
      note = 'x'
    }
    const bare = new Bare()
    assert.equal(bare.note, 'x')
    assert.deepEqual(bare.$attributes, {})
  })

  test('models declared with declare only are plain objects, not proxies', ({ assert }) => {
    class Plain extends BaseModel {
      static table = USERS
      @column({ isPrimary: true }) declare id: number
      @column() declare username: string
    }
    assert.isFalse(types.isProxy(new Plain()))
    assert.isFalse(types.isProxy(new Plain()))
    assert.isTrue(types.isProxy(new User()))
  })
})

/** A model with a plain (non-column) property and a relation, to receive extra row values. */
class Ranked extends BaseModel {
  static table = USERS
  @column({ isPrimary: true }) declare id: number
  @column() declare username: string
  score: number = 0
  @hasMany(() => Post, { foreignKey: 'userId' }) declare posts: HasMany<typeof Post>
}

test.group('BaseModel | row values that are no column', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    return async () => {
      await dropTables(db, USERS)
      await db.manager.closeAll()
    }
  })

  test('a value named after a property of the model lands on it, as in Lucid', async ({
    assert,
  }) => {
    await db.table(USERS).insert({ username: 'virk', points: 4 })
    const [user] = await Ranked.query().select(
      '*',
      db.raw('points * 10 as score'),
      db.raw('1 as extra')
    )
    assert.equal(Number(user.score), 40)
    assert.notProperty(user.$extras, 'score')
    assert.equal(Number(user.$extras.extra), 1)
  })

  test('a value named after a relation is ignored, and $-names never reach the instance', async ({
    assert,
  }) => {
    await db.table(USERS).insert({ username: 'virk' })
    const [user] = await Ranked.query().select(
      '*',
      db.raw('1 as posts'),
      db.raw(`2 as ${DB === 'mysql' ? '`$extras`' : '"$extras"'}`)
    )
    assert.isUndefined(user.posts)
    assert.notProperty(user.$extras, 'posts')
    assert.equal(Number(user.$extras.$extras), 2)
  })
})
