/**
 * The ISO text luxon gives for a date column's driver value (what
 * `consume` then `serialize` would give), without building a DateTime:
 * `serialize()` of a model whose dates were never read. Each function
 * returns undefined whenever it cannot prove its text equal to luxon's,
 * and the caller then converts the value through luxon.
 *
 * Luxon reads zone-less values in its default zone (the system zone unless
 * `Settings.defaultZone` was changed). SQL text is wall time: its offset is
 * taken from luxon itself, once per calendar day, and a day whose offset
 * changes (a DST transition) is left to luxon. A Date is an instant: its
 * wall time and offset come from the Date's own local (system zone) or UTC
 * (fixed offset zone) fields, which is how luxon computes them; other
 * zones are left to luxon.
 */
import { DateTime, Settings, SystemZone, type Zone } from 'luxon'

/** The offset luxon writes for every wall time of one day, and two instants to check it by. */
interface DayOffset {
  text: string
  /** The instants of the day's first and last millisecond, and their offsets (minutes, Date's sign). */
  start: Date
  startOffset: number
  end: Date
  endOffset: number
  /** The `epoch` it was last checked in. */
  checked: number
}

/** Offset of each calendar day in `cacheZone` (null: left to luxon). */
let cacheZone: Zone | undefined
let dayOffsets = new Map<string, DayOffset | null>()
const MAX_CACHED_DAYS = 10_000

function currentZone(): Zone {
  const zone = Settings.defaultZone
  if (zone !== cacheZone && (cacheZone === undefined || !zone.equals(cacheZone))) {
    cacheZone = zone
    dayOffsets = new Map()
    lastDay = ''
    texts = new Map()
    lastText = ''
    lastTextDay = null
  }
  return cacheZone
}

/**
 * Within one `serialize()` call (and the relations it serializes) the zone
 * is read once and each day's offset checked once: `epoch` counts those
 * calls, and a day checked in the current one is not checked again.
 * Outside of one (`active` false), every value is checked.
 */
let active = false
let epoch = 0

/** Starts a `serialize()` call: the zone is read now, each day checked once. */
export function beginDateTexts() {
  active = true
  epoch++
  currentZone()
}

/** Ends it: later values are checked one by one again. */
export function endDateTexts() {
  active = false
}

const probeTimes = ['00:00:00.000', '12:00:00.000', '23:59:59.999']

/**
 * The offset luxon writes for every wall time of `day` (yyyy-MM-dd), or
 * null when the day is invalid, or its offset is not one for the whole day.
 */
function probeDay(day: string): DayOffset | null {
  const probes = probeTimes.map((time) => DateTime.fromSQL(`${day} ${time}`))
  let text: string | undefined
  for (const [index, probe] of probes.entries()) {
    if (!probe.isValid || !Number.isInteger(probe.offset)) return null
    const iso = probe.toISO()!
    // the wall time must survive as it was written (no gap shifted it)
    if (iso.slice(0, 23) !== `${day}T${probeTimes[index]}`) return null
    if (text !== undefined && iso.slice(23) !== text) return null
    text = iso.slice(23)
  }
  const [first, , last] = probes
  return {
    text: text!,
    start: first.toJSDate(),
    startOffset: -first.offset,
    end: last.toJSDate(),
    endOffset: -last.offset,
    checked: 0,
  }
}

/**
 * The system zone follows the process's TZ, which can change while it runs
 * (luxon asks Date every time): a day probed in another zone is probed again.
 */
function stillValid(offset: DayOffset): boolean {
  if (cacheZone !== SystemZone.instance || (active && offset.checked === epoch)) return true
  const valid =
    offset.start.getTimezoneOffset() === offset.startOffset &&
    offset.end.getTimezoneOffset() === offset.endOffset
  if (valid) offset.checked = epoch
  return valid
}

function dayOffset(day: string): DayOffset | null {
  let offset = dayOffsets.get(day)
  if (offset === undefined || (offset !== null && !stillValid(offset))) {
    if (offset === undefined && dayOffsets.size >= MAX_CACHED_DAYS) dayOffsets.clear()
    offset = probeDay(day)
    dayOffsets.set(day, offset)
  }
  return offset
}

function pad(value: number, length = 2): string {
  return String(value).padStart(length, '0')
}

/** The two-digit number at `index` of `text`, or -1 when those are not digits. */
function twoDigits(text: string, index: number): number {
  const tens = text.charCodeAt(index) - 48
  const units = text.charCodeAt(index + 1) - 48
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : -1
}

/** True when `text` starts with a `yyyy-MM-dd` of digits (not checked as a calendar day). */
function startsWithDay(text: string): boolean {
  return (
    twoDigits(text, 0) >= 0 &&
    twoDigits(text, 2) >= 0 &&
    text.charCodeAt(4) === 45 &&
    twoDigits(text, 5) >= 0 &&
    text.charCodeAt(7) === 45 &&
    twoDigits(text, 8) >= 0
  )
}

/**
 * Texts already written, by SQL text: rows share timestamps (a batch
 * written in one second; `createdAt` equal to `updatedAt` until an update),
 * and the same text also costs JSON.stringify less than a new one.
 */
interface CachedText {
  iso: string
  day: DayOffset
}
const MAX_CACHED_TEXTS = 2_000
/** Belongs to one zone, like `dayOffsets`: a new zone empties both. */
let texts = new Map<string, CachedText>()

/** The last text asked for and its ISO text: rows of one result often share a timestamp. */
let lastText = ''
let lastIso = ''
let lastTextDay: DayOffset | null = null

/** The last day asked for and its offset: rows of one result mostly share their day. */
let lastDay = ''
let lastOffset: DayOffset | null = null

/**
 * `DateTime.fromSQL(text).toISO()` for `yyyy-MM-dd HH:mm:ss[.fraction]` text
 * (1 to 9 fraction digits); undefined for any other text.
 */
function isoOfSqlText(text: string): string | undefined {
  if (!active) currentZone()
  if (text === lastText && lastTextDay !== null && stillValid(lastTextDay)) return lastIso
  const cached = texts.get(text)
  if (cached !== undefined && stillValid(cached.day)) return remember(text, cached.iso, cached.day)
  const iso = computeIsoOfSqlText(text)
  if (iso !== undefined && lastOffset !== null) {
    if (texts.size >= MAX_CACHED_TEXTS) texts.clear()
    texts.set(text, { iso, day: lastOffset })
    remember(text, iso, lastOffset)
  }
  return iso
}

function remember(text: string, iso: string, day: DayOffset): string {
  lastText = text
  lastIso = iso
  lastTextDay = day
  return iso
}

/** Hour, minute, second and milliseconds of the last text `sqlTextDay` accepted. */
const parsed = { hour: 0, minute: 0, second: 0, millis: 0 }

/**
 * The offset of the day of `yyyy-MM-dd HH:mm:ss[.fraction]` text (1 to 9
 * fraction digits) in the default zone, its time in `parsed`; null for any
 * other text or a day whose offset changes.
 */
function sqlTextDay(text: string): DayOffset | null {
  const length = text.length
  if (length !== 19 && (length < 21 || length > 29 || text.charCodeAt(19) !== 46)) return null
  if (!startsWithDay(text) || text.charCodeAt(10) !== 32) return null
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return null
  const hour = twoDigits(text, 11)
  const minute = twoDigits(text, 14)
  const second = twoDigits(text, 17)
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return null
  }
  let millis = 0
  if (length > 19) {
    const fraction = text.slice(20)
    for (let index = 0; index < fraction.length; index++) {
      const digit = fraction.charCodeAt(index) - 48
      if (digit < 0 || digit > 9) return null
    }
    // luxon's own arithmetic for the fraction (parseMillis)
    millis = Math.floor(parseFloat(`0.${fraction}`) * 1000)
  }
  const day = text.slice(0, 10)
  if (!active) currentZone()
  if (day !== lastDay || (lastOffset !== null && !stillValid(lastOffset))) {
    lastOffset = dayOffset(day)
    lastDay = day
  }
  parsed.hour = hour
  parsed.minute = minute
  parsed.second = second
  parsed.millis = millis
  return lastOffset
}

function computeIsoOfSqlText(text: string): string | undefined {
  const day = sqlTextDay(text)
  if (day === null) return undefined
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${pad(parsed.millis, 3)}${day.text}`
}

/**
 * `DateTime.fromSQL(text)` for `yyyy-MM-dd HH:mm:ss[.fraction]` text, built
 * from its instant (fromSQL parses and validates through luxon's general
 * parser, about 2 us); undefined when the text is not provably one.
 */
export function dateTimeOfSqlText(text: string): DateTime | undefined {
  const day = sqlTextDay(text)
  if (day === null) return undefined
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2)
  // Date.UTC reads years below 100 as 19xx
  if (year < 100) return undefined
  const { hour, minute, second, millis } = parsed
  const wall = Date.UTC(
    year,
    twoDigits(text, 5) - 1,
    twoDigits(text, 8),
    hour,
    minute,
    second,
    millis
  )
  // the day's offset in minutes, with Date's sign (luxon's offset negated)
  return DateTime.fromMillis(wall + day.startOffset * 60_000)
}

/** The wall time fields and offset of an instant in luxon's default zone, when provable. */
function fieldsOf(date: Date): number[] | undefined {
  const ts = date.getTime()
  if (!Number.isFinite(ts)) return undefined
  const zone = currentZone()
  let offset: number
  // luxon's system zone offset is -getTimezoneOffset(); wall time is read
  // from the instant moved by the offset, as luxon's tsToObj does
  if (zone === SystemZone.instance) offset = -date.getTimezoneOffset()
  else if (zone.isUniversal) offset = zone.offset(ts)
  else return undefined
  if (!Number.isInteger(offset)) return undefined
  const wall = new Date(ts + offset * 60_000)
  const year = wall.getUTCFullYear()
  if (year < 0 || year > 9999) return undefined
  return [
    year,
    wall.getUTCMonth() + 1,
    wall.getUTCDate(),
    wall.getUTCHours(),
    wall.getUTCMinutes(),
    wall.getUTCSeconds(),
    wall.getUTCMilliseconds(),
    offset,
  ]
}

function offsetText(offset: number, universal: boolean): string {
  if (universal && offset === 0) return 'Z'
  const sign = offset < 0 ? '-' : '+'
  const absolute = Math.abs(offset)
  return `${sign}${pad(Math.trunc(absolute / 60))}:${pad(Math.trunc(absolute % 60))}`
}

/** `DateTime.fromJSDate(date).toISO()`. */
function isoOfDate(date: Date): string | undefined {
  const fields = fieldsOf(date)
  if (fields === undefined) return undefined
  const [year, month, day, hour, minute, second, millis, offset] = fields
  return (
    `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}.` +
    `${pad(millis, 3)}${offsetText(offset, currentZone().isUniversal)}`
  )
}

/** What `serialize` of a `@column.dateTime` gives for the DateTime its driver value becomes. */
export function dateTimeText(raw: unknown): string | null | undefined {
  if (raw === null) return null
  if (typeof raw === 'string') return isoOfSqlText(raw)
  if (raw instanceof Date) return isoOfDate(raw)
  return undefined
}

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  if (day <= monthDays[month - 1]) return true
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  return month === 2 && day === 29 && leap
}

/** What `serialize` of a `@column.date` gives for the DateTime its driver value becomes. */
export function dateText(raw: unknown): string | null | undefined {
  if (raw === null) return null
  if (typeof raw === 'string') {
    if (raw.length !== 10 || !startsWithDay(raw)) return undefined
    const year = twoDigits(raw, 0) * 100 + twoDigits(raw, 2)
    return validDay(year, twoDigits(raw, 5), twoDigits(raw, 8)) ? raw : undefined
  }
  if (raw instanceof Date) {
    const fields = fieldsOf(raw)
    if (fields === undefined) return undefined
    return `${pad(fields[0], 4)}-${pad(fields[1])}-${pad(fields[2])}`
  }
  return undefined
}
