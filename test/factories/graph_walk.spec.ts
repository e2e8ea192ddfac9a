import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import { openRelationDatabase, PostFactory, RoleFactory, UserFactory } from './relation_models.js'

test.group('Factories: relation walk', (group) => {
  let db: Database
  group.each.setup(async () => {
    let close: () => Promise<void>
    ;[db, close] = await openRelationDatabase()
    return close
  })

  test('related rows of a connection() builder carry its connection ({$self})')
    .with(['make', 'makeStubbed', 'create'] as const)
    .run(async ({ assert }, method) => {
      const users = UserFactory.connection('primary')
        .with('posts', 2, (post) => post.with('comments'))
        .hasAttached(RoleFactory.count(1))
      const user = await users[method]()
      const post = await PostFactory.connection('primary').for(UserFactory)[method]()
      const related = [...user.posts, user.posts[0].comments[0], user.roles[0], post.author]
      for (const row of related) assert.equal(row.$options?.connection, 'primary')
    })

  test('related rows of a client(trx) builder made in memory use that transaction', async ({
    assert,
  }) => {
    const trx = await db.transaction()
    try {
      const user = await UserFactory.client(trx).with('posts').make()
      assert.strictEqual(user.posts[0].$trx, trx)
    } finally {
      await trx.rollback()
    }
  })
})
