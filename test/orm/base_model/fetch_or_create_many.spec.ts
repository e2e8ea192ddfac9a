/**
 * fetchOrNewUpMany, fetchOrCreateMany and updateOrCreateMany: Lucid's
 * message for a payload row without a key value, lookup values prepared as
 * inserts write them (DateTime keys, custom prepare), and a hasMany
 * relation keyed by its foreign key alone.
 */
import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import type { Database } from '../../../src/database/database.js'
import { E_MISSING_MODEL_ATTRIBUTE } from '../../../src/errors.js'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { beforeSave, beforeUpdate } from '../../../src/orm/decorators/hooks.js'
import { hasMany } from '../../../src/orm/relations/decorators.js'
import type { HasMany } from '../../../src/types/relations.js'
import { dropTables } from '../../helpers/database.js'
import { captureQueries, openDatabase, rowsOf, schema } from './helpers.js'

const EVENTS = 'bm_focm_events'
const AUTHORS = 'bm_focm_authors'
const POSTS = 'bm_focm_posts'

class Event extends BaseModel {
  static table = EVENTS
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
  @column({ prepare: (value: string) => value.toLowerCase() }) declare code: string
  @column.date() declare day: DateTime | null
  @column.dateTime() declare startsAt: DateTime | null
}

/** Counts its hooks: a row updateOrCreateMany creates must run the create ones only. */
class HookedEvent extends BaseModel {
  static table = EVENTS
  static hooks: string[] = []
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
  @column() declare code: string | null

  @beforeSave() static saving(event: HookedEvent) {
    HookedEvent.hooks.push(`save:${event.$isPersisted ? 'update' : 'create'}`)
  }

  @beforeUpdate() static updating(event: HookedEvent) {
    HookedEvent.hooks.push('update')
    event.code = 'touched'
  }
}

class Post extends BaseModel {
  static table = POSTS
  @column({ isPrimary: true }) declare id: number
  @column() declare authorId: number | null
  @column() declare title: string
}

class Author extends BaseModel {
  static table = AUTHORS
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
  @hasMany(() => Post) declare posts: HasMany<typeof Post>
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

const methods = ['fetchOrNewUpMany', 'fetchOrCreateMany', 'updateOrCreateMany'] as const

test.group('BaseModel fetchOrCreateMany and friends', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await dropTables(db, POSTS, AUTHORS, EVENTS)
    await schema(db).createTable(EVENTS, (t) => {
      t.increments('id')
      t.string('name', 100).notNullable()
      t.string('code', 100).nullable()
      t.date('day').nullable()
      t.timestamp('starts_at', { useTz: false }).nullable()
    })
    await schema(db).createTable(AUTHORS, (t) => {
      t.increments('id')
      t.string('name', 100).notNullable()
    })
    await schema(db).createTable(POSTS, (t) => {
      t.increments('id')
      t.integer('author_id').nullable()
      t.string('title', 100).notNullable()
    })
    return async () => {
      await dropTables(db, POSTS, AUTHORS, EVENTS)
      await db.manager.closeAll()
    }
  })

  test('a payload row without a key value fails with Lucid message before any query', async ({
    assert,
  }) => {
    const queries = captureQueries(db)
    for (const method of methods) {
      for (const key of ['name', 'nickname']) {
        const payload = [{ name: 'a', nickname: 'a' }, { code: 'b' }]
        const error = await failure(() => Event[method](key as never, payload as never))
        assert.instanceOf(error, E_MISSING_MODEL_ATTRIBUTE, `${method} ${key}`)
        assert.equal(
          error.message,
          `Value for the "${key}" is null or undefined inside "${method}" payload`
        )
      }
    }
    queries.stop()
    assert.lengthOf(queries.events, 0)
  })

  test('updateOrCreateMany matches rows by a DateTime key, in any zone', async ({ assert }) => {
    const first = DateTime.now().minus({ days: 2 }).startOf('second')
    const second = DateTime.now().minus({ days: 1 }).startOf('second')
    await Event.createMany([
      { name: 'one', startsAt: first },
      { name: 'two', startsAt: second },
    ])
    const events = await Event.updateOrCreateMany('startsAt', [
      { name: 'one again', startsAt: first.setZone('UTC+3') },
      { name: 'three', startsAt: DateTime.now().startOf('second') },
    ])
    assert.deepEqual(
      events.map((event) => [event.name, event.$isPersisted, event.$isLocal]),
      [
        ['one again', true, false],
        ['three', true, true],
      ]
    )
    const rows = await rowsOf(db, EVENTS)
    assert.deepEqual(
      rows.map((row) => row.name),
      ['one again', 'two', 'three']
    )
  })

  test('updateOrCreate, firstOrCreate and findBy match a DateTime key in any zone', async ({
    assert,
  }) => {
    const at = DateTime.fromISO('2024-03-10T10:00:00Z').setZone('Asia/Kolkata')
    await Event.create({ name: 'one', startsAt: at })
    assert.equal((await Event.findBy('startsAt', at))?.name, 'one')
    assert.equal((await Event.query().where('startsAt', at.setZone('UTC-7')).first())?.name, 'one')
    const updated = await Event.updateOrCreate({ startsAt: at.toUTC() }, { name: 'updated' })
    assert.isFalse(updated.$isLocal)
    const found = await Event.firstOrCreate({ startsAt: at }, { name: 'never' })
    assert.equal(found.name, 'updated')
    assert.deepEqual(
      (await rowsOf(db, EVENTS)).map((row) => row.name),
      ['updated']
    )
  })

  test('findBy and where compare a date column with a DateTime by its calendar day', async ({
    assert,
  }) => {
    await Event.create({ name: 'launch', day: DateTime.fromISO('2024-03-10') })
    assert.equal((await Event.findBy('day', DateTime.fromISO('2024-03-10')))?.name, 'launch')
    const later = DateTime.fromISO('2024-03-10T15:00:00')
    assert.equal((await Event.query().where('day', '>=', later).first())?.name, 'launch')
    assert.equal((await Event.query().where({ day: later }).first())?.name, 'launch')
    assert.lengthOf(await Event.query().where('day', '>', later), 0)
  })

  test('updateOrCreateMany runs only the create hooks on a row it creates', async ({ assert }) => {
    await HookedEvent.create({ name: 'old', code: null })
    HookedEvent.hooks = []
    const queries = captureQueries(db)
    await HookedEvent.updateOrCreateMany('name', [{ name: 'old', code: 'a' }, { name: 'new' }])
    queries.stop()
    assert.deepEqual(HookedEvent.hooks, ['save:create', 'update', 'save:update'])
    assert.lengthOf(
      queries.events.filter((event) => /^update/i.test(event.sql)),
      1
    )
    const rows = await rowsOf(db, EVENTS)
    assert.deepEqual(
      rows.map((row) => [row.name, row.code]),
      [
        ['old', 'touched'],
        ['new', null],
      ]
    )
  })

  test('fetchOrCreateMany matches a date column by its calendar day', async ({ assert }) => {
    await Event.create({ name: 'launch', day: DateTime.fromISO('2024-03-10') })
    const events = await Event.fetchOrCreateMany('day', [
      { name: 'launch again', day: DateTime.fromISO('2024-03-10T15:30:00') },
      { name: 'review', day: DateTime.fromISO('2024-03-11') },
    ])
    assert.deepEqual(
      events.map((event) => [event.name, event.$isLocal]),
      [
        ['launch', false],
        ['review', true],
      ]
    )
    assert.lengthOf(await rowsOf(db, EVENTS), 2)
  })

  test('lookup values go through the column prepare, as inserts do', async ({ assert }) => {
    await Event.create({ name: 'launch', code: 'LAUNCH' })
    const events = await Event.updateOrCreateMany('code', [
      { name: 'launch v2', code: 'Launch' },
      { name: 'review', code: 'REVIEW' },
    ])
    assert.deepEqual(
      events.map((event) => [event.name, event.$isLocal]),
      [
        ['launch v2', false],
        ['review', true],
      ]
    )
    const rows = await rowsOf(db, EVENTS)
    assert.deepEqual(
      rows.map((row) => [row.name, row.code]),
      [
        ['launch v2', 'launch'],
        ['review', 'review'],
      ]
    )
  })

  test('a hasMany relation without a predicate looks up by its foreign key alone', async ({
    assert,
  }) => {
    const author = await Author.create({ name: 'virk' })
    await Post.create({ title: 'Lucid 101', authorId: null })
    const [created] = await author.related('posts').fetchOrCreateMany([{ title: 'Lucid 101' }])
    assert.isTrue(created.$isLocal)
    assert.equal(created.authorId, author.id)

    const [fetched] = await author.related('posts').fetchOrCreateMany([{ title: 'other' }])
    assert.equal(fetched.id, created.id)
    assert.equal(fetched.title, 'Lucid 101')

    const [updated] = await author.related('posts').updateOrCreateMany([{ title: 'Lucid 102' }])
    assert.equal(updated.id, created.id)
    const rows = await rowsOf(db, POSTS)
    assert.deepEqual(
      rows.map((row) => [row.title, row.author_id === null ? null : Number(row.author_id)]),
      [
        ['Lucid 101', null],
        ['Lucid 102', author.id],
      ]
    )
  })

  test('a hasMany updateOrCreateMany creates the first related row', async ({ assert }) => {
    const author = await Author.create({ name: 'nikk' })
    const [post] = await author.related('posts').updateOrCreateMany([{ title: 'Hello' }])
    assert.isTrue(post.$isPersisted)
    assert.isTrue(post.$isLocal)
    assert.equal(post.authorId, author.id)
    assert.lengthOf(await rowsOf(db, POSTS), 1)
  })

  test('payload rows sharing a new key are each created, as in Lucid', async ({ assert }) => {
    const author = await Author.create({ name: 'virk' })
    const posts = await author
      .related('posts')
      .fetchOrCreateMany([{ title: 'first' }, { title: 'second' }])
    assert.notEqual(posts[0].id, posts[1].id)
    const rows = await rowsOf(db, POSTS)
    assert.deepEqual(rows.map((row) => row.title).sort(), ['first', 'second'])

    const events = await Event.updateOrCreateMany('name', [
      { name: 'launch', code: 'A' },
      { name: 'launch', code: 'B' },
    ])
    assert.notEqual(events[0].id, events[1].id)
    assert.lengthOf(await rowsOf(db, EVENTS), 2)
  })

  test('with a unique index, payload rows sharing a new key meet the first one row', async ({
    assert,
  }) => {
    await schema(db).alterTable(EVENTS, (t) => t.unique(['name']))
    const fetched = await Event.fetchOrCreateMany('name', [
      { name: 'launch', code: 'a' },
      { name: 'launch', code: 'b' },
    ])
    assert.equal(fetched[0].id, fetched[1].id)
    assert.equal(fetched[1].code, 'a')

    const updated = await Event.updateOrCreateMany('name', [
      { name: 'review', code: 'a' },
      { name: 'review', code: 'b' },
    ])
    assert.equal(updated[0].id, updated[1].id)
    const rows = await rowsOf(db, EVENTS)
    assert.deepEqual(
      rows.map((row) => [row.name, row.code]),
      [
        ['launch', 'a'],
        ['review', 'b'],
      ]
    )
  })
})
