import { test } from '@japa/runner'
import { FactoryManager } from '../../src/factories/main.js'
import { Team, User } from './helpers.js'

/** A manager with a user factory (whose definition can gain an attribute) and a team factory. */
function define(extraUserAttribute = false) {
  const factories = new FactoryManager()
  const users = factories
    .define(User, ({ faker }) => ({
      email: faker.internet.email(),
      username: faker.internet.username(),
      ...(extraUserAttribute ? { points: faker.number.int(100) } : {}),
    }))
    .build()
  const teams = factories.define(Team, ({ faker }) => ({ name: faker.company.name() })).build()
  return { factories, users, teams }
}

test.group('Factories | determinism', () => {
  test('ModelFactory.seed(n) makes the same rows twice', async ({ assert }) => {
    const { factories, users } = define()
    factories.seed(42)
    const first = (await users.makeMany(3)).map((user) => user.email)
    factories.seed(42)
    const second = (await users.makeMany(3)).map((user) => user.email)
    assert.deepEqual(first, second)
  })

  test('two managers seeded alike make the same rows', async ({ assert }) => {
    const a = define()
    const b = define()
    a.factories.seed(7)
    b.factories.seed(7)
    assert.deepEqual((await a.users.make()).email, (await b.users.make()).email)
  })

  test('different seeds make different rows', async ({ assert }) => {
    const { factories, users } = define()
    factories.seed(1)
    const first = (await users.make()).email
    factories.seed(2)
    assert.notEqual((await users.make()).email, first)
  })

  test("a factory's rows do not change when another factory gains an attribute", async ({
    assert,
  }) => {
    const before = define(false)
    const after = define(true)
    before.factories.seed(99)
    after.factories.seed(99)
    await before.users.makeMany(2)
    await after.users.makeMany(2)
    assert.deepEqual(
      (await before.teams.makeMany(3)).map((team) => team.name),
      (await after.teams.makeMany(3)).map((team) => team.name)
    )
  })

  test('builder.seed(n) repeats its rows call after call', async ({ assert }) => {
    const { users } = define()
    const first = (await users.seed(5).makeMany(3)).map((user) => user.username)
    const second = (await users.seed(5).makeMany(3)).map((user) => user.username)
    assert.deepEqual(first, second)
  })

  test('seeded fakers repeat relative dates too', async ({ assert }) => {
    const factories = new FactoryManager()
    const factory = factories
      .define('stamp', ({ faker }) => ({ at: faker.date.recent().toISOString() }))
      .build()
    factories.seed(3)
    const first = await factory.make()
    factories.seed(3)
    assert.deepEqual(await factory.make(), first)
  })

  test('locale() of the manager changes the faker data', async ({ assert }) => {
    const factories = new FactoryManager().locale('pt_BR').seed(1)
    const factory = factories
      .define('person', ({ faker }) => ({ state: faker.location.state() }))
      .build()
    const brazilianStates = ['São Paulo', 'Rio de Janeiro', 'Minas Gerais', 'Bahia', 'Paraná']
    const rows = await factory.makeMany(30)
    assert.isTrue(rows.some((row) => brazilianStates.includes(row.state)))
  })

  test('locale() of one factory leaves the others on the default', async ({ assert }) => {
    const factories = new FactoryManager()
    const pt = factories.define('pt', ({ faker }) => ({
      locale: faker.rawDefinitions.metadata?.code,
    }))
    pt.locale('pt_BR')
    const en = factories.define('en', ({ faker }) => ({
      locale: faker.rawDefinitions.metadata?.code,
    }))
    assert.equal((await pt.build().make()).locale, 'pt_BR')
    assert.equal((await en.build().make()).locale, 'en')
  })

  test('an unknown locale is a coded error', async ({ assert }) => {
    assert.throws(() => new FactoryManager().locale('xx_YY'), /Unknown faker locale "xx_YY"/)
  })

  test('ctx.unique() never repeats a value within a batch', async ({ assert }) => {
    const factory = new FactoryManager()
      .define('dice', ({ faker, unique }) => ({ roll: unique(() => faker.number.int(20)) }))
      .build()
    const rows = await factory.makeMany(20)
    assert.equal(new Set(rows.map((row) => row.roll)).size, 20)
  })

  test('ctx.unique() gives up with a coded error when values run out', async ({ assert }) => {
    const factory = new FactoryManager()
      .define('coin', ({ faker, unique }) => ({
        side: unique(() => faker.helpers.arrayElement(['heads', 'tails']), { maxRetries: 20 }),
      }))
      .build()
    await assert.rejects(() => factory.makeMany(3), /no new value after 20 retries/)
  })
})
