import { test } from '@japa/runner'
import type { Database } from '../../../src/database/database.js'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import {
  afterCommit,
  afterCreate,
  afterDelete,
  afterFetch,
  afterFind,
  afterPaginate,
  afterSave,
  afterUpdate,
  beforeCreate,
  beforeDelete,
  beforeFetch,
  beforeFind,
  beforePaginate,
  beforeSave,
  beforeUpdate,
} from '../../../src/orm/decorators/hooks.js'
import type { ModelQueryBuilder } from '../../../src/orm/main.js'
import type { TransactionClientContract } from '../../../src/types/database.js'
import { dropTables } from '../../helpers/database.js'
import { captureQueries, createUsers, openDatabase, rowsOf } from './helpers.js'

const USERS = 'bm_hooks_users'

/** Every hook of this model records its name in `events`, through the decorators. */
class User extends BaseModel {
  static table = USERS
  static events: string[] = []
  static trxSeen: (TransactionClientContract | undefined)[] = []
  @column({ isPrimary: true }) declare id: number
  @column() declare username: string
  @column() declare email: string | null
  @column() declare points: number

  @beforeCreate() static beforeCreate() {
    this.events.push('before:create')
  }
  @beforeSave() static beforeSave(user: User) {
    this.events.push('before:save')
    this.trxSeen.push(user.$trx)
  }
  @afterCreate() static afterCreate() {
    this.events.push('after:create')
  }
  @afterSave() static afterSave() {
    this.events.push('after:save')
  }
  @beforeUpdate() static beforeUpdate() {
    this.events.push('before:update')
  }
  @afterUpdate() static afterUpdate() {
    this.events.push('after:update')
  }
  @beforeDelete() static beforeDelete() {
    this.events.push('before:delete')
  }
  @afterDelete() static afterDelete() {
    this.events.push('after:delete')
  }
}

/** Query hooks, registered with `Model.before/after`. */
class Post extends BaseModel {
  static table = USERS
  static seen: unknown[][] = []
  @column({ isPrimary: true }) declare id: number
  @column() declare username: string
  @column() declare points: number
}
Post.before('find', (query: ModelQueryBuilder<typeof Post>) => {
  Post.seen.push(['before:find', query])
  query.where('points', '>', 0)
})
Post.after('find', (post: Post) => {
  Post.seen.push(['after:find', post])
})
Post.before('fetch', (query: ModelQueryBuilder<typeof Post>) => {
  Post.seen.push(['before:fetch', query])
  query.where('points', '>', 0)
})
Post.after('fetch', (posts: Post[]) => {
  Post.seen.push(['after:fetch', posts])
})

/** Paginate hooks, through the decorators. */
class Page extends BaseModel {
  static table = USERS
  static seen: unknown[][] = []
  @column({ isPrimary: true }) declare id: number
  @column() declare username: string

  @beforePaginate() static beforePaginate(queries: unknown[]) {
    this.seen.push(['before:paginate', queries])
  }
  @afterPaginate() static afterPaginate(paginator: unknown) {
    this.seen.push(['after:paginate', paginator])
  }
  @beforeFetch() static beforeFetch() {
    this.seen.push(['before:fetch'])
  }
  @afterFind() static afterFind() {
    this.seen.push(['after:find'])
  }
  @beforeFind() static beforeFind() {
    this.seen.push(['before:find'])
  }
  @afterFetch() static afterFetch() {
    this.seen.push(['after:fetch'])
  }
}

/** A parent with a hook, and a child that adds a column and a hook of its own. */
class Parent extends BaseModel {
  static table = USERS
  static events: string[] = []
  @column({ isPrimary: true }) declare id: number
  @column() declare username: string
}
Parent.before('save', (row: Parent) => {
  Parent.events.push(`parent:${row.constructor.name}`)
})
class Child extends Parent {
  static table = USERS
  @column() declare email: string | null
}
Child.before('save', (row: Child) => {
  Parent.events.push(`child:${row.constructor.name}`)
})

/** After-commit hooks, through the decorator and `Model.afterCommit`. */
class Audited extends BaseModel {
  static table = USERS
  static events: string[] = []
  @column({ isPrimary: true }) declare id: number
  @column() declare username: string

  @afterCommit('create') static created(row: Audited) {
    this.events.push(`created:${row.username}`)
  }
}
Audited.afterCommit('delete', (row) => {
  Audited.events.push(`deleted:${row.username}`)
})
Audited.afterCommit('update', (row) => {
  Audited.events.push(`updated:${row.username}`)
})

test.group('BaseModel hooks | persistence', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    User.events = []
    User.trxSeen = []
    Parent.events = []
    return async () => {
      await dropTables(db, USERS)
      await db.manager.closeAll()
    }
  })

  /** Records the queries in `User.events` too, to see them between the hooks. */
  function recordQueries() {
    const listener = (event: { method: string }) => User.events.push(event.method.toUpperCase())
    db.on('db:query', listener)
    return () => db.off('db:query', listener)
  }

  test('an insert runs before:create, before:save, INSERT, after:create, after:save', async ({
    assert,
  }) => {
    const stop = recordQueries()
    await User.create({ username: 'virk' })
    stop()
    assert.deepEqual(User.events, [
      'before:create',
      'before:save',
      'INSERT',
      'after:create',
      'after:save',
    ])
  })

  test('an update runs before:update, before:save, UPDATE, after:update, after:save', async ({
    assert,
  }) => {
    const user = await User.create({ username: 'virk' })
    User.events = []
    user.points = 3
    const stop = recordQueries()
    await user.save()
    stop()
    assert.deepEqual(User.events, [
      'before:update',
      'before:save',
      'UPDATE',
      'after:update',
      'after:save',
    ])
  })

  test('saving a clean row runs before:update and before:save only', async ({ assert }) => {
    const user = await User.create({ username: 'virk' })
    User.events = []
    const stop = recordQueries()
    await user.save()
    stop()
    assert.deepEqual(User.events, ['before:update', 'before:save'])
  })

  test('saving a clean row writes what the before hooks change', async ({ assert }) => {
    class Stamped extends BaseModel {
      static table = USERS
      @column({ isPrimary: true }) declare id: number
      @column() declare username: string
      @column() declare points: number
      @beforeUpdate() static bump(row: Stamped) {
        row.points = (row.points ?? 0) + 1
      }
    }
    const row = await Stamped.create({ username: 'virk', points: 1 })
    const queries = captureQueries(db)
    await row.save()
    queries.stop()
    assert.lengthOf(queries.events, 1)
    assert.match(queries.events[0].sql, /set [`"]points[`"] = \?/)
    assert.equal((await rowsOf(db, USERS))[0].points, 2)
  })

  test('a delete runs before:delete, the delete query, after:delete', async ({ assert }) => {
    const user = await User.create({ username: 'virk' })
    User.events = []
    const stop = recordQueries()
    await user.delete()
    stop()
    assert.deepEqual(User.events, ['before:delete', 'DEL', 'after:delete'])
  })

  test('a before hook that throws stops the insert', async ({ assert }) => {
    class Guarded extends BaseModel {
      static table = USERS
      @column({ isPrimary: true }) declare id: number
      @column() declare username: string
      @beforeSave() static guard() {
        throw new Error('not allowed')
      }
    }
    await assert.rejects(() => Guarded.create({ username: 'virk' }), 'not allowed')
    assert.lengthOf(await rowsOf(db, USERS), 0)
  })

  test('async hooks are awaited in registration order', async ({ assert }) => {
    class Ordered extends BaseModel {
      static table = USERS
      static events: string[] = []
      @column({ isPrimary: true }) declare id: number
      @column() declare username: string
    }
    Ordered.before('save', async () => {
      await new Promise((resolve) => setImmediate(resolve))
      Ordered.events.push('first')
    })
    Ordered.before('save', () => {
      Ordered.events.push('second')
    })
    await Ordered.create({ username: 'virk' })
    assert.deepEqual(Ordered.events, ['first', 'second'])
  })

  test('hooks receive the model carrying the transaction it is saved through', async ({
    assert,
  }) => {
    const trx = await db.transaction()
    await User.create({ username: 'virk' }, { client: trx })
    await trx.commit()
    assert.lengthOf(User.trxSeen, 1)
    assert.strictEqual(User.trxSeen[0], trx)
  })

  test('createMany hands every row its transaction in the hooks', async ({ assert }) => {
    await User.createMany([{ username: 'a' }, { username: 'b' }])
    assert.lengthOf(User.trxSeen, 2)
    assert.isDefined(User.trxSeen[0])
    assert.strictEqual(User.trxSeen[0], User.trxSeen[1])
  })

  test('a subclass runs its parent hooks and its own', async ({ assert }) => {
    await Child.create({ username: 'kid', email: 'kid@example.com' })
    assert.deepEqual(Parent.events, ['parent:Child', 'child:Child'])
    assert.equal((await rowsOf(db, USERS))[0].email, 'kid@example.com')
  })

  test('a subclass leaves the parent hooks and columns unchanged', async ({ assert }) => {
    await Parent.create({ username: 'dad' })
    assert.deepEqual(Parent.events, ['parent:Parent'])
    assert.isFalse(Parent.$hasColumn('email'))
    assert.isTrue(Child.$hasColumn('email'))
    assert.isTrue(Child.$hasColumn('username'))
  })
})

test.group('BaseModel hooks | queries', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    await db.table(USERS).multiInsert([
      { username: 'zero', points: 0 },
      { username: 'one', points: 1 },
      { username: 'two', points: 2 },
    ])
    Post.seen = []
    Page.seen = []
    return async () => {
      await dropTables(db, USERS)
      await db.manager.closeAll()
    }
  })

  test('find hooks receive the query before and the model after', async ({ assert }) => {
    const post = await Post.findBy('username', 'one')
    assert.deepEqual(
      Post.seen.map(([event]) => event),
      ['before:find', 'after:find']
    )
    assert.strictEqual(Post.seen[1][1], post)
  })

  test('a before:find hook can constrain the query', async ({ assert }) => {
    assert.isNull(await Post.findBy('username', 'zero'))
    assert.deepEqual(
      Post.seen.map(([event]) => event),
      ['before:find']
    )
  })

  test('fetch hooks receive the query before and the models after', async ({ assert }) => {
    const posts = await Post.all()
    assert.deepEqual(
      posts.map((post) => post.username),
      ['two', 'one']
    )
    assert.deepEqual(
      Post.seen.map(([event]) => event),
      ['before:fetch', 'after:fetch']
    )
    assert.strictEqual(Post.seen[1][1], posts)
  })

  test('paginate hooks receive the count and main queries, then the paginator', async ({
    assert,
  }) => {
    const page = await Page.query().orderBy('id').paginate(1, 2)
    const events = Page.seen.map(([event]) => event)
    // as in Lucid, the fetch hooks run too, each after its paginate counterpart
    assert.deepEqual(events, ['before:paginate', 'before:fetch', 'after:paginate', 'after:fetch'])
    const [countQuery, query] = Page.seen[0][1] as unknown[]
    assert.notStrictEqual(countQuery, query)
    assert.strictEqual(Page.seen[2][1], page)
    assert.equal(page.total, 3)
    assert.lengthOf(page.all(), 2)
  })

  test('query hooks declared with decorators run for first and fetch', async ({ assert }) => {
    await Page.first()
    await Page.query()
    assert.deepEqual(
      Page.seen.map(([event]) => event),
      ['before:find', 'after:find', 'before:fetch', 'after:fetch']
    )
  })
})

test.group('BaseModel hooks | after commit', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    Audited.events = []
    return async () => {
      await dropTables(db, USERS)
      await db.manager.closeAll()
    }
  })

  test('afterCommit hooks run at once when no transaction is involved', async ({ assert }) => {
    await Audited.create({ username: 'virk' })
    assert.deepEqual(Audited.events, ['created:virk'])
  })

  test('afterCommit hooks wait for the transaction to commit', async ({ assert }) => {
    const trx = await db.transaction()
    const row = await Audited.create({ username: 'virk' }, { client: trx })
    row.username = 'renamed'
    await row.save()
    assert.deepEqual(Audited.events, [])
    await trx.commit()
    assert.deepEqual(Audited.events, ['created:renamed', 'updated:renamed'])
  })

  test('afterCommit hooks never run when the transaction rolls back', async ({ assert }) => {
    const trx = await db.transaction()
    await Audited.create({ username: 'virk' }, { client: trx })
    await trx.rollback()
    assert.deepEqual(Audited.events, [])
    assert.lengthOf(await rowsOf(db, USERS), 0)
  })

  test('afterCommit hooks of a released savepoint are dropped when the outer one rolls back', async ({
    assert,
  }) => {
    const trx = await db.transaction()
    await trx.transaction(async (savepoint) => {
      await Audited.create({ username: 'inner' }, { client: savepoint })
    })
    assert.deepEqual(Audited.events, [])
    await trx.rollback()
    assert.deepEqual(Audited.events, [])
  })

  test('afterCommit hooks of a released savepoint run when the outer one commits', async ({
    assert,
  }) => {
    const trx = await db.transaction()
    await trx.transaction(async (savepoint) => {
      await Audited.create({ username: 'inner' }, { client: savepoint })
    })
    assert.deepEqual(Audited.events, [])
    await trx.commit()
    assert.deepEqual(Audited.events, ['created:inner'])
  })

  test('afterCommit delete hooks run after the delete commits', async ({ assert }) => {
    const row = await Audited.create({ username: 'virk' })
    Audited.events = []
    await Audited.transaction(async (trx) => {
      row.useTransaction(trx)
      await row.delete()
      assert.deepEqual(Audited.events, [])
    })
    assert.deepEqual(Audited.events, ['deleted:virk'])
  })

  test('afterCommit hooks of createMany run once the batch commits', async ({ assert }) => {
    const created = await Audited.createMany([{ username: 'a' }, { username: 'b' }])
    assert.lengthOf(created, 2)
    assert.deepEqual(Audited.events, ['created:a', 'created:b'])
  })

  test('quiet writes skip afterCommit hooks', async ({ assert }) => {
    const row = await Audited.createQuietly({ username: 'virk' })
    await row.deleteQuietly()
    assert.deepEqual(Audited.events, [])
  })
})
