/**
 * `dateTime.toFormat(dialect.dateTimeFormat)` without luxon's formatter:
 * every save of a model with an `autoUpdate` column formats "now", and
 * luxon tokenizes the format string on each call (about 10 us, more than
 * the rest of the save's own work). The dialects' two formats are written
 * from the DateTime's fields; any other format, a year outside 0-9999 or a
 * locale whose digits luxon would not write as ASCII goes through luxon.
 */
import { DateTime } from 'luxon'

function pad2(value: number): string {
  return value < 10 ? `0${value}` : `${value}`
}

function pad3(value: number): string {
  return value < 10 ? `00${value}` : value < 100 ? `0${value}` : `${value}`
}

function pad4(value: number): string {
  return value < 10
    ? `000${value}`
    : value < 100
      ? `00${value}`
      : value < 1000
        ? `0${value}`
        : `${value}`
}

/** `yyyy-MM-dd HH:mm:ss` */
function wallTime(dt: DateTime): string {
  return (
    `${pad4(dt.year)}-${pad2(dt.month)}-${pad2(dt.day)} ` +
    `${pad2(dt.hour)}:${pad2(dt.minute)}:${pad2(dt.second)}`
  )
}

/** luxon's `ZZ`: `+05:30`, `-03:00`, `+00:00`. */
function offsetText(offset: number): string {
  const absolute = Math.abs(offset)
  return `${offset >= 0 ? '+' : '-'}${pad2(Math.trunc(absolute / 60))}:${pad2(Math.trunc(absolute % 60))}`
}

const writers = new Map<string, (dt: DateTime) => string>([
  ['yyyy-MM-dd HH:mm:ss', wallTime],
  [
    "yyyy-MM-dd'T'HH:mm:ss.SSSZZ",
    (dt) => `${wallTime(dt).replace(' ', 'T')}.${pad3(dt.millisecond)}${offsetText(dt.offset)}`,
  ],
])

/**
 * Whether luxon writes ASCII digits for a locale setting (learnt once per
 * locale, numbering system and calendar, by comparing with luxon itself).
 */
const asciiLocales = new Map<string, boolean>()
const probe = DateTime.fromObject({
  year: 2024,
  month: 11,
  day: 28,
  hour: 13,
  minute: 5,
  second: 9,
})

/** The settings last checked and their answer (DateTimes of one process mostly share them). */
let lastLocale: string | null = null
let lastNumbering: string | null = null
let lastCalendar: string | null = null
let lastFormat = ''
let lastAscii = false

function writesAscii(dt: DateTime, format: string, write: (dt: DateTime) => string): boolean {
  const locale = dt.locale
  const numbering = dt.numberingSystem
  const calendar = dt.outputCalendar
  if (
    format === lastFormat &&
    locale === lastLocale &&
    numbering === lastNumbering &&
    calendar === lastCalendar
  ) {
    return lastAscii
  }
  const key = `${locale}\u0000${numbering}\u0000${calendar}`
  let ascii = asciiLocales.get(key)
  if (ascii === undefined) {
    const sample = probe.reconfigure({
      locale: locale ?? undefined,
      numberingSystem: numbering ?? undefined,
      outputCalendar: calendar ?? undefined,
    })
    ascii = sample.toFormat(format) === write(sample)
    asciiLocales.set(key, ascii)
  }
  lastLocale = locale
  lastNumbering = numbering
  lastCalendar = calendar
  lastFormat = format
  lastAscii = ascii
  return ascii
}

/** `dt.toFormat(format)` for a valid DateTime, fast for the dialects' formats. */
export function formatSqlDateTime(dt: DateTime, format: string): string {
  const write = writers.get(format)
  if (write === undefined || dt.year < 0 || dt.year > 9999 || !writesAscii(dt, format, write)) {
    return dt.toFormat(format)
  }
  return write(dt)
}
