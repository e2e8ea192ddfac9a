/**
 * HasManyThrough whose through model is the related model (staff -> staff ->
 * staff) or the parent's related table is the through table (squads ->
 * staff -> staff): the through table is aliased in every query.
 */
import { test } from '@japa/runner'
import type { Database } from '../../../src/database/database.js'
import { Adapter } from '../../../src/orm/adapter.js'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { hasManyThrough } from '../../../src/orm/relations/decorators.js'
import type { HasManyThrough } from '../../../src/types/relations.js'
import { createDatabase, dropTables } from '../../helpers/database.js'

/** Staff whose manager is staff too: `grandReports` goes staff -> staff -> staff. */
class Staff extends BaseModel {
  static override table = 'hmt_staff'
  @column({ isPrimary: true }) declare id: number
  @column() declare managerId: number | null
  @column() declare squadId: number | null
  @column() declare name: string

  @hasManyThrough([() => Staff, () => Staff], {
    foreignKey: 'managerId',
    throughForeignKey: 'managerId',
  })
  declare grandReports: HasManyThrough<typeof Staff>
}

/** A squad's members' reports: squads -> staff -> staff. */
class Squad extends BaseModel {
  static override table = 'hmt_squads'
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string

  @hasManyThrough([() => Staff, () => Staff], { throughForeignKey: 'managerId' })
  declare reports: HasManyThrough<typeof Staff>
}

const tables = ['hmt_staff', 'hmt_squads']
let db: Database

async function createSchema() {
  await dropTables(db, ...tables)
  const schema = () => db.connection().getWriteClient().schema
  await schema().createTable('hmt_squads', (t) => {
    t.increments('id')
    t.string('name', 50).notNullable()
  })
  await schema().createTable('hmt_staff', (t) => {
    t.increments('id')
    t.integer('manager_id').nullable()
    t.integer('squad_id').nullable()
    t.string('name', 50).notNullable()
  })
}

/** boss -> (mid, mid2) -> (low under mid, low2 under mid2); squad red holds mid. */
async function seedStaff() {
  const [red, blue] = await Squad.createMany([{ name: 'red' }, { name: 'blue' }])
  const boss = await Staff.create({ name: 'boss', managerId: null, squadId: null })
  const mid = await Staff.create({ name: 'mid', managerId: boss.id, squadId: red.id })
  const mid2 = await Staff.create({ name: 'mid2', managerId: boss.id, squadId: null })
  await Staff.createMany([
    { name: 'low', managerId: mid.id, squadId: null },
    { name: 'low2', managerId: mid2.id, squadId: null },
  ])
  return { red, blue, boss, mid }
}

test.group('HasManyThrough | the through table is the related table', (group) => {
  group.each.setup(async () => {
    db = createDatabase()
    BaseModel.useAdapter(new Adapter(db))
    await createSchema()
    return async () => {
      await dropTables(db, ...tables)
      await db.manager.closeAll()
    }
  })

  test('query() and paginate() alias the through table', async ({ assert }) => {
    const { boss, mid } = await seedStaff()
    const rows = await boss.related('grandReports').query().orderBy('id')
    assert.deepEqual(
      rows.map((row) => row.name),
      ['low', 'low2']
    )
    assert.isTrue(rows.every((row) => row.$extras.through_manager_id === boss.id))
    const page = await mid.related('grandReports').query().paginate(1, 10)
    assert.equal(page.total, 0)
  })

  test('preload() and groupLimit() load the rows two levels down', async ({ assert }) => {
    const { boss } = await seedStaff()
    const staff = await Staff.query().orderBy('id').preload('grandReports')
    assert.deepEqual(
      staff.map((one) => one.grandReports.map((row) => row.name).sort()),
      [['low', 'low2'], [], [], [], []]
    )
    const [limited] = await Staff.query()
      .where('id', boss.id)
      .preload('grandReports', (query) => query.groupLimit(1))
    assert.deepEqual(
      limited.grandReports.map((row) => row.name),
      ['low2']
    )
  })

  test('has() and withCount() from another parent table', async ({ assert }) => {
    const { red } = await seedStaff()
    const squads = await Squad.query().has('reports')
    assert.deepEqual(
      squads.map((squad) => squad.id),
      [red.id]
    )
    const counted = await Squad.query().withCount('reports').orderBy('id')
    assert.deepEqual(
      counted.map((squad) => squad.$extras.reports_count),
      [1, 0]
    )
    const [loaded] = await Squad.query().where('id', red.id).preload('reports')
    assert.deepEqual(
      loaded.reports.map((row) => row.name),
      ['low']
    )
  })
})
