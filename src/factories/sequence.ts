/**
 * Rows cycling through a list of values, states or callbacks, one per row
 * (Laravel's Sequence).
 */
import { E_INVALID_FACTORY_CALLBACK } from '../errors.js'
import type { FactoryContextContract, FactoryValues, SequenceItem } from '../types/factory.js'

/**
 * Values, state names or callbacks handed to rows in turn.
 *
 * @example
 * await UserFactory.sequence(new Sequence({ admin: true }, { admin: false })).createMany(4)
 */
export class Sequence<Row = object> {
  readonly items: SequenceItem<Row>[]

  constructor(...items: SequenceItem<Row>[]) {
    this.items = items
  }

  /** Number of entries before the sequence starts over. */
  get count(): number {
    return this.items.length
  }

  /** The entry of the row at `index`: its values, or the name of a state to apply. */
  resolve(
    index: number,
    ctx: FactoryContextContract
  ): { values: FactoryValues<Row> } | { state: string } | undefined {
    if (this.items.length === 0) return undefined
    const item = this.items[index % this.items.length]
    if (typeof item === 'string') return { state: item }
    const values = typeof item === 'function' ? item({ index, count: this.count }, ctx) : item
    if (typeof values !== 'object' || values === null || Array.isArray(values)) {
      throw new E_INVALID_FACTORY_CALLBACK(
        `A Sequence entry must be the row's values (an object) or a state name, or a callback ` +
          `returning the values: row ${index} got ${Array.isArray(values) ? 'an array' : String(values)}`
      )
    }
    return { values }
  }
}
