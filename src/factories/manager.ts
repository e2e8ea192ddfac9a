/**
 * The factory manager: defines factories and holds what they share (the
 * default locale, the global seed, stub ids).
 */
import type { DefineCallback, FactoryContextContract, StubIdCallback } from '../types/factory.js'
import type { LucidModel, LucidRow } from '../types/model.js'
import { createFaker } from './context.js'
import { FactoryModel, type FactoryManagerSettings } from './factory_model.js'

/**
 * Defines model factories and plain-object blueprints.
 *
 * @example
 * const UserFactory = ModelFactory.define(User, ({ faker }) => ({ email: faker.internet.email() })).build()
 */
export class FactoryManager implements FactoryManagerSettings {
  #defaultLocale = 'en'
  #globalSeed: number | undefined
  #stubCounter = 1
  #stubId: StubIdCallback = (counter) => counter
  /** Every factory defined here, reset by `seed()` and `locale()`. */
  readonly #factories: { reset(): void }[] = []

  /** Locale of factories that set none. */
  get defaultLocale(): string {
    return this.#defaultLocale
  }

  /** The seed given to `seed()`, if any. */
  get globalSeed(): number | undefined {
    return this.#globalSeed
  }

  /** Defines the factory of a model. */
  define<Model extends LucidModel>(
    Model: Model,
    definition: DefineCallback<InstanceType<Model>>
  ): FactoryModel<InstanceType<Model>>
  /** Defines a blueprint of plain objects, typed from what the definition returns. */
  define<Row extends object>(
    name: string,
    definition: (ctx: FactoryContextContract) => Row | Promise<Row>
  ): FactoryModel<Row>
  /** Defines a blueprint of plain objects of a given type (`define<Address>('address', ...)`). */
  define<Row extends object>(name: string, definition: DefineCallback<Row>): FactoryModel<Row>
  define(target: LucidModel | string, definition: DefineCallback<object>): FactoryModel<object> {
    const isModel = typeof target === 'function'
    if (isModel) target.boot()
    const factory = new FactoryModel(
      this,
      isModel ? target : undefined,
      isModel ? target.name : target,
      definition
    )
    this.#factories.push(factory)
    return factory
  }

  /** Sets the faker locale of every factory that sets none (`pt_BR`, `de` ...). */
  locale(locale: string): this {
    createFaker(locale)
    this.#defaultLocale = locale
    for (const factory of this.#factories) factory.reset()
    return this
  }

  /**
   * Seeds every factory (each from this seed and its own name), and resets
   * `ctx.sequence` and stub ids: the same calls then make the same rows.
   */
  seed(seed: number): this {
    this.#globalSeed = seed
    this.#stubCounter = 1
    for (const factory of this.#factories) factory.reset()
    return this
  }

  /** Makes the fake primary keys of `makeStubbed()` rows: `(counter, row) => id`. */
  stubId(callback: StubIdCallback): this {
    this.#stubId = callback
    return this
  }

  /** The next fake primary key. */
  nextStubId(row: LucidRow): unknown {
    return this.#stubId(this.#stubCounter++, row)
  }
}
