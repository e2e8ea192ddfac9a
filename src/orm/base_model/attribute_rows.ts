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
import { rowShapeOfKeys, type RowShape } from './attributes.js'
import { defaultHydration, markAttributeRows } from './driver_rows.js'
import { canAdoptRowsNow } from './field_guard.js'
import { mappable, valuesMapper } from './row_mapper.js'

export class AttributeRows implements RowBuilder {
  /** The shape of the rows of the last run, when they were built here. */
  private shape: RowShape | undefined

  constructor(private readonly Model: LucidModel) {}

  forColumns(columns: string[]) {
    this.shape = undefined
    const Model = this.Model
    // a constructor writing attributes (field initializers) must see them merged with the row's
    if (!canAdoptRowsNow(Model)) return undefined
    if (
      !defaultHydration.has(Model.$createFromAdapterResult) ||
      !defaultHydration.has(Model.$createMultipleFromAdapterResult)
    ) {
      return undefined
    }
    const shape = rowShapeOfKeys(Model, columns)
    if ((!shape.adopt && shape.map === undefined) || !mappable(shape.attributes)) return undefined
    this.shape = { ...shape, adopt: true, map: undefined, signature: `\u0002${shape.signature}` }
    return valuesMapper(Model, shape.attributes)
  }

  /** Marks the rows of a run that were built here for hydration; returns them. */
  result<Row extends object>(rows: Row[]): Row[] {
    return this.shape === undefined ? rows : markAttributeRows(rows, this.shape)
  }
}
