/**
 * Copies driver rows under their attribute names (`created_at` ->
 * `createdAt`) for models whose columns are renamed, which is nearly every
 * model. A function of named stores (`mapped["createdAt"] = row["created_at"]`)
 * is compiled per model and key list: V8 runs it with monomorphic stores,
 * where a loop storing computed names cost 0.7 us a row (50,000 rows: 35 ms,
 * most of a query on SQLite).
 */
import type { LucidModel, ModelObject } from '../../types/model.js'

export type RowMapper = (row: ModelObject) => ModelObject

const mappersKey = Symbol('stratum.rowMappers')
const MAX_MAPPERS = 64

type WithMappers = { [mappersKey]?: Map<string, RowMapper> }

function compile(keys: string[], attributes: string[]): RowMapper {
  // JSON.stringify makes every name a string literal, whatever it holds
  const stores = keys.map(
    (key, index) => `mapped[${JSON.stringify(attributes[index])}] = row[${JSON.stringify(key)}]`
  )
  return new Function('row', `const mapped = {}\n${stores.join('\n')}\nreturn mapped`) as RowMapper
}

/**
 * The mapper of rows with `keys` to `attributes` (same length, no attribute
 * named `__proto__`, which a literal would take as the prototype).
 */
export function rowMapper(Model: LucidModel, keys: string[], attributes: string[]): RowMapper {
  const holder = Model as unknown as WithMappers
  let mappers = Object.hasOwn(Model, mappersKey) ? holder[mappersKey] : undefined
  if (mappers === undefined) {
    mappers = new Map()
    Object.defineProperty(Model, mappersKey, { value: mappers, configurable: true })
  }
  const signature = `${keys.join('\0')}\u0001${attributes.join('\0')}`
  let mapper = mappers.get(signature)
  if (mapper === undefined) {
    if (attributes.includes('__proto__')) throw new Error('a row mapper cannot set __proto__')
    mapper = compile(keys, attributes)
    if (mappers.size >= MAX_MAPPERS) mappers.clear()
    mappers.set(signature, mapper)
  }
  return mapper
}
