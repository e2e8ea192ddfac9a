import { test } from '@japa/runner'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { hasMany } from '../../../src/orm/relations/decorators.js'
import type { HasMany as HasManyRelation } from '../../../src/orm/relations/has_many/relation.js'
import type { HasMany } from '../../../src/types/relations.js'
import {
  Badge,
  captureQueries,
  Member,
  Post,
  type Profile,
  relationsGroup,
  seed,
  Team,
  User,
} from './helpers.js'

test.group('HasMany definition', (group) => {
  relationsGroup(group)

  test('the foreign key defaults to the camel cased parent name plus its primary key', ({
    assert,
  }) => {
    const relation = User.$getRelation('posts') as HasManyRelation
    relation.boot()
    assert.equal(relation.type, 'hasMany')
    assert.equal(relation.localKey, 'id')
    assert.equal(relation.foreignKey, 'userId')
    assert.equal(relation.foreignKeyColumnName, 'user_id')
  })

  test('custom localKey and foreignKey join on those attributes', async ({ assert }) => {
    const { alice } = await seed()
    await Badge.createMany([
      { ownerEmail: 'alice@example.com', label: 'gold' },
      { ownerEmail: 'bob@example.com', label: 'silver' },
      { ownerEmail: null, label: 'unowned' },
    ])
    const users = await User.query().preload('badges').orderBy('id')
    assert.deepEqual(
      users.map((user) => user.badges.map((badge) => badge.label)),
      [['gold'], ['silver'], [], []]
    )
    assert.equal(users[0].id, alice.id)
  })

  test('a related model passed without an arrow function throws E_INVALID_RELATION', ({
    assert,
  }) => {
    assert.throws(() => {
      class Writer extends BaseModel {
        static table = 'rel_users'
        @column({ isPrimary: true }) declare id: number
        @hasMany(Post as never) declare posts: HasMany<typeof Post>
      }
      return Writer
    }, /hasMany\(\(\) => Post\)/)
  })

  test('the E_INVALID_RELATION error carries its code', ({ assert }) => {
    try {
      class Writer extends BaseModel {
        @hasMany(Post as never) declare posts: HasMany<typeof Post>
      }
      assert.fail(`${Writer.name} should not be defined`)
    } catch (error) {
      assert.equal((error as { code: string }).code, 'E_INVALID_RELATION')
    }
  })

  test('a foreign key that is not a column throws E_MISSING_MODEL_ATTRIBUTE', async ({
    assert,
  }) => {
    class Note extends BaseModel {
      static table = 'rel_posts'
      @column({ isPrimary: true }) declare id: number
      @column() declare title: string
    }
    class Writer extends BaseModel {
      static table = 'rel_users'
      @column({ isPrimary: true }) declare id: number
      @hasMany(() => Note) declare notes: HasMany<typeof Note>
    }
    await assert.rejects(
      async () => Writer.query().preload('notes'),
      '"Writer.notes" expects "writerId" to exist on "Note" model, but is missing'
    )
    try {
      await Writer.query().preload('notes')
    } catch (error) {
      assert.equal((error as { code: string }).code, 'E_MISSING_MODEL_ATTRIBUTE')
    }
  })
})

test.group('HasMany preload', (group) => {
  const state = relationsGroup(group)

  test('each parent gets its own related rows', async ({ assert }) => {
    await seed()
    const users = await User.query()
      .preload('posts', (q) => q.orderBy('id'))
      .orderBy('id')
    assert.deepEqual(
      users.map((user) => [user.username, user.posts.map((post) => post.title)]),
      [
        ['alice', ['a1', 'a2', 'a3']],
        ['bob', ['b1']],
        ['carol', []],
        ['dave', []],
      ]
    )
  })

  test('a parent without related rows gets an empty array', async ({ assert }) => {
    const { carol } = await seed()
    const user = await User.query().where('id', carol.id).preload('posts').firstOrFail()
    assert.deepEqual(user.posts, [])
    assert.isTrue(user.$hasRelated('posts'))
  })

  test('rows with a null foreign key belong to no parent', async ({ assert }) => {
    await seed()
    const users = await User.query().preload('posts')
    const titles = users.flatMap((user) => user.posts.map((post) => post.title))
    assert.notInclude(titles, 'orphan')
    assert.lengthOf(titles, 4)
  })

  test('the constraint callback filters the related rows', async ({ assert }) => {
    const { alice } = await seed()
    const user = await User.query()
      .where('id', alice.id)
      .preload('posts', (q) => q.where('views', '>', 15).orderBy('views', 'desc'))
      .firstOrFail()
    assert.deepEqual(
      user.posts.map((post) => post.views),
      [30, 20]
    )
  })

  test('the relation onQuery applies to preloads', async ({ assert }) => {
    const { alice } = await seed()
    const user = await User.query().where('id', alice.id).preload('publishedPosts').firstOrFail()
    assert.sameMembers(
      user.publishedPosts.map((post) => post.title),
      ['a1', 'a2']
    )
  })

  test('string (UUID) keys match parents and children', async ({ assert }) => {
    const red = await Team.named('red')
    const blue = await Team.named('blue')
    await Member.createMany([
      { teamId: red.id, name: 'ann' },
      { teamId: red.id, name: 'ben' },
      { teamId: blue.id, name: 'cid' },
    ])
    const teams = await Team.query().preload('members').orderBy('name')
    assert.deepEqual(
      teams.map((team) => [team.name, team.members.map((member) => member.name).sort()]),
      [
        ['blue', ['cid']],
        ['red', ['ann', 'ben']],
      ]
    )
  })

  test('the related rows are selected with one whereIn on the foreign key', async ({
    assert,
    cleanup,
  }) => {
    const { alice } = await seed()
    const captured = captureQueries(state.db)
    cleanup(() => void captured.stop())
    await User.query().where('id', alice.id).preload('posts')
    const sql = captured.sql()
    assert.lengthOf(sql, 2)
    assert.match(sql[1], /from "?`?rel_posts`?"? where "?`?rel_posts`?"?\."?`?user_id`?"? in/)
  })
})

test.group('HasMany related client', (group) => {
  const state = relationsGroup(group)

  test('query() selects only the parent rows', async ({ assert }) => {
    const { alice } = await seed()
    const posts = await alice.related('posts').query().orderBy('id')
    assert.deepEqual(
      posts.map((post) => post.title),
      ['a1', 'a2', 'a3']
    )
  })

  test('query() applies the relation onQuery', async ({ assert }) => {
    const { alice } = await seed()
    const posts = await alice.related('publishedPosts').query()
    assert.lengthOf(posts, 2)
  })

  test('create() sets the foreign key', async ({ assert }) => {
    const { carol } = await seed()
    const post = await carol.related('posts').create({ title: 'c1', views: 3 })
    assert.equal(post.userId, carol.id)
    assert.isTrue(post.$isPersisted)
    assert.equal((await Post.findOrFail(post.id)).userId, carol.id)
  })

  test('create() saves a new parent first', async ({ assert }) => {
    const user = new User()
    user.username = 'erin'
    const post = await user.related('posts').create({ title: 'e1' })
    assert.isTrue(user.$isPersisted)
    assert.equal(post.userId, user.id)
  })

  test('createMany() creates every row for the parent', async ({ assert }) => {
    const { carol } = await seed()
    const posts = await carol.related('posts').createMany([{ title: 'c1' }, { title: 'c2' }])
    assert.deepEqual(
      posts.map((post) => post.userId),
      [carol.id, carol.id]
    )
    assert.lengthOf(await carol.related('posts').query(), 2)
  })

  test('a failing createMany() leaves no rows', async ({ assert }) => {
    const { carol } = await seed()
    await assert.rejects(() =>
      carol.related('posts').createMany([{ title: 'c1' }, { title: null as never }])
    )
    assert.lengthOf(await carol.related('posts').query(), 0)
  })

  test('createMany() runs every insert inside one transaction', async ({ assert, cleanup }) => {
    const { carol } = await seed()
    const captured = captureQueries(state.db)
    cleanup(() => void captured.stop())
    await carol.related('posts').createMany([{ title: 'c1' }, { title: 'c2' }])
    const inserts = captured.events.filter((event) => /^insert/i.test(event.sql))
    assert.lengthOf(inserts, 2)
    assert.isTrue(inserts.every((event) => event.inTransaction))
  })

  test('writes use the parent transaction', async ({ assert }) => {
    const { carol } = await seed()
    const trx = await state.db.transaction()
    carol.useTransaction(trx)
    await carol.related('posts').createMany([{ title: 'c1' }, { title: 'c2' }])
    assert.lengthOf(await Post.query({ client: trx }).where('userId', carol.id), 2)
    await trx.rollback()
    assert.lengthOf(await Post.query().where('userId', carol.id), 0)
  })

  test('save() sets the foreign key of an existing model', async ({ assert }) => {
    const { carol, posts } = await seed()
    const orphan = await Post.findOrFail(posts.orphan.id)
    await carol.related('posts').save(orphan)
    assert.equal(orphan.userId, carol.id)
    assert.equal((await Post.findOrFail(orphan.id)).userId, carol.id)
  })

  test('a failing save() leaves the foreign key as it was', async ({ assert }) => {
    const erin = new User().fill({ username: 'erin' })
    const post = new Post().fill({ title: null as never })
    await assert.rejects(() => erin.related('posts').save(post))
    assert.isFalse(erin.$isPersisted)
    assert.notProperty(post.$attributes, 'userId')
  })

  test('saveMany() saves new models for the parent', async ({ assert }) => {
    const { dave } = await seed()
    const one = new Post().fill({ title: 'd1' })
    const two = new Post().fill({ title: 'd2' })
    await dave.related('posts').saveMany([one, two])
    assert.isTrue(one.$isPersisted && two.$isPersisted)
    assert.lengthOf(await dave.related('posts').query(), 2)
  })

  test('firstOrCreate() returns the existing row of the parent', async ({ assert }) => {
    const { alice, posts } = await seed()
    const post = await alice.related('posts').firstOrCreate({ title: 'a2' }, { views: 99 })
    assert.equal(post.id, posts.second.id)
    assert.equal(post.views, 20)
  })

  test('firstOrCreate() creates the row when the parent has none', async ({ assert }) => {
    const { bob } = await seed()
    const post = await bob.related('posts').firstOrCreate({ title: 'a2' }, { views: 99 })
    assert.equal(post.userId, bob.id)
    assert.equal(post.views, 99)
    assert.lengthOf(await Post.query().where('title', 'a2'), 2)
  })

  test('updateOrCreate() updates the existing row of the parent', async ({ assert }) => {
    const { alice, posts } = await seed()
    const post = await alice.related('posts').updateOrCreate({ title: 'a1' }, { views: 500 })
    assert.equal(post.id, posts.first.id)
    assert.equal((await Post.findOrFail(posts.first.id)).views, 500)
  })

  test('updateOrCreate() creates the row when the parent has none', async ({ assert }) => {
    const { carol } = await seed()
    const post = await carol.related('posts').updateOrCreate({ title: 'a1' }, { views: 7 })
    assert.equal(post.userId, carol.id)
    assert.lengthOf(await Post.query().where('title', 'a1'), 2)
  })

  test('fetchOrCreateMany() fetches matching rows of the parent and creates the rest', async ({
    assert,
  }) => {
    const { alice } = await seed()
    const rows = await alice
      .related('posts')
      .fetchOrCreateMany([{ title: 'a1' }, { title: 'a9', views: 9 }], 'title')
    assert.sameMembers(
      rows.map((post) => post.title),
      ['a1', 'a9']
    )
    assert.equal(rows.find((post) => post.title === 'a1')!.views, 10)
    assert.lengthOf(await alice.related('posts').query(), 4)
  })

  test('updateOrCreateMany() updates matching rows of the parent and creates the rest', async ({
    assert,
  }) => {
    const { alice } = await seed()
    await alice.related('posts').updateOrCreateMany(
      [
        { title: 'a1', views: 111 },
        { title: 'a9', views: 9 },
      ],
      'title'
    )
    const posts = await alice.related('posts').query().orderBy('id')
    assert.deepEqual(
      posts.map((post) => [post.title, post.views]),
      [
        ['a1', 111],
        ['a2', 20],
        ['a3', 30],
        ['a9', 9],
      ]
    )
  })

  test('fetchOrCreateMany() does not match rows of other parents', async ({ assert }) => {
    const { bob } = await seed()
    const rows = await bob.related('posts').fetchOrCreateMany([{ title: 'a1' }], 'title')
    assert.equal(rows[0].userId, bob.id)
    assert.lengthOf(await Post.query().where('title', 'a1'), 2)
  })

  test('create options (allowExtraProperties) reach every write of the client', async ({
    assert,
  }) => {
    const { alice, carol } = await seed()
    const options = { allowExtraProperties: true }
    const extra = { title: 'x1', draft: true } as Partial<Post>
    const created = await alice.related('posts').create(extra, options)
    assert.deepEqual(created.$extras, { draft: true })
    const many = await alice
      .related('posts')
      .createMany([{ title: 'x2', draft: 1 } as Partial<Post>], options)
    assert.deepEqual(many[0].$extras, { draft: 1 })
    const found = await alice.related('posts').firstOrCreate({ title: 'x3' }, extra, options)
    assert.equal(found.userId, alice.id)
    const updated = await alice.related('posts').updateOrCreate({ title: 'x1' }, extra, options)
    assert.equal(updated.id, created.id)
    const fetched = await carol.related('posts').fetchOrCreateMany([extra], 'title', options)
    assert.equal(fetched[0].userId, carol.id)
    const upserted = await carol.related('posts').updateOrCreateMany([extra], 'title', options)
    assert.equal(upserted[0].id, fetched[0].id)
    const profile = await alice
      .related('profile')
      .create({ bio: 'hi', mood: 'ok' } as Partial<Profile>, options)
    assert.deepEqual(profile.$extras, { mood: 'ok' })
  })

  test('the client writes UUID foreign keys', async ({ assert }) => {
    const team = await Team.named('green')
    const member = await team.related('members').create({ name: 'gus' })
    assert.equal(member.teamId, team.id)
    assert.lengthOf(await team.related('members').query(), 1)
  })
})
