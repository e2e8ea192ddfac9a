import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import { errors } from '../../src/index.js'
import {
  openRelationDatabase,
  count,
  PostFactory,
  RoleFactory,
  UserFactory,
} from './relation_models.js'

const invalid = [2.5, -1, Number.NaN, Number.POSITIVE_INFINITY, '2' as unknown as number]

test.group('Factories: row counts', (group) => {
  let db: Database
  group.each.setup(async () => {
    let close: () => Promise<void>
    ;[db, close] = await openRelationDatabase()
    return close
  })

  test('makeMany, makeStubbedMany, rawMany and createMany refuse {$self}')
    .with(invalid)
    .run(async ({ assert }, given) => {
      const calls: [string, () => Promise<unknown>][] = [
        ['makeMany()', () => UserFactory.makeMany(given)],
        ['makeStubbedMany()', () => UserFactory.makeStubbedMany(given)],
        ['rawMany()', () => UserFactory.rawMany(given)],
        ['createMany()', () => UserFactory.createMany(given)],
      ]
      for (const [method, call] of calls) {
        const error = (await call().then(
          () => assert.fail(`${method} accepted ${given}`),
          (failure: unknown) => failure
        )) as Error
        assert.instanceOf(error, errors.E_INVALID_FACTORY_COUNT)
        assert.include(error.message, method)
        assert.include(error.message, 'whole number')
      }
      assert.equal(await count(db, 'facr_users'), 0)
    })

  test('count(), with(), has() and hasAttached() counts refuse {$self} when given')
    .with(invalid)
    .run(({ assert }, given) => {
      assert.throws(() => UserFactory.count(given), /count\(\) needs a whole number/)
      assert.throws(() => UserFactory.with('posts', given), /with\('posts'\) needs a whole number/)
      assert.throws(() => UserFactory.has(PostFactory.count(given)), errors.E_INVALID_FACTORY_COUNT)
      assert.throws(
        () => UserFactory.hasAttached(RoleFactory.count(given)),
        errors.E_INVALID_FACTORY_COUNT
      )
    })

  test('0 makes nothing, everywhere', async ({ assert }) => {
    assert.deepEqual(await UserFactory.makeMany(0), [])
    assert.deepEqual(await UserFactory.createMany(0), [])
    assert.deepEqual(await UserFactory.count(0).create(), [])
    const user = await UserFactory.with('posts', 0).has(PostFactory.count(0)).create()
    assert.equal(await count(db, 'facr_users'), 1)
    assert.equal(await count(db, 'facr_posts'), 0)
    assert.isTrue(user.$isPersisted)
  })
})
