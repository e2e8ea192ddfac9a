/**
 * `serialize()` of a date column never read writes its text from the
 * driver's value (src/orm/decorators/date_text.ts). That text must be
 * luxon's, byte for byte: here against the column's own consume+serialize,
 * for many instants and wall times, in several system zones (DST included)
 * and luxon default zones.
 */
import { test } from '@japa/runner'
import { DateTime, Settings } from 'luxon'
import { dateColumnOptions } from '../../src/orm/decorators/date_columns.js'
import { rawSerializers } from '../../src/orm/base_model/lazy_values.js'
import { dateTimeOfSqlText } from '../../src/orm/decorators/date_text.js'
import type { LucidRow } from '../../src/types/model.js'

const model = {} as LucidRow

/** What eager hydration gives (consume then serialize) and what the shortcut gives. */
function both(type: 'date' | 'datetime', raw: unknown) {
  const options = dateColumnOptions(type)
  const eager = options.serialize!(options.consume!(raw, 'at', model), 'at', model)
  const shortcut = rawSerializers.get(options.serialize!)!(raw)
  return { eager, shortcut }
}

/** Instants over two years, every 7h 13m 17.123s, and each quarter hour around DST days. */
function instants(): Date[] {
  const dates: Date[] = []
  const start = Date.UTC(2023, 0, 1)
  for (let ts = start; ts < Date.UTC(2025, 0, 1); ts += 25_997_123) dates.push(new Date(ts))
  // the EU (last Sunday of March / October) and US (second Sunday of March, first of November) transitions, 2024
  for (const day of [
    '2024-03-10',
    '2024-03-31',
    '2024-10-27',
    '2024-11-03',
    '2024-04-07',
    '2024-09-08',
  ]) {
    const base = Date.parse(`${day}T00:00:00Z`) - 14 * 3_600_000
    for (let step = 0; step < 48 * 4; step++) dates.push(new Date(base + step * 900_000))
  }
  dates.push(new Date('1969-12-31T23:59:59.999Z'), new Date('1900-06-01T12:00:00Z'))
  dates.push(new Date('0099-01-01T00:00:00Z'), new Date('9999-12-31T23:59:59.999Z'), new Date(NaN))
  return dates
}

/** SQL texts of the wall times of `dates`, with and without a fraction. */
function sqlTexts(dates: Date[]): string[] {
  const texts: string[] = []
  const fractions = ['', '.1', '.12', '.123', '.1234', '.123456', '.999999', '.000001', '.5']
  dates.forEach((date, index) => {
    if (Number.isNaN(date.getTime())) return
    const wall = date.toISOString().slice(0, 19).replace('T', ' ')
    texts.push(wall, `${wall}${fractions[index % fractions.length]}`)
  })
  // out of range, a DST gap and overlap in Europe and the US, and shapes luxon parses otherwise
  texts.push('2024-02-30 10:00:00', '2023-02-29 10:00:00', '2024-02-29 23:59:59')
  texts.push('2024-13-01 00:00:00', '2024-01-01 24:00:00', '2024-01-01 23:60:00')
  texts.push('2024-03-31 02:30:00', '2024-10-27 02:30:00', '2024-03-10 02:30:00')
  texts.push('2024-11-03 01:30:00', '2024-01-01T10:00:00', '2024-01-01 10:00', '2024-01-01')
  texts.push('2024-01-01 10:00:00+02:00', '2024-01-01 10:00:00.', 'not a date', '')
  return texts
}

/** Each system zone the process runs in, and each luxon default zone. */
const systemZones = [
  'UTC',
  'Europe/Paris',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'America/Santiago',
  'America/St_Johns',
]
const defaultZones = [null, 'utc', 'UTC+5:30', 'UTC-3', 'Europe/Berlin', 'system']

async function inEachZone(callback: (zone: string) => void) {
  const tz = process.env.TZ
  const zone = Settings.defaultZone
  try {
    for (const system of systemZones) {
      process.env.TZ = system
      for (const defaultZone of defaultZones) {
        Settings.defaultZone = defaultZone ?? 'system'
        callback(`${system} / ${defaultZone}`)
      }
    }
  } finally {
    if (tz === undefined) delete process.env.TZ
    else process.env.TZ = tz
    Settings.defaultZone = zone
  }
}

test.group('serialize() of date columns never read', () => {
  test('a pg/mysql Date gives the text of @column.dateTime and @column.date', async ({
    assert,
  }) => {
    let shortcuts = 0
    const dates = instants()
    await inEachZone((zone) => {
      for (const date of dates) {
        for (const type of ['datetime', 'date'] as const) {
          const { eager, shortcut } = both(type, date)
          if (shortcut === undefined) continue
          shortcuts++
          assert.strictEqual(shortcut, eager, `${type} ${date.toISOString?.()} in ${zone}`)
        }
      }
    })
    // the shortcut serves most values (it declines only what it cannot prove)
    assert.isAbove(shortcuts, dates.length * systemZones.length * 4)
  })

  test('SQLite text gives the text of @column.dateTime', async ({ assert }) => {
    let shortcuts = 0
    const texts = sqlTexts(instants())
    await inEachZone((zone) => {
      for (const text of texts) {
        const { eager, shortcut } = both('datetime', text)
        if (shortcut === undefined) continue
        shortcuts++
        assert.strictEqual(shortcut, eager, `"${text}" in ${zone}`)
      }
    })
    assert.isAbove(shortcuts, texts.length * systemZones.length * 3)
  })

  test('SQLite text converts to the DateTime luxon fromSQL gives', async ({ assert }) => {
    // @column.dateTime's consume builds it from the instant (dateTimeOfSqlText)
    let fast = 0
    // every sixth wall time (the DST days are every quarter hour), and every odd shape
    const all = sqlTexts(instants())
    const texts = all.filter((_, index) => index % 6 === 0 || index >= all.length - 20)
    await inEachZone((zone) => {
      for (const text of texts) {
        const converted = dateTimeOfSqlText(text)
        if (converted === undefined) continue
        fast++
        const expected = DateTime.fromSQL(text)
        const label = `"${text}" in ${zone}`
        assert.isTrue(expected.isValid, label)
        assert.isTrue(converted.equals(expected), label)
        assert.strictEqual(converted.toISO(), expected.toISO(), label)
        assert.strictEqual(converted.offset, expected.offset, label)
        assert.strictEqual(converted.zoneName, expected.zoneName, label)
      }
    })
    assert.isAbove(fast, texts.length * systemZones.length * 3)
  })

  test('SQLite text gives the text of @column.date', async ({ assert }) => {
    const days = [
      '2024-02-29',
      '2023-02-29',
      '2024-04-31',
      '2024-12-31',
      '0001-01-01',
      '1900-02-29',
    ]
    days.push('2000-02-29', '2024-00-10', '2024-1-10', '2024-01-10 00:00:00', '2024-03-31', '')
    let shortcuts = 0
    await inEachZone((zone) => {
      for (const day of days) {
        const { eager, shortcut } = both('date', day)
        if (shortcut === undefined) continue
        shortcuts++
        assert.strictEqual(shortcut, eager, `"${day}" in ${zone}`)
      }
    })
    assert.isAbove(shortcuts, 0)
  })

  test('null stays null, and values of other types are left to luxon', ({ assert }) => {
    for (const type of ['datetime', 'date'] as const) {
      assert.deepEqual(both(type, null), { eager: null, shortcut: null })
      assert.isUndefined(both(type, 1_700_000_000_000).shortcut)
      assert.isUndefined(both(type, DateTime.now()).shortcut)
    }
  })
})
