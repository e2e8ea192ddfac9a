/**
 * The query string of page links, written as `qs.stringify` writes it with
 * its defaults (Lucid builds its page links with it): nested objects as
 * `filter[status]=x`, arrays by index (`ids[0]=5`), every key and value
 * percent-encoded per RFC 3986, `null` as an empty value, `undefined`
 * skipped. So a page link carries `request.qs()` back as it came, where
 * `URLSearchParams` would write a nested filter as `[object Object]` and a
 * one-element array as a plain string.
 */

/**
 * RFC 3986 encoding: encodeURIComponent leaves `!'()*` as they are, and
 * throws on a lone surrogate (written as U+FFFD here).
 */
function encode(text: string): string {
  return encodeURIComponent(text.replace(/\p{Cs}/gu, '\uFFFD')).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`
  )
}

function append(parts: string[], key: string, value: unknown): void {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return
  if (value === null) {
    parts.push(`${encode(key)}=`)
    return
  }
  if (value instanceof Date) {
    parts.push(`${encode(key)}=${encode(value.toISOString())}`)
    return
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => append(parts, `${key}[${index}]`, item))
    return
  }
  if (typeof value === 'object') {
    for (const name of Object.keys(value)) {
      append(parts, `${key}[${name}]`, (value as Record<string, unknown>)[name])
    }
    return
  }
  parts.push(`${encode(key)}=${encode(String(value))}`)
}

/** `values` as a query string (no leading `?`). */
export function stringifyQuery(values: Record<string, unknown>): string {
  const parts: string[] = []
  for (const key of Object.keys(values)) append(parts, key, values[key])
  return parts.join('&')
}
