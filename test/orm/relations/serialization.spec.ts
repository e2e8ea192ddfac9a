import { test } from '@japa/runner'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { hasMany, hasOne } from '../../../src/orm/relations/decorators.js'
import type { HasMany, HasOne } from '../../../src/types/relations.js'
import { Post, Profile, relationsGroup, seed, User } from './helpers.js'

class Writer extends BaseModel {
  static table = 'rel_users'
  @column({ isPrimary: true }) declare id: number
  @column() declare username: string
  @hasMany(() => Post, { foreignKey: 'userId', serializeAs: 'articles' })
  declare posts: HasMany<typeof Post>
  @hasOne(() => Profile, { foreignKey: 'userId', serializeAs: null })
  declare profile: HasOne<typeof Profile>
}

test.group('Relation serialization', (group) => {
  relationsGroup(group)

  test('preloaded relations serialize under their names', async ({ assert }) => {
    const { bob } = await seed()
    const user = await User.query()
      .where('id', bob.id)
      .preload('posts')
      .preload('profile')
      .firstOrFail()
    const json = user.serialize()
    assert.deepEqual(json.profile, { id: json.profile.id, userId: bob.id, bio: 'bob bio' })
    assert.deepEqual(
      json.posts.map((post: { title: string; isPublished: boolean }) => [
        post.title,
        post.isPublished,
      ]),
      [['b1', true]]
    )
  })

  test('relations that are not loaded are left out', async ({ assert }) => {
    const { bob } = await seed()
    const user = await User.findOrFail(bob.id)
    assert.notProperty(user.serialize(), 'posts')
    assert.notProperty(user.serialize(), 'profile')
  })

  test('a missing hasOne row serializes as null and an empty hasMany as []', async ({ assert }) => {
    const { carol } = await seed()
    const user = await User.query()
      .where('id', carol.id)
      .preload('posts')
      .preload('profile')
      .firstOrFail()
    assert.isNull(user.serialize().profile)
    assert.deepEqual(user.serialize().posts, [])
  })

  test('serializeAs renames a relation', async ({ assert }) => {
    const { bob } = await seed()
    const writer = await Writer.query().where('id', bob.id).preload('posts').firstOrFail()
    const json = writer.serialize()
    assert.notProperty(json, 'posts')
    assert.lengthOf(json.articles, 1)
  })

  test('serializeAs null hides a relation', async ({ assert }) => {
    const { bob } = await seed()
    const writer = await Writer.query().where('id', bob.id).preload('profile').firstOrFail()
    assert.equal(writer.profile.bio, 'bob bio')
    assert.notProperty(writer.serialize(), 'profile')
  })

  test('cherry picking reaches nested relations', async ({ assert }) => {
    const { alice } = await seed()
    const user = await User.query()
      .where('id', alice.id)
      .preload('posts', (posts) =>
        posts
          .orderBy('id')
          .limit(1)
          .preload('comments', (c) => c.orderBy('id'))
      )
      .firstOrFail()
    const json = user.serialize({
      fields: ['username'],
      relations: { posts: { fields: ['title'], relations: { comments: { fields: ['body'] } } } },
    })
    assert.deepEqual(json, {
      username: 'alice',
      posts: [{ title: 'a1', comments: [{ body: 'nice' }, { body: 'agreed' }] }],
    })
  })

  test('cherry picking accepts pick and omit', async ({ assert }) => {
    const { bob } = await seed()
    const user = await User.query().where('id', bob.id).preload('posts').firstOrFail()
    const json = user.serialize({
      fields: { pick: ['id', 'username'] },
      relations: { posts: { fields: { omit: ['id', 'userId', 'views', 'isPublished'] } } },
    })
    assert.deepEqual(json, { id: bob.id, username: 'bob', posts: [{ title: 'b1' }] })
  })

  test('cherry picking names a relation by its serialized name', async ({ assert }) => {
    const { bob } = await seed()
    const writer = await Writer.query().where('id', bob.id).preload('posts').firstOrFail()
    const json = writer.serialize({ fields: [], relations: { articles: { fields: ['title'] } } })
    assert.deepEqual(json, { articles: [{ title: 'b1' }] })
  })

  test('relations the cherry pick does not name serialize whole', async ({ assert }) => {
    const { bob } = await seed()
    const user = await User.query()
      .where('id', bob.id)
      .preload('posts')
      .preload('profile')
      .firstOrFail()
    const json = user.serialize({ relations: { posts: { fields: ['title'] } } })
    assert.deepEqual(json.posts, [{ title: 'b1' }])
    assert.equal(json.profile.bio, 'bob bio')
  })

  test('toJSON includes the loaded relations', async ({ assert }) => {
    const { bob } = await seed()
    const user = await User.query().where('id', bob.id).preload('manager').firstOrFail()
    const parsed = JSON.parse(JSON.stringify(user))
    assert.equal(parsed.manager.username, 'alice')
  })

  test('serializeRelations() returns only the relations', async ({ assert }) => {
    const { bob } = await seed()
    const user = await User.query().where('id', bob.id).preload('manager').firstOrFail()
    assert.deepEqual(Object.keys(user.serializeRelations()), ['manager'])
    assert.instanceOf(user.serializeRelations(undefined, true).manager, User)
  })

  test('toObject() includes relations by property name', async ({ assert }) => {
    const { bob } = await seed()
    const writer = await Writer.query().where('id', bob.id).preload('posts').firstOrFail()
    const object = writer.toObject()
    assert.equal(object.posts[0].title, 'b1')
    assert.notProperty(object, 'articles')
  })
})
