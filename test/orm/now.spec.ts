/**
 * `currentDateTime()` (src/orm/decorators/now.ts) reuses the DateTime of the
 * current millisecond for autoCreate/autoUpdate columns: it must still be
 * what `DateTime.now()` gives, following a replaced clock, zone and locale.
 */
import { test } from '@japa/runner'
import { DateTime, Settings } from 'luxon'
import { currentDateTime } from '../../src/orm/decorators/now.js'

test.group('currentDateTime', (group) => {
  const { now, defaultZone, defaultLocale } = Settings
  group.each.teardown(() => {
    Settings.now = now
    Settings.defaultZone = defaultZone
    Settings.defaultLocale = defaultLocale
  })

  test('follows Settings.now, one DateTime per millisecond', ({ assert }) => {
    let clock = Date.UTC(2024, 4, 6, 7, 8, 9, 10)
    Settings.now = () => clock
    const first = currentDateTime()
    assert.strictEqual(currentDateTime(), first)
    assert.isTrue(first.equals(DateTime.now()))
    clock += 1
    const next = currentDateTime()
    assert.notStrictEqual(next, first)
    assert.equal(next.toMillis(), clock)
  })

  test('follows the default zone and locale', ({ assert }) => {
    Settings.now = () => Date.UTC(2024, 0, 1, 12)
    const local = currentDateTime()
    Settings.defaultZone = 'Asia/Kolkata'
    const kolkata = currentDateTime()
    assert.equal(kolkata.zoneName, 'Asia/Kolkata')
    assert.equal(kolkata.toISO(), DateTime.now().toISO())
    assert.equal(kolkata.toMillis(), local.toMillis())
    Settings.defaultLocale = 'fr'
    assert.equal(currentDateTime().locale, 'fr')
  })
})
