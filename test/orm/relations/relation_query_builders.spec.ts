import { test } from '@japa/runner'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { BelongsToQueryBuilder } from '../../../src/orm/relations/belongs_to/query_builder.js'
import { hasMany, hasManyThrough } from '../../../src/orm/relations/decorators.js'
import { HasManyQueryBuilder } from '../../../src/orm/relations/has_many/query_builder.js'
import { HasManyThroughQueryBuilder } from '../../../src/orm/relations/has_many_through/query_builder.js'
import { HasOneQueryBuilder } from '../../../src/orm/relations/has_one/query_builder.js'
import type { HasMany, HasManyThrough } from '../../../src/types/relations.js'
import { Comment, Post, Profile, User, relationsGroup, seed } from './helpers.js'

/** Users and the comments on their posts: a has-many-through over the `rel_*` tables. */
class Writer extends BaseModel {
  static table = 'rel_users'
  @column({ isPrimary: true }) declare id: number
  @column() declare username: string
  @hasManyThrough([() => Comment, () => Post], { foreignKey: 'userId' })
  declare comments: HasManyThrough<typeof Comment>
}

test.group('Relation query builders | lazy constraints', (group) => {
  relationsGroup(group)

  test('related().query() of an unsaved parent fails when built, not when created', ({
    assert,
  }) => {
    const queries = [
      () => new User().related('posts').query(),
      () => new User().related('profile').query(),
      () => new Profile().related('user').query(),
      () => new Writer().related('comments').query(),
    ]
    for (const make of queries) {
      const query = make()
      assert.throws(() => query.toSQL(), /Cannot query ".*": ".*" is undefined/)
    }
  })

  test('the unsaved-parent error is E_MISSING_MODEL_ATTRIBUTE and rejects the query', async ({
    assert,
  }) => {
    try {
      await new User().related('posts').query()
      assert.fail('the query should not run')
    } catch (error) {
      assert.equal((error as { code: string }).code, 'E_MISSING_MODEL_ATTRIBUTE')
      assert.match((error as Error).message, /Save the model first/)
    }
  })

  test('appliedConstraints = true leaves the relation constraint out', async ({ assert }) => {
    const { alice } = await seed()
    const query = alice.related('posts').query() as unknown as HasManyQueryBuilder<typeof Post>
    query.appliedConstraints = true
    const { sql, bindings } = query.where('title', 'b1').toSQL()
    assert.notInclude(sql, 'user_id')
    assert.deepEqual(bindings, ['b1'])
    assert.deepEqual(
      (await query).map((post) => post.title),
      ['b1']
    )
  })

  test('the relation constraint is added once, after the user clauses', async ({ assert }) => {
    const { alice } = await seed()
    const query = alice.related('posts').query().where('title', 'a1').orWhere('title', 'b1')
    query.toSQL()
    const { bindings } = query.toSQL()
    assert.deepEqual(bindings, ['a1', 'b1', alice.id])
    assert.deepEqual(
      (await query).map((post) => post.title),
      ['a1']
    )
  })

  test('clone keeps the builder class and the relation flags', async ({ assert }) => {
    const { alice, posts } = await seed()
    const hasMany = (alice.related('posts').query() as unknown as HasManyQueryBuilder).clone()
    assert.instanceOf(hasMany, HasManyQueryBuilder)
    assert.isTrue(hasMany.isRelatedQuery)
    assert.isFalse(hasMany.appliedConstraints)
    assert.instanceOf(alice.related('profile').query().clone(), HasOneQueryBuilder)
    assert.instanceOf(posts.first.related('user').query().clone(), BelongsToQueryBuilder)
    const writer = await Writer.findOrFail(alice.id)
    assert.instanceOf(writer.related('comments').query().clone(), HasManyThroughQueryBuilder)
  })

  test('eagerQuery takes parent models and binds their key values', async ({ assert }) => {
    const { alice, bob, posts } = await seed()
    const users = [bob, alice]
    const relation = User.$getRelation('posts')!
    relation.boot()
    assert.deepEqual(relation.eagerQuery(users, User.query().client).toSQL().bindings, [
      bob.id,
      alice.id,
    ])
    const belongsTo = Post.$getRelation('user')!
    belongsTo.boot()
    const bindings = belongsTo
      .eagerQuery([posts.first, posts.bobs, posts.orphan], Post.query().client)
      .toSQL().bindings
    assert.deepEqual(bindings, [alice.id, bob.id])
    const through = Writer.$getRelation('comments')!
    through.boot()
    const writers = await Writer.query().whereIn('id', [alice.id, bob.id]).orderBy('id')
    assert.deepEqual(through.eagerQuery(writers, Writer.query().client).toSQL().bindings, [
      alice.id,
      bob.id,
    ])
  })
})

test.group('Relation query builders | refused operations', (group) => {
  relationsGroup(group)

  test('paginate inside a preload callback throws', async ({ assert }) => {
    await seed()
    await assert.rejects(
      () => User.query().preload('posts', (query) => query.paginate(1, 5)),
      'Cannot paginate relationship "posts" during preload'
    )
    await assert.rejects(
      () => Writer.query().preload('comments', (query) => query.paginate(1, 5)),
      'Cannot paginate relationship "comments" during preload'
    )
  })

  test('a hasOne or belongsTo query is never paginated', async ({ assert }) => {
    const { alice, posts } = await seed()
    assert.throws(
      () => alice.related('profile').query().paginate(1),
      'Cannot paginate a hasOne relationship "(profile)"'
    )
    assert.throws(
      () => posts.first.related('user').query().paginate(1),
      'Cannot paginate a belongsTo relationship "(user)"'
    )
  })

  test('related().query() of hasMany paginates outside a preload', async ({ assert }) => {
    const { alice } = await seed()
    const page = await alice.related('posts').query().orderBy('id').paginate(1, 2)
    assert.equal(page.total, 3)
    assert.deepEqual(
      page.all().map((post) => post.title),
      ['a1', 'a2']
    )
  })

  test('a relation sub query refuses to run on its own', ({ assert }) => {
    for (const [Model, name] of [
      [User, 'posts'],
      [Post, 'user'],
      [Writer, 'comments'],
    ] as const) {
      const relation = Model.$getRelation(name as never)!
      relation.boot()
      const sub = () => relation.subQuery(Model.query().client)
      for (const run of [
        () => sub().exec(),
        () => sub().first(),
        () => sub().firstOrFail(),
        () => sub().paginate(1),
        () => sub().update({ title: 'x' }),
        () => sub().del(),
      ]) {
        assert.throws(run, 'Cannot execute relationship subqueries')
      }
    }
  })
})

test.group('Relation query builders | preload', (group) => {
  relationsGroup(group)

  test('cherry picked columns still reach their parents', async ({ assert }) => {
    await seed()
    const users = await User.query()
      .preload('posts', (query) => query.select('title'))
      .preload('profile', (query) => query.select('bio'))
      .orderBy('id')
    assert.deepEqual(
      users[0].posts.map((post) => post.title),
      ['a1', 'a2', 'a3']
    )
    assert.equal(users[0].profile.bio, 'alice bio')
    assert.isUndefined(users[0].posts[0].views)
    const posts = await Post.query()
      .preload('user', (query) => query.select('username'))
      .whereNotNull('userId')
      .orderBy('id')
    assert.equal(posts[0].user.username, 'alice')
    assert.deepEqual(posts[0].user.$extras, {})
    assert.isUndefined(posts[0].user.email)
  })

  test('group limit keeps cherry picked rows', async ({ assert }) => {
    await seed()
    const users = await User.query()
      .preload('posts', (query) => query.select('title').groupLimit(2).groupOrderBy('id', 'asc'))
      .orderBy('id')
    assert.deepEqual(
      users.map((user) => user.posts.map((post) => post.title)),
      [['a1', 'a2'], ['b1'], [], []]
    )
    assert.isUndefined(users[0].posts[0].views)
  })

  test('sideloaded values reach preloaded and nested preloaded models', async ({ assert }) => {
    await seed()
    const users = await User.query()
      .sideload({ tenant: 1 })
      .preload('profile')
      .preload('posts', (query) =>
        query.groupLimit(1).groupOrderBy('id', 'asc').preload('comments').sideload({ foo: 'bar' })
      )
      .orderBy('id')
    assert.deepEqual(users[0].profile.$sideloaded, { tenant: 1 })
    assert.deepEqual(users[0].posts[0].$sideloaded, { foo: 'bar' })
    assert.lengthOf(users[0].posts[0].comments, 2)
    assert.deepEqual(users[0].posts[0].comments[0].$sideloaded, { foo: 'bar' })
  })
})

test.group('Relation query builders | group limit outside a preload', (group) => {
  relationsGroup(group)

  test('groupLimit and groupOrderBy of a related() query are its limit and order', async ({
    assert,
  }) => {
    const { alice } = await seed()
    const posts = await alice.related('posts').query().groupLimit(2).groupOrderBy('views', 'desc')
    assert.deepEqual(
      posts.map((post) => post.title),
      ['a3', 'a2']
    )
  })
})

test.group('Relation constraints | aggregates and existence', (group) => {
  relationsGroup(group)

  test('withCount uses the aggregate the callback picks instead of count(*)', async ({
    assert,
  }) => {
    await seed()
    const users = await User.query()
      .withCount('reports', (query) => query.countDistinct('username'))
      .orderBy('id')
    assert.deepEqual(
      users.map((user) => Number(user.$extras.reports_count)),
      [2, 1, 0, 0]
    )
  })

  test('withCount lands on a property the model defines', async ({ assert }) => {
    class Author extends BaseModel {
      static table = 'rel_users'
      @column({ isPrimary: true }) declare id: number
      postsCount = 0
      @hasMany(() => Post, { foreignKey: 'userId' }) declare posts: HasMany<typeof Post>
    }
    await seed()
    const authors = await Author.query()
      .withCount('posts', (query) => query.as('postsCount'))
      .orderBy('id')
    assert.deepEqual(
      authors.map((author) => Number(author.postsCount)),
      [3, 1, 0, 0]
    )
    assert.notProperty(authors[0].$extras, 'postsCount')
  })

  test('whereHas compares the aggregate the callback picks', async ({ assert }) => {
    await seed()
    const users = await User.query().whereHas('posts', (query) => query.sum('views'), '>', 40)
    assert.deepEqual(
      users.map((user) => user.username),
      ['alice']
    )
  })
})
