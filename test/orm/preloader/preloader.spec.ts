import { test } from '@japa/runner'
import { Preloader } from '../../../src/orm/main.js'
import { User, relationsGroup, seed } from '../relations/helpers.js'

test.group('Preloader', (group) => {
  const state = relationsGroup(group)

  test('is exported from the orm entry and loads relations for many parents', async ({
    assert,
  }) => {
    await seed()
    const users = await User.query().orderBy('id').limit(2)
    await new Preloader(User)
      .load('posts', (query) => query.orderBy('id'))
      .preload('profile')
      .processAllForMany(users, state.db.connection())
    assert.deepEqual(
      users[0].posts.map((post) => post.title),
      ['a1', 'a2', 'a3']
    )
    assert.equal(users[1].profile.bio, 'bob bio')
  })

  test('two instances of one row get their own list of related models', async ({ assert }) => {
    const { alice } = await seed()
    const first = await User.findOrFail(alice.id)
    const second = await User.findOrFail(alice.id)
    await new Preloader(User)
      .load('posts', (query) => query.orderBy('id'))
      .processAllForMany([first, second], state.db.connection())
    assert.notStrictEqual(first.posts, second.posts)
    first.posts.pop()
    assert.deepEqual(
      second.posts.map((post) => post.title),
      ['a1', 'a2', 'a3']
    )
  })

  test('processAllForOne loads the relations of one parent', async ({ assert }) => {
    const { bob } = await seed()
    const user = await User.findOrFail(bob.id)
    await new Preloader(User).load('posts').processAllForOne(user, state.db.connection())
    assert.deepEqual(
      user.posts.map((post) => post.title),
      ['b1']
    )
  })

  test('sideloaded values reach the related models, and clones keep them', async ({ assert }) => {
    const { alice } = await seed()
    const user = await User.findOrFail(alice.id)
    const preloader = new Preloader(User).load('posts').sideload({ tenant: 'acme' })
    await preloader.clone().processAllForMany([user], state.db.connection())
    assert.deepEqual(user.posts[0].$sideloaded, { tenant: 'acme' })
  })

  test('load() hands the instance sideloaded values to the related models', async ({ assert }) => {
    const { alice } = await seed()
    const user = await User.query().sideload({ tenant: 'acme' }).where('id', alice.id).firstOrFail()
    await user.load('profile')
    assert.deepEqual(user.profile.$sideloaded, { tenant: 'acme' })
    await user.load((loader) => loader.load('posts').sideload({ tenant: 'other' }))
    assert.deepEqual(user.posts[0].$sideloaded, { tenant: 'other' })
  })
})
