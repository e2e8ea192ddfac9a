import { test } from '@japa/runner'
import { Post, Profile, relationsGroup, seed, User } from './helpers.js'
import { MorphComment, morphGroup, MorphPost, MorphVideo } from './morph_fixtures.js'

test.group('Relation writes in the caller`s transaction | rollback', (group) => {
  const state = relationsGroup(group)

  test('hasMany save() and hasOne save(): the foreign key goes back', async ({ assert }) => {
    const trx = await state.db.transaction()
    const erin = new User().fill({ username: 'erin' })
    erin.useTransaction(trx)
    const post = new Post().fill({ title: 'draft' })
    const profile = new Profile().fill({ bio: 'hi' })
    await erin.related('posts').save(post)
    await erin.related('profile').save(profile)
    assert.equal(post.userId, erin.id)
    await trx.rollback()

    assert.isFalse(erin.$isPersisted)
    assert.isFalse(post.$isPersisted)
    assert.deepEqual(post.$attributes, { title: 'draft' })
    assert.deepEqual(profile.$attributes, { bio: 'hi' })
  })

  test('saveMany() of existing rows: keys and dirty state as before', async ({ assert }) => {
    const { carol, posts } = await seed()
    const trx = await state.db.transaction()
    carol.useTransaction(trx)
    posts.orphan.title = 'renamed'
    await carol.related('posts').saveMany([posts.orphan])
    await trx.rollback()

    assert.isNull(posts.orphan.userId)
    // what the caller assigned survives the rollback, dirty again
    assert.deepEqual(posts.orphan.$dirty, { title: 'renamed' })
  })

  test('create() and createMany(): the created models lose the key', async ({ assert }) => {
    const { carol } = await seed()
    const trx = await state.db.transaction()
    carol.useTransaction(trx)
    const one = await carol.related('posts').create({ title: 'a' })
    const [two] = await carol.related('posts').createMany([{ title: 'b' }])
    await trx.rollback()
    assert.deepEqual(one.$attributes, { title: 'a' })
    assert.deepEqual(two.$attributes, { title: 'b' })
    assert.isFalse(one.$isPersisted)
  })

  test('belongsTo associate() with a new parent: the key goes back', async ({ assert }) => {
    const { posts } = await seed()
    const trx = await state.db.transaction()
    posts.orphan.useTransaction(trx)
    const erin = new User().fill({ username: 'erin' })
    await posts.orphan.related('user').associate(erin)
    await trx.rollback()
    assert.isFalse(erin.$isPersisted)
    assert.isNull(posts.orphan.userId)
    assert.deepEqual(posts.orphan.$dirty, {})
  })

  test('a write in a released savepoint goes back with the outer rollback', async ({ assert }) => {
    const { carol, posts } = await seed()
    const trx = await state.db.transaction()
    const savepoint = await trx.transaction()
    carol.useTransaction(savepoint)
    await carol.related('posts').save(posts.orphan)
    await savepoint.commit()
    await trx.rollback()
    assert.isNull(posts.orphan.userId)
  })

  test('a key the caller assigns after the write survives the rollback', async ({ assert }) => {
    const { alice, carol, posts } = await seed()
    const trx = await state.db.transaction()
    carol.useTransaction(trx)
    await carol.related('posts').save(posts.orphan)
    posts.orphan.userId = alice.id
    await trx.rollback()
    assert.equal(posts.orphan.userId, alice.id)
  })
})

test.group('Morph writes in the caller`s transaction | rollback', (group) => {
  const state = morphGroup(group)

  test('morphMany save() and morphTo associate(): type and key go back', async ({ assert }) => {
    const trx = await state.db.transaction()
    const post = new MorphPost().fill({ title: 'p' })
    post.useTransaction(trx)
    const saved = new MorphComment().fill({ body: 'a' })
    await post.related('comments').save(saved)

    const associated = new MorphComment().fill({ body: 'b' })
    associated.useTransaction(trx)
    await associated.related('commentable').associate(new MorphVideo().fill({ title: 'v' }))
    await trx.rollback()

    assert.deepEqual(saved.$attributes, { body: 'a' })
    assert.deepEqual(associated.$attributes, { body: 'b' })
  })
})
