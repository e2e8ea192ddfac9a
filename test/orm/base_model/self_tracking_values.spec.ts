import { test } from '@japa/runner'
import type { Database } from '../../../src/database/database.js'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { createUsers, openDatabase } from './helpers.js'
import { dropTables } from '../../helpers/database.js'

const USERS = 'bm_tracking_users'

/** A value object that tracks its own changes (Lucid asks such objects, not a deep compare). */
class Location {
  isDirty = false
  constructor(
    public state: string,
    public country: string
  ) {}
}

class User extends BaseModel {
  static table = USERS
  @column({ isPrimary: true }) declare id: number
  @column() declare username: string
  @column({
    columnName: 'meta',
    prepare: (value: Location) => JSON.stringify({ state: value.state, country: value.country }),
    consume: (value: string) => {
      const parsed = JSON.parse(value)
      return new Location(parsed.state, parsed.country)
    },
  })
  declare location: Location
}

test.group('BaseModel | values that track their own changes', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    return async () => {
      await dropTables(db, USERS)
      await db.manager.closeAll()
    }
  })

  test('an object changed in place is dirty once its isDirty flag says so', async ({ assert }) => {
    const user = new User()
    user.username = 'virk'
    user.location = new Location('haryana', 'India')
    await user.save()
    assert.deepEqual(user.$dirty, {})

    user.location.state = 'goa'
    assert.deepEqual(user.$dirty, {}, 'the object says it is clean')
    user.location.isDirty = true
    assert.deepEqual(Object.keys(user.$dirty), ['location'])
  })

  test('a fetched object is asked too', async ({ assert }) => {
    await db
      .table(USERS)
      .insert({ username: 'virk', meta: '{"state":"haryana","country":"India"}' })
    const user = await User.firstOrFail()
    assert.isFalse(user.$isDirty)
    user.location.isDirty = true
    assert.deepEqual(Object.keys(user.$dirty), ['location'])
  })
})
