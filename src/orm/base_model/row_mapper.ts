/**
 * Builds attribute objects from driver rows for models whose columns are
 * renamed (`created_at` -> `createdAt`), which is nearly every model: from
 * a row object (`{ "createdAt": row["created_at"] }`) or from a row read as
 * an array (`{ "createdAt": row[3] }`, row_builder.ts). A function returning
 * one object literal is compiled per model and key list: V8 allocates the
 * object with its final shape and stores monomorphically, where a loop
 * storing computed names cost 0.7 us a row (50,000 rows: 35 ms, most of a
 * query on SQLite).
 */
import { rowObjectBuilder } from '../../database/row_builder.js'
import type { LucidModel, ModelObject } from '../../types/model.js'
import type { RowMapper } from '../../types/model_metadata.js'
import { classSlot, ownSlot } from './class_slots.js'

export type { RowMapper }
export type ValuesMapper = (values: unknown[]) => ModelObject

const mappersKey = classSlot('stratum.rowMappers', () => new Map())
const MAX_MAPPERS = 64

/** Whether a mapper can set `attributes`: distinct, none named `__proto__`. */
export function mappable(attributes: string[]): boolean {
  return !attributes.includes('__proto__') && new Set(attributes).size === attributes.length
}

function compile(keys: string[], attributes: string[]) {
  // JSON.stringify makes every name a string literal, whatever it holds
  const entries = attributes.map(
    (attribute, index) => `${JSON.stringify(attribute)}: row[${JSON.stringify(keys[index])}]`
  )
  return new Function('row', `return { ${entries.join(', ')} }`) as RowMapper
}

/** The mapper of rows with `keys` to `attributes` (same length, `mappable`). */
export function rowMapper(Model: LucidModel, keys: string[], attributes: string[]): RowMapper {
  const mappers = ownSlot<Map<string, RowMapper>>(Model, mappersKey)
  const signature = `${keys.join('\0')}\u0001${attributes.join('\0')}`
  let mapper = mappers.get(signature)
  if (mapper === undefined) {
    // a literal's `__proto__` sets the prototype, and a name given twice keeps one value
    if (!mappable(attributes))
      throw new Error('a row mapper needs distinct attributes, no __proto__')
    mapper = compile(keys, attributes)
    if (mappers.size >= MAX_MAPPERS) mappers.clear()
    mappers.set(signature, mapper)
  }
  return mapper
}

/**
 * The mapper of rows read as arrays, value `i` to `attributes[i]`
 * (`mappable`): the database layer's row object builder, over the names.
 */
export function valuesMapper(attributes: string[]): ValuesMapper {
  if (!mappable(attributes)) throw new Error('a row mapper needs distinct attributes, no __proto__')
  return rowObjectBuilder(attributes) as ValuesMapper
}
