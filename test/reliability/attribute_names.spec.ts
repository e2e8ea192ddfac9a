/**
 * Issue #9, hostile input: attribute names taken from a payload. Unknown
 * keys of create/merge/fill fail with Lucid's error (or stay in `$extras`
 * with allowExtraProperties, never written). Lookup keys of the *Many
 * writers must name an attribute or a column; findBy passes an undeclared
 * key to SQL as Lucid does, but only one that can be a column name (knex
 * quotes it, the value stays a binding): anything else is refused before any
 * query.
 */
import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import { E_MISSING_MODEL_ATTRIBUTE } from '../../src/errors.js'
import { Adapter } from '../../src/orm/adapter.js'
import { BaseModel } from '../../src/orm/base_model/base_model.js'
import { column } from '../../src/orm/decorators/column.js'
import { createDatabase, dropTables } from '../helpers/database.js'
import { captureQueries, schema } from '../orm/base_model/helpers.js'
import { hostileCorpus, label } from './hostile_corpus.js'

const PEOPLE = 'rel_hostile_people'

class Person extends BaseModel {
  static table = PEOPLE
  @column({ isPrimary: true }) declare id: number
  @column() declare displayName: string
  @column() declare email: string | null

  /** A getter without setter: not assignable from a payload. */
  get shout() {
    return this.displayName.toUpperCase()
  }
}

/** Resolves to the error `work` throws (also synchronously), or undefined. */
function failure(work: () => unknown): Promise<any> {
  return Promise.resolve()
    .then(work)
    .then(
      () => undefined,
      (error) => error
    )
}

test.group('Hostile input | attribute names', (group) => {
  let db: Database
  group.setup(async () => {
    db = createDatabase({}, true)
    return async () => {
      await dropTables(db, PEOPLE)
      await db.manager.closeAll()
    }
  })
  group.each.setup(async () => {
    BaseModel.useAdapter(new Adapter(db))
    await dropTables(db, PEOPLE)
    await schema(db).createTable(PEOPLE, (t) => {
      t.increments('id')
      t.string('display_name', 100).notNullable()
      t.string('email', 191).nullable()
    })
    await db.table(PEOPLE).insert({ display_name: 'virk', email: 'virk@adonisjs.com' })
  })

  test('merge() and fill() refuse an unknown key with Lucid error', async ({ assert }) => {
    for (const apply of [
      (person: Person) => person.merge({ bogus: 1 } as never),
      (person: Person) => person.fill({ displayName: 'a', bogus: 1 } as never),
    ]) {
      const error = await failure(() => apply(new Person()))
      assert.instanceOf(error, E_MISSING_MODEL_ATTRIBUTE)
      assert.include(error.message, 'Cannot define "bogus" on "Person" model')
    }
  })

  test('create() refuses an unknown key and sends no query', async ({ assert }) => {
    const queries = captureQueries(db)
    const error = await failure(() =>
      Person.create({ displayName: 'a', 'email; DROP TABLE x': 'b' } as never)
    )
    queries.stop()
    assert.instanceOf(error, E_MISSING_MODEL_ATTRIBUTE)
    assert.lengthOf(queries.events, 0)
  })

  test('every corpus string used as a payload key is refused', async ({ assert }) => {
    for (const hostile of hostileCorpus) {
      const error = await failure(() => new Person().merge({ [hostile.value]: 'x' } as never))
      assert.equal(error?.code, 'E_MISSING_MODEL_ATTRIBUTE', label(hostile))
    }
    const error = await failure(() => new Person().merge({ shout: 'x' } as never))
    assert.equal(error?.code, 'E_MISSING_MODEL_ATTRIBUTE', 'a getter without setter')
  })

  test('allowExtraProperties keeps unknown keys in $extras and never writes them', async ({
    assert,
  }) => {
    const queries = captureQueries(db)
    const person = await Person.create(
      { displayName: 'nikk', 'bogus; DROP TABLE x': 1, bogus: 2 } as never,
      { allowExtraProperties: true }
    )
    person.merge({ email: 'n@k.k', other: 3 } as never, true)
    await person.save()
    queries.stop()
    assert.deepEqual(person.$extras, { 'bogus; DROP TABLE x': 1, bogus: 2, other: 3 })
    for (const sql of queries.sql()) assert.notInclude(sql, 'bogus')
    const row = await db.from(PEOPLE).where('id', person.id).first()
    assert.deepEqual(row, { id: person.id, display_name: 'nikk', email: 'n@k.k' })
  })

  test('findBy, findByOrFail and findManyBy refuse keys that cannot be a column name', async ({
    assert,
  }) => {
    const keys: unknown[] = [
      '__proto__',
      'constructor',
      'prototype',
      `${PEOPLE}.__proto__`,
      '',
      'email.',
      '.email',
      'a.b.c.d',
      'display_name; DROP TABLE x',
      'email as id',
      '*',
      'email[1]',
      'a"b',
      'a`b',
      "a'b",
      'a\u0000b',
      'a\ud800',
      'a'.repeat(65),
      42,
      null,
    ]
    const queries = captureQueries(db)
    for (const key of keys) {
      for (const [method, find] of [
        ['findBy', () => Person.findBy(key as never, 'x')],
        ['findByOrFail', () => Person.findByOrFail(key as never, 'x')],
        ['findManyBy', () => Person.findManyBy(key as never, 'x')],
        [
          'findBy(object)',
          () => Person.findBy({ displayName: 'virk', [String(key)]: 'x' } as never),
        ],
      ] as const) {
        if (method === 'findBy(object)' && typeof key !== 'string') continue
        const error = await failure(find)
        assert.equal(error?.code, 'E_MISSING_MODEL_ATTRIBUTE', `${method} ${JSON.stringify(key)}`)
      }
    }
    queries.stop()
    assert.lengthOf(queries.events, 0)
  })

  test('an undeclared key that can be a column name reaches SQL quoted, its value bound', async ({
    assert,
  }) => {
    const value = `'; DROP TABLE ${PEOPLE}; --`
    for (const key of ['bogus', 'users.email', `${PEOPLE}.bogus`, 'SELECT', 'null', 'é', '0']) {
      const queries = captureQueries(db)
      const error = await failure(() => Person.findBy(key as never, value))
      queries.stop()
      // the database, not Stratum, refuses a column that does not exist
      assert.instanceOf(error, Error, key)
      assert.notEqual(error.code, 'E_MISSING_MODEL_ATTRIBUTE', key)
      assert.lengthOf(queries.events, 1, key)
      assert.include(queries.events[0].bindings, value, key)
      assert.notInclude(queries.events[0].sql, value, key)
    }
    assert.lengthOf(await db.from(PEOPLE), 1)
  })

  test('every corpus string used as a findBy key is refused or only quoted', async ({ assert }) => {
    for (const hostile of hostileCorpus) {
      const queries = captureQueries(db)
      const error = await failure(() => Person.findBy(hostile.value as never, 'x'))
      queries.stop()
      if (error?.code === 'E_MISSING_MODEL_ATTRIBUTE') {
        assert.lengthOf(queries.events, 0, label(hostile))
        continue
      }
      // accepted: one select, the value a binding, the key an unknown (quoted) column
      assert.lengthOf(queries.events, 1, label(hostile))
      assert.deepInclude(queries.events[0].bindings, 'x', label(hostile))
    }
    assert.lengthOf(await db.from(PEOPLE), 1)
  })

  test('the lookup error names the model and key and lists what to use', async ({ assert }) => {
    const error = await failure(() => Person.findBy('bogus;' as never, 1))
    assert.include(error.message, '"Person"')
    assert.include(error.message, '"bogus;"')
    assert.include(error.message, 'findBy()')
    assert.include(error.message, 'id, displayName, email')
    assert.include(error.message, 'id, display_name, email')
  })

  test('findBy accepts attributes, column names and names qualified by the model table', async ({
    assert,
  }) => {
    const lookups = [
      Person.findBy('displayName', 'virk'),
      Person.findBy('display_name' as never, 'virk'),
      Person.findBy(`${PEOPLE}.display_name` as never, 'virk'),
      Person.findBy(`${PEOPLE}.displayName` as never, 'virk'),
      Person.findBy({ displayName: 'virk' }),
      Person.findBy({ display_name: 'virk', email: 'virk@adonisjs.com' } as never),
    ]
    for (const found of await Promise.all(lookups)) assert.equal(found?.email, 'virk@adonisjs.com')
  })

  test('the *Many writers refuse unknown lookup keys before any query', async ({ assert }) => {
    const payload = [{ displayName: 'a', email: 'a@b.c' }]
    const queries = captureQueries(db)
    for (const key of ['bogus', '__proto__', `${PEOPLE}.email`, 'shout', ['email', 'bogus']]) {
      for (const [method, write] of [
        ['updateOrCreateMany', () => Person.updateOrCreateMany(key as never, payload)],
        ['fetchOrCreateMany', () => Person.fetchOrCreateMany(key as never, payload)],
        ['fetchOrNewUpMany', () => Person.fetchOrNewUpMany(key as never, payload)],
      ] as const) {
        const error = await failure(write)
        assert.equal(error?.code, 'E_MISSING_MODEL_ATTRIBUTE', `${method} ${JSON.stringify(key)}`)
        assert.include(error?.message, method)
      }
    }
    queries.stop()
    assert.lengthOf(queries.events, 0)
  })

  test('updateOrCreateMany matches existing rows by a column name key', async ({ assert }) => {
    const updated = await Person.updateOrCreateMany(
      'display_name' as never,
      [
        { display_name: 'virk', email: 'new@adonisjs.com' },
        { display_name: 'romain', email: 'romain@adonisjs.com' },
      ] as never
    )
    assert.deepEqual(
      updated.map((person) => [person.displayName, person.email, person.$isPersisted]),
      [
        ['virk', 'new@adonisjs.com', true],
        ['romain', 'romain@adonisjs.com', true],
      ]
    )
    const fetched = await Person.fetchOrCreateMany(
      'display_name' as never,
      [{ display_name: 'virk' }] as never
    )
    assert.equal(fetched[0].id, updated[0].id)
    const rows = await db.from(PEOPLE).orderBy('id')
    assert.deepEqual(
      rows.map((row) => row.display_name),
      ['virk', 'romain']
    )
  })
})
