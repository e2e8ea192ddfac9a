import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import factory, { FactoryBuilder, FactoryManager, ModelFactory } from '../../src/factories/main.js'
import { Adapter, BaseModel } from '../../src/orm/main.js'
import { createDatabase } from '../helpers/database.js'
import {
  count,
  createRelationTables,
  dropRelationTables,
  PostFactory,
  RPost,
  RUser,
  UserFactory,
} from './relation_models.js'

/** The code and message of what `work` throws. */
async function failure(work: () => unknown): Promise<{ code?: string; message: string }> {
  try {
    await work()
  } catch (error) {
    return error as { code?: string; message: string }
  }
  throw new Error('expected an error')
}

test.group('Factories: with() callbacks in Lucid style', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase()
    BaseModel.useAdapter(new Adapter(db))
    await createRelationTables(db)
    return async () => {
      await dropRelationTables(db)
      await db.manager.closeAll()
    }
  })

  test('a callback that calls merge() and returns nothing configures the related rows', async ({
    assert,
  }) => {
    const configure = (post: typeof PostFactory) => {
      post.merge({ title: 'Lucid 101' })
    }
    const made = await UserFactory.with('posts', 2, configure).make()
    const stubbed = await UserFactory.with('posts', 2, configure).makeStubbed()
    const created = await UserFactory.with('posts', 2, configure).create()
    for (const user of [made, stubbed, created]) {
      assert.deepEqual(
        user.posts.map((post) => post.title),
        ['Lucid 101', 'Lucid 101']
      )
    }
    const saved = await RPost.query().where('userId', created.id)
    assert.deepEqual(
      saved.map((post) => post.title),
      ['Lucid 101', 'Lucid 101']
    )
  })

  test('every call on the given builder counts, chained or not', async ({ assert }) => {
    const user = await UserFactory.with('posts', 1, (post) => {
      post.merge({ title: 'A' })
      post.with('comments', 2)
    }).create()
    assert.equal(user.posts[0].title, 'A')
    assert.lengthOf(user.posts[0].comments, 2)
    assert.equal(await count(db, 'facr_comments'), 2)
  })

  test('pivot attributes set in a callback that returns nothing reach the pivot rows', async ({
    assert,
  }) => {
    const user = await UserFactory.with('roles', 2, (role) => {
      role.merge([{ name: 'admin' }, { name: 'editor' }]).pivotAttributes({ active: true })
    }).create()
    assert.deepEqual(
      user.roles.map((role) => role.name),
      ['admin', 'editor']
    )
    const pivots = await db.from('facr_role_user').where('user_id', user.id)
    assert.lengthOf(pivots, 2)
    assert.isTrue(pivots.every((pivot) => Boolean(pivot.active)))
  })

  test('the related factory itself is left as it was', async ({ assert }) => {
    await UserFactory.with('posts', 1, (post) => {
      post.merge({ title: 'changed' })
    }).make()
    const post = await PostFactory.make()
    assert.notEqual(post.title, 'changed')
  })

  test('the builder a callback got stops recording once the callback returns', async ({
    assert,
  }) => {
    let kept: typeof PostFactory | undefined
    await UserFactory.with('posts', 1, (post) => {
      kept = post
      post.merge({ title: 'A' })
    }).make()
    const later = kept!.merge({ title: 'B' })
    assert.notStrictEqual(later, kept)
    assert.equal((await kept!.make()).title, 'A')
    assert.equal((await later.make()).title, 'B')
  })

  test('a callback returning something else than a builder is E_INVALID_FACTORY_CALLBACK', async ({
    assert,
  }) => {
    const wrong = await failure(() => UserFactory.with('posts', 1, (() => 42) as never).make())
    assert.equal(wrong.code, 'E_INVALID_FACTORY_CALLBACK')
    assert.include(wrong.message, "with('posts')")
    const async = await failure(() =>
      UserFactory.with('posts', 1, (async (post: typeof PostFactory) => {
        post.merge({ title: 'late' })
      }) as never).make()
    )
    assert.equal(async.code, 'E_INVALID_FACTORY_CALLBACK')
    assert.include(async.message, 'synchronous')
  })
})

test.group('Factories: Lucid-style factory callbacks', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase()
    BaseModel.useAdapter(new Adapter(db))
    await createRelationTables(db)
    return async () => {
      await dropRelationTables(db)
      await db.manager.closeAll()
    }
  })

  test('custom merge and newUp callbacks get the builder', async ({ assert }) => {
    const builders: unknown[] = []
    const Users = new FactoryManager()
      .define(RUser, () => ({ email: 'a@example.com' }))
      .newUp((attributes, _ctx, _Model, builder) => {
        builders.push(builder)
        const user = new RUser()
        user.merge(attributes)
        return user
      })
      .merge((user, values, _ctx, builder) => {
        builders.push(builder)
        user.merge(values)
      })
      .build()
    const user = await Users.merge({ email: 'b@example.com' }).makeStubbed()
    assert.equal(user.email, 'b@example.com')
    assert.lengthOf(builders, 2)
    assert.isTrue(builders.every((builder) => builder instanceof FactoryBuilder))
  })

  test('a definition may return a model instance', async ({ assert }) => {
    const Users = new FactoryManager()
      .define(RUser, () => {
        const user = new RUser()
        user.email = 'defined@example.com'
        user.code = 'x'
        return user
      })
      .build()
    const made = await Users.make()
    assert.instanceOf(made, RUser)
    assert.equal(made.email, 'defined@example.com')
    const created = await Users.merge({ code: 'merged' }).create()
    assert.isTrue(created.$isPersisted)
    const saved = await RUser.findOrFail(created.id)
    assert.equal(saved.email, 'defined@example.com')
    assert.equal(saved.code, 'merged')
  })

  test('applying the same state twice applies it once', async ({ assert }) => {
    const Users = new FactoryManager()
      .define(RUser, () => ({ email: 'a@example.com', code: '' }))
      .state('tagged', (user) => {
        user.code = `${user.code}+`
      })
      .build()
    assert.equal((await Users.apply('tagged').apply('tagged').makeStubbed()).code, '+')
    assert.equal((await Users.apply('tagged', 'tagged').create()).code, '+')
  })

  test('an id set by after(make) or before(makeStubbed) is kept by makeStubbed()', async ({
    assert,
  }) => {
    const manager = new FactoryManager()
    const fromMake = manager
      .define(RUser, () => ({ email: 'a@example.com' }))
      .after('make', (_builder, user, ctx) => {
        if (ctx.isStubbed) user.id = 100
      })
      .build()
    const fromStub = manager
      .define(RUser, () => ({ email: 'a@example.com' }))
      .before('makeStubbed', (_builder, user) => {
        user.id = 200
      })
      .build()
    assert.equal((await fromMake.makeStubbed()).id, 100)
    assert.equal((await fromStub.makeStubbed()).id, 200)
    assert.deepEqual(
      (await fromMake.makeStubbedMany(2)).map((user) => user.id),
      [100, 100]
    )
  })

  test('a related factory runs its after(make) callbacks when stubbed through with()', async ({
    assert,
  }) => {
    const manager = new FactoryManager()
    const Authors = manager
      .define(RUser, () => ({ email: 'a@example.com' }))
      .after('make', (_builder, user) => {
        user.id = 100
      })
      .build()
    const Posts = manager
      .define(RPost, () => ({ title: 't' }))
      .relation('author', () => Authors)
      .build()
    const post = await Posts.with('author', 1, (author) => {
      author.merge({ code: 'x' })
    }).makeStubbed()
    assert.equal(post.author.id, 100)
    assert.equal(post.author.code, 'x')
    assert.equal(post.userId, 100)
  })
})

test.group('Factories: states and relations as Lucid reads them', () => {
  test('states and relations are plain objects keyed by name', ({ assert }) => {
    const active = () => {}
    const toPosts = () => PostFactory
    const Users = new FactoryManager()
      .define(RUser, () => ({ email: 'a@example.com' }))
      .state('active', active)
      .relation('posts', toPosts)
    assert.deepEqual(Users.states, { active })
    assert.deepEqual(Object.keys(Users.relations), ['posts'])
    assert.strictEqual(Users.relations.posts.factory, toPosts)
  })

  test('getRelation() returns the model relation and its factory', ({ assert }) => {
    const Users = new FactoryManager()
      .define(RUser, () => ({ email: 'a@example.com' }))
      .relation('posts', () => PostFactory)
    const relation = Users.getRelation('posts')
    assert.strictEqual(relation.relation, RUser.$getRelation('posts'))
    assert.strictEqual(relation.factory(), PostFactory)
  })

  test("getRelation() of an unregistered relation is Lucid's error", async ({ assert }) => {
    const Users = new FactoryManager().define(RUser, () => ({ email: 'a@example.com' }))
    const error = await failure(() => Users.getRelation('posts' as never))
    assert.equal(error.code, 'E_UNDEFINED_FACTORY_RELATION')
    assert.equal(
      error.message,
      'Cannot reference "posts" relationship. Make sure to setup the relationship within the factory'
    )
  })

  test("relation() of a name the model lacks is Lucid's error", async ({ assert }) => {
    const Users = new FactoryManager().define(RUser, () => ({ email: 'a@example.com' }))
    const error = await failure(() => Users.relation('friends' as never, () => UserFactory))
    assert.equal(error.code, 'E_UNDEFINED_FACTORY_RELATION')
    assert.equal(
      error.message,
      'Cannot define "friends" relationship. The relationship must exist on the "RUser" model first'
    )
  })

  test('a state or relation named like an Object member is not found by accident', ({ assert }) => {
    const Users = new FactoryManager().define(RUser, () => ({ email: 'a@example.com' }))
    assert.throws(() => Users.getState('constructor'), /undefined state "constructor"/)
    assert.throws(() => Users.getRelation('toString' as never), /"toString" relationship/)
  })
})

test.group("Factories: Lucid's default export", (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase()
    BaseModel.useAdapter(new Adapter(db))
    await createRelationTables(db)
    return async () => {
      await dropRelationTables(db)
      await db.manager.closeAll()
    }
  })

  test("query({ connection }) and query({ client }), as Lucid's docs use them", async ({
    assert,
  }) => {
    const onPrimary = await UserFactory.query({ connection: 'primary' }).create()
    assert.equal(onPrimary.$options?.connection, 'primary')
    const missing = await failure(() => UserFactory.query({ connection: 'nowhere' }).create())
    assert.equal(missing.code, 'E_UNMANAGED_DB_CONNECTION')
    const trx = await db.transaction()
    const inTrx = await UserFactory.query({ client: trx }).with('posts', 2).create()
    assert.lengthOf(await trx.from('facr_posts').where('user_id', inTrx.id), 2)
    await trx.rollback()
    assert.equal(await count(db, 'facr_users'), 1)
    assert.equal(await count(db, 'facr_posts'), 0)
  })

  test("import factory from 'stratum/factories' is the default manager", async ({ assert }) => {
    assert.strictEqual(factory, ModelFactory)
    const Users = factory.define(RUser, ({ faker }) => ({ email: faker.internet.email() })).build()
    const user = await Users.create()
    assert.isTrue(user.$isPersisted)
    assert.equal(await count(db, 'facr_users'), 1)
  })
})
