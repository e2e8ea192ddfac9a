/**
 * PostgreSQL date and timestamp text is read by Stratum's own parser
 * (src/database/dialects/pg_dates.ts) into the very Date pg's stock
 * parser builds. The parser is compared with postgres-date on every
 * dialect's run; on pg, values read through Stratum are compared with the
 * same values read by a plain pg client, in several session zones, and a
 * parser the application registered stays in charge.
 */
import { test } from '@japa/runner'
import { createRequire } from 'node:module'
import pg from 'pg'
import { parsePgDate } from '../../../src/database/dialects/pg_dates.js'
import { Database } from '../../../src/database/database.js'
import { connectionConfig, DB, serverConnection } from '../../helpers/database.js'

const require = createRequire(import.meta.url)
const postgresDate = createRequire(require.resolve('pg-types'))('postgres-date') as (
  text: string
) => unknown

const texts = [
  '2026-12-07',
  '0100-01-01',
  '2026-12-07 13:20:31',
  '2026-12-07 13:20:31.5',
  '2026-12-07 13:20:31.123',
  '2026-12-07 13:20:31.290',
  '2026-12-07 13:20:31.999999',
  '2026-12-07 13:20:31+00',
  '2026-12-07 13:20:31.123456-05',
  '2026-12-07 13:20:31+05:30',
  '1890-01-01 00:00:00+00:53:28',
  '2024-03-31 02:30:00',
  '2024-10-27 02:30:00',
]

/** Shapes postgres-date reads that are left to it. */
const leftToPostgresDate = [
  'infinity',
  '-infinity',
  '0099-01-01',
  '0050-06-01 10:00:00',
  '2026-12-07 13:20:31 BC',
  '2026-12-07 BC',
  '12026-01-01 00:00:00',
  '2026-12-07T13:20:31Z',
  '2026-12-07 13:20:31.',
  '2026-12-07 13:20:31+5',
]

function sameInstant(a: unknown, b: unknown): boolean {
  return a instanceof Date && b instanceof Date && Object.is(a.getTime(), b.getTime())
}

test.group('PostgreSQL dates | parser', () => {
  test('gives the instant postgres-date gives, in the process zone and with offsets', ({
    assert,
  }) => {
    for (const text of texts) {
      assert.isTrue(sameInstant(parsePgDate(text), postgresDate(text)), text)
    }
  })

  test('leaves every other shape to postgres-date', ({ assert }) => {
    for (const text of leftToPostgresDate) assert.isUndefined(parsePgDate(text), text)
  })

  test('agrees with postgres-date on 20,000 generated timestamps', ({ assert }) => {
    const pad = (value: number, length = 2) => String(value).padStart(length, '0')
    const offsets = ['', '+00', '-05', '+05:30', '-03:30', '+14']
    let differences = 0
    for (let index = 0; index < 20_000; index++) {
      // a spread of instants from 1900 to 2100, fixed so a failure repeats
      const date = new Date(-2_208_988_800_000 + index * 315_569_261 + (index % 1000))
      const fraction = ['', `.${pad(index % 1_000_000, 6)}`, `.${index % 1000}`][index % 3]
      const text =
        `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
        `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}` +
        `${fraction}${offsets[index % offsets.length]}`
      if (!sameInstant(parsePgDate(text), postgresDate(text))) differences++
    }
    assert.equal(differences, 0)
  })
})

if (DB === 'pg') {
  test.group('PostgreSQL dates | read through a connection', (group) => {
    let db: Database
    let plain: pg.Client
    group.setup(async () => {
      db = new Database({ connection: 'primary', connections: { primary: connectionConfig() } })
      plain = new pg.Client(serverConnection('pg'))
      await plain.connect()
      return async () => {
        await plain.end()
        await db.manager.closeAll()
      }
    })

    const sql =
      `select '2026-12-07 13:20:31.123456+00'::timestamptz as a, '1890-01-01 00:00:00'::timestamptz as b, ` +
      `'2024-03-31 02:30:00.5'::timestamp as c, '2026-12-07'::date as d, 'infinity'::timestamptz as e`

    test('gives the Dates a plain pg client gives, in session zone {$self}')
      .with(['UTC', 'Asia/Kolkata', 'America/St_Johns', 'Europe/Amsterdam'])
      .run(async ({ assert }, zone) => {
        await db.transaction(async (trx) => {
          await trx.rawQuery(`set local time zone '${zone}'`)
          await plain.query(`set time zone '${zone}'`)
          const [ours] = (await trx.rawQuery(sql)).rows
          const [theirs] = (await plain.query(sql)).rows
          for (const key of ['a', 'b', 'c', 'd']) {
            assert.isTrue(sameInstant(ours[key], theirs[key]), `${zone} ${key}`)
          }
          assert.strictEqual(ours.e, Number.POSITIVE_INFINITY)
        })
      })

    test('a parser the application registered with pg.types stays in charge', async ({
      assert,
    }) => {
      const stock = pg.types.getTypeParser(1184, 'text')
      pg.types.setTypeParser(1184, (text: string) => `text:${text}`)
      try {
        const [row] = (await db.rawQuery(`select '2026-12-07 13:20:31+00'::timestamptz as a`)).rows
        assert.strictEqual(row.a, 'text:2026-12-07 13:20:31+00')
      } finally {
        pg.types.setTypeParser(1184, stock)
      }
    })

    test('a connection given as a URL reads dates the same way', async ({ assert }) => {
      const { host, port, user, database } = serverConnection('pg')
      const url = new Database({
        connection: 'url',
        connections: {
          url: { client: 'pg', connection: `postgres://${user}@${host}:${port}/${database}` },
        },
      })
      try {
        const [row] = (await url.rawQuery(`select '2026-12-07 13:20:31.5+00'::timestamptz as a`))
          .rows
        assert.strictEqual((row.a as Date).toISOString(), '2026-12-07T13:20:31.500Z')
      } finally {
        await url.manager.closeAll()
      }
    })
  })
}
