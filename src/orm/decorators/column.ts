import type {
  ColumnOptions,
  ComputedOptions,
  DateColumnOptions,
  LucidModel,
} from '../../types/model.js'
import { dateColumnOptions } from './date_columns.js'

type PropertyDecorator = (target: object, property: string) => void

/** `@column()`, with `@column.date()` and `@column.dateTime()` attached. */
export interface ColumnDecorator {
  (options?: Partial<ColumnOptions>): PropertyDecorator
  date(options?: Partial<DateColumnOptions>): PropertyDecorator
  dateTime(options?: Partial<DateColumnOptions>): PropertyDecorator
}

function addColumn(options: Partial<ColumnOptions>): PropertyDecorator {
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
export function computed(options: Partial<ComputedOptions> = {}): PropertyDecorator {
  return (target, property) => {
    const Model = target.constructor as LucidModel
    Model.boot()
    Model.$addComputed(property, options)
  }
}
