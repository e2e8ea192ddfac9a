/**
 * A model query's rows built as the models' attribute objects straight
 * from the values the driver read as arrays (row_builder.ts), when every
 * column of the statement is a column of the model: a mapped model (every
 * real one: `created_at` -> `createdAt`) then makes one object per row
 * where it made two (the driver's row, then its copy under the attribute
 * names). A statement with any other column (extras, pivot columns,
 * aggregates) is read as objects and hydrated as before.
 */
import type { RowBuilder } from '../../database/row_builder.js'
import type { LucidModel } from '../../types/model.js'
import { rowShapeOfKeys, type RowShape } from './row_shape.js'
import { defaultHydration, markAttributeRows } from './driver_rows.js'
import { canAdoptRows } from './field_guard.js'
import { mappable, valuesMapper, type ValuesMapper } from './row_mapper.js'

/** The shape rows of a column shape take as attribute objects, and their mapper (null: not possible). */
const asAttributes = new WeakMap<RowShape, { shape: RowShape; build: ValuesMapper } | null>()

function attributeShape(shape: RowShape) {
  let entry = asAttributes.get(shape)
  if (entry === undefined) {
    entry =
      (shape.adopt || shape.map !== undefined) && mappable(shape.attributes)
        ? {
            shape: { ...shape, adopt: true, map: undefined, signature: `\u0002${shape.signature}` },
            build: valuesMapper(shape.attributes),
          }
        : null
    asAttributes.set(shape, entry)
  }
  return entry
}

export class AttributeRows implements RowBuilder {
  /** The shape of the rows of the last run, when they were built here. */
  private shape: RowShape | undefined

  constructor(private readonly Model: LucidModel) {}

  forColumns(columns: string[]) {
    this.shape = undefined
    const Model = this.Model
    // a constructor writing attributes (field initializers) must see them merged with the row's
    if (!canAdoptRows(Model)) return undefined
    if (
      !defaultHydration.has(Model.$createFromAdapterResult) ||
      !defaultHydration.has(Model.$createMultipleFromAdapterResult)
    ) {
      return undefined
    }
    // a key that is no column (extras, pivot columns) is hydrated from row objects
    const entry = attributeShape(rowShapeOfKeys(Model, columns))
    if (entry === null) return undefined
    this.shape = entry.shape
    return entry.build
  }

  /** Marks the rows of a run that were built here for hydration; returns them. */
  result<Row extends object>(rows: Row[]): Row[] {
    return this.shape === undefined ? rows : markAttributeRows(rows, this.shape)
  }
}
