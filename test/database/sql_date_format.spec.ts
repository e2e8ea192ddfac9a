/**
 * The SQL text a date-time column writes (src/database/sql_date_format.ts)
 * must be luxon's `toFormat` of the dialect's format, byte for byte: here over
 * many instants, in fixed, DST and half-hour zones, and in locales whose
 * digits are not ASCII (those go through luxon).
 */
import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { formatSqlDateTime } from '../../src/database/sql_date_format.js'

const formats = ['yyyy-MM-dd HH:mm:ss', "yyyy-MM-dd'T'HH:mm:ss.SSSZZ", 'dd.MM.yyyy HH:mm']
const zones = [
  'UTC',
  'Europe/Paris',
  'America/St_Johns',
  'Asia/Kolkata',
  'Pacific/Chatham',
  'UTC-3',
]

function instants(): DateTime[] {
  const values: DateTime[] = []
  for (let ts = Date.UTC(1969, 11, 31); ts < Date.UTC(2026, 0, 1); ts += 86_399_123 * 37) {
    values.push(DateTime.fromMillis(ts))
  }
  // a DST day, every 10 minutes, and years at the edges of four digits
  const day = Date.parse('2024-03-31T00:00:00Z')
  for (let step = 0; step < 144; step++) values.push(DateTime.fromMillis(day + step * 600_000))
  values.push(DateTime.fromObject({ year: 9, month: 1, day: 2, millisecond: 7 }))
  values.push(DateTime.fromObject({ year: 999, month: 12, day: 31, hour: 23 }))
  values.push(DateTime.fromObject({ year: 10_000, month: 1, day: 1 }))
  return values
}

test.group('formatSqlDateTime', () => {
  test('writes what luxon toFormat writes, in every zone', ({ assert }) => {
    let compared = 0
    for (const zone of zones) {
      for (const instant of instants()) {
        const dt = instant.setZone(zone)
        for (const format of formats) {
          assert.equal(formatSqlDateTime(dt, format), dt.toFormat(format), `${zone} ${dt.toISO()}`)
          compared++
        }
      }
    }
    assert.isAbove(compared, 5000)
  })

  test('leaves locales with other digits to luxon', ({ assert }) => {
    const dt = DateTime.fromObject({ year: 2024, month: 5, day: 6, hour: 7 }, { zone: 'UTC' })
    for (const [locale, numberingSystem] of [
      ['ar-EG', undefined],
      ['en-US', 'arab'],
      ['fr-FR', undefined],
    ] as const) {
      const localized = dt.reconfigure({ locale, numberingSystem })
      for (const format of formats) {
        assert.equal(formatSqlDateTime(localized, format), localized.toFormat(format))
      }
    }
    assert.notEqual(dt.reconfigure({ locale: 'ar-EG' }).toFormat('yyyy'), '2024')
  })
})
