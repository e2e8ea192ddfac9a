import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import { FactoryManager } from '../../src/factories/main.js'
import { errors } from '../../src/index.js'
import { UserFactory } from './factories.js'
import { countRows, setupDatabase, teardownDatabase } from './helpers.js'

interface Address {
  street: string
  city: string
  zip?: string
  ownerId?: number
}

/** An address blueprint with a state, callbacks and an in-memory store. */
function addresses(saved: Address[] = [], events: string[] = []) {
  return new FactoryManager()
    .define<Address>('address', ({ faker }) => ({
      street: faker.location.street(),
      city: faker.location.city(),
    }))
    .state('lisbon', { city: 'Lisbon' })
    .after('make', (_builder, address) => {
      events.push(`make:${address.city}`)
    })
    .after('create', (_builder, address) => {
      events.push(`create:${address.zip}`)
    })
    .persist(async (rows) => {
      saved.push(...rows)
      return rows.map((row, index) => ({ ...row, zip: `z${index}` }))
    })
}

test.group('Factories | plain-object blueprints', () => {
  test('make() builds plain objects', async ({ assert }) => {
    const address = await addresses().build().make()
    assert.deepEqual(Object.keys(address).sort(), ['city', 'street'])
  })

  test('states, merge and sequences apply to plain objects', async ({ assert }) => {
    const rows = await addresses()
      .build()
      .apply('lisbon')
      .sequence({ street: 'a' }, { street: 'b' })
      .makeMany(2)
    assert.deepEqual(rows, [
      { street: 'a', city: 'Lisbon' },
      { street: 'b', city: 'Lisbon' },
    ])
  })

  test('create() hands the rows to persist() and returns what it gives back', async ({
    assert,
  }) => {
    const saved: Address[] = []
    const rows = await addresses(saved).build().createMany(2)
    assert.lengthOf(saved, 2)
    assert.deepEqual(
      rows.map((row) => row.zip),
      ['z0', 'z1']
    )
  })

  test('callbacks run around persist()', async ({ assert }) => {
    const events: string[] = []
    await addresses([], events).build().merge({ city: 'Porto' }).create()
    assert.deepEqual(events, ['make:Porto', 'create:z0'])
  })

  test('create() without persist() says to give one', async ({ assert }) => {
    const factory = new FactoryManager().define('tag', () => ({ name: 'x' })).build()
    await assert.rejects(() => factory.create(), /\.persist\(async \(rows\) => \.\.\.\)/)
  })
})

test.group('Factories | plain-object blueprints with model parents', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = await setupDatabase()
    return () => teardownDatabase(db)
  })

  test('a nested model factory is created before the objects are persisted', async ({ assert }) => {
    const saved: Address[] = []
    const factory = new FactoryManager()
      .define<Address>('address', () => ({ street: 's', city: 'c', ownerId: UserFactory }))
      .persist((rows) => {
        saved.push(...rows)
      })
      .build()
    await factory.create()
    assert.isNumber(saved[0].ownerId)
    assert.equal(await countRows(db, 'fac_users'), 1)
  })

  test('a failing persist() leaves none of the model parents it created', async ({ assert }) => {
    const factory = new FactoryManager()
      .define<Address>('address', () => ({ street: 's', city: 'c', ownerId: UserFactory }))
      .persist(() => {
        throw new Error('refused')
      })
      .build()
    await assert.rejects(() => factory.createMany(2), /refused/)
    assert.equal(await countRows(db, 'fac_users'), 0)
  })

  test('persist() sees the transaction its model parents are written in', async ({ assert }) => {
    const seen: boolean[] = []
    const factory = new FactoryManager()
      .define<Address>('address', () => ({ street: 's', city: 'c', ownerId: UserFactory }))
      .persist(async (rows, ctx) => {
        seen.push(ctx.$trx?.isTransaction === true)
        const [row] = await ctx.$trx!.from('fac_users').where('id', rows[0].ownerId!)
        assert.exists(row)
      })
      .build()
    await factory.create()
    assert.deepEqual(seen, [true])
  })

  test('with client(trx), a failure leaves the transaction without the parents, and usable', async ({
    assert,
  }) => {
    const factory = new FactoryManager()
      .define<Address>('address', () => ({ street: 's', city: 'c', ownerId: UserFactory }))
      .persist(() => {
        throw new Error('refused')
      })
      .build()
    const trx = await db.transaction()
    await assert.rejects(() => factory.client(trx).create(), /refused/)
    const [{ total }] = await trx.from('fac_users').count('* as total')
    assert.equal(Number(total), 0)
    await trx.rollback()
  })

  test('connection(name) writes the model parents on that connection', async ({ assert }) => {
    const factory = new FactoryManager()
      .define<Address>('address', () => ({ street: 's', city: 'c', ownerId: UserFactory }))
      .persist(() => {})
      .build()
    await assert.rejects(
      () => factory.connection('elsewhere').create(),
      errors.E_UNMANAGED_DB_CONNECTION
    )
    assert.equal(await countRows(db, 'fac_users'), 0)
  })
})
