/**
 * Factory graphs refusing what would write wrong or NULL keys (unsaved
 * models, rows of another model, keys the database fills), and the
 * timing of callbacks and recycled parents across create/make/makeStubbed.
 */
import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import { errors } from '../../src/index.js'
import { Adapter, BaseModel, hasMany } from '../../src/orm/main.js'
import type { HasMany } from '../../src/types/relations.js'
import type { QueryEvent } from '../../src/types/database.js'
import { createDatabase } from '../helpers/database.js'
import {
  CommentFactory,
  count,
  factory,
  createRelationTables,
  dropRelationTables,
  PostFactory,
  RoleFactory,
  RPost,
  RUser,
  UserFactory,
} from './relation_models.js'

test.group('Factories: relation graph guards', (group) => {
  let db: Database
  let queries: QueryEvent[]
  group.each.setup(async () => {
    db = createDatabase({}, true)
    queries = []
    db.on('db:query', (query) => queries.push(query))
    BaseModel.useAdapter(new Adapter(db))
    await createRelationTables(db)
    queries = []
    return async () => {
      await dropRelationTables(db)
      await db.manager.closeAll()
    }
  })

  test("a parent's after('create') sees its many-to-many pivot rows, as in Lucid", async ({
    assert,
  }) => {
    const seen: number[] = []
    const Users = factory
      .define(RUser, () => ({ email: 'a@b.c' }))
      .relation('roles', () => RoleFactory)
      .after('create', async (_builder, user, ctx) => {
        seen.push((await user.related('roles').query().useTransaction(ctx.$trx!)).length)
      })
      .build()
    await Users.with('roles', 2).createMany(2)
    await Users.hasAttached(await RoleFactory.createMany(3)).create()
    assert.deepEqual(seen, [2, 2, 3])
  })

  test('recycle() gives make() and makeStubbed() the existing parent too', async ({ assert }) => {
    const user = await UserFactory.create()
    queries = []
    for (const post of [
      await PostFactory.for(UserFactory).recycle(user).make(),
      await PostFactory.with('author').recycle(user).makeStubbed(),
    ]) {
      assert.equal(post.userId, user.id)
      assert.strictEqual(post.author, user)
    }
    const Posts = factory.define(RPost, () => ({ title: 't', userId: UserFactory })).build()
    assert.equal((await Posts.recycle(user).make()).userId, user.id)
    assert.equal((await Posts.recycle(user).makeStubbed()).userId, user.id)
    assert.lengthOf(queries, 0)
  })

  test('for() or recycle() of an unsaved model is E_MISSING_MODEL_ATTRIBUTE, not a NULL key', async ({
    assert,
  }) => {
    const unsaved = new RUser()
    unsaved.email = 'new@x.y'
    const Posts = factory.define(RPost, () => ({ title: 't', userId: UserFactory })).build()
    for (const call of [
      () => PostFactory.for(unsaved).create(),
      () => PostFactory.with('author').recycle(unsaved).create(),
      () => Posts.recycle(unsaved).create(),
    ]) {
      await assert.rejects(
        call,
        errors.E_MISSING_MODEL_ATTRIBUTE,
        'Cannot point "RPost.userId" at the given "RUser": its "id" is undefined. Save the model first, or pass its factory instead'
      )
    }
    assert.equal(await count(db, 'facr_posts'), 0)
    assert.equal(await count(db, 'facr_users'), 0)
  })

  test('a factory or model of another model than the relation is refused, nothing written', async ({
    assert,
  }) => {
    const role = await RoleFactory.create()
    const Posts = factory
      .define(RPost, () => ({ title: 't' }))
      .relation('author', (): any => RoleFactory)
      .build()
    const calls: [() => unknown, string][] = [
      [() => UserFactory.has(CommentFactory, 'posts'), `has(..., 'posts') got "RComment" rows`],
      [() => Posts.with('author'), `.relation('author') got "RRole" rows`],
      [() => PostFactory.for(role as never, 'author'), `for(..., 'author') got "RRole" rows`],
      [
        () => UserFactory.hasAttached([role, new RPost()] as never, {}, 'roles'),
        `hasAttached(..., 'roles') got "RPost" rows`,
      ],
    ]
    for (const [call, message] of calls) {
      const error = assert.throws(call) as unknown as Error
      assert.instanceOf(error, errors.E_UNSUPPORTED_FACTORY_RELATION)
      assert.include(error.message, message)
    }
    assert.equal(await count(db, 'facr_posts'), 0)
    assert.equal(await count(db, 'facr_comments'), 0)
  })

  test('a child linked to a parent key the database fills is E_MISSING_MODEL_ATTRIBUTE, not NULL', async ({
    assert,
  }) => {
    class CodedUser extends RUser {
      static table = 'facr_users'
      @hasMany(() => RPost, { foreignKey: 'code', localKey: 'code' })
      declare coded: HasMany<typeof RPost>
    }
    const Users = factory
      .define(CodedUser, () => ({ email: 'a@b.c' }))
      .relation('coded', () => PostFactory)
      .build()
    await assert.rejects(
      () => Users.with('coded', 2).create(),
      errors.E_MISSING_MODEL_ATTRIBUTE,
      'Cannot set "RPost.code": the "CodedUser" row it points at has no "code" (undefined) once written. ' +
        'Only the primary key is read back: give "code" a value in the "CodedUser" factory or a before(\'create\') callback'
    )
    assert.equal(await count(db, 'facr_posts'), 0)
    const user = await Users.merge({ code: 'c1' }).with('coded', 2).create()
    assert.deepEqual(
      user.coded.map((post) => post.code),
      ['c1', 'c1']
    )
  })

  test('recycle() leaves the foreign keys a parent gives its with() rows', async ({ assert }) => {
    const other = await UserFactory.create()
    const Posts = factory.define(RPost, () => ({ title: 't', userId: UserFactory })).build()
    const Users = factory
      .define(RUser, () => ({ email: 'a@b.c' }))
      .relation('posts', () => Posts)
      .build()
    const stubbed = await Users.with('posts', 2).recycle(other).makeStubbed()
    assert.deepEqual(
      stubbed.posts.map((post) => post.userId),
      [stubbed.id, stubbed.id]
    )
    const made = await Users.with('posts', 1).recycle(other).make()
    assert.isUndefined(made.posts[0].userId)
  })

  test("hasAttached()'s pivot callback sees the saved parent, its key included", async ({
    assert,
  }) => {
    const roles = await RoleFactory.createMany(1)
    const seen: number[] = []
    const users = await UserFactory.hasAttached(roles, (user: RUser) => {
      seen.push(user.id)
      return { active: user.id === seen[0] }
    }).createMany(2)
    assert.deepEqual(
      seen,
      users.map((user) => user.id)
    )
    const pivots = await db.from('facr_role_user').orderBy('user_id')
    assert.deepEqual(
      pivots.map((pivot) => Boolean(pivot.active)),
      [true, false]
    )
  })
})
