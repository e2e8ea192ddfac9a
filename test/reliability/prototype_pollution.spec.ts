/**
 * Issue #9, hostile input: `__proto__`, `constructor` and `prototype` keys,
 * as JSON.parse makes them from a request body. Through create, merge,
 * fill, factories, the *Many writers and query objects they are refused
 * (Lucid's "not defined" error, or E_INVALID_QUERY for query objects), and
 * nothing reaches Object.prototype or the model's prototype. JSON values
 * holding such keys round-trip as data and serialize as data.
 */
import { test } from '@japa/runner'
import type { Assert } from '@japa/assert'
import type { Database } from '../../src/database/database.js'
import { E_INVALID_QUERY, E_MISSING_MODEL_ATTRIBUTE } from '../../src/errors.js'
import { FactoryManager } from '../../src/factories/main.js'
import { Adapter } from '../../src/orm/adapter.js'
import { BaseModel } from '../../src/orm/base_model/base_model.js'
import { column } from '../../src/orm/decorators/column.js'
import type { ModelObject } from '../../src/types/model.js'
import { createDatabase, dropTables } from '../helpers/database.js'
import { schema } from '../orm/base_model/helpers.js'

const ACCOUNTS = 'rel_hostile_accounts'

class Account extends BaseModel {
  static table = ACCOUNTS
  @column({ isPrimary: true }) declare id: number
  @column() declare email: string
  @column({
    prepare: (value: unknown) => (value === undefined ? value : JSON.stringify(value)),
    consume: (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value),
  })
  declare meta: Record<string, unknown> | null
}

/** Outputs whatever JSON a request sent as extra serialized keys. */
class ChattyAccount extends Account {
  serializeExtras = () => JSON.parse('{"__proto__": {"polluted": 1}, "x": 1}') as ModelObject
}

const AccountFactory = new FactoryManager()
  .define(Account, () => ({ email: 'factory@example.com', meta: null }))
  .build()

/** Request bodies, parsed as a web framework would. */
const payloads = [
  '{"__proto__": {"polluted": 1}}',
  '{"constructor": {"prototype": {"polluted": 1}}}',
  '{"prototype": {"polluted": 1}}',
  '{"email": "a@b.c", "__proto__": {"polluted": 1, "email": "evil"}}',
]

const columnNames = [...Account.$columnsDefinitions.keys()]

/** Nothing reached Object.prototype, the model classes or their prototypes. */
function assertClean(assert: Assert, context: string) {
  assert.isUndefined(({} as Record<string, unknown>).polluted, `${context}: Object.prototype`)
  assert.isFalse(Object.hasOwn(Object.prototype, 'polluted'), context)
  for (const target of [Account, ChattyAccount, BaseModel]) {
    assert.isUndefined((target as unknown as Record<string, unknown>).polluted, context)
    assert.isUndefined((target.prototype as unknown as Record<string, unknown>).polluted, context)
  }
  assert.strictEqual(Object.getPrototypeOf(Account.prototype), BaseModel.prototype, context)
  assert.isUndefined((new Account() as unknown as Record<string, unknown>).polluted, context)
  assert.deepEqual([...Account.$columnsDefinitions.keys()], columnNames, context)
}

function failure(work: () => unknown): Promise<any> {
  return Promise.resolve()
    .then(work)
    .then(
      () => undefined,
      (error) => error
    )
}

test.group('Hostile input | prototype pollution', (group) => {
  let db: Database
  group.setup(async () => {
    db = createDatabase()
    return async () => {
      await dropTables(db, ACCOUNTS)
      await db.manager.closeAll()
    }
  })
  group.each.setup(async () => {
    BaseModel.useAdapter(new Adapter(db))
    await dropTables(db, ACCOUNTS)
    await schema(db).createTable(ACCOUNTS, (t) => {
      t.increments('id')
      t.string('email', 191).notNullable()
      t.text('meta').nullable()
    })
  })
  group.each.teardown(() => {
    // a failed test must not leave the prototype polluted for the next ones
    delete (Object.prototype as Record<string, unknown>).polluted
  })

  test('create, merge and fill refuse them with the "not defined" error', async ({ assert }) => {
    for (const json of payloads) {
      for (const [api, run] of [
        ['create', () => Account.create(JSON.parse(json))],
        ['createMany', () => Account.createMany([JSON.parse(json)])],
        ['merge', () => new Account().merge(JSON.parse(json))],
        ['fill', () => new Account().fill(JSON.parse(json))],
        [
          'merge into a persisted row',
          async () => (await Account.create({ email: 'x' })).merge(JSON.parse(json)),
        ],
      ] as const) {
        const error = await failure(run)
        assert.instanceOf(error, E_MISSING_MODEL_ATTRIBUTE, `${api} ${json}`)
        assert.include(error.message, 'Cannot define', `${api} ${json}`)
        assertClean(assert, `${api} ${json}`)
      }
    }
    const [{ total }] = await db.from(ACCOUNTS).count('* as total')
    assert.equal(Number(total), payloads.length, 'only the rows created to merge into')
  })

  test('allowExtraProperties ignores them: not in $extras, not on any prototype', async ({
    assert,
  }) => {
    for (const json of payloads) {
      const account = new Account().merge(JSON.parse(json), true)
      assert.isFalse(Object.hasOwn(account.$extras, '__proto__'), json)
      assert.strictEqual(Object.getPrototypeOf(account.$extras), Object.prototype, json)
      assert.notEqual(account.email, 'evil', json)
      assertClean(assert, json)
    }
  })

  test('factory merge(), mergeRecursive() and states refuse them', async ({ assert }) => {
    for (const json of payloads) {
      for (const [api, run] of [
        ['merge().create', () => AccountFactory.merge(JSON.parse(json)).create()],
        ['merge().make', () => AccountFactory.merge(JSON.parse(json)).make()],
        [
          'mergeRecursive().makeStubbed',
          () => AccountFactory.mergeRecursive(JSON.parse(json)).makeStubbed(),
        ],
        ['merge([]).createMany', () => AccountFactory.merge([JSON.parse(json)]).createMany(1)],
      ] as const) {
        const error = await failure(run)
        assert.instanceOf(error, E_MISSING_MODEL_ATTRIBUTE, `${api} ${json}`)
        assertClean(assert, `${api} ${json}`)
      }
    }
    const [{ total }] = await db.from(ACCOUNTS).count('* as total')
    assert.equal(Number(total), 0)
  })

  test('updateOrCreateMany and fetchOrCreateMany refuse them and write nothing', async ({
    assert,
  }) => {
    const rows = [
      '{"email": "a@b.c", "__proto__": {"polluted": 1}}',
      '{"email": "a@b.c", "constructor": {"prototype": {"polluted": 1}}}',
    ]
    for (const json of rows) {
      for (const [api, run] of [
        ['updateOrCreateMany', () => Account.updateOrCreateMany('email', [JSON.parse(json)])],
        ['fetchOrCreateMany', () => Account.fetchOrCreateMany('email', [JSON.parse(json)])],
      ] as const) {
        const error = await failure(run)
        assert.instanceOf(error, E_MISSING_MODEL_ATTRIBUTE, `${api} ${json}`)
        assertClean(assert, `${api} ${json}`)
      }
    }
    const [{ total }] = await db.from(ACCOUNTS).count('* as total')
    assert.equal(Number(total), 0)
  })

  test('query objects with a __proto__ key are refused with E_INVALID_QUERY', async ({
    assert,
  }) => {
    const json = '{"__proto__": {"email": "x", "polluted": 1}}'
    for (const [api, run] of [
      ['Model.query().where', () => Account.query().where(JSON.parse(json))],
      ['Model.query().orWhere', () => Account.query().orWhere(JSON.parse(json))],
      ['Model.query().whereNot', () => Account.query().whereNot(JSON.parse(json))],
      ['Model.query().update', () => Account.query().update(JSON.parse(json))],
      ['db.from().where', () => db.from(ACCOUNTS).where(JSON.parse(json))],
      ['db.from().update', () => db.from(ACCOUNTS).update(JSON.parse(json))],
      [
        'db.from().increment',
        () => db.from(ACCOUNTS).increment(JSON.parse('{"__proto__": {"id": 1}}')),
      ],
    ] as const) {
      const error = await failure(run)
      assert.instanceOf(error, E_INVALID_QUERY, api)
      assert.include(error.message, '__proto__', api)
      assertClean(assert, api)
    }
    const error = await failure(() => Account.findBy(JSON.parse(json)))
    assert.instanceOf(error, E_MISSING_MODEL_ATTRIBUTE)
    // other names are plain (quoted) identifiers: the database refuses them
    const unknown = await failure(() => Account.query().where(JSON.parse('{"constructor": 1}')))
    assert.instanceOf(unknown, Error)
    assertClean(assert, 'constructor column')
  })

  test('update() refuses constructor and prototype keys, which knex would drop', async ({
    assert,
  }) => {
    const account = await Account.create({ email: 'kept@example.com', meta: null })
    for (const name of ['constructor', 'prototype', '__proto__']) {
      const json = `{"${name}": 1, "email": "changed@example.com"}`
      for (const [api, run] of [
        ['Model.query().update', () => Account.query().update(JSON.parse(json))],
        ['db.from().update', () => db.from(ACCOUNTS).update(JSON.parse(json))],
        ['db.from().update(column, value)', () => db.from(ACCOUNTS).update(name, 1)],
      ] as const) {
        const error = await failure(run)
        assert.instanceOf(error, E_INVALID_QUERY, `${api} ${name}`)
        assert.include(error.message, `"${name}"`, `${api} ${name}`)
      }
    }
    const fresh = await Account.findOrFail(account.id)
    assert.equal(fresh.email, 'kept@example.com')
    assertClean(assert, 'update keys')
  })

  test('a JSON value holding such keys round-trips and serializes as data', async ({ assert }) => {
    const meta = JSON.parse('{"__proto__": {"polluted": 1}, "a": 1}')
    const account = await Account.create({ email: 'json@example.com', meta })
    const fresh = await Account.findOrFail(account.id)
    assert.deepEqual(Object.keys(fresh.meta!), ['__proto__', 'a'])
    assert.strictEqual(Object.getPrototypeOf(fresh.meta), Object.prototype)
    const json = JSON.stringify(fresh)
    assert.include(json, '"meta":{"__proto__":{"polluted":1},"a":1}')
    const serialized = fresh.serialize()
    assert.strictEqual(Object.getPrototypeOf(serialized), Object.prototype)
    assert.isUndefined((serialized.meta as Record<string, unknown>).polluted)
    assert.isUndefined(fresh.toObject().polluted)
    assertClean(assert, 'json column')
  })

  test('merging such keys into a JSON attribute drops them', async ({ assert }) => {
    const account = await Account.create({ email: 'merge@example.com', meta: { a: 1 } })
    account.merge({ meta: JSON.parse('{"__proto__": {"polluted": 1}, "b": 2}') })
    assert.deepEqual(account.meta, { a: 1, b: 2 })
    assert.strictEqual(Object.getPrototypeOf(account.meta), Object.prototype)
    await account.save()
    const row = await db.from(ACCOUNTS).where('id', account.id).first()
    assert.deepEqual(JSON.parse(row!.meta), { a: 1, b: 2 })
    assertClean(assert, 'deep merge')
  })

  test('serializeExtras output with such keys stays data', async ({ assert }) => {
    const account = new ChattyAccount().merge({ email: 'chatty@example.com' })
    const serialized = account.serialize()
    assert.strictEqual(Object.getPrototypeOf(serialized), Object.prototype)
    assert.isUndefined(serialized.polluted)
    assert.equal(serialized.x, 1)
    assert.include(JSON.stringify(account), '"__proto__":{"polluted":1}')
    assertClean(assert, 'serializeExtras')
  })
})
