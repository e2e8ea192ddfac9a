/**
 * Names a lookup takes from its caller (`findBy(key)`, the keys of
 * `updateOrCreateMany` ...). They end up as SQL identifiers and often come
 * from a request.
 *
 * findBy, findByOrFail and findManyBy pass a key that is not declared on the
 * model to the query as it is, as Lucid does: knex quotes it as an
 * identifier and the value stays a binding, so the worst a stranger's key
 * can do is name a column that does not exist. What is refused, before any
 * query, is a key that cannot be a column name (see `undeclaredKeyProblem`).
 * The *Many writers match rows by model attributes, so their keys must be
 * declared.
 */
import { E_MISSING_MODEL_ATTRIBUTE } from '../../errors.js'
import type { LucidModel } from '../../types/model.js'

/** The attribute `name` stands for: an attribute, or the column name of one. */
function attributeOf(Model: LucidModel, name: string): string | undefined {
  if (Model.$hasColumn(name)) return name
  // a Map: names like "constructor" or "__proto__" find nothing inherited
  return Model.$hydrationPlan().get(name)?.attribute
}

/** "Use one of its attributes (...) or columns (...)": what a lookup can name. */
function declaredNames(Model: LucidModel): string {
  const attributes = [...Model.$columnsDefinitions.keys()]
  const columns = [...Model.$columnsDefinitions.values()].map((column) => column.columnName)
  return `attributes (${attributes.join(', ')}) or columns (${columns.join(', ')})`
}

function unknownKey(Model: LucidModel, method: string, key: string, qualified: boolean) {
  const also = qualified ? `, optionally prefixed with "${Model.table}."` : ''
  return new E_MISSING_MODEL_ATTRIBUTE(
    `Cannot look up "${Model.name}" rows by ${JSON.stringify(key)} in ${method}(): it is neither an attribute ` +
      `nor a column of the model. Use one of its ${declaredNames(Model)}${also}`
  )
}

/** The declared attribute a key names, bare or prefixed with the model's table. */
function declaredAttribute(Model: LucidModel, key: string, qualified: boolean) {
  const prefix = `${Model.table}.`
  const name = qualified && key.startsWith(prefix) ? key.slice(prefix.length) : key
  return attributeOf(Model, name)
}

/**
 * The attribute a lookup key names, or `E_MISSING_MODEL_ATTRIBUTE`.
 * `qualified` also accepts `<table>.<attribute or column>` of the model's
 * own table.
 */
export function lookupAttribute(
  Model: LucidModel,
  method: string,
  key: unknown,
  qualified = false
): string {
  if (typeof key !== 'string') throw unknownKey(Model, method, `(a ${typeof key})`, qualified)
  const attribute = declaredAttribute(Model, key, qualified)
  if (attribute === undefined) throw unknownKey(Model, method, key, qualified)
  return attribute
}

/** Identifier parts (schema.table.column) a key may have. */
const maxSegments = 3

/** MySQL's identifier limit; PostgreSQL truncates names past 63 bytes. */
const maxSegmentLength = 64

/** JavaScript's prototype names: probes for prototype pollution, never columns. */
const prototypeNames = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * A column name: letters of any script, combining marks, digits, `_` and
 * `$`. Excludes what knex would not quote as one plain name (whitespace
 * makes ` as ` an alias, `*` stays bare, `[0]` is an array accessor on
 * PostgreSQL), quotes, control characters and lone surrogates.
 */
const columnSegment = /^[\p{L}\p{N}_$][\p{L}\p{M}\p{N}_$]*$/u

/** Why an undeclared key cannot be a column name, or undefined when it can. */
function undeclaredKeyProblem(key: string): string | undefined {
  const segments = key.split('.')
  if (segments.length > maxSegments) return `it has more than ${maxSegments} dot-separated parts`
  for (const segment of segments) {
    if (segment === '') return 'it has an empty name part'
    if (prototypeNames.has(segment)) return `"${segment}" is a JavaScript prototype name`
    if (segment.length > maxSegmentLength) {
      return `a name part is longer than ${maxSegmentLength} characters`
    }
    if (!columnSegment.test(segment)) {
      return 'a column name has only letters, digits, "_" and "$"'
    }
  }
  return undefined
}

/**
 * Checks a key of findBy, findByOrFail or findManyBy: a declared attribute
 * or column (optionally prefixed with the model's table), or an undeclared
 * name that can be a column, passed to the query as it is. Anything else
 * (not a string, `__proto__`, quotes, whitespace ...) is refused with
 * `E_MISSING_MODEL_ATTRIBUTE`.
 */
export function ensureLookupColumn(Model: LucidModel, method: string, key: unknown): void {
  if (typeof key === 'string' && declaredAttribute(Model, key, true) !== undefined) return
  const problem =
    typeof key === 'string' ? undeclaredKeyProblem(key) : `a key is a string, not a ${typeof key}`
  if (problem === undefined) return
  const name = typeof key === 'string' ? JSON.stringify(key) : `a ${typeof key}`
  throw new E_MISSING_MODEL_ATTRIBUTE(
    `Cannot look up "${Model.name}" rows by ${name} in ${method}(): ${problem}. ` +
      `Use one of its ${declaredNames(Model)}, or another column name`
  )
}
