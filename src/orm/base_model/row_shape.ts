/**
 * How the rows of one result become attributes, worked out once per model
 * and key list (hydration reads every row of a result by it).
 */
import type { LucidModel, ModelColumnOptions, ModelObject } from '../../types/model.js'
import { canAdoptRows } from './field_guard.js'
import type { LazyColumn } from './lazy_values.js'
import { mappable, rowMapper, type RowMapper } from './row_mapper.js'

/**
 * How the rows of one result become attributes. Rows of one result share
 * their keys, so the first row answers for all of them: no key enumeration
 * or column lookup per row.
 */
export interface RowShape {
  keys: string[]
  /** Identifies the shape among a model's (its keys, and how its rows were read). */
  signature: string
  /** The column of each key; undefined for a key that goes to `$extras`. */
  columns: (HydrationColumn | undefined)[]
  /**
   * Every key is a column kept under its own name: rows are adopted as the
   * `$attributes` themselves (then `consumers` convert their values in place).
   */
  adopt: boolean
  /** Every key is a column, some renamed: each row is copied under the attribute names by it. */
  map: RowMapper | undefined
  /** Attribute of each key (when `adopt` or `map`). */
  attributes: string[]
  /**
   * The attributes that may hold JSON (for `$original`'s deep copy): all but
   * the lazy date columns, whose raw driver values (text, a Date) never are.
   */
  maybeNested: string[]
  /** Columns of the row with a `consume` that runs at hydration (when `adopt` or `map`). */
  consumers: HydrationColumn[]
  /** Pending bits of the lazy columns in the row. */
  lazyMask: number
}

export function rowShape(Model: LucidModel, row: ModelObject): RowShape {
  return rowShapeOfKeys(Model, Object.keys(row))
}

/** A column as the hydration loop needs it. */
export interface HydrationColumn {
  attribute: string
  consume?: ModelColumnOptions['consume']
  /** Stored under its column name with no `consume`: the value is kept as the driver gave it. */
  identity: boolean
  /** Set when `consume` may run on first read instead (Stratum's date columns). */
  lazy?: LazyColumn
}

/** Column name -> how its values become attributes, with the model's lazy columns. */
export interface HydrationPlan extends Map<string, HydrationColumn> {
  lazy: LazyColumn[]
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
  // whether rows can be adopted is learnt from the first instance: part of the key
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
