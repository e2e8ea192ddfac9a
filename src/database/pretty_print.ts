import type { QueryEvent } from '../types/database.js'

/** ANSI SGR codes of the few colours used. */
const styles = { gray: 90, yellow: 33, magenta: 35, cyan: 36, red: 31 } as const
type Style = keyof typeof styles

function styleText(style: Style, text: string): string {
  return `\u001b[${styles[style]}m${text}\u001b[39m`
}

/** Colours only on a TTY, and never under NO_COLOR. */
function colorsEnabled(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env)
}

/** Renders bindings compactly: strings quoted, long values cut. */
function formatBinding(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value)
  if (value instanceof Date) return value.toISOString()
  if (Buffer.isBuffer(value)) return `<Buffer ${value.length} bytes>`
  return String(value)
}

/**
 * One readable line for a debug query:
 * `primary (12.3 ms) [trx] insert into "users" ("email") values (?) ["a@b.c"]`.
 */
export function formatQuery(query: QueryEvent, colors = false): string {
  const paint = (style: Style, text: string) => (colors ? styleText(style, text) : text)
  const ms = query.duration ? query.duration[0] * 1e3 + query.duration[1] / 1e6 : undefined
  const parts = [
    paint('gray', query.model ? `${query.connection}:${query.model}` : query.connection),
  ]
  if (ms !== undefined) parts.push(paint('yellow', `(${ms.toFixed(2)} ms)`))
  if (query.inTransaction) parts.push(paint('magenta', '[trx]'))
  parts.push(paint(query.error ? 'red' : 'cyan', query.sql))
  if (query.bindings.length)
    parts.push(paint('gray', `[${query.bindings.map(formatBinding).join(', ')}]`))
  if (query.error) parts.push(paint('red', `failed: ${query.error.message}`))
  return parts.join(' ')
}

/** Prints a debug query on stdout (the `prettyPrintDebugQueries` listener). */
export function prettyPrint(query: QueryEvent, stream: NodeJS.WriteStream = process.stdout): void {
  stream.write(`${formatQuery(query, colorsEnabled(stream))}\n`)
}
