/**
 * A factory definition (Lucid's FactoryModel): the definition callback,
 * states, relations, lifecycle callbacks and custom newUp/merge/persist.
 * `build()` turns it into an immutable builder.
 */
import type { Faker } from '@faker-js/faker'
import {
  E_UNDEFINED_FACTORY_RELATION,
  E_UNDEFINED_FACTORY_STATE,
  E_UNSUPPORTED_FACTORY_RELATION,
} from '../errors.js'
import type {
  DefineCallback,
  FactoryAfterEvent,
  FactoryDefinition,
  FactoryBeforeEvent,
  FactoryHook,
  FactoryHookCallback,
  FactoryHookEvent,
  FactoryHookOptions,
  FactoryManagerSettings,
  FactoryModelContract,
  FactoryRelation,
  FactoryState,
  MergeCallback,
  NewUpCallback,
  PersistCallback,
  StateCallback,
  StoredMergeCallback,
  StoredNewUpCallback,
  StoredPersistCallback,
} from '../types/factory.js'
import type { LucidModel, LucidRow } from '../types/model.js'
import type { ExtractModelRelations } from '../types/relations.js'
import { createFaker, deriveSeed } from './context.js'
import { FactoryBuilder } from './factory_builder.js'
import { setOwn } from './values.js'

export type { FactoryManagerSettings, FactoryRelation, FactoryState }

/**
 * The definition of a factory. `States` and `Relations` collect the names
 * given to `state()` and `relation()`, so builders accept only those.
 */
export class FactoryModel<
  Row extends object,
  States extends string = never,
  Relations extends Record<string, unknown> = Record<never, never>,
> implements FactoryModelContract<Row> {
  /** The states, by name (Lucid reads them as a plain object). */
  readonly states: Record<string, FactoryState<Row>> = {}
  /** The relations registered with `relation()`, by name. */
  readonly relations: Record<string, FactoryRelation> = {}
  readonly hooks: FactoryHook<Row>[] = []
  newUpCallback?: StoredNewUpCallback<Row>
  mergeCallback?: StoredMergeCallback<Row>
  persistCallback?: StoredPersistCallback<Row>
  #locale?: string
  #faker?: Faker
  #sequence = 0

  constructor(
    readonly manager: FactoryManagerSettings,
    /** The model class, or undefined for a plain-object blueprint. */
    readonly Model: LucidModel | undefined,
    /** The model's class name or the blueprint's name (seeds derive from it). */
    readonly name: string,
    readonly definition: DefineCallback<Row>
  ) {}

  /** Adds a named state: a callback changing the row, or values merged into it. */
  state<Name extends string>(
    name: Name,
    state:
      StateCallback<Row, FactoryBuilder<Row, States | Name, Relations>> | FactoryDefinition<Row>
  ): FactoryModel<Row, States | Name, Relations> {
    setOwn(this.states, name, state)
    return this as FactoryModel<Row, States | Name, Relations>
  }

  /** The state of that name, or `E_UNDEFINED_FACTORY_STATE` (Lucid's message). */
  getState(name: string): FactoryState<Row> {
    if (Object.hasOwn(this.states, name)) return this.states[name]
    throw new E_UNDEFINED_FACTORY_STATE(
      `Cannot apply undefined state "${name}". Double check the model factory`
    )
  }

  /** The relation registered under that name, or `E_UNDEFINED_FACTORY_RELATION` (Lucid's message). */
  getRelation<Name extends keyof Relations & string>(name: Name): FactoryRelation<Relations[Name]> {
    if (Object.hasOwn(this.relations, name)) {
      return this.relations[name] as FactoryRelation<Relations[Name]>
    }
    throw new E_UNDEFINED_FACTORY_RELATION(
      `Cannot reference "${name}" relationship. Make sure to setup the relationship within the factory`
    )
  }

  /** Declares the factory of a relation of the model, for `with()`. */
  relation<Name extends ExtractModelRelations<Row & LucidRow>, Factory>(
    name: Name,
    factory: () => Factory
  ): FactoryModel<Row, States, Relations & Record<Name, Factory>> {
    const relation = this.Model?.$getRelation(name)
    if (!this.Model || !relation) {
      throw new E_UNDEFINED_FACTORY_RELATION(
        `Cannot define "${name}" relationship. ` +
          `The relationship must exist on the "${this.name}" model first`
      )
    }
    if (relation.type === 'hasManyThrough') {
      throw new E_UNSUPPORTED_FACTORY_RELATION(
        `Cannot define "${name}" relationship. ` +
          '"hasManyThrough" relationship does not have any persistance API'
      )
    }
    setOwn(this.relations, name, { relation, factory })
    return this as FactoryModel<Row, States, Relations & Record<Name, Factory>>
  }

  /** Runs `callback` before rows are created or stubbed. */
  before(
    event: FactoryBeforeEvent,
    callback: FactoryHookCallback<Row, FactoryBuilder<Row, States, Relations>>
  ): this {
    this.hooks.push({ event: `before:${event}`, callback })
    return this
  }

  /** Runs `callback` after rows are made, created or stubbed; `{ state }` limits it to rows in that state. */
  after(
    event: FactoryAfterEvent,
    callback: FactoryHookCallback<Row, FactoryBuilder<Row, States, Relations>>,
    options: FactoryHookOptions<States> = {}
  ): this {
    this.hooks.push({ event: `after:${event}`, callback, state: options.state })
    return this
  }

  /** Replaces how rows are instantiated from their definition attributes. */
  newUp(callback: NewUpCallback<Row, FactoryBuilder<Row, States, Relations>>): this {
    this.newUpCallback = callback
    return this
  }

  /** Replaces how `merge()` overrides are applied to a row. */
  merge(callback: MergeCallback<Row, FactoryBuilder<Row, States, Relations>>): this {
    this.mergeCallback = callback
    return this
  }

  /** How a plain-object blueprint's `create()` saves its rows. */
  persist(callback: PersistCallback<Row>): this {
    this.persistCallback = callback
    return this
  }

  /** Sets the faker locale of this factory (`pt_BR`, `de` ...). */
  locale(locale: string): this {
    createFaker(locale)
    this.#locale = locale
    this.#faker = undefined
    return this
  }

  /** Forgets the faker and the row counter: the next rows follow the current seed and locale. */
  reset(): void {
    this.#faker = undefined
    this.#sequence = 0
  }

  /** The faker of a run: a fresh one for a builder seed, else this factory's own. */
  faker(seed?: number): Faker {
    const locale = this.#locale ?? this.manager.defaultLocale
    if (seed !== undefined) return createFaker(locale, deriveSeed(seed, this.name))
    if (!this.#faker) {
      const global = this.manager.globalSeed
      this.#faker = createFaker(
        locale,
        global === undefined ? undefined : deriveSeed(global, this.name)
      )
    }
    return this.#faker
  }

  /** The next value of `ctx.sequence`. */
  nextSequence(): number {
    return ++this.#sequence
  }

  /** True when some callback listens to `event` (any state). */
  hasCallbacks(event: FactoryHookEvent): boolean {
    for (const hook of this.hooks) if (hook.event === event) return true
    return false
  }

  /** The callbacks of an event, for rows in `states`. */
  callbacks(event: FactoryHookEvent, states: ReadonlySet<string>): FactoryHook<Row>[] {
    return this.hooks.filter(
      (hook) => hook.event === event && (hook.state === undefined || states.has(hook.state))
    )
  }

  /** The immutable builder of this factory; reusable, each call returns a new builder. */
  build(): FactoryBuilder<Row, States, Relations> {
    return new FactoryBuilder<Row, States, Relations>(this)
  }
}
