/**
 * A generated corpus of hostile strings for the input safety specs: base
 * payloads (quotes, backslashes, NUL, unicode, JSON look-alikes, SQL and
 * placeholder syntax, prototype names, whitespace) crossed with wrappers
 * (as is, embedded, doubled, trailing space), plus very long strings.
 * Every case has a unique value and a name for assertion messages.
 */
import type { TestDialect } from '../helpers/database.js'

export interface HostileCase {
  name: string
  value: string
}

const canary = 'rel_hostile_canary'

/** [name, value] pairs; names are short so failures read well. */
const bases: [string, string][] = [
  // quotes and backslashes
  ['single quote', "'"],
  ['two single quotes', "''"],
  ['double quote', '"'],
  ['two double quotes', '""'],
  ['backtick', '`'],
  ['all quotes', '\'"`'],
  ["O'Reilly", "O'Reilly"],
  ['quoted word', '"quoted"'],
  ['backslash', '\\'],
  ['two backslashes', '\\\\'],
  ['trailing backslash', 'abc\\'],
  ['backslash quote', "\\'"],
  ['backslash double quote', '\\"'],
  ['backslash backslash quote', "\\\\'"],
  ['windows path', 'C:\\path\\to\\file'],
  ['literal \\n', '\\n'],
  ['literal \\0', '\\0'],
  ['literal \\x00', '\\x00'],
  ['literal \\u0000', '\\u0000'],
  ['escaped percent', '\\%'],
  ['escaped underscore', '\\_'],
  // control characters
  ['newline', 'a\nb'],
  ['carriage return', 'a\r\nb'],
  ['tab', 'a\tb'],
  ['backspace', 'a\bb'],
  ['ctrl-z', 'a\u001ab'],
  ['delete char', 'a\u007fb'],
  ['form feed and vertical tab', '\f\v'],
  ['escape char', '\u001b[31mred'],
  // NUL bytes (PostgreSQL text cannot hold them)
  ['NUL inside', 'a\u0000b'],
  ['NUL alone', '\u0000'],
  ['two NULs', '\u0000\u0000'],
  ['trailing NUL', 'abc\u0000'],
  ['NUL then quote', "\u0000'; DROP TABLE x; --"],
  // unicode
  ['emoji', '😀'],
  ['ZWJ family', '👨‍👩‍👧‍👦'],
  ['flag', '🇫🇷'],
  ['astral math letters', '𝕏𝔸'],
  ['CJK extension B', '𠜎𠜱'],
  ['combining acute', 'e\u0301'],
  ['precomposed acute', 'é'],
  ['zalgo', 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇'],
  ['RTL arabic', 'مرحبا بالعالم'],
  ['RTL override', '\u202eevil\u202c'],
  ['zero width space', 'a\u200bb'],
  ['zero width joiner alone', '\u200d'],
  ['BOM', '\ufeff'],
  ['full width SELECT', 'ＳＥＬＥＣＴ'],
  ['turkish dotted I', 'İı'],
  ['sharp s', 'ß'],
  ['upper SS', 'SS'],
  ['replacement char', '\ufffd'],
  ['noncharacter U+FFFF', '\uffff'],
  ['last code point', '\u{10ffff}'],
  ['line separators', '\u2028\u2029'],
  ['greek question mark', '\u037e'],
  // lone surrogates (no UTF-8 encoding)
  ['lone high surrogate', '\ud800'],
  ['lone low surrogate', '\udfff'],
  ['high surrogate inside', 'a\ud83db'],
  ['reversed pair', '\ude00\ud83d'],
  // JSON look-alikes
  ['JSON object', '{"a":1}'],
  ['JSON array', '[1,2]'],
  ['null word', 'null'],
  ['true word', 'true'],
  ['false word', 'false'],
  ['zero', '0'],
  ['minus zero', '-0'],
  ['huge number', '1e309'],
  ['NaN word', 'NaN'],
  ['undefined word', 'undefined'],
  ['empty JSON', '{}'],
  ['JSON proto', '{"__proto__":{"polluted":1}}'],
  // SQL and injection payloads
  ['drop table', `'; DROP TABLE ${canary}; --`],
  ['backtick drop table', `\`; DROP TABLE ${canary}; --`],
  ['double quote drop table', `"; DROP TABLE ${canary}; --`],
  ['backslash drop table', `\\'; DROP TABLE ${canary}; --`],
  ['or 1=1', '1 OR 1=1'],
  ['quoted or', "' OR '1'='1"],
  ['paren or', "') OR ('x'='x"],
  ['union', "1' UNION SELECT NULL, NULL --"],
  ['comment login', "admin'--"],
  ['stacked delete', '1; DELETE FROM rel_hostile_items; --'],
  ['pg sleep', "' || pg_sleep(5) --"],
  ['mysql sleep', "'; SELECT SLEEP(5); --"],
  ['hash comment', '1)) OR 1=1#'],
  ['char function', 'CHAR(39)'],
  ['hex literal', '0x27'],
  ['dollar quoting', '$$; DROP TABLE x; $$'],
  ['question mark', '?'],
  ['double question mark', '??'],
  ['spaced placeholders', '? ?'],
  ['named placeholder', ':name'],
  ['named identifier placeholder', ':name:'],
  ['pg cast', '::text'],
  ['positional placeholder', '$1'],
  ['printf', '%s%d'],
  ['percent', '%'],
  ['underscore', '_'],
  ['like wildcards', '%_%'],
  ['block comment', '/* */'],
  ['open comment', '/*'],
  ['line comment', '--'],
  ['semicolon', ';'],
  ['SQL keyword', 'SELECT'],
  ['NULL keyword', 'NULL'],
  ['DEFAULT keyword', 'DEFAULT'],
  // prototype names
  ['__proto__', '__proto__'],
  ['constructor', 'constructor'],
  ['prototype', 'prototype'],
  ['toString', 'toString'],
  ['hasOwnProperty', 'hasOwnProperty'],
  ['__defineGetter__', '__defineGetter__'],
  // whitespace
  ['empty string', ''],
  ['space', ' '],
  ['leading space', ' a'],
  ['non-breaking space', '\u00a0'],
]

/** Each base goes through every wrapper: trailing spaces and doubling catch padding and escaping bugs. */
const wrappers: [string, (value: string) => string][] = [
  ['', (value) => value],
  [' embedded', (value) => `x${value}y`],
  [' doubled', (value) => `${value}${value}`],
  [' + trailing space', (value) => `${value} `],
]

const kb100 = 100 * 1024

/** Very long values: they need a TEXT/LONGTEXT column (MySQL TEXT stops at 64 KB). */
const longCases: HostileCase[] = [
  { name: '100 KB of a', value: 'a'.repeat(kb100) },
  { name: '100 KB of quotes', value: "'".repeat(kb100) },
  { name: '100 KB of backslashes, odd count', value: '\\'.repeat(kb100 + 1) },
  { name: '100 KB of emoji', value: '😀'.repeat(kb100 / 2) },
  { name: '64 KB + 1 byte', value: 'b'.repeat(64 * 1024 + 1) },
  { name: '100 KB of drop table', value: `'; DROP TABLE ${canary}; --`.repeat(kb100 / 32) },
  { name: '100 KB with NUL at the end', value: `${'c'.repeat(kb100)}\u0000` },
  { name: '100 KB with a lone surrogate at the end', value: `${'d'.repeat(kb100)}\ud800` },
]

function generate(): HostileCase[] {
  const seen = new Set<string>()
  const cases: HostileCase[] = []
  const add = (name: string, value: string) => {
    if (seen.has(value)) return
    seen.add(value)
    cases.push({ name, value })
  }
  for (const [name, value] of bases) {
    for (const [suffix, wrap] of wrappers) add(`${name}${suffix}`, wrap(value))
  }
  for (const one of longCases) add(one.name, one.value)
  return cases
}

/** Every hostile case, unique by value. */
export const hostileCorpus: HostileCase[] = generate()

type WellFormed = string & { isWellFormed(): boolean }

/**
 * The error code a case must raise on a dialect, or null when it must
 * round-trip byte for byte: lone surrogates have no UTF-8 form (refused
 * everywhere), NUL cannot be stored in PostgreSQL text (refused there).
 */
export function expectedError(value: string, dialect: TestDialect): 'E_INVALID_VALUE' | null {
  if (!(value as WellFormed).isWellFormed()) return 'E_INVALID_VALUE'
  if (dialect === 'pg' && value.includes('\u0000')) return 'E_INVALID_VALUE'
  return null
}

/** A short, printable label of a case for assertion messages. */
export function label(hostile: HostileCase): string {
  return `case "${hostile.name}" (${hostile.value.length} chars)`
}

/** Page numbers from a query string; paginate clamps them to a page (1 when not a number). */
export const hostilePages: [unknown, number][] = [
  [`1; DROP TABLE ${canary}`, 1],
  [-1, 1],
  [0, 1],
  [Number.NaN, 1],
  [Number.NEGATIVE_INFINITY, 1],
  [1.9, 1],
  ['2', 2],
  [' 2 ', 2],
  ['1e3', 1],
  ['0x10', 1],
  ['', 1],
  [null, 1],
  [{}, 1],
  [[], 1],
  [true, 1],
  [1e12, 1e12],
]

/** Page sizes paginate refuses with E_INVALID_QUERY (knex would drop the limit). */
export const hostilePerPages: unknown[] = [
  '1; DROP',
  '10abc',
  -1,
  0,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  1e300,
  '',
  null,
  {},
  [5],
]
