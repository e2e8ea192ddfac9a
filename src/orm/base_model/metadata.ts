/**
 * The static side of BaseModel that describes a model: configuration
 * (table, primary key, naming), boot and inheritance, columns, computed
 * properties, relations and hooks. BaseModel extends it.
 */
import type { RelatedModelFn, RelationType } from '../../types/relations.js'
import type {
  AdapterContract,
  CommitEvents,
  ComputedOptions,
  EventsList,
  LucidModel,
  LucidRow,
  ModelColumnOptions,
  NamingStrategyContract,
  ColumnOptions,
  RelationContract,
} from '../../types/model.js'
import { createKeysSet, type ModelKeysSet } from '../model_keys.js'

import { createRelation } from '../relations/factory.js'
import { CamelCaseNamingStrategy } from '../naming_strategies/camel_case.js'

import {
  defineColumnAccessor,
  type LazyColumn,
  lazyConsumers,
  MAX_LAZY_COLUMNS,
} from './lazy_values.js'
import type { ModelPaginatorContract, ModelQueryBuilderContract } from '../../types/model_query.js'
import { defineClassSlots } from './class_slots.js'
import { createHooks, type HookResult, type ModelHookHandler, type ModelHooks } from './hooks.js'
import type { HydrationColumn, HydrationPlan } from './row_shape.js'

export type { HydrationColumn, HydrationPlan }

export class ModelMetadata {
  /* ------------------------------------------------------------------ */
  /* Static configuration                                                */
  /* ------------------------------------------------------------------ */

  /** True once `boot()` ran for this very class. */
  static booted: boolean = false
  /** Attribute name of the primary key. */
  static primaryKey: string = 'id'
  /** Table name; defaults from the naming strategy. */
  static table: string
  /** Connection name the model's queries use (the default connection when unset). */
  static connection?: string
  /** True when the application sets primary keys itself (UUIDs ...). */
  static selfAssignPrimaryKey: boolean = false
  /** Names tables, columns, serialized keys and relation keys. */
  static namingStrategy: NamingStrategyContract = new CamelCaseNamingStrategy()
  /** Bridge to the database, set with `useAdapter`. */
  static $adapter: AdapterContract
  /** Hooks of the model (`before:save` ...). */
  declare static $hooks: ModelHooks
  /** Name maps between attributes, columns and serialized keys. */
  declare static $keys: ModelKeysSet
  /** Columns by attribute name. */
  declare static $columnsDefinitions: Map<string, ModelColumnOptions>
  /** Computed properties by name. */
  declare static $computedDefinitions: Map<string, ComputedOptions>
  /** Relations by name (filled by the relation decorators). */
  declare static $relationsDefinitions: Map<string, RelationContract>
  /** Attribute name of the soft delete column, for models using SoftDeletes. */
  static $softDeleteColumn?: string
  /** Column name -> attribute, for hydration; rebuilt when columns change. */
  static $hydration?: HydrationPlan

  /** Sets the adapter models use to reach the database. */
  static useAdapter(this: LucidModel, adapter: AdapterContract): void {
    this.$adapter = adapter
  }

  /**
   * Defines a static property on this class only: `inherit` copies the
   * parent's value (Maps, hooks and keys are copied, not shared), `define`
   * uses the default unless the class set its own.
   */
  static $defineProperty<Model extends LucidModel, Prop extends keyof Model>(
    this: Model,
    propertyName: Prop,
    defaultValue: Model[Prop],
    strategy: 'inherit' | 'define' | ((value: Model[Prop]) => Model[Prop])
  ): void {
    if (Object.hasOwn(this, propertyName)) return
    const parentValue = this[propertyName]
    let value: unknown = defaultValue
    if (typeof strategy === 'function') {
      value = strategy(parentValue)
    } else if (strategy === 'inherit' && parentValue !== undefined) {
      value = parentValue instanceof Map ? new Map(parentValue) : parentValue
    }
    Object.defineProperty(this, propertyName, {
      value,
      configurable: true,
      enumerable: true,
      writable: true,
    })
  }

  /**
   * Prepares the class's own metadata (columns, hooks, keys, table),
   * inheriting the parent's. Runs once per class; decorators call it.
   */
  static boot(this: LucidModel): void {
    if (Object.hasOwn(this, 'booted') && this.booted) return
    Object.defineProperty(this, 'booted', { value: true, configurable: true, writable: true })
    defineClassSlots(this)
    const parent = Object.getPrototypeOf(this) as LucidModel
    this.$defineProperty('$columnsDefinitions', new Map(), 'inherit')
    this.$defineProperty('$computedDefinitions', new Map(), 'inherit')
    // a subclass gets its own copy of each inherited relation, bound to it
    this.$defineProperty('$relationsDefinitions', new Map(), (inherited) => {
      const relations = new Map<string, RelationContract>()
      inherited?.forEach((relation, name) => relations.set(name, relation.clone(this)))
      return relations
    })
    this.$defineProperty('$hooks', createHooks(), () => createHooks(parent.$hooks))
    this.$defineProperty('$keys', createKeysSet(), () => createKeysSet(parent.$keys))
    this.$defineProperty('primaryKey', 'id', 'inherit')
    this.$defineProperty('table', this.namingStrategy.tableName(this), 'define')
  }

  /** Registers a column (what `@column` does). */
  static $addColumn(
    this: LucidModel,
    name: string,
    options: Partial<ColumnOptions>
  ): ModelColumnOptions {
    this.boot()
    const descriptor = Object.getOwnPropertyDescriptor(this.prototype, name)
    const column: ModelColumnOptions = {
      isPrimary: options.isPrimary ?? false,
      columnName: options.columnName ?? this.namingStrategy.columnName(this, name),
      serializeAs:
        options.serializeAs === null
          ? null
          : (options.serializeAs ?? this.namingStrategy.serializedName(this, name)),
      serialize: options.serialize,
      prepare: options.prepare,
      consume: options.consume,
      meta: options.meta,
      hasGetter: descriptor?.get !== undefined,
      hasSetter: descriptor?.set !== undefined,
    }
    if (column.isPrimary) this.primaryKey = name
    this.$columnsDefinitions.set(name, column)
    const keys = this.$keys
    keys.attributesToColumns.add(name, column.columnName)
    keys.columnsToAttributes.add(column.columnName, name)
    if (column.serializeAs !== null) {
      keys.attributesToSerialized.add(name, column.serializeAs)
      keys.columnsToSerialized.add(column.columnName, column.serializeAs)
      keys.serializedToAttributes.add(column.serializeAs, name)
      keys.serializedToColumns.add(column.serializeAs, column.columnName)
    }
    if (!column.hasGetter && !column.hasSetter) {
      defineColumnAccessor(
        this,
        name,
        column.consume !== undefined && lazyConsumers.has(column.consume)
      )
    }
    Object.defineProperty(this, '$hydration', {
      value: undefined,
      configurable: true,
      writable: true,
    })
    return column
  }

  /** True when `name` is a column attribute. */
  static $hasColumn(this: LucidModel, name: string): boolean {
    this.boot()
    return this.$columnsDefinitions.has(name)
  }

  /** The column definition of an attribute. */
  static $getColumn(this: LucidModel, name: string): ModelColumnOptions | undefined {
    this.boot()
    return this.$columnsDefinitions.get(name)
  }

  /** Registers a computed property (what `@computed` does). */
  static $addComputed(
    this: LucidModel,
    name: string,
    options: Partial<ComputedOptions>
  ): ComputedOptions {
    this.boot()
    const computed: ComputedOptions = {
      serializeAs:
        options.serializeAs === null
          ? null
          : (options.serializeAs ?? this.namingStrategy.serializedName(this, name)),
      meta: options.meta,
    }
    this.$computedDefinitions.set(name, computed)
    return computed
  }

  /** True when `name` is a computed property. */
  static $hasComputed(this: LucidModel, name: string): boolean {
    this.boot()
    return this.$computedDefinitions.has(name)
  }

  /** The definition of a computed property. */
  static $getComputed(this: LucidModel, name: string): ComputedOptions | undefined {
    this.boot()
    return this.$computedDefinitions.get(name)
  }

  /** Registers a relation (what the relation decorators do). */
  static $addRelation(
    this: LucidModel,
    name: string,
    type: RelationType,
    relatedModel: RelatedModelFn | [RelatedModelFn, RelatedModelFn],
    options: object = {}
  ): RelationContract {
    this.boot()
    const relation = createRelation(type, name, relatedModel as RelatedModelFn, options, this)
    this.$relationsDefinitions.set(name, relation)
    // `user.posts` reads the loaded relation; assigning stores it
    Object.defineProperty(this.prototype, name, {
      get(this: LucidRow) {
        // reading allocates nothing: `$preloaded` makes its object on first use
        return this.$loadedRelations()?.[name]
      },
      set(this: LucidRow, value: LucidRow | LucidRow[] | null) {
        this.$setRelated(name, value)
      },
      configurable: true,
      enumerable: true,
    })
    return relation
  }

  /** True when `name` is a relation. */
  static $hasRelation(this: LucidModel, name: string): boolean {
    this.boot()
    return this.$relationsDefinitions.has(name)
  }

  /** The relation of that name. */
  static $getRelation(this: LucidModel, name: string): RelationContract | undefined {
    this.boot()
    return this.$relationsDefinitions.get(name)
  }

  /** Column name -> attribute (and consume function), built once per class. */
  static $hydrationPlan(this: LucidModel): HydrationPlan {
    if (Object.hasOwn(this, '$hydration') && this.$hydration) return this.$hydration
    this.boot()
    const plan = Object.assign(new Map<string, HydrationColumn>(), { lazy: [] as LazyColumn[] })
    for (const [attribute, column] of this.$columnsDefinitions) {
      const { consume } = column
      let lazy: LazyColumn | undefined
      if (consume && lazyConsumers.has(consume) && plan.lazy.length < MAX_LAZY_COLUMNS) {
        lazy = { attribute, bit: plan.lazy.length, consume }
        plan.lazy.push(lazy)
      }
      plan.set(column.columnName, {
        attribute,
        consume,
        identity: attribute === column.columnName && !consume,
        lazy,
      })
    }
    Object.defineProperty(this, '$hydration', { value: plan, configurable: true, writable: true })
    return plan
  }

  /**
   * Adds a before hook: `User.before('save', (user) => ...)`. Find and fetch
   * hooks get the query, paginate hooks the count query and the query.
   */
  static before<Model extends LucidModel>(
    this: Model,
    event: 'find' | 'fetch',
    handler: (query: ModelQueryBuilderContract<Model>) => HookResult
  ): Model
  static before<Model extends LucidModel>(
    this: Model,
    event: 'paginate',
    handler: (
      queries: [
        countQuery: ModelQueryBuilderContract<Model>,
        query: ModelQueryBuilderContract<Model>,
      ]
    ) => HookResult
  ): Model
  static before<Model extends LucidModel>(
    this: Model,
    event: EventsList,
    handler: (model: InstanceType<Model>) => HookResult
  ): Model
  static before<Model extends LucidModel>(
    this: Model,
    event: EventsList,
    handler: (data: never) => HookResult
  ): Model {
    // the base boot, not this.boot(): a subclass's boot() that adds hooks would recurse
    ModelMetadata.boot.call(this)
    this.$hooks.add(`before:${event}`, handler as ModelHookHandler)
    return this
  }

  /**
   * Adds an after hook: `User.after('create', (user) => ...)`. Fetch hooks
   * get the models, paginate hooks the paginator.
   */
  static after<Model extends LucidModel>(
    this: Model,
    event: 'fetch',
    handler: (models: InstanceType<Model>[]) => HookResult
  ): Model
  static after<Model extends LucidModel>(
    this: Model,
    event: 'paginate',
    handler: (paginator: ModelPaginatorContract<InstanceType<Model>>) => HookResult
  ): Model
  static after<Model extends LucidModel>(
    this: Model,
    event: EventsList,
    handler: (model: InstanceType<Model>) => HookResult
  ): Model
  static after<Model extends LucidModel>(
    this: Model,
    event: EventsList,
    handler: (data: never) => HookResult
  ): Model {
    ModelMetadata.boot.call(this)
    this.$hooks.add(`after:${event}`, handler as ModelHookHandler)
    return this
  }

  /**
   * Adds a hook that runs once the transaction the model was written in
   * commits (at once without a transaction, never after a rollback).
   */
  static afterCommit<Model extends LucidModel>(
    this: Model,
    event: CommitEvents,
    handler: (model: InstanceType<Model>) => void | Promise<void>
  ): Model {
    ModelMetadata.boot.call(this)
    this.$hooks.add(`afterCommit:${event}`, handler as ModelHookHandler)
    return this
  }
}
