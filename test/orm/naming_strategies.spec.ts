import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import { BaseModel } from '../../src/orm/base_model/base_model.js'
import { column } from '../../src/orm/decorators/column.js'
import { CamelCaseNamingStrategy } from '../../src/orm/naming_strategies/camel_case.js'
import { SnakeCaseNamingStrategy } from '../../src/orm/naming_strategies/snake_case.js'
import { dropTables } from '../helpers/database.js'
import { createTable, openDatabase } from './helpers.js'

/** Table `naming_probes`, derived from the class name. */
class NamingProbe extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare displayName: string
  @column() declare loginCount: number
}

/** Table `snake_naming_probes`, serialized keys in snake case. */
class SnakeNamingProbe extends BaseModel {
  static override namingStrategy = new SnakeCaseNamingStrategy()

  @column({ isPrimary: true }) declare id: number
  @column() declare displayName: string
  @column() declare loginCount: number
}

class NamingProbeUser extends BaseModel {
  @column({ isPrimary: true }) declare id: number
}

class NamingProbeSkill extends BaseModel {
  @column({ isPrimary: true }) declare id: number
}

/** Digits in class and attribute names: table `naming_probe_2s`, as Lucid names it. */
class NamingProbe2 extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare address2: string
  @column() declare line1Address: string
}

test.group('CamelCaseNamingStrategy', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createTable(db, 'naming_probes', (t) => {
      t.increments('id')
      t.string('display_name', 50)
      t.integer('login_count')
    })
    return async () => {
      await dropTables(db, 'naming_probes')
      await db.manager.closeAll()
    }
  })

  test('is the default naming strategy of models', ({ assert }) => {
    assert.instanceOf(BaseModel.namingStrategy, CamelCaseNamingStrategy)
    assert.instanceOf(NamingProbe.namingStrategy, CamelCaseNamingStrategy)
  })

  test('derives the table as the plural snake case of the class name', ({ assert }) => {
    assert.equal(NamingProbe.table, 'naming_probes')
    assert.equal(new CamelCaseNamingStrategy().tableName(NamingProbeSkill), 'naming_probe_skills')
  })

  test('names columns in snake case and serialized keys in camel case', ({ assert }) => {
    assert.equal(NamingProbe.$getColumn('displayName')?.columnName, 'display_name')
    assert.equal(NamingProbe.$getColumn('displayName')?.serializeAs, 'displayName')
    const strategy = new CamelCaseNamingStrategy()
    assert.equal(strategy.serializedName(NamingProbe, 'login_count'), 'loginCount')
  })

  test('writes and reads the derived table and columns', async ({ assert }) => {
    const probe = await NamingProbe.create({ displayName: 'Ada', loginCount: 2 })
    const [row] = await db.from('naming_probes').select('*')
    assert.deepInclude(row, { id: probe.id, display_name: 'Ada', login_count: 2 })
    const fetched = await NamingProbe.findOrFail(probe.id)
    assert.deepEqual(fetched.serialize(), { id: probe.id, displayName: 'Ada', loginCount: 2 })
  })

  test('names relation keys after the owning model', ({ assert }) => {
    const strategy = new CamelCaseNamingStrategy()
    assert.equal(
      strategy.relationForeignKey('hasMany', NamingProbeUser, NamingProbeSkill, 'skills'),
      'namingProbeUserId'
    )
    assert.equal(
      strategy.relationForeignKey('belongsTo', NamingProbeSkill, NamingProbeUser, 'user'),
      'namingProbeUserId'
    )
    assert.equal(
      strategy.relationLocalKey('hasMany', NamingProbeUser, NamingProbeSkill, 'skills'),
      'id'
    )
    assert.equal(
      strategy.relationPivotTable('manyToMany', NamingProbeUser, NamingProbeSkill, 'skills'),
      'naming_probe_skill_naming_probe_user'
    )
    assert.equal(
      strategy.relationPivotForeignKey('manyToMany', NamingProbeUser, NamingProbeSkill, 'skills'),
      'naming_probe_user_id'
    )
  })

  test('splits digits into words of their own, as Lucid does', async ({ assert }) => {
    const strategy = new CamelCaseNamingStrategy()
    assert.equal(NamingProbe2.table, 'naming_probe_2s')
    assert.equal(NamingProbe2.$getColumn('address2')?.columnName, 'address_2')
    assert.equal(NamingProbe2.$getColumn('line1Address')?.columnName, 'line_1_address')
    assert.equal(strategy.serializedName(NamingProbe2, 'player_1_id'), 'player1Id')
    assert.equal(
      strategy.relationForeignKey('hasMany', NamingProbe2, NamingProbeSkill, 'skills'),
      'namingProbe2Id'
    )

    await createTable(db, 'naming_probe_2s', (t) => {
      t.increments('id')
      t.string('address_2', 50)
      t.string('line_1_address', 50)
    })
    try {
      const probe = await NamingProbe2.create({ address2: 'Flat 2', line1Address: 'Main St' })
      const [row] = await db.from('naming_probe_2s').select('*')
      assert.deepEqual(row, { id: probe.id, address_2: 'Flat 2', line_1_address: 'Main St' })
      const fetched = await NamingProbe2.findOrFail(probe.id)
      assert.deepEqual(fetched.serialize(), {
        id: probe.id,
        address2: 'Flat 2',
        line1Address: 'Main St',
      })
    } finally {
      await dropTables(db, 'naming_probe_2s')
    }
  })

  test('keys the paginator meta in camel case', async ({ assert }) => {
    await NamingProbe.createMany([
      { displayName: 'a', loginCount: 1 },
      { displayName: 'b', loginCount: 2 },
    ])
    const page = await NamingProbe.query().orderBy('id').paginate(1, 1)
    const json = page.serialize()
    assert.include(json.meta, { total: 2, perPage: 1, currentPage: 1, lastPage: 2 })
  })
})

test.group('SnakeCaseNamingStrategy', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createTable(db, 'snake_naming_probes', (t) => {
      t.increments('id')
      t.string('display_name', 50)
      t.integer('login_count')
    })
    return async () => {
      await dropTables(db, 'snake_naming_probes')
      await db.manager.closeAll()
    }
  })

  test('serializes attributes under snake case keys', async ({ assert }) => {
    const probe = await SnakeNamingProbe.create({ displayName: 'Ada', loginCount: 3 })
    assert.equal(SnakeNamingProbe.table, 'snake_naming_probes')
    assert.deepEqual(probe.serialize(), { id: probe.id, display_name: 'Ada', login_count: 3 })
    assert.equal(SnakeNamingProbe.$keys.serializedToAttributes.get('login_count'), 'loginCount')
  })

  test('keys the paginator meta in snake case', async ({ assert }) => {
    await SnakeNamingProbe.create({ displayName: 'Ada', loginCount: 3 })
    const page = await SnakeNamingProbe.query().paginate(1, 10)
    const json = page.serialize()
    assert.include(json.meta, { total: 1, per_page: 10, current_page: 1, last_page: 1 })
    assert.deepEqual(json.data, [{ id: 1, display_name: 'Ada', login_count: 3 }])
  })

  test('a custom strategy can rename tables', ({ assert }) => {
    class PrefixedStrategy extends SnakeCaseNamingStrategy {
      override tableName(model: typeof BaseModel) {
        return `orm_${super.tableName(model)}`
      }
    }
    class NamingProbeOrder extends BaseModel {
      static override namingStrategy = new PrefixedStrategy()
      @column({ isPrimary: true }) declare id: number
    }
    assert.equal(NamingProbeOrder.table, 'orm_naming_probe_orders')
  })
})
