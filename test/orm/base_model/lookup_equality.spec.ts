/**
 * Issue #18 item 2: updateOrCreateMany and fetchOrCreateMany find rows with
 * the database's own equality, so they behave as N calls of
 * updateOrCreate/firstOrCreate: MySQL's case-insensitive and PAD SPACE
 * collations, numeric strings for integer keys, composite keys. Payload
 * rows the database finds equal resolve one way: last wins, one instance.
 */
import { test } from '@japa/runner'
import type { Database } from '../../../src/database/database.js'
import { E_INVALID_VALUE } from '../../../src/errors.js'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import type { ModelObject } from '../../../src/types/model.js'
import { DB, dropTables } from '../../helpers/database.js'
import { openDatabase, rowsOf, schema } from './helpers.js'

const TOPICS = 'bm_eq_topics'

/** A numeric string where the model declares a number: what a form or a CSV hands over. */
const numericText = (value: string) => value as unknown as number
const TOPICS_ONE_BY_ONE = 'bm_eq_topics_single'

class Topic extends BaseModel {
  static table = TOPICS
  @column({ isPrimary: true }) declare id: number
  @column() declare slug: string
  @column() declare number: number
  @column() declare label: string | null
}

/** The same model on a second table: the reference run, one updateOrCreate per payload row. */
class SingleTopic extends Topic {
  static table = TOPICS_ONE_BY_ONE
}

function failure(work: () => unknown): Promise<any> {
  return Promise.resolve()
    .then(work)
    .then(
      () => undefined,
      (error) => error
    )
}

/** The rows of `table` without ids, ordered by label. */
async function contents(db: Database, table: string) {
  const rows = await rowsOf(db, table)
  return rows
    .map((row) => [row.slug, Number(row.number), row.label])
    .sort((a, b) => String(a[2]).localeCompare(String(b[2])))
}

test.group('BaseModel *OrCreateMany | database equality', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await dropTables(db, TOPICS, TOPICS_ONE_BY_ONE)
    for (const table of [TOPICS, TOPICS_ONE_BY_ONE]) {
      await schema(db).createTable(table, (t) => {
        t.increments('id')
        // SQLite's default collation is binary; MySQL's is case-insensitive and pads spaces
        t.string('slug', 100).notNullable().unique()
        t.integer('number').notNullable().defaultTo(0)
        t.string('label', 100).nullable()
      })
    }
    return async () => {
      await dropTables(db, TOPICS, TOPICS_ONE_BY_ONE)
      await db.manager.closeAll()
    }
  })

  /** Runs `payload` through updateOrCreateMany and N updateOrCreate calls: same rows, same ids. */
  async function sameAsUpdateOrCreate(
    key: 'slug' | 'number',
    seed: ModelObject[],
    payload: ModelObject[]
  ) {
    await Topic.createMany(seed)
    await SingleTopic.createMany(seed)
    const many = await Topic.updateOrCreateMany(key, payload)
    const single = []
    for (const row of payload)
      single.push(await SingleTopic.updateOrCreate({ [key]: row[key] }, row))
    return { many, single }
  }

  test('string keys match as the column collation says, as updateOrCreate does', async ({
    assert,
  }) => {
    const payload = [
      { slug: 'NEWS', label: 'upper' },
      { slug: 'news ', label: 'padded' },
      { slug: 'sport', label: 'sport' },
    ]
    const { many, single } = await sameAsUpdateOrCreate(
      'slug',
      [{ slug: 'news', label: 'seed' }],
      payload
    )
    assert.deepEqual(await contents(db, TOPICS), await contents(db, TOPICS_ONE_BY_ONE))
    assert.deepEqual(
      many.map((topic) => topic.id),
      single.map((topic) => topic.id)
    )
    if (DB === 'mysql') {
      // one row: 'NEWS' and 'news ' are 'news' for utf8mb4_general_ci / unicode_ci
      assert.lengthOf(await rowsOf(db, TOPICS), 2)
      assert.strictEqual(many[0], many[1])
      assert.equal(many[0].label, 'padded')
    } else {
      assert.lengthOf(await rowsOf(db, TOPICS), 4)
    }
  })

  test('a column collation other than the connection one decides, as for updateOrCreate', async ({
    assert,
  }) => {
    // case-sensitive on MySQL (utf8mb4_bin, the connection is utf8mb3_general_ci) and pg ("C"),
    // case-insensitive on SQLite (NOCASE)
    const collated: Record<typeof DB, string> = {
      sqlite: 'varchar(100) collate nocase',
      pg: 'varchar(100) collate "C"',
      mysql: 'varchar(100) character set utf8mb4 collate utf8mb4_bin',
    }
    for (const table of [TOPICS, TOPICS_ONE_BY_ONE]) {
      await schema(db).alterTable(table, (t) => t.dropUnique(['slug']))
      await schema(db).alterTable(table, (t) => t.dropColumn('slug'))
      await schema(db).alterTable(table, (t) => t.specificType('slug', collated[DB]).nullable())
      await schema(db).alterTable(table, (t) => t.unique(['slug']))
    }
    const payload = [
      { slug: 'News', label: 'title case' },
      { slug: 'news', label: 'lower' },
    ]
    const { many, single } = await sameAsUpdateOrCreate(
      'slug',
      [{ slug: 'NEWS', label: 'seed' }],
      payload
    )
    assert.deepEqual(await contents(db, TOPICS), await contents(db, TOPICS_ONE_BY_ONE))
    assert.deepEqual(
      many.map((topic) => topic.id),
      single.map((topic) => topic.id)
    )
    assert.lengthOf(await rowsOf(db, TOPICS), DB === 'sqlite' ? 1 : 3)
  })

  test('numeric strings match an integer key', async ({ assert }) => {
    await Topic.create({ slug: 'seven', number: 7 })
    await Topic.create({ slug: 'eight', number: 8 })
    const topics = await Topic.updateOrCreateMany('number', [
      { number: numericText('07'), label: 'leading zero' },
      { number: 8, label: 'number' },
    ])
    assert.deepEqual(
      topics.map((topic) => [topic.slug, topic.$isLocal]),
      [
        ['seven', false],
        ['eight', false],
      ]
    )
    const rows = await rowsOf(db, TOPICS)
    assert.deepEqual(
      rows.map((row) => [row.slug, row.label]),
      [
        ['seven', 'leading zero'],
        ['eight', 'number'],
      ]
    )
    const fetched = await Topic.fetchOrCreateMany('number', [
      { number: numericText('8'), slug: 'other' },
    ])
    assert.equal(fetched[0].slug, 'eight')
  })

  test("'7.0' for an integer key: matches on SQLite and MySQL, E_INVALID_VALUE on PostgreSQL", async ({
    assert,
  }) => {
    await Topic.create({ slug: 'seven', number: 7 })
    const run = () =>
      Topic.updateOrCreateMany('number', [{ number: numericText('7.0'), label: 'decimal' }])
    if (DB === 'pg') {
      const error = await failure(run)
      assert.instanceOf(error, E_INVALID_VALUE)
      assert.include(error.message, '"Topic"')
      assert.include(error.message, '7.0')
      assert.deepEqual(
        (await rowsOf(db, TOPICS)).map((row) => row.label),
        [null]
      )
      return
    }
    const [topic] = await run()
    assert.equal(topic.slug, 'seven')
    assert.deepEqual(
      (await rowsOf(db, TOPICS)).map((row) => row.label),
      ['decimal']
    )
  })

  test('a key twice in one input: last wins, one instance, for existing and new rows', async ({
    assert,
  }) => {
    await Topic.create({ slug: 'old', label: 'seed' })
    const topics = await Topic.updateOrCreateMany('slug', [
      { slug: 'old', label: 'first', number: 1 },
      { slug: 'new', label: 'first' },
      { slug: 'old', label: 'second' },
      { slug: 'new', label: 'second', number: 2 },
    ])
    assert.strictEqual(topics[0], topics[2])
    assert.strictEqual(topics[1], topics[3])
    assert.deepEqual(
      topics.map((topic) => [topic.label, topic.number]),
      [
        ['second', 1],
        ['second', 2],
        ['second', 1],
        ['second', 2],
      ]
    )
    assert.deepEqual(
      (await rowsOf(db, TOPICS)).map((row) => [row.slug, row.label, Number(row.number)]),
      [
        ['old', 'second', 1],
        ['new', 'second', 2],
      ]
    )
  })

  test('database-equal new keys in one input: one row, the later payload row wins', async ({
    assert,
  }) => {
    // 'b' sorts after 'B': the row is created from the second payload row first
    const topics = await Topic.updateOrCreateMany('slug', [
      { slug: 'b', label: 'lower' },
      { slug: 'B', label: 'upper' },
    ])
    const fetched = await Topic.fetchOrCreateMany('slug', [{ slug: 'b' }, { slug: 'B' }])
    const rows = await rowsOf(db, TOPICS)
    if (DB === 'mysql') {
      assert.strictEqual(topics[0], topics[1])
      assert.deepEqual(
        rows.map((row) => [row.slug, row.label]),
        [['B', 'upper']]
      )
      assert.strictEqual(fetched[0], fetched[1])
    } else {
      assert.notEqual(topics[0].id, topics[1].id)
      assert.lengthOf(rows, 2)
      assert.deepEqual(
        fetched.map((topic) => topic.id),
        topics.map((topic) => topic.id)
      )
    }
  })

  test('composite keys match column by column with the database equality', async ({ assert }) => {
    await Topic.create({ slug: 'news', number: 1, label: 'seed' })
    const topics = await Topic.updateOrCreateMany(
      ['slug', 'number'],
      [
        { slug: 'news', number: numericText('1'), label: 'same' },
        { slug: 'news', number: 2, label: 'other number' },
      ]
    ).catch((error) => error)
    // the second row clashes with the unique slug: no row of this call is kept
    assert.instanceOf(topics, Error)
    assert.deepEqual(
      (await rowsOf(db, TOPICS)).map((row) => row.label),
      ['seed']
    )
    const [topic] = await Topic.updateOrCreateMany(
      ['slug', 'number'],
      [{ slug: 'news', number: numericText('01'), label: 'same' }]
    )
    assert.isFalse(topic.$isLocal)
    assert.deepEqual(
      (await rowsOf(db, TOPICS)).map((row) => row.label),
      ['same']
    )
  })
})
