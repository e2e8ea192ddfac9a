import { test } from '@japa/runner'
import { Adapter, BaseModel, column, compose, hasMany, SoftDeletes } from '../../src/orm/main.js'
import type { Database } from '../../src/database/database.js'
import type { HasMany } from '../../src/types/relations.js'
import { createDatabase, dropTables } from '../helpers/database.js'

class ScopePost extends compose(BaseModel, SoftDeletes) {
  static table = 'scope_posts'
  @column({ isPrimary: true }) declare id: number
  @column() declare scopeUserId: number
  @column() declare title: string
}

class ScopeUser extends BaseModel {
  static table = 'scope_users'
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
  @hasMany(() => ScopePost) declare posts: HasMany<typeof ScopePost>
}

test.group('Query scoping: orWhere cannot escape model and relation constraints', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase()
    BaseModel.useAdapter(new Adapter(db))
    await dropTables(db, 'scope_posts', 'scope_users')
    await db
      .connection()
      .getWriteClient()
      .schema.createTable('scope_users', (t) => {
        t.increments('id')
        t.string('name')
      })
    await db
      .connection()
      .getWriteClient()
      .schema.createTable('scope_posts', (t) => {
        t.increments('id')
        t.integer('scope_user_id')
        t.string('title')
        t.timestamp('deleted_at').nullable()
      })
    return async () => {
      await dropTables(db, 'scope_posts', 'scope_users')
      await db.manager.closeAll()
    }
  })

  test('trashed rows stay out of a query using orWhere', async ({ assert }) => {
    const kept = await ScopePost.create({ scopeUserId: 1, title: 'a' })
    const trashed = await ScopePost.create({ scopeUserId: 1, title: 'b' })
    await trashed.delete()
    const rows = await ScopePost.query().where('title', 'a').orWhere('title', 'b')
    assert.deepEqual(
      rows.map((row) => row.id),
      [kept.id]
    )
  })

  test("a related query's orWhere stays within the parent's rows", async ({ assert }) => {
    const virk = await ScopeUser.create({ name: 'virk' })
    const romain = await ScopeUser.create({ name: 'romain' })
    await virk.related('posts').create({ title: 'mine' })
    await romain.related('posts').create({ title: 'theirs' })
    const rows = await virk
      .related('posts')
      .query()
      .where('title', 'mine')
      .orWhere('title', 'theirs')
    assert.deepEqual(
      rows.map((row) => row.title),
      ['mine']
    )
  })
})
