/**
 * "Now" as a luxon DateTime for `autoCreate`/`autoUpdate` columns. Building
 * one costs about 3 us (a Locale and the zone's offset each time), more than
 * the rest of a save's own work, so the DateTime of the current millisecond
 * is reused: DateTimes are immutable, and `Settings.now()` (which tests may
 * replace), the default zone and locale are checked on every call.
 */
import { DateTime, Settings } from 'luxon'

let last: DateTime | undefined
let lastMillis = Number.NaN
let lastZone: unknown
let lastLocale: string | undefined

export function currentDateTime(): DateTime {
  const millis = Settings.now()
  const zone = Settings.defaultZone
  const locale = Settings.defaultLocale
  if (last !== undefined && millis === lastMillis && zone === lastZone && locale === lastLocale) {
    return last
  }
  last = DateTime.fromMillis(millis)
  lastMillis = millis
  lastZone = zone
  lastLocale = locale
  return last
}
