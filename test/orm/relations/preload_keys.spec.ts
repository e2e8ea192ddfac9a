import { test } from '@japa/runner'
import { hasManyThrough, manyToMany } from '../../../src/orm/relations/decorators.js'
import type { HasManyThrough, ManyToMany } from '../../../src/types/relations.js'
import { Comment, Post, User, relationsGroup, seed } from './helpers.js'

/** The spec User with a manyToMany and a hasManyThrough (the pivot is never reached). */
class Reader extends User {
  static override table = 'rel_users'
  @manyToMany(() => Post, { pivotTable: 'rel_reads' }) declare reads: ManyToMany<typeof Post>
  @hasManyThrough([() => Comment, () => Post], { foreignKey: 'userId' })
  declare received: HasManyThrough<typeof Comment>
}

/** The error code and message of a rejected promise. */
async function failure(work: () => Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await work()
  } catch (error) {
    return error as { code: string; message: string }
  }
  throw new Error('expected an error')
}

test.group('Preload | parent key not selected', (group) => {
  relationsGroup(group)

  test('hasOne and hasMany throw when the local key is not selected', async ({ assert }) => {
    await seed()
    for (const name of ['profile', 'posts'] as const) {
      const error = await failure(() => User.query().select('username').preload(name).exec())
      assert.equal(error.code, 'E_MISSING_MODEL_ATTRIBUTE')
      assert.equal(error.message, `Cannot preload "${name}", value of "User.id" is undefined`)
    }
  })

  test('manyToMany and hasManyThrough throw when the local key is not selected', async ({
    assert,
  }) => {
    await seed()
    for (const name of ['reads', 'received'] as const) {
      const error = await failure(() => Reader.query().select('username').preload(name).exec())
      assert.equal(error.code, 'E_MISSING_MODEL_ATTRIBUTE')
      assert.equal(error.message, `Cannot preload "${name}", value of "Reader.id" is undefined`)
    }
  })

  test('belongsTo throws when the foreign key is not selected', async ({ assert }) => {
    await seed()
    const error = await failure(() => Post.query().select('title').preload('user').exec())
    assert.equal(error.code, 'E_MISSING_MODEL_ATTRIBUTE')
    assert.equal(
      error.message,
      'Cannot preload "user", value of "Post.userId" is undefined. ' +
        'Make sure to set "null" as the default value for foreign keys'
    )
  })

  test('load() on a model that was never saved throws the same error', async ({ assert }) => {
    const error = await failure(() => new User().load('posts'))
    assert.equal(error.message, 'Cannot preload "posts", value of "User.id" is undefined')
  })

  test('a null key loads nothing instead of throwing', async ({ assert }) => {
    await seed()
    const carol = await User.query().where('username', 'carol').preload('badges').firstOrFail()
    assert.deepEqual(carol.badges, [])
    const orphan = await Post.query().where('title', 'orphan').preload('user').firstOrFail()
    assert.isNull(orphan.user)
  })

  test('selecting the key makes the preload work', async ({ assert }) => {
    await seed()
    const users = await User.query()
      .select('id', 'username')
      .preload('posts')
      .orderBy('id')
      .limit(1)
    assert.lengthOf(users[0].posts, 3)
  })
})
