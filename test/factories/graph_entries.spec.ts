import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import { errors } from '../../src/index.js'
import { openRelationDatabase, count, UserFactory } from './relation_models.js'

test.group('Factories: relation graph entries', (group) => {
  let db: Database
  group.each.setup(async () => {
    let close: () => Promise<void>
    ;[db, close] = await openRelationDatabase()
    return close
  })

  test('hasAttached([]) without a relation name asks for the name', ({ assert }) => {
    const error = assert.throws(() => UserFactory.hasAttached([])) as unknown as Error
    assert.instanceOf(error, errors.E_UNDEFINED_FACTORY_RELATION)
    assert.notInclude(error.message, 'undefined')
    assert.include(error.message, "hasAttached([], pivot, 'relationName')")
  })

  test('hasAttached([]) with a relation name attaches nothing', async ({ assert }) => {
    const user = await UserFactory.hasAttached([], {}, 'roles').create()
    assert.deepEqual(user.roles ?? [], [])
    assert.equal(await count(db, 'facr_users'), 1)
    assert.equal(await count(db, 'facr_role_user'), 0)
  })
})
