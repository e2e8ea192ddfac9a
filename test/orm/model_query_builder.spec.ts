import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import { E_ROW_NOT_FOUND } from '../../src/errors.js'
import { BaseModel } from '../../src/orm/base_model/base_model.js'
import { column } from '../../src/orm/decorators/column.js'
import {
  afterFetch,
  afterFind,
  afterPaginate,
  beforeFetch,
  beforeFind,
  beforePaginate,
} from '../../src/orm/decorators/hooks.js'
import { scope } from '../../src/orm/decorators/scope.js'
import { ModelPaginator } from '../../src/orm/query_builder/model_paginator.js'
import type { ModelQueryBuilder } from '../../src/orm/main.js'
import { DB, dropTables } from '../helpers/database.js'
import { createTable, openDatabase } from './helpers.js'

class Member extends BaseModel {
  static override table = 'orm_qb_members'

  @column({ isPrimary: true }) declare id: number
  @column({ columnName: 'user_name' }) declare username: string
  @column() declare isActive: boolean
  @column() declare points: number

  static active = scope((query: ModelQueryBuilder<typeof BaseModel>) => {
    query.where('isActive', true)
  })

  static withPointsAbove = scope((query: ModelQueryBuilder<typeof BaseModel>, min: number) => {
    query.where('points', '>', min)
  })
}

/** Records the hook calls it sees. */
class HookedMember extends BaseModel {
  static override table = 'orm_qb_members'
  static events: string[] = []

  @column({ isPrimary: true }) declare id: number
  @column({ columnName: 'user_name' }) declare username: string
  @column() declare points: number

  @beforeFetch() static beforeFetch(query: ModelQueryBuilder<typeof HookedMember>) {
    HookedMember.events.push('before:fetch')
    query.where('points', '>', 0)
  }

  @afterFetch() static afterFetch(members: HookedMember[]) {
    HookedMember.events.push(`after:fetch:${members.length}`)
  }

  @beforeFind() static beforeFind(query: ModelQueryBuilder<typeof HookedMember>) {
    HookedMember.events.push('before:find')
    query.where('points', '>', 0)
  }

  @afterFind() static afterFind(member: HookedMember) {
    HookedMember.events.push(`after:find:${member.username}`)
  }

  @beforePaginate() static beforePaginate([countQuery, query]: ModelQueryBuilder<
    typeof HookedMember
  >[]) {
    HookedMember.events.push('before:paginate')
    countQuery.where('points', '>', 0)
    query.where('points', '>', 0)
  }

  @afterPaginate() static afterPaginate(paginator: ModelPaginator<HookedMember>) {
    HookedMember.events.push(`after:paginate:${paginator.total}`)
  }
}

async function seed() {
  await Member.createMany([
    { username: 'virk', isActive: true, points: 10 },
    { username: 'romain', isActive: false, points: 20 },
    { username: 'julien', isActive: true, points: 30 },
    { username: 'nobody', isActive: true, points: 0 },
  ])
}

function names(members: { username: string }[]) {
  return members.map((member) => member.username)
}

test.group('Model query builder', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createTable(db, 'orm_qb_members', (t) => {
      t.increments('id')
      t.string('user_name', 50)
      t.boolean('is_active').defaultTo(true)
      t.integer('points').defaultTo(0)
    })
    await seed()
    HookedMember.events = []
    return async () => {
      await dropTables(db, 'orm_qb_members')
      await db.manager.closeAll()
    }
  })

  test('returns persisted model instances', async ({ assert }) => {
    const members = await Member.query().orderBy('id')
    assert.lengthOf(members, 4)
    assert.instanceOf(members[0], Member)
    assert.isTrue(members[0].$isPersisted)
    assert.isFalse(members[0].$isDirty)
    assert.equal(members[0].username, 'virk')
  })

  test('translates attribute names to column names in where clauses', async ({ assert }) => {
    const members = await Member.query().where('username', 'romain')
    assert.deepEqual(names(members), ['romain'])
    assert.include(Member.query().where('username', 'x').toSQL().sql, 'user_name')
  })

  test('translates attribute names in object clauses and where callbacks', async ({ assert }) => {
    const byObject = await Member.query().where({ isActive: true, points: 30 })
    assert.deepEqual(names(byObject), ['julien'])
    const byCallback = await Member.query()
      .where((query) => query.where('username', 'virk').orWhere('username', 'julien'))
      .orderBy('id')
    assert.deepEqual(names(byCallback), ['virk', 'julien'])
  })

  test('translates attribute names in whereIn and orderBy', async ({ assert }) => {
    const members = await Member.query()
      .whereIn('username', ['virk', 'romain', 'julien'])
      .orderBy('username', 'desc')
    assert.deepEqual(names(members), ['virk', 'romain', 'julien'])
  })

  test('translates attribute names in select, keeping aliases', async ({ assert }) => {
    const [member] = await Member.query().select('id', 'username').where('points', 10)
    assert.equal(member.username, 'virk')
    assert.notProperty(member.$attributes, 'points')
    const [aliased] = await Member.query().select('username as handle').where('points', 10)
    assert.deepEqual(aliased.$extras, { handle: 'virk' })
  })

  test('translates table qualified attribute names', async ({ assert }) => {
    const members = await Member.query().where('orm_qb_members.username', 'julien')
    assert.deepEqual(names(members), ['julien'])
  })

  test('first returns the first model, or null', async ({ assert }) => {
    const member = await Member.query().orderBy('points', 'desc').first()
    assert.instanceOf(member, Member)
    assert.equal(member!.username, 'julien')
    assert.isNull(await Member.query().where('username', 'ghost').first())
  })

  test('firstOrFail throws E_ROW_NOT_FOUND when no row matches', async ({ assert }) => {
    const error = await Member.query()
      .where('username', 'ghost')
      .firstOrFail()
      .catch((caught: unknown) => caught)
    assert.instanceOf(error, E_ROW_NOT_FOUND)
    assert.include((error as Error).message, 'Member')
  })

  test('paginate returns a page of models with the total', async ({ assert }) => {
    const page = await Member.query().orderBy('id').paginate(2, 3)
    assert.instanceOf(page, ModelPaginator)
    assert.equal(page.total, 4)
    assert.equal(page.lastPage, 2)
    assert.lengthOf(page, 1)
    assert.instanceOf(page[0], Member)
    assert.equal(page[0].username, 'nobody')
  })

  test('a paginator serializes to meta and serialized models', async ({ assert }) => {
    const page = await Member.query().where('points', '>', 15).orderBy('id').paginate(1, 10)
    const json = page.serialize()
    assert.include(json.meta, { total: 2, perPage: 10, currentPage: 1, lastPage: 1 })
    assert.deepEqual(
      json.data.map((row) => row.username),
      ['romain', 'julien']
    )
    assert.notInstanceOf(json.data[0], Member)
    assert.deepEqual(JSON.parse(JSON.stringify(page)), JSON.parse(JSON.stringify(json)))
    assert.deepEqual(page.toJSON(), json as never)
  })

  test('sideload hands values to every fetched model', async ({ assert }) => {
    const members = await Member.query().sideload({ tenant: 'acme' })
    assert.isTrue(members.every((member) => member.$sideloaded.tenant === 'acme'))
  })

  test('a model fetched without sideload has empty sideloaded values of its own', async ({
    assert,
  }) => {
    const [first, second] = await Member.query().orderBy('id')
    assert.deepEqual(first.$sideloaded, {})
    first.$sideloaded.tenant = 'acme'
    assert.deepEqual(first.$sideloaded, { tenant: 'acme' })
    assert.deepEqual(second.$sideloaded, {})
  })

  test('pojo returns plain rows keyed by column name', async ({ assert }) => {
    const rows = await Member.query().where('username', 'virk').pojo<{ user_name: string }>()
    assert.lengthOf(rows, 1)
    assert.notInstanceOf(rows[0], Member)
    assert.equal(rows[0].user_name, 'virk')
  })

  test('withScopes applies scopes defined with scope()', async ({ assert }) => {
    const members = await Member.query()
      .withScopes((scopes) => scopes.active().withPointsAbove(5))
      .orderBy('id')
    assert.deepEqual(names(members), ['virk', 'julien'])
  })

  test('apply is an alias of withScopes', async ({ assert }) => {
    const members = await Member.query().apply((scopes) => scopes.withPointsAbove(15))
    assert.sameMembers(names(members), ['romain', 'julien'])
  })

  test('update on the query resolves to [affected row count], as in Lucid', async ({ assert }) => {
    const result = await Member.query().where('isActive', true).update({ points: 1 })
    assert.deepEqual(result, [3])
    const rows = await db.from('orm_qb_members').where('points', 1).count('* as total')
    assert.equal(rows[0].total, 3)
  })

  test('update translates attribute names to column names', async ({ assert }) => {
    await Member.query().where('username', 'virk').update({ username: 'aman' })
    const member = await Member.findByOrFail('username', 'aman')
    assert.equal(member.points, 10)
  })

  test('increment and decrement on the query resolve to [count]', async ({ assert }) => {
    assert.deepEqual(await Member.query().where('isActive', true).increment('points', 5), [3])
    assert.deepEqual(await Member.query().where('username', 'virk').decrement('points'), [1])
    const member = await Member.findByOrFail('username', 'virk')
    assert.equal(member.points, 14)
  })

  test('delete on the query resolves to [deleted row count]', async ({ assert }) => {
    assert.deepEqual(await Member.query().where('isActive', false).delete(), [1])
    assert.lengthOf(await Member.all(), 3)
  })

  test('clone keeps the groupBy, aggregate and union flags', ({ assert }) => {
    const grouped = Member.query().select('isActive').count('* as total').groupBy('isActive')
    const clone = grouped.clone()
    assert.isTrue(clone.hasGroupBy)
    assert.isTrue(clone.hasAggregates)
    assert.isFalse(clone.hasUnion)
    assert.isFalse(Member.query().clone().hasGroupBy)
  })

  test('aggregates land in $extras as numbers', async ({ assert }) => {
    const [row] = await Member.query().count('* as total')
    assert.instanceOf(row, Member)
    assert.strictEqual(row.$extras.total, 4)
    const [sums] = await Member.query().sum('points as sum').where('isActive', true)
    assert.strictEqual(sums.$extras.sum, 40)
  })

  test('if and unless add clauses conditionally', async ({ assert }) => {
    const filtered = await Member.query().if(true, (query) => query.where('username', 'virk'))
    assert.deepEqual(names(filtered), ['virk'])
    const unfiltered = await Member.query().unless(true, (query) => query.where('username', 'virk'))
    assert.lengthOf(unfiltered, 4)
  })

  test('ifDialect adds clauses for the current dialect only', async ({ assert }) => {
    const dialect = DB === 'pg' ? 'postgres' : DB
    const members = await Member.query()
      .ifDialect(dialect, (query) => query.where('username', 'romain'))
      .ifDialect(dialect === 'sqlite' ? 'mysql' : 'sqlite', (query) =>
        query.where('username', 'nobody')
      )
    assert.deepEqual(names(members), ['romain'])
  })

  test('clone builds an independent query', async ({ assert }) => {
    const base = Member.query().where('isActive', true)
    const clone = base.clone().where('points', '>', 20)
    assert.lengthOf(await base, 3)
    assert.deepEqual(names(await clone), ['julien'])
    assert.instanceOf((await clone)[0], Member)
  })

  test('models fetched through a transaction carry it', async ({ assert }) => {
    await db.transaction(async (trx) => {
      const [member] = await Member.query({ client: trx }).where('username', 'virk')
      assert.strictEqual(member.$trx, trx)
    })
  })

  test('fetch hooks run around exec and can change the query', async ({ assert }) => {
    const members = await HookedMember.query()
    assert.lengthOf(members, 3)
    assert.deepEqual(HookedMember.events, ['before:fetch', 'after:fetch:3'])
  })

  test('find hooks run around first and can change the query', async ({ assert }) => {
    const member = await HookedMember.query().orderBy('points', 'asc').first()
    assert.equal(member!.username, 'virk')
    assert.deepEqual(HookedMember.events, ['before:find', 'after:find:virk'])
  })

  test('paginate runs the paginate hooks and the fetch hooks around the page', async ({
    assert,
  }) => {
    const page = await HookedMember.query().orderBy('id').paginate(1, 2)
    assert.equal(page.total, 3)
    assert.deepEqual(names(page), ['virk', 'romain'])
    assert.deepEqual(HookedMember.events, [
      'before:paginate',
      'before:fetch',
      'after:paginate:3',
      'after:fetch:2',
    ])
  })

  test('a pojo query paginates plain rows without the paginate hooks', async ({ assert }) => {
    const page = await HookedMember.query()
      .orderBy('id')
      .pojo<{ user_name: string }>()
      .paginate(1, 3)
    assert.equal(page.total, 4)
    assert.equal(page[0].user_name, 'virk')
    assert.equal(page.serialize().data[0].user_name, 'virk')
    assert.deepEqual(HookedMember.events, [])
  })

  test('pojo queries skip the fetch hooks', async ({ assert }) => {
    const rows = await HookedMember.query().pojo()
    assert.lengthOf(rows, 4)
    assert.deepEqual(HookedMember.events, [])
  })
})
