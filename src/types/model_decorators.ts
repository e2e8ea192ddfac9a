/**
 * The decorators of models as types, under Lucid's names (`ColumnDecorator`,
 * `DateColumnDecorator` ...): what `column` and `computed` of `stratum/orm`
 * are (`HooksDecorator` is in model.ts, next to the model class it takes).
 */
import type { ColumnOptions, ComputedOptions, DateColumnOptions } from './model_base.js'

/** A property decorator: registers the decorated property with its model. */
export type DecoratorFn = (target: object, property: string) => void

/** A decorator accepted only on a property of type `PropType`. */
export type TypedDecorator<PropType> = <
  Key extends string,
  Target extends { [K in Key]: PropType },
>(
  target: Target,
  property: Key
) => void

/** A decorator accepted only on an optional property of type `PropType`. */
export type OptionalTypedDecorator<PropType> = <
  Key extends string,
  Target extends { [K in Key]?: PropType },
>(
  target: Target,
  property: Key
) => void

/** `@column.date()` and `@column.dateTime()`. */
export type DateColumnDecorator = (options?: Partial<DateColumnOptions>) => DecoratorFn

/** Lucid's name for the type of `@column.dateTime()` (the same as `@column.date()`). */
export type DateTimeColumnDecorator = DateColumnDecorator

/** `@column()`, with `@column.date()` and `@column.dateTime()` attached. */
export interface ColumnDecorator {
  (options?: Partial<ColumnOptions>): DecoratorFn
  date: DateColumnDecorator
  dateTime: DateTimeColumnDecorator
}

/** `@computed()` */
export type ComputedDecorator = (options?: Partial<ComputedOptions>) => DecoratorFn
