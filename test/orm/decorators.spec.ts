import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import { BaseModel } from '../../src/orm/base_model/base_model.js'
import { column, computed } from '../../src/orm/decorators/column.js'
import { ModelKeys } from '../../src/orm/model_keys.js'
import { dropTables } from '../helpers/database.js'
import { createTable, openDatabase, rowsOf } from './helpers.js'

class Profile extends BaseModel {
  static override table = 'orm_dec_profiles'

  @column({ isPrimary: true, columnName: 'id' }) declare profileId: number
  @column({ columnName: 'full_name' }) declare name: string
  @column({ serializeAs: 'mail' }) declare email: string
  @column({ serializeAs: null }) declare secret: string | null
  @column({
    prepare: (value: string[]) => JSON.stringify(value),
    consume: (value: string | null) => (value === null ? null : JSON.parse(value)),
    serialize: (value: string[] | null) => (value ?? []).join(','),
  })
  declare tags: string[] | null

  @column({ meta: { label: 'Handle' } })
  get handle(): string {
    return `@${this.$getAttribute('handle')}`
  }

  set handle(value: string) {
    this.$setAttribute('handle', value.toLowerCase())
  }
}

test.group('@column', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createTable(db, 'orm_dec_profiles', (t) => {
      t.increments('id')
      t.string('full_name', 100)
      t.string('email', 100)
      t.string('secret', 100).nullable()
      t.text('tags').nullable()
      t.string('handle', 100).nullable()
    })
    return async () => {
      await dropTables(db, 'orm_dec_profiles')
      await db.manager.closeAll()
    }
  })

  test('isPrimary makes the attribute the primary key', async ({ assert }) => {
    assert.equal(Profile.primaryKey, 'profileId')
    const profile = await Profile.create({ name: 'Virk', email: 'v@a.dev', handle: 'v' })
    assert.isNumber(profile.profileId)
    assert.equal(profile.$primaryKeyValue, profile.profileId)
    const found = await Profile.findOrFail(profile.profileId)
    assert.equal(found.name, 'Virk')
  })

  test('columnName maps the attribute to another column on write and read', async ({ assert }) => {
    await Profile.create({ name: 'Virk', email: 'v@a.dev', handle: 'v' })
    const [row] = await rowsOf(db, 'orm_dec_profiles')
    assert.equal(row.full_name, 'Virk')
    const [profile] = await Profile.query()
    assert.equal(profile.name, 'Virk')
    assert.notProperty(profile.$extras, 'full_name')
  })

  test('serializeAs renames the key and null hides the column', async ({ assert }) => {
    const profile = await Profile.create({
      name: 'Virk',
      email: 'v@a.dev',
      secret: 'hush',
      handle: 'v',
    })
    const json = profile.serialize()
    assert.equal(json.mail, 'v@a.dev')
    assert.notProperty(json, 'email')
    assert.notProperty(json, 'secret')
    assert.equal(profile.secret, 'hush')
  })

  test('prepare shapes the value written to the database', async ({ assert }) => {
    await Profile.create({ name: 'Virk', email: 'v@a.dev', tags: ['a', 'b'], handle: 'v' })
    const [row] = await rowsOf(db, 'orm_dec_profiles')
    assert.equal(row.tags, '["a","b"]')
  })

  test('consume shapes the value read from the database', async ({ assert }) => {
    await db.table('orm_dec_profiles').insert({ full_name: 'Virk', tags: '["x","y"]' })
    const profile = await Profile.firstOrFail()
    assert.deepEqual(profile.tags, ['x', 'y'])
    assert.isFalse(profile.$isDirty)
  })

  test('serialize shapes the value in serialized output only', async ({ assert }) => {
    const profile = await Profile.create({ name: 'Virk', tags: ['a', 'b'], handle: 'v' })
    assert.equal(profile.serialize().tags, 'a,b')
    assert.deepEqual(profile.tags, ['a', 'b'])
  })

  test('meta is kept on the column definition', async ({ assert }) => {
    assert.deepEqual(Profile.$getColumn('handle')?.meta, { label: 'Handle' })
  })

  test('a user defined getter and setter on a column are kept', async ({ assert }) => {
    const column = Profile.$getColumn('handle')!
    assert.isTrue(column.hasGetter)
    assert.isTrue(column.hasSetter)
    const profile = await Profile.create({ name: 'Virk', handle: 'VIRK' })
    assert.equal(profile.$attributes.handle, 'virk')
    assert.equal(profile.handle, '@virk')
    const [row] = await rowsOf(db, 'orm_dec_profiles')
    assert.equal(row.handle, 'virk')
    const fetched = await Profile.findOrFail(profile.profileId)
    assert.equal(fetched.handle, '@virk')
    assert.equal(fetched.serialize().handle, '@virk')
  })
})

test.group('Model metadata', () => {
  test('columns, computed and relations definitions are Maps', ({ assert }) => {
    class Note extends BaseModel {
      @column({ isPrimary: true }) declare id: number
      @computed() get size() {
        return 1
      }
    }
    assert.instanceOf(Note.$columnsDefinitions, Map)
    assert.instanceOf(Note.$computedDefinitions, Map)
    assert.instanceOf(Note.$relationsDefinitions, Map)
    assert.deepEqual([...Note.$columnsDefinitions.keys()], ['id'])
    assert.deepEqual([...Note.$computedDefinitions.keys()], ['size'])
  })

  test('$addColumn registers a column that $hasColumn and $getColumn see', ({ assert }) => {
    class Note extends BaseModel {}
    assert.isFalse(Note.$hasColumn('bodyText'))
    const added = Note.$addColumn('bodyText', {})
    assert.isTrue(Note.$hasColumn('bodyText'))
    assert.strictEqual(Note.$getColumn('bodyText'), added)
    assert.include(added, {
      columnName: 'body_text',
      serializeAs: 'bodyText',
      isPrimary: false,
      hasGetter: false,
      hasSetter: false,
    })
    const note = new Note() as Note & { bodyText: string }
    note.bodyText = 'hello'
    assert.deepEqual(note.$attributes, { bodyText: 'hello' })
  })

  test('$addComputed registers a computed property that $hasComputed and $getComputed see', ({
    assert,
  }) => {
    class Note extends BaseModel {}
    assert.isFalse(Note.$hasComputed('wordCount'))
    Note.$addComputed('wordCount', { serializeAs: 'words' })
    assert.isTrue(Note.$hasComputed('wordCount'))
    assert.equal(Note.$getComputed('wordCount')?.serializeAs, 'words')
    assert.isUndefined(Note.$getComputed('missing'))
  })

  test('$keys maps attributes, columns and serialized names both ways', ({ assert }) => {
    class Note extends BaseModel {
      @column({ columnName: 'note_body', serializeAs: 'content' }) declare body: string
      @column({ serializeAs: null }) declare internalCode: string
    }
    const keys = Note.$keys
    assert.instanceOf(keys.attributesToColumns, ModelKeys)
    assert.equal(keys.attributesToColumns.get('body'), 'note_body')
    assert.equal(keys.columnsToAttributes.get('note_body'), 'body')
    assert.equal(keys.attributesToSerialized.get('body'), 'content')
    assert.equal(keys.serializedToAttributes.get('content'), 'body')
    assert.equal(keys.columnsToSerialized.get('note_body'), 'content')
    assert.equal(keys.serializedToColumns.get('content'), 'note_body')
    assert.equal(keys.attributesToColumns.get('internalCode'), 'internal_code')
    assert.isUndefined(keys.attributesToSerialized.get('internalCode'))
    assert.equal(keys.attributesToColumns.get('unknown', 'fallback'), 'fallback')
  })

  test('a subclass inherits and extends its parent columns, leaving the parent unchanged', ({
    assert,
  }) => {
    class Person extends BaseModel {
      @column({ isPrimary: true }) declare id: number
      @column() declare name: string
    }
    class Employee extends Person {
      @column() declare badgeNumber: string
    }
    assert.isTrue(Person.booted)
    assert.isTrue(Employee.booted)
    assert.deepEqual([...Employee.$columnsDefinitions.keys()], ['id', 'name', 'badgeNumber'])
    assert.deepEqual([...Person.$columnsDefinitions.keys()], ['id', 'name'])
    assert.equal(Employee.$keys.attributesToColumns.get('badgeNumber'), 'badge_number')
    assert.isUndefined(Person.$keys.attributesToColumns.get('badgeNumber'))
    assert.notStrictEqual(Employee.$columnsDefinitions, Person.$columnsDefinitions)
    assert.equal(Employee.table, 'employees')
    assert.equal(Person.table, 'people')
  })

  test('boot runs once per class and can be extended by overriding it', ({ assert }) => {
    const booted: string[] = []
    class Person extends BaseModel {
      static override boot() {
        if (Object.hasOwn(this, 'booted') && this.booted) return
        super.boot()
        booted.push(this.name)
      }
    }
    Person.boot()
    Person.boot()
    assert.deepEqual(booted, ['Person'])
    assert.isTrue(Person.booted)
    assert.isTrue(Person.$hooks !== undefined)
  })
})

test.group('$createFromAdapterResult', (group) => {
  let db: Database
  group.each.setup(() => {
    db = openDatabase()
    return () => db.manager.closeAll()
  })

  test('maps column names to attributes and marks the model persisted', ({ assert }) => {
    const profile = Profile.$createFromAdapterResult({
      id: 1,
      full_name: 'Virk',
      tags: '["a"]',
      rank: 3,
    })!
    assert.instanceOf(profile, Profile)
    assert.equal(profile.profileId, 1)
    assert.equal(profile.name, 'Virk')
    assert.deepEqual(profile.tags, ['a'])
    assert.deepEqual(profile.$extras, { rank: 3 })
    assert.isTrue(profile.$isPersisted)
    assert.isFalse(profile.$isLocal)
    assert.isFalse(profile.$isDirty)
  })

  test('stores sideloaded values and binds the model to the given client', async ({ assert }) => {
    const trx = await db.transaction()
    const profile = Profile.$createFromAdapterResult(
      { id: 1, full_name: 'Virk' },
      { tenant: 'acme' },
      { client: trx }
    )!
    assert.deepEqual(profile.$sideloaded, { tenant: 'acme' })
    assert.strictEqual(profile.$trx, trx)
    assert.equal(profile.$options?.connection, 'primary')
    await trx.rollback()
    assert.isUndefined(profile.$trx)
  })

  test('returns null when the row is not an object', ({ assert }) => {
    assert.isNull(Profile.$createFromAdapterResult(undefined))
    assert.isNull(Profile.$createFromAdapterResult(null as unknown as object))
  })

  test('$createMultipleFromAdapterResult creates one model per row', ({ assert }) => {
    const profiles = Profile.$createMultipleFromAdapterResult(
      [
        { id: 1, full_name: 'Virk' },
        { id: 2, full_name: 'Romain' },
      ],
      { tenant: 'acme' }
    )
    assert.lengthOf(profiles, 2)
    assert.deepEqual(
      profiles.map((profile) => profile.name),
      ['Virk', 'Romain']
    )
    assert.isTrue(profiles.every((profile) => profile.$sideloaded.tenant === 'acme'))
  })
})
