import { test } from '@japa/runner'
import { User } from '../app/models/user.js'
import { UserFactory } from '../database/factories/main.js'

test.group('Users', () => {
  test('a user signs up', async ({ db }) => {
    await User.create({ email: 'jo@example.com', name: 'Jo' })
    await db.assertHas('japa_example_users', { email: 'jo@example.com' })
    await db.assertCount('japa_example_users', 1)
  })

  test('each test starts from an empty table', async ({ db }) => {
    await db.assertEmpty('japa_example_users')
  })

  test('factories create users with posts', async ({ db, assert }) => {
    const user = await UserFactory.with('posts', 3).create()
    await db.assertModelExists(user)
    await db.assertHas('japa_example_posts', { user_id: user.id }, 3)
    assert.match(user.email, /@/)
  })

  test('deleting a user soft deletes it', async ({ db }) => {
    const user = await UserFactory.create()
    await user.delete()
    await db.assertSoftDeleted(user)
  })

  test('listing users with their posts takes two queries', async ({ db, assert }) => {
    await UserFactory.with('posts', 2).createMany(5)
    const users = await db.expectQueries(2, () => User.query().preload('posts'))
    assert.lengthOf(users, 5)
  })

  test('a nested transaction is a savepoint', async ({ db }) => {
    await db.db
      .transaction(async (trx) => {
        await User.create({ email: 'temp@example.com', name: 'Temp' }, { client: trx })
        throw new Error('changed my mind')
      })
      .catch(() => {})
    await db.assertMissing('japa_example_users', { email: 'temp@example.com' })
  })
})
