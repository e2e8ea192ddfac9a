import { test } from '@japa/runner'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import type { BelongsTo as BelongsToRelation } from '../../../src/orm/relations/belongs_to/relation.js'
import { column } from '../../../src/orm/decorators/column.js'
import { belongsTo } from '../../../src/orm/relations/decorators.js'
import type { BelongsTo } from '../../../src/types/relations.js'
import { Badge, Comment, Member, Post, relationsGroup, seed, Team, User } from './helpers.js'

test.group('BelongsTo definition', (group) => {
  relationsGroup(group)

  test('the foreign key defaults to userId on this model and the local key to the related primary key', ({
    assert,
  }) => {
    const relation = Post.$getRelation('user') as BelongsToRelation
    relation.boot()
    assert.equal(relation.type, 'belongsTo')
    assert.equal(relation.foreignKey, 'userId')
    assert.equal(relation.foreignKeyColumnName, 'user_id')
    assert.equal(relation.localKey, 'id')
  })

  test('a related model passed without an arrow function names belongsTo in the error', ({
    assert,
  }) => {
    assert.throws(() => {
      class Note extends BaseModel {
        @column({ isPrimary: true }) declare id: number
        @column() declare userId: number
        @belongsTo(User as never) declare user: BelongsTo<typeof User>
      }
      return Note
    }, /@belongsTo\(\(\) => User\)/)
  })

  test('a missing foreign key column throws E_MISSING_MODEL_ATTRIBUTE', async ({ assert }) => {
    class Note extends BaseModel {
      static table = 'rel_posts'
      @column({ isPrimary: true }) declare id: number
      @belongsTo(() => User) declare user: BelongsTo<typeof User>
    }
    await assert.rejects(
      () => Note.query().preload('user').exec(),
      '"Note.user" expects "userId" to exist on "Note" model, but is missing'
    )
  })
})

test.group('BelongsTo preload', (group) => {
  relationsGroup(group)

  test('each child gets its parent', async ({ assert }) => {
    await seed()
    const posts = await Post.query().whereNotNull('userId').preload('user').orderBy('id')
    assert.deepEqual(
      posts.map((post) => post.user.username),
      ['alice', 'alice', 'alice', 'bob']
    )
  })

  test('a null foreign key gives null', async ({ assert }) => {
    const { posts } = await seed()
    const orphan = await Post.query().where('id', posts.orphan.id).preload('user').firstOrFail()
    assert.isNull(orphan.user)
  })

  test('children of one parent share one query and one parent row each', async ({ assert }) => {
    await seed()
    const posts = await Post.query().whereNotNull('userId').preload('user')
    const alices = posts.filter((post) => post.user.username === 'alice')
    assert.lengthOf(alices, 3)
  })

  test('a self relation loads the manager from the same table', async ({ assert }) => {
    await seed()
    const users = await User.query().preload('manager').orderBy('id')
    assert.deepEqual(
      users.map((user) => user.manager?.username ?? null),
      [null, 'alice', 'alice', 'bob']
    )
  })

  test('the inverse self relation loads the reports', async ({ assert }) => {
    await seed()
    const users = await User.query()
      .preload('reports', (q) => q.orderBy('id'))
      .orderBy('id')
    assert.deepEqual(
      users.map((user) => user.reports.map((report) => report.username)),
      [['bob', 'carol'], ['dave'], [], []]
    )
  })

  test('custom keys join on the owner email', async ({ assert }) => {
    await seed()
    await Badge.createMany([
      { ownerEmail: 'bob@example.com', label: 'silver' },
      { ownerEmail: 'nobody@example.com', label: 'lost' },
    ])
    const badges = await Badge.query().preload('owner').orderBy('id')
    assert.deepEqual(
      badges.map((badge) => badge.owner?.username ?? null),
      ['bob', null]
    )
  })

  test('UUID keys load the parent', async ({ assert }) => {
    const team = await Team.named('red')
    await Member.create({ teamId: team.id, name: 'ann' })
    const member = await Member.query().preload('team').firstOrFail()
    assert.equal(member.team.name, 'red')
  })

  test('nested belongsTo reaches the grandparent', async ({ assert }) => {
    await seed()
    const comments = await Comment.query()
      .preload('post', (post) => post.preload('user'))
      .orderBy('id')
    assert.deepEqual(
      comments.map((comment) => comment.post.user.username),
      ['alice', 'alice', 'bob']
    )
  })
})

test.group('BelongsTo related client', (group) => {
  const state = relationsGroup(group)

  test('query() selects the parent row', async ({ assert }) => {
    const { posts } = await seed()
    const user = await posts.bobs.related('user').query().firstOrFail()
    assert.equal(user.username, 'bob')
  })

  test('associate() sets the foreign key, saves and stores the parent', async ({ assert }) => {
    const { carol, posts } = await seed()
    await posts.orphan.related('user').associate(carol)
    assert.equal(posts.orphan.userId, carol.id)
    assert.equal((await Post.findOrFail(posts.orphan.id)).userId, carol.id)
    assert.strictEqual(posts.orphan.user, carol)
  })

  test('associate() saves a new parent first', async ({ assert }) => {
    const { posts } = await seed()
    const erin = new User().fill({ username: 'erin' })
    await posts.orphan.related('user').associate(erin)
    assert.isTrue(erin.$isPersisted)
    assert.equal(posts.orphan.userId, erin.id)
  })

  test('associate() runs on the child transaction', async ({ assert }) => {
    const { carol, posts } = await seed()
    const trx = await state.db.transaction()
    posts.orphan.useTransaction(trx)
    await posts.orphan.related('user').associate(carol)
    await trx.rollback()
    assert.isNull((await Post.findOrFail(posts.orphan.id)).userId)
  })

  test('a failing associate() leaves the foreign key as it was', async ({ assert }) => {
    const { posts } = await seed()
    const erin = new User().fill({ username: 'erin' })
    posts.orphan.title = null as never
    await assert.rejects(() => posts.orphan.related('user').associate(erin))
    // erin's INSERT was rolled back: her id belongs to no row (SQLite gives it to the next user)
    assert.isFalse(erin.$isPersisted)
    assert.isNull(posts.orphan.userId)
    assert.deepEqual(posts.orphan.$dirty, { title: null })
  })

  test('dissociate() clears the foreign key and saves', async ({ assert }) => {
    const { posts } = await seed()
    await posts.bobs.related('user').dissociate()
    assert.isNull(posts.bobs.userId)
    assert.isNull((await Post.findOrFail(posts.bobs.id)).userId)
    assert.isNull(posts.bobs.user)
  })

  test('associate() with a custom local key writes that attribute', async ({ assert }) => {
    const { bob } = await seed()
    const badge = await Badge.create({ ownerEmail: null, label: 'new' })
    await badge.related('owner').associate(bob)
    assert.equal((await Badge.findOrFail(badge.id)).ownerEmail, 'bob@example.com')
  })
})
