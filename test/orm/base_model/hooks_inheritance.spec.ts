import { test } from '@japa/runner'
import type { Database } from '../../../src/database/database.js'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { dropTables } from '../../helpers/database.js'
import { createUsers, openDatabase } from './helpers.js'

const USERS = 'bm_hooks_inherit_users'
const events: string[] = []

function stampParent(row: BaseModel) {
  events.push(`parent:${row.constructor.name}`)
}
function stampChild(row: BaseModel) {
  events.push(`child:${row.constructor.name}`)
}

/** Registers its hook from an overridden boot(), once, as Lucid users write it. */
class Account extends BaseModel {
  static table = USERS
  @column({ isPrimary: true }) declare id: number
  @column() declare username: string

  static override boot() {
    const booted = Object.hasOwn(Account, 'booted') && Account.booted
    super.boot()
    if (!booted) this.before('create', stampParent)
  }
}

/** Adds a hook on every boot() call: hooks are a set, so the repeat is harmless. */
class Admin extends Account {
  static table = USERS
  static override boot() {
    super.boot()
    this.before('create', stampChild)
  }
}

test.group('BaseModel hooks | inheritance', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createUsers(db, USERS)
    events.length = 0
    return async () => {
      await dropTables(db, USERS)
      await db.manager.closeAll()
    }
  })

  test('a boot() that adds hooks does not recurse, and the subclass copies the parent hooks', ({
    assert,
  }) => {
    Account.boot()
    Admin.boot()
    Admin.boot()
    assert.isTrue(Admin.$hooks.has('before:create', stampParent))
    assert.isTrue(Admin.$hooks.has('before:create', stampChild))
    assert.isTrue(Account.$hooks.has('before:create', stampParent))
    assert.isFalse(Account.$hooks.has('before:create', stampChild))
  })

  test('the subclass runs the inherited hook and its own on insert, each once', async ({
    assert,
  }) => {
    await Admin.create({ username: 'root' })
    await Account.create({ username: 'plain' })
    assert.deepEqual(events, ['parent:Admin', 'child:Admin', 'parent:Account'])
  })
})
