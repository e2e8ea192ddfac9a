import { test } from '@japa/runner'
import { Sequence } from '../../src/factories/main.js'
import {
  openRelationDatabase,
  PostFactory,
  RoleFactory,
  type RUser,
  UserFactory,
} from './relation_models.js'

const titles = (users: RUser[]) => users.map((user) => user.posts.map((post) => post.title))

test.group('Factories: sequences across the parents of a graph', (group) => {
  group.each.setup(async () => (await openRelationDatabase())[1])

  test('a with() callback sequence keeps counting across the parents ({$self})')
    .with(['make', 'makeStubbed', 'create'] as const)
    .run(async ({ assert }, method) => {
      const builder = UserFactory.count(2).with('posts', 2, (post) =>
        post.sequence({ title: 'a' }, { title: 'b' }, { title: 'c' })
      )
      const users = await builder[method]()
      assert.deepEqual(titles(users), [
        ['a', 'b'],
        ['c', 'a'],
      ])
    })

  test('a has() sequence keeps counting across the parents ({$self})')
    .with(['make', 'makeStubbed', 'create'] as const)
    .run(async ({ assert }, method) => {
      const posts = PostFactory.count(2).sequence({ title: 'a' }, { title: 'b' }, { title: 'c' })
      const users = await UserFactory.has(posts).count(2)[method]()
      assert.deepEqual(titles(users), [
        ['a', 'b'],
        ['c', 'a'],
      ])
    })

  test('a Sequence callback gets the running index; each sequence() call counts on its own', async ({
    assert,
  }) => {
    const users = await UserFactory.with('posts', 2, (post) =>
      post
        .sequence(new Sequence(({ index }) => ({ title: `post ${index}` })))
        .sequence({ code: 'x' }, { code: 'y' }, { code: 'z' })
    ).createMany(3)
    assert.deepEqual(titles(users), [
      ['post 0', 'post 1'],
      ['post 2', 'post 3'],
      ['post 4', 'post 5'],
    ])
    assert.deepEqual(
      users.flatMap((user) => user.posts.map((post) => post.code)),
      ['x', 'y', 'z', 'x', 'y', 'z']
    )
  })

  test('nested with() sequences count across every parent above them', async ({ assert }) => {
    const users = await UserFactory.with('posts', 2, (post) =>
      post.with('comments', 1, (comment) =>
        comment.sequence({ body: '1' }, { body: '2' }, { body: '3' })
      )
    ).createMany(2)
    const bodies = users.flatMap((user) =>
      user.posts.flatMap((post) => post.comments.map((comment) => comment.body))
    )
    assert.deepEqual(bodies, ['1', '2', '3', '1'])
  })

  test('hasAttached() factory sequences count across the parents too', async ({ assert }) => {
    const users = await UserFactory.hasAttached(
      RoleFactory.count(2).sequence({ name: 'r1' }, { name: 'r2' }, { name: 'r3' })
    ).createMany(2)
    assert.deepEqual(
      users.map((user) => user.roles.map((role) => role.name)),
      [
        ['r1', 'r2'],
        ['r3', 'r1'],
      ]
    )
  })

  test('every top-level call starts the sequence over (builders are immutable)', async ({
    assert,
  }) => {
    const users = UserFactory.with('posts', 1, (post) =>
      post.sequence({ title: 'a' }, { title: 'b' })
    )
    assert.deepEqual(titles(await users.createMany(1)), [['a']])
    assert.deepEqual(titles(await users.createMany(1)), [['a']])
  })
})
