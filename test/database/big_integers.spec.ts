/**
 * Issue #18 item 7: integers past 2^53 are stored exactly from a JS bigint
 * or a numeric string on every dialect, and BIGINT values come back as pg
 * returns them: strings past 2^53 on MySQL and SQLite too (mysql2's
 * supportBigNumbers, better-sqlite3's safeIntegers, set by Stratum), numbers
 * below. The stored value is also checked as text.
 */
import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import type { SqliteConfig } from '../../src/types/database.js'
import { connectionConfig, createDatabase, DB, dropTables } from '../helpers/database.js'

const NUMBERS = 'db_big_integers'
const big = 2n ** 60n + 1n

test.group('Database | integers past 2^53', (group) => {
  let db: Database
  group.setup(async () => {
    db = createDatabase()
    await dropTables(db, NUMBERS)
    await db.connection().schema.createTable(NUMBERS, (t) => {
      t.bigIncrements('id')
      t.string('label', 20)
      t.bigInteger('value').nullable()
    })
    return async () => {
      await dropTables(db, NUMBERS)
      await db.manager.closeAll()
    }
  })

  test('JS bigint and numeric string bindings are stored exactly and found by where', async ({
    assert,
  }) => {
    await db.table(NUMBERS).insert({ label: 'bigint', value: big })
    await db.table(NUMBERS).insert({ label: 'string', value: String(big + 1n) })
    await db.table(NUMBERS).insert({ label: 'small', value: 42 })
    const text = await db
      .from(NUMBERS)
      .select('label', db.raw('cast(?? as char(30)) as text', ['value']))
      .orderBy('id')
    assert.deepEqual(
      text.map((row: any) => [row.label, String(row.text).trim()]),
      [
        ['bigint', String(big)],
        ['string', String(big + 1n)],
        ['small', '42'],
      ]
    )
    const found = await db.from(NUMBERS).where('value', big).select('label')
    assert.deepEqual(found, [{ label: 'bigint' }])
  })

  test('a whole number bound to a text column is stored as its digits and found by where', async ({
    assert,
  }) => {
    // better-sqlite3 binds JS numbers as REAL: SQLite stored 7 in a text column as '7.0'
    await db.table(NUMBERS).insert({ label: 7, value: 1 })
    const stored = await db.from(NUMBERS).where('value', 1).select('label')
    assert.deepEqual(stored, [{ label: '7' }])
    assert.lengthOf(await db.from(NUMBERS).where('label', 7), 1)
    assert.lengthOf(await db.from(NUMBERS).where('label', '7'), 1)
    await db.table(NUMBERS).insert({ label: 1.5, value: 2 })
    assert.deepEqual(await db.from(NUMBERS).where('value', 2).select('label'), [{ label: '1.5' }])
    await db.from(NUMBERS).whereIn('value', [1, 2]).delete()
  })

  test('BIGINT values past 2^53 read back as exact strings', async ({ assert }) => {
    const rows = await db.from(NUMBERS).select('label', 'value').orderBy('id')
    const values = Object.fromEntries(rows.map((row) => [row.label, row.value]))
    assert.strictEqual(values.bigint, String(big))
    assert.strictEqual(values.string, String(big + 1n))
    assert.equal(Number(values.small), 42)
    if (DB !== 'pg') assert.strictEqual(values.small, 42)
  })

  test('negative values past -2^53 and the 2^53 edges read back exactly', async ({ assert }) => {
    const edge = BigInt(Number.MAX_SAFE_INTEGER)
    await db.table(NUMBERS).multiInsert([
      { label: 'negative', value: -big },
      { label: 'edge', value: edge },
      { label: 'past-edge', value: edge + 1n },
      { label: 'negative-edge', value: -edge },
    ])
    const rows = await db
      .from(NUMBERS)
      .whereIn('label', ['negative', 'edge', 'past-edge', 'negative-edge'])
      .select('label', 'value')
    const values = Object.fromEntries(rows.map((row) => [row.label, row.value]))
    assert.strictEqual(values.negative, String(-big))
    assert.strictEqual(values['past-edge'], String(edge + 1n))
    assert.equal(String(values.edge), String(edge))
    assert.equal(String(values['negative-edge']), String(-edge))
    if (DB !== 'pg') assert.strictEqual(values.edge, Number.MAX_SAFE_INTEGER)
  })

  test('an insert returns a key past 2^53 exactly', async ({ assert }) => {
    const [row] = await db
      .table(NUMBERS)
      .insert({ id: big as unknown as number, label: 'big-id' })
      .returning('id')
    const id = typeof row === 'object' ? (row as { id: unknown }).id : row
    // MySQL has no RETURNING: there the id is mysql2's insertId, also exact
    assert.strictEqual(id, String(big))
    const [found] = await db.from(NUMBERS).where('label', 'big-id').select('id')
    assert.strictEqual(String(found.id), String(big))
  })
})

if (DB === 'sqlite') {
  test.group('Database | SQLite integer reads', (group) => {
    const opened: Database[] = []
    function open(safeIntegers: boolean): Database {
      const config = connectionConfig() as SqliteConfig
      const connection = { ...config.connection, options: { safeIntegers } }
      const db = createDatabase({ connections: { primary: { ...config, connection } } })
      opened.push(db)
      return db
    }
    group.setup(async () => {
      const db = createDatabase()
      opened.push(db)
      await dropTables(db, NUMBERS)
      await db.connection().schema.createTable(NUMBERS, (t) => {
        t.bigIncrements('id')
        t.bigInteger('value')
      })
      await db.table(NUMBERS).multiInsert([{ value: big }, { value: 42 }])
      return async () => {
        await dropTables(db, NUMBERS)
        for (const each of opened) await each.manager.closeAll()
      }
    })

    test('REALs past 2^53 stay numbers beside exact integers', async ({ assert }) => {
      const db = opened[0]
      const rows = await db
        .from(NUMBERS)
        .select('value', db.raw('1e20 as real_value'))
        .orderBy('id')
      assert.deepEqual(rows, [
        { value: String(big), real_value: 1e20 },
        { value: 42, real_value: 1e20 },
      ])
    })

    test('an insert without RETURNING reports a rowid past 2^53 exactly', async ({ assert }) => {
      const knex = opened[0].connection().getWriteClient()
      const id = big + 5n
      // knex's own insert, without RETURNING: the id is better-sqlite3's lastInsertRowid
      const result = await knex.table(NUMBERS).insert({ id, value: 1 })
      assert.deepEqual(result, [String(id)] as unknown[])
      await knex.table(NUMBERS).where('id', String(id)).delete()
    })

    test('safeIntegers: true returns every integer as a JS bigint, as knex documents', async ({
      assert,
    }) => {
      const rows = await open(true).from(NUMBERS).select('value').orderBy('id')
      assert.deepEqual(
        rows.map((row) => row.value),
        [big, 42n]
      )
    })

    test('safeIntegers: false returns plain numbers, rounded past 2^53', async ({ assert }) => {
      const rows = await open(false).from(NUMBERS).select('value').orderBy('id')
      assert.deepEqual(
        rows.map((row) => row.value),
        [Number(big), 42]
      )
      assert.notEqual(String(rows[0].value), String(big))
    })
  })
}
