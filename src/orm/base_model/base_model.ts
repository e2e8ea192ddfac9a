/**
 * The Active Record base class (Lucid's BaseModel). Models extend it and
 * declare columns with decorators; statics find and create rows (statics.ts),
 * instances hold their attributes (model_state.ts) and persist them. The
 * work is done in small modules (attributes, persistence, finders,
 * serialization); this class holds the public names.
 */
import type {
  ExtractModelRelations,
  RelationClientOf,
  PreloadQueryOf,
} from '../../types/relations.js'
import type {
  CherryPick,
  CherryPickFields,
  LazyLoadAggregatesContract,
  LucidModel,
  LucidRow,
  ModelObject,
} from '../../types/model.js'
import type { QueryClientContract } from '../../types/database.js'
import type { RelatedQuery } from '../relations/base.js'
import type { Preloader } from '../preloader/preloader.js'
import type { ModelQueryBuilderContract } from '../../types/model_query.js'
import type { DatabaseQueryBuilderContract } from '../../types/query_builder.js'
import type { InsertQueryBuilderContract } from '../../types/query_values.js'
import * as finders from './finders.js'
import { ModelState } from './model_state.js'
import { deleteModel, lockForUpdate, refreshModel, saveModel } from './persistence.js'
import { LazyLoadAggregates } from './lazy_aggregates.js'
import { loadRelations, relatedClient, type LoadArguments } from './relations.js'
import * as serialization from './serialization.js'
import { builtInQueryFor, builtInRowWrites } from '../known_writes.js'

export type { RareState } from './model_state.js'

/** Checks a class's static side against a contract (instances are checked by `implements`). */
function staticImplements<Contract>() {
  return (_target: Contract) => {}
}

@staticImplements<LucidModel>()
export class BaseModel extends ModelState implements LucidRow {
  /** The query an insert, update, delete or refresh of this instance runs. */
  $getQueryFor(action: 'insert', client: QueryClientContract): InsertQueryBuilderContract
  $getQueryFor(
    action: 'update' | 'delete',
    client: QueryClientContract
  ): DatabaseQueryBuilderContract
  $getQueryFor(
    action: 'refresh',
    client: QueryClientContract
  ): ModelQueryBuilderContract<LucidModel>
  $getQueryFor(
    action: 'insert' | 'update' | 'delete' | 'refresh',
    client: QueryClientContract
  ):
    | InsertQueryBuilderContract
    | DatabaseQueryBuilderContract
    | ModelQueryBuilderContract<LucidModel>
  $getQueryFor(
    action: 'insert' | 'update' | 'delete' | 'refresh',
    client: QueryClientContract
  ):
    | InsertQueryBuilderContract
    | DatabaseQueryBuilderContract
    | ModelQueryBuilderContract<LucidModel> {
    return finders.queryFor(this, action, client)
  }

  /** Inserts or updates (dirty columns only) the row, running the save hooks. */
  save(): Promise<this> {
    return saveModel(this, false)
  }

  /** `save()` without hooks. */
  saveQuietly(): Promise<this> {
    return saveModel(this, true)
  }

  /** Deletes the row and freezes the instance. */
  delete(): Promise<void> {
    return deleteModel(this, false)
  }

  /** `delete()` without hooks. */
  deleteQuietly(): Promise<void> {
    return deleteModel(this, true)
  }

  /** Reloads the attributes from the database. */
  refresh(): Promise<this> {
    return refreshModel(this)
  }

  /** Locks the row (`FOR UPDATE`) in a transaction and hands a fresh copy to `callback`. */
  lockForUpdate<T>(callback: (model: this) => Promise<T> | T): Promise<T> {
    return lockForUpdate(this, callback)
  }

  /* ------------------------------------------------------------------ */
  /* Relations storage (relation kinds come with the relations layer)    */
  /* ------------------------------------------------------------------ */

  /**
   * The client of a relation, to query or write related rows:
   * `await user.related('posts').create({ title })`.
   */
  related<Name extends ExtractModelRelations<this>>(name: Name): RelationClientOf<this, Name> {
    // the relation named `Name` makes this client kind (checked by the relation types)
    return relatedClient(this, name) as RelationClientOf<this, Name>
  }

  /** Loads relations: `load('posts', (q) => ...)` or `load((loader) => loader.load('a').load('b'))`. */
  load<Name extends ExtractModelRelations<this>>(
    name: Name,
    callback?: (query: PreloadQueryOf<this, Name>) => void
  ): Promise<void>
  load(loader: (preloader: Preloader) => void): Promise<void>
  async load(...args: unknown[]): Promise<void> {
    await loadRelations([this], args as LoadArguments, false)
  }

  /** Loads a relation unless it is loaded already. */
  async loadOnce(name: ExtractModelRelations<this>): Promise<void> {
    await loadRelations([this], [name], true)
  }

  /** Counts related rows into `$extras` (`posts_count`, or the alias set with `as()`). */
  loadCount(
    name: ExtractModelRelations<this>,
    callback?: (query: RelatedQuery) => void
  ): LazyLoadAggregatesContract<this> {
    return new LazyLoadAggregates(this).loadCount(name, callback)
  }

  /** Aggregates related rows into `$extras`: `loadAggregate('posts', (q) => q.sum('views').as('views'))`. */
  loadAggregate(
    name: ExtractModelRelations<this>,
    callback: (query: RelatedQuery) => void
  ): LazyLoadAggregatesContract<this> {
    return new LazyLoadAggregates(this).loadAggregate(name, callback)
  }

  /** Loads relations for many models of this class at once (one query per relation and level). */
  static loadMany<
    Model extends LucidModel,
    Name extends ExtractModelRelations<InstanceType<Model>>,
  >(
    this: Model,
    models: InstanceType<Model>[],
    name: Name,
    callback?: (query: PreloadQueryOf<InstanceType<Model>, Name>) => void
  ): Promise<void>
  static loadMany<Model extends LucidModel>(
    this: Model,
    models: InstanceType<Model>[],
    loader: (preloader: Preloader) => void
  ): Promise<void>
  static async loadMany<Model extends LucidModel>(
    this: Model,
    models: InstanceType<Model>[],
    ...args: LoadArguments
  ): Promise<void> {
    await loadRelations(models, args, false)
  }

  /** True when the relation was loaded. */
  $hasRelated(key: string): boolean {
    return key in this.$preloaded
  }

  /** Stores loaded related models. */
  $setRelated(key: string, models: LucidRow | LucidRow[] | null): void {
    const relation = (this.constructor as LucidModel).$relationsDefinitions?.get(key)
    relation?.assertRelatedShape(this, models, true)
    this.$preloaded[key] = models
  }

  /** Appends related models to a has-many style relation. */
  $pushRelated(key: string, models: LucidRow | LucidRow[]): void {
    const relation = (this.constructor as LucidModel).$relationsDefinitions?.get(key)
    if (relation !== undefined && !relation.many) {
      relation.assertRelatedShape(this, models, false)
      this.$preloaded[key] = models
      return
    }
    const current = this.$preloaded[key]
    const list = Array.isArray(models) ? models : [models]
    this.$preloaded[key] = Array.isArray(current) ? [...current, ...list] : list
  }

  /** Loaded related models (undefined when not loaded). */
  $getRelated(key: string): LucidRow | LucidRow[] | null | undefined {
    return this.$loadedRelations()?.[key]
  }

  /* ------------------------------------------------------------------ */
  /* Serialization                                                       */
  /* ------------------------------------------------------------------ */

  /** Column values under their serialized names (`serializeAs: null` hidden). */
  serializeAttributes(fields?: CherryPickFields | string[], raw = false): ModelObject {
    return serialization.serializeAttributes(this, fields, raw)
  }

  /** Computed properties under their serialized names. */
  serializeComputed(fields?: CherryPickFields | string[]): ModelObject {
    return serialization.serializeComputed(this, fields)
  }

  /** Loaded relations, serialized. */
  serializeRelations(cherryPick?: CherryPick['relations'], raw = false): ModelObject {
    return serialization.serializeRelations(this, cherryPick, raw)
  }

  /** The model as a plain object for JSON: attributes, relations, computed (and extras). */
  serialize(cherryPick?: CherryPick): ModelObject {
    return serialization.serialize(this, cherryPick)
  }

  /** What `JSON.stringify` outputs: `serialize()`. */
  toJSON(): ModelObject {
    return this.serialize()
  }

  /** Attributes by attribute name, relations, computed values and `$extras`. */
  toObject(): ModelObject {
    return serialization.toObject(this)
  }

  /** Attributes by attribute name (no serialization). */
  toAttributes(): ModelObject {
    return { ...this.$attributes }
  }
}

// the adapter runs these queries itself, without the builders, unless a model overrides it
builtInQueryFor.add(BaseModel.prototype.$getQueryFor)
builtInRowWrites.add(BaseModel.prototype.save).add(BaseModel.prototype.saveQuietly)
