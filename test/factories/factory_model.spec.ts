import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import { FactoryManager } from '../../src/factories/main.js'
import { BaseModel } from '../../src/orm/base_model/base_model.js'
import { column } from '../../src/orm/decorators/column.js'
import { hasManyThrough } from '../../src/orm/relations/decorators.js'
import type { HasManyThrough } from '../../src/types/relations.js'
import { countRows, Post, setupDatabase, teardownDatabase, Team, User } from './helpers.js'

/** A fresh manager per test: callbacks registered here stay here. */
function userFactory(events: string[] = []) {
  const factories = new FactoryManager()
  return factories
    .define(User, async ({ faker }) => ({
      email: faker.internet.email(),
      username: 'jo',
    }))
    .state('suspended', (user) => {
      user.accountStatus = 'suspended'
    })
    .before('create', (_builder, user) => {
      events.push(`before:create:${user.$isPersisted}`)
    })
    .after('make', (_builder, user) => {
      events.push(`after:make:${user.$isPersisted}`)
    })
    .after('create', (_builder, user) => {
      events.push(`after:create:${user.$isPersisted}`)
    })
    .after(
      'create',
      () => {
        events.push('after:create:suspended')
      },
      { state: 'suspended' }
    )
    .before('makeStubbed', (_builder, user) => {
      events.push(`before:makeStubbed:${user.id}`)
    })
    .after('makeStubbed', (_builder, user) => {
      events.push(`after:makeStubbed:${typeof user.id}`)
    })
}

test.group('FactoryModel', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = await setupDatabase()
    return () => teardownDatabase(db)
  })

  test('an async definition is awaited', async ({ assert }) => {
    const user = await userFactory().build().make()
    assert.equal(user.username, 'jo')
  })

  test('closures run after plain values and see them', async ({ assert }) => {
    const factory = new FactoryManager()
      .define(User, () => ({
        email: (attributes: { username?: string }) => `${attributes.username}@example.com`,
        username: 'ana',
      }))
      .build()
    assert.equal((await factory.make()).email, 'ana@example.com')
  })

  test('closures see merged values', async ({ assert }) => {
    const factory = new FactoryManager()
      .define(User, () => ({
        email: (attributes: { username?: string }) => `${attributes.username}@example.com`,
        username: 'ana',
      }))
      .build()
    assert.equal((await factory.merge({ username: 'bo' }).make()).email, 'bo@example.com')
  })

  test('closures see the values of states and sequences, as in Laravel', async ({ assert }) => {
    const events: string[] = []
    const factory = new FactoryManager()
      .define(User, () => ({
        email: (attributes: { username?: string }) => `${attributes.username}@example.com`,
        username: 'ana',
      }))
      .state('bo', { username: 'bo' })
      .state('cy', (user) => {
        user.username = 'cy'
      })
      .after(
        'make',
        (_builder, user) => {
          events.push(`bo:${user.username}`)
        },
        { state: 'bo' }
      )
      .build()
    assert.equal((await factory.apply('bo').make()).email, 'bo@example.com')
    assert.deepEqual(events, ['bo:bo'])
    const sequenced = await factory.sequence({ username: 'di' }, 'bo').makeMany(2)
    assert.deepEqual(
      sequenced.map((user) => user.email),
      ['di@example.com', 'bo@example.com']
    )
    assert.equal((await factory.apply('bo').raw()).email, 'bo@example.com')
    // a callback state changes the row in its turn: the closure ran before it
    const called = await factory.apply('cy', 'bo').make()
    assert.deepEqual([called.username, called.email], ['bo', 'ana@example.com'])
  })

  test('a closure returning a promise is E_INVALID_FACTORY_CALLBACK, nothing written', async ({
    assert,
  }) => {
    // the model's types refuse it; plain JavaScript (or a cast) gets this far
    const factory = new FactoryManager()
      .define(User, () => ({
        email: 'ana@example.com',
        username: (async () => 'ana') as never,
      }))
      .build()
    for (const work of [() => factory.create(), () => factory.make()]) {
      const error = await work().then(
        () => undefined,
        (thrown: { code?: string; message: string }) => thrown
      )
      assert.equal(error?.code, 'E_INVALID_FACTORY_CALLBACK')
      assert.match(error!.message, /closure of the "username" attribute returned a promise/)
    }
    assert.equal(await countRows(db, 'fac_users'), 0)
  })

  test("a state or tap callback returning values (Laravel's way) is E_INVALID_FACTORY_CALLBACK", async ({
    assert,
  }) => {
    const factory = new FactoryManager()
      .define(User, () => ({ email: 'ana@example.com', username: 'ana' }))
      .state('suspended', () => ({ accountStatus: 'suspended' }))
      .state('lucid', (user) => (user.accountStatus = 'lucid'))
      .build()
    const failures = [
      () => factory.apply('suspended').create(),
      () => factory.tap(() => ({ accountStatus: 'tapped' })).make(),
    ]
    for (const work of failures) {
      const error = await work().then(
        () => undefined,
        (thrown: { code?: string; message: string }) => thrown
      )
      assert.equal(error?.code, 'E_INVALID_FACTORY_CALLBACK')
      assert.match(error!.message, /returned values: .* what it returns is ignored/)
    }
    assert.equal(await countRows(db, 'fac_users'), 0)
    // Lucid's docs write a state as an expression: its value is ignored
    assert.equal((await factory.apply('lucid').make()).accountStatus, 'lucid')
  })

  test('make() runs after(make) only', async ({ assert }) => {
    const events: string[] = []
    await userFactory(events).build().make()
    assert.deepEqual(events, ['after:make:false'])
  })

  test('create() runs after(make), before(create), after(create) in order', async ({ assert }) => {
    const events: string[] = []
    await userFactory(events).build().create()
    assert.deepEqual(events, ['after:make:false', 'before:create:false', 'after:create:true'])
  })

  test('a state-scoped callback runs only for rows in that state', async ({ assert }) => {
    const events: string[] = []
    const factory = userFactory(events).build()
    await factory.create()
    assert.notInclude(events, 'after:create:suspended')
    await factory.apply('suspended').create()
    assert.include(events, 'after:create:suspended')
  })

  test('makeStubbed() runs after(make), then its before and after callbacks around the fake id', async ({
    assert,
  }) => {
    const events: string[] = []
    await userFactory(events).build().makeStubbed()
    assert.deepEqual(events, [
      'after:make:false',
      'before:makeStubbed:undefined',
      'after:makeStubbed:number',
    ])
  })

  test('stubId() makes the fake ids', async ({ assert }) => {
    const factories = new FactoryManager().stubId((counter) => counter * 100)
    const factory = factories.define(Team, () => ({ name: 'a' })).build()
    const teams = await factory.makeStubbedMany(2)
    assert.deepEqual(
      teams.map((team) => team.id),
      [100, 200]
    )
  })

  test('newUp() replaces how rows are instantiated', async ({ assert }) => {
    const factory = new FactoryManager()
      .define(Team, () => ({ name: 'a' }))
      .newUp((attributes) => {
        const team = new Team()
        team.name = `${String(attributes.name)}!`
        return team
      })
      .build()
    assert.equal((await factory.make()).name, 'a!')
  })

  test('merge() replaces how overrides are applied', async ({ assert }) => {
    const factory = new FactoryManager()
      .define(Team, () => ({ name: 'a' }))
      .merge((team, values) => {
        team.name = `merged:${String(values.name)}`
      })
      .build()
    assert.equal((await factory.merge({ name: 'b' }).make()).name, 'merged:b')
  })

  test('relation() accepts a relation of the model', async ({ assert }) => {
    const factory = new FactoryManager()
      .define(Post, () => ({ title: 'x' }))
      .relation('author', () => null)
    assert.property(factory.relations, 'author')
  })

  test('relation() on an unknown name is E_UNDEFINED_FACTORY_RELATION', async ({ assert }) => {
    const factory = new FactoryManager().define(Post, () => ({ title: 'x' }))
    try {
      factory.relation('comments' as never, () => null)
      assert.fail('expected an error')
    } catch (error) {
      assert.equal((error as { code: string }).code, 'E_UNDEFINED_FACTORY_RELATION')
      assert.include((error as Error).message, '"comments"')
    }
  })

  test('relation() on a hasManyThrough relation is a clear error', async ({ assert }) => {
    class Country extends BaseModel {
      static table = 'fac_countries'
      @column({ isPrimary: true }) declare id: number
      @hasManyThrough([() => Post, () => User]) declare posts: HasManyThrough<typeof Post>
    }
    const factory = new FactoryManager().define(Country, () => ({}))
    assert.throws(() => factory.relation('posts', () => null), /hasManyThrough/)
  })

  test('a definition naming an unknown attribute fails with its name', async ({ assert }) => {
    const factory = new FactoryManager().define(Team, () => ({ nme: 'x' }) as never).build()
    await assert.rejects(() => factory.make(), /"nme"/)
  })

  test('the definition is not run again for rows skipped by count(0)', async ({ assert }) => {
    let calls = 0
    const factory = new FactoryManager()
      .define(Team, () => {
        calls++
        return { name: 'a' }
      })
      .build()
    assert.deepEqual(await factory.createMany(0), [])
    assert.equal(calls, 0)
    assert.equal(await countRows(db, 'fac_teams'), 0)
  })
})
