/**
 * How the rows of one result become attributes, worked out once per model
 * and key list (hydration reads every row of a result by it).
 */
import type { LucidModel, ModelObject } from '../../types/model.js'
import { canAdoptRows } from './field_guard.js'
import { mappable, rowMapper } from './row_mapper.js'
import type { HydrationColumn, HydrationPlan, RowShape } from '../../types/model_metadata.js'

export type { HydrationColumn, HydrationPlan, RowShape }

export function rowShape(Model: LucidModel, row: ModelObject): RowShape {
  return rowShapeOfKeys(Model, Object.keys(row))
}

/**
 * Shapes by key list, per hydration plan (a column added to the model
 * makes a new plan): a query of one row (`find`) computes none.
 */
const MAX_SHAPES = 64
const shapeCaches = new WeakMap<HydrationPlan, Map<string, RowShape>>()

/** The shape of rows with these keys (a statement's column names). */
export function rowShapeOfKeys(Model: LucidModel, keys: string[]): RowShape {
  const plan = Model.$hydrationPlan()
  // whether rows can be adopted is learnt from a first instance, built now if
  // none was (else a class's first query, often its only one, took the slow path)
  const adoptable = canAdoptRows(Model)
  const signature = keys.join('\0')
  let cache = shapeCaches.get(plan)
  if (cache === undefined) shapeCaches.set(plan, (cache = new Map()))
  const key = adoptable ? signature : `\u0003${signature}`
  let shape = cache.get(key)
  if (shape === undefined) {
    shape = computeShape(Model, plan, keys, signature, adoptable)
    if (cache.size >= MAX_SHAPES) cache.clear()
    cache.set(key, shape)
  }
  return shape
}

function computeShape(
  Model: LucidModel,
  hydration: HydrationPlan,
  keys: string[],
  signature: string,
  adoptable: boolean
): RowShape {
  const columns = keys.map((key) => hydration.get(key))
  // a class whose constructor writes attributes (field initializers) cannot take a row as they are
  const known = adoptable && columns.every((column) => column !== undefined)
  const attributes = columns.map((column, index) => column?.attribute ?? keys[index])
  const renamed = attributes.some((attribute, index) => attribute !== keys[index])
  let lazyMask = 0
  const consumers: HydrationColumn[] = []
  for (const column of columns) {
    if (column?.lazy) lazyMask |= 1 << column.lazy.bit
    else if (column?.consume) consumers.push(column)
  }
  return {
    keys,
    signature,
    columns,
    adopt: known && !renamed,
    map: known && renamed && mappable(attributes) ? rowMapper(Model, keys, attributes) : undefined,
    attributes,
    maybeNested: attributes.filter((_, index) => columns[index]?.lazy === undefined),
    consumers,
    lazyMask,
  }
}
