/**
 * Small helpers every relation shares: Map keys for join values, unique
 * non-null key lists, and checks that the keys a relation uses exist.
 */
import { E_MISSING_MODEL_ATTRIBUTE } from '../../errors.js'
import type { LucidModel, LucidRow } from '../../types/model.js'

/** Integer strings that turn into a number and back unchanged (`'42'`, not `'042'`). */
const safeIntegerString = /^(?:0|-?[1-9]\d{0,14})$/

/**
 * A Map key for a join value. Numbers, bigints and integer strings of the
 * same value meet (pg returns bigint keys as strings, int keys as numbers).
 * Numbers stay numbers: this runs once per related row, so the common case
 * converts nothing.
 */
export function joinKey(value: unknown): unknown {
  switch (typeof value) {
    case 'number':
      return value
    case 'string':
      return safeIntegerString.test(value) ? Number(value) : value
    case 'bigint':
      return Number.isSafeInteger(Number(value)) ? Number(value) : String(value)
  }
  if (value instanceof Date) return value.toISOString()
  if (Buffer.isBuffer(value)) return value.toString('hex')
  return value
}

/**
 * The distinct, non-null values of `attribute` across `models`. A model
 * without the attribute at all (`undefined`: not selected, not saved) is
 * handed to `onMissing`, which throws.
 */
export function uniqueValues(
  models: LucidRow[],
  attribute: string,
  onMissing?: (model: LucidRow) => never
): unknown[] {
  const seen = new Map<unknown, unknown>()
  for (const model of models) {
    const value = attributeOf(model, attribute)
    if (value === null) continue
    if (value === undefined) {
      onMissing?.(model)
      continue
    }
    const key = joinKey(value)
    if (!seen.has(key)) seen.set(key, value)
  }
  return [...seen.values()]
}

/**
 * Groups models by the join key of an attribute: O(n) with one Map. Takes
 * the attribute's name rather than a reader closure: a closure made per call
 * is a new call target each time, which threw away the optimized code of
 * this loop on every preload.
 */
export function groupBy(models: LucidRow[], attribute: string): Map<unknown, LucidRow[]> {
  const groups = new Map<unknown, LucidRow[]>()
  for (const model of models) addToGroup(groups, attributeOf(model, attribute), model)
  return groups
}

/** `groupBy` over a value the related query selected into `$extras` (a pivot or through key). */
export function groupByExtra(models: LucidRow[], alias: string): Map<unknown, LucidRow[]> {
  const groups = new Map<unknown, LucidRow[]>()
  for (const model of models) addToGroup(groups, model.$extras[alias], model)
  return groups
}

/**
 * Gives each parent its own array of related models, as Lucid's filter per
 * parent does, after a preload handed one group to several parents (two
 * instances of one row): changing one parent's list then leaves the
 * other's as it was. Callers run it only when more parents got a group
 * than there are groups, so a preload of distinct rows pays nothing.
 */
export function unshareGroups(parents: LucidRow[], relationName: string) {
  const seen = new Set<unknown>()
  for (const parent of parents) {
    const related = parent.$getRelated(relationName)
    if (!Array.isArray(related) || related.length === 0) continue
    if (seen.has(related)) parent.$setRelated(relationName, related.slice())
    else seen.add(related)
  }
}

function addToGroup(groups: Map<unknown, LucidRow[]>, value: unknown, model: LucidRow) {
  const key = joinKey(value)
  const group = groups.get(key)
  if (group) group.push(model)
  else groups.set(key, [model])
}

/** Reads an attribute of a model: straight from `$attributes`, else through its accessor. */
export function attributeOf(model: LucidRow, attribute: string): unknown {
  const value = model.$getAttribute(attribute)
  return value === undefined ? (Reflect.get(model, attribute) as unknown) : value
}

/** Throws (with Lucid's message) when a key a relation relies on is not a column of `Model`. */
export function ensureColumn(
  Model: LucidModel,
  attribute: string,
  relation: { model: LucidModel; relationName: string }
) {
  if (Model.$hasColumn(attribute)) return
  throw new E_MISSING_MODEL_ATTRIBUTE(
    `"${relation.model.name}.${relation.relationName}" expects "${attribute}" to exist on "${Model.name}" model, but is missing`
  )
}

/** Splits a list in chunks of at most `size` items (for bind limits). */
export function chunk<T>(items: T[], size: number): T[][] {
  if (items.length <= size) return [items]
  const chunks: T[][] = []
  for (let start = 0; start < items.length; start += size)
    chunks.push(items.slice(start, start + size))
  return chunks
}
