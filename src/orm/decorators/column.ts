import type {
  ColumnDecorator,
  ColumnOptions,
  ComputedDecorator,
  DateColumnOptions,
  DecoratorFn,
  LucidModel,
} from '../../types/model.js'
import { dateColumnOptions } from './date_columns.js'

function addColumn(options: Partial<ColumnOptions>): DecoratorFn {
  return (target, property) => {
    const Model = target.constructor as LucidModel
    Model.boot()
    Model.$addColumn(property, options)
  }
}

/**
 * Marks a model property as a database column.
 *
 * @example
 * @column({ isPrimary: true }) declare id: number
 * @column({ serializeAs: null }) declare password: string
 * @column.dateTime({ autoCreate: true, autoUpdate: true }) declare updatedAt: DateTime
 */
export const column: ColumnDecorator = Object.assign(
  (options: Partial<ColumnOptions> = {}) => addColumn(options),
  {
    /** A DATE column holding a luxon DateTime (serialized as `yyyy-MM-dd`). */
    date: (options?: Partial<DateColumnOptions>) => addColumn(dateColumnOptions('date', options)),
    /** A DATETIME/TIMESTAMP column holding a luxon DateTime (serialized as ISO). */
    dateTime: (options?: Partial<DateColumnOptions>) =>
      addColumn(dateColumnOptions('datetime', options)),
  }
)

/** Marks a getter as computed: it is serialized with the model. */
export const computed: ComputedDecorator = (options = {}) => {
  return (target, property) => {
    const Model = target.constructor as LucidModel
    Model.boot()
    Model.$addComputed(property, options)
  }
}
