import { test } from '@japa/runner'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { hasOne } from '../../../src/orm/relations/decorators.js'
import type { HasOne as HasOneRelation } from '../../../src/orm/relations/has_one/relation.js'
import type { HasOne } from '../../../src/types/relations.js'
import { Member, Profile, relationsGroup, seed, Team, User } from './helpers.js'

test.group('HasOne definition', (group) => {
  relationsGroup(group)

  test('the foreign key defaults to userId on the related model', ({ assert }) => {
    const relation = User.$getRelation('profile') as HasOneRelation
    relation.boot()
    assert.equal(relation.type, 'hasOne')
    assert.equal(relation.localKey, 'id')
    assert.equal(relation.foreignKey, 'userId')
  })

  test('a related model passed without an arrow function names hasOne in the error', ({
    assert,
  }) => {
    assert.throws(() => {
      class Writer extends BaseModel {
        @column({ isPrimary: true }) declare id: number
        @hasOne(Profile as never) declare profile: HasOne<typeof Profile>
      }
      return Writer
    }, /@hasOne\(\(\) => Profile\)/)
  })

  test("a local key that is not a column throws in Lucid's words", ({ assert }) => {
    class Writer extends BaseModel {
      @column() declare name: string
      @hasOne(() => Profile) declare profile: HasOne<typeof Profile>
    }
    assert.throws(
      () => Writer.$getRelation('profile')!.boot(),
      '"Writer.profile" expects "id" to exist on "Writer" model, but is missing'
    )
  })
})

test.group('HasOne preload', (group) => {
  relationsGroup(group)

  test('each parent gets its related row', async ({ assert }) => {
    await seed()
    const users = await User.query().preload('profile').orderBy('id')
    assert.deepEqual(
      users.map((user) => user.profile?.bio ?? null),
      ['alice bio', 'bob bio', null, null]
    )
  })

  test('a parent without a related row gets null', async ({ assert }) => {
    const { carol } = await seed()
    const user = await User.query().where('id', carol.id).preload('profile').firstOrFail()
    assert.isNull(user.profile)
    assert.isTrue(user.$hasRelated('profile'))
  })

  test('the relation onQuery picks the row on UUID keys', async ({ assert }) => {
    const team = await Team.named('red')
    await Member.createMany([
      { teamId: team.id, name: 'ann', role: 'member' },
      { teamId: team.id, name: 'ben', role: 'lead' },
    ])
    const loaded = await Team.query().preload('lead').firstOrFail()
    assert.equal(loaded.lead.name, 'ben')
  })

  test('load() fills the relation of one model', async ({ assert }) => {
    const { bob } = await seed()
    await bob.load('profile')
    assert.equal(bob.profile.bio, 'bob bio')
  })
})

test.group('HasOne related client', (group) => {
  const state = relationsGroup(group)

  test('query() selects the row of the parent', async ({ assert }) => {
    const { alice } = await seed()
    const profile = await alice.related('profile').query().firstOrFail()
    assert.equal(profile.bio, 'alice bio')
  })

  test('create() sets the foreign key', async ({ assert }) => {
    const { carol } = await seed()
    const profile = await carol.related('profile').create({ bio: 'carol bio' })
    assert.equal(profile.userId, carol.id)
    assert.equal((await Profile.findByOrFail('userId', carol.id)).bio, 'carol bio')
  })

  test('save() points an existing model at the parent', async ({ assert }) => {
    const { dave } = await seed()
    const profile = new Profile().fill({ bio: 'dave bio' })
    await dave.related('profile').save(profile)
    assert.equal(profile.userId, dave.id)
    assert.isTrue(profile.$isPersisted)
  })

  test('firstOrCreate() returns the existing row', async ({ assert }) => {
    const { alice } = await seed()
    const profile = await alice.related('profile').firstOrCreate({}, { bio: 'other' })
    assert.equal(profile.bio, 'alice bio')
    assert.lengthOf(await Profile.query().where('userId', alice.id), 1)
  })

  test('firstOrCreate() creates the row when the parent has none', async ({ assert }) => {
    const { carol } = await seed()
    const profile = await carol.related('profile').firstOrCreate({}, { bio: 'carol bio' })
    assert.equal(profile.userId, carol.id)
    assert.equal(profile.bio, 'carol bio')
  })

  test('updateOrCreate() updates the existing row', async ({ assert }) => {
    const { bob } = await seed()
    await bob.related('profile').updateOrCreate({}, { bio: 'new bio' })
    const rows = await Profile.query().where('userId', bob.id)
    assert.deepEqual(
      rows.map((row) => row.bio),
      ['new bio']
    )
  })

  test('updateOrCreate() creates the row when the parent has none', async ({ assert }) => {
    const { dave } = await seed()
    const profile = await dave.related('profile').updateOrCreate({}, { bio: 'dave bio' })
    assert.equal(profile.userId, dave.id)
  })

  test('create() runs on the parent transaction', async ({ assert }) => {
    const { carol } = await seed()
    const trx = await state.db.transaction()
    carol.useTransaction(trx)
    await carol.related('profile').create({ bio: 'carol bio' })
    await trx.rollback()
    assert.isNull(await Profile.findBy('userId', carol.id))
  })
})
