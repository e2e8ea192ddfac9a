/**
 * What every relation kind shares: lazy resolution of the related model and
 * keys, eager loading in one query per chunk of parent keys, and the
 * correlated sub query used by has/whereHas/withCount.
 */
import { E_INVALID_RELATION, E_MISSING_MODEL_ATTRIBUTE } from '../../errors.js'
import type { QueryClientContract } from '../../types/database.js'
import type { RelationType } from '../../types/relation_kinds.js'
import type { BaseRelationOptions, RelatedModelFn } from '../../types/relation_options.js'
import type {
  LucidModel,
  LucidRow,
  RelatedQueryContract,
  RelationContract,
} from '../../types/model.js'
import { applyGroupLimit, groupLimitUnsupported, groupRowColumn } from './group_limit.js'
import { chunk, uniqueValues } from './keys.js'

/** The model query builder type relations hand out. */
export type RelatedQuery = RelatedQueryContract

/** Bindings kept free for the user's constraints when chunking parent keys. */
const bindingHeadroom = 500

/** `User.posts`: a relation as error messages name it. */
function ownerName(parent: LucidRow, relationName: string): string {
  return `${(parent.constructor as LucidModel).name}.${relationName}`
}

/**
 * True for a class (as opposed to the arrow function `() => Model` relations
 * want): a class's `prototype` is read-only, a function's is writable and an
 * arrow function has none.
 */
export function isClass(value: unknown): boolean {
  return (
    typeof value === 'function' &&
    Object.getOwnPropertyDescriptor(value, 'prototype')?.writable === false
  )
}

export abstract class BaseRelation<
  Options extends BaseRelationOptions = BaseRelationOptions,
> implements RelationContract {
  abstract readonly type: RelationType
  /** True once keys are resolved. */
  booted = false
  /** Key in serialized output (null hides). */
  readonly serializeAs: string | null
  /**
   * The model whose decorator declared the relation. Default key and pivot
   * names derive from it, so a subclass inheriting `@hasMany(() => Post)`
   * from `User` still reads `posts.user_id` (Lucid would look for `adminId`).
   */
  declaringModel: LucidModel

  constructor(
    readonly relationName: string,
    readonly relatedModelFn: RelatedModelFn,
    readonly options: Options,
    readonly model: LucidModel
  ) {
    if (typeof relatedModelFn !== 'function' || isClass(relatedModelFn)) {
      const given = isClass(relatedModelFn) ? relatedModelFn.name : String(relatedModelFn)
      throw new E_INVALID_RELATION(
        `"${model.name}.${relationName}" needs a function returning the related model: ` +
          `write @${this.decoratorName()}(() => ${given === 'undefined' ? 'RelatedModel' : given}), ` +
          `not @${this.decoratorName()}(${given})`
      )
    }
    this.serializeAs = options.serializeAs === undefined ? relationName : options.serializeAs
    this.declaringModel = model
  }

  /** True for relations holding a list of models (hasMany, manyToMany, hasManyThrough). */
  get many(): boolean {
    return !['hasOne', 'belongsTo', 'morphOne', 'morphTo'].includes(this.type)
  }

  /** The relation's `onQuery` option (Lucid's name for it). */
  get onQueryHook(): Options['onQuery'] {
    return this.options.onQuery
  }

  /**
   * A copy of this relation for `model`, a subclass inheriting it: unbooted,
   * with `model` as its parent model and the same declaring model.
   */
  clone(model: LucidModel): BaseRelation {
    const RelationClass = this.constructor as new (
      relationName: string,
      relatedModelFn: RelatedModelFn,
      options: Options,
      model: LucidModel
    ) => BaseRelation
    const copy = new RelationClass(
      this.relationName,
      this.relatedModelFn,
      { ...this.options },
      model
    )
    copy.declaringModel = this.declaringModel
    return copy
  }

  /**
   * Throws when `related` has the wrong shape for the relation: an array
   * for a one-model relation, or (when setting) a single model for a many
   * relation. `parent` names the model in the message.
   */
  assertRelatedShape(parent: LucidRow, related: unknown, setting: boolean): void {
    // the owner's name is built only for an error: this runs once per preloaded parent
    if (!this.many) {
      if (!Array.isArray(related)) return
      throw new E_INVALID_RELATION(
        `"${ownerName(parent, this.relationName)}" cannot reference more than one instance of "${this.relatedModel().name}" model`
      )
    }
    if (setting && !Array.isArray(related)) {
      throw new E_INVALID_RELATION(
        `"${ownerName(parent, this.relationName)}" must be an array when setting "${this.type}" relationship`
      )
    }
  }

  /**
   * Sets the related model(s) on `parent`: a model or null for hasOne and
   * belongsTo, an array for the others. `undefined` is ignored.
   */
  setRelated(parent: LucidRow, related: LucidRow | LucidRow[] | null | undefined): void {
    if (related === undefined) return
    parent.$setRelated(this.relationName, related)
  }

  /**
   * Adds related model(s) to `parent`: appended for many relations,
   * replacing the model for hasOne and belongsTo. `undefined` is ignored,
   * and so is null for a many relation.
   */
  pushRelated(parent: LucidRow, related: LucidRow | LucidRow[] | null | undefined): void {
    if (related === undefined || (related === null && this.many)) return
    if (related === null) parent.$setRelated(this.relationName, null)
    else parent.$pushRelated(this.relationName, related)
  }

  /** Name of the decorator, for error messages. */
  protected decoratorName(): string {
    return 'hasMany'
  }

  /** The related model class. */
  relatedModel(): LucidModel {
    // the decorators take `() => Model` of any model class: each is a LucidModel
    return this.relatedModelFn() as LucidModel
  }

  /** Resolves keys and checks they are columns. Runs once. */
  boot(): void {
    if (this.booted) return
    this.bootKeys()
    this.booted = true
  }

  protected abstract bootKeys(): void

  /** Attribute of the parent whose values select the related rows. */
  protected abstract parentKey(): string

  /** The query selecting the related rows of these parent key values. */
  abstract eagerQuery(parentValues: unknown[], client: QueryClientContract): RelatedQuery

  /** Hands each parent its related models (grouped with a Map). */
  abstract setRelatedForMany(parents: LucidRow[], related: LucidRow[]): void

  /** A query on the related table correlated to the outer (parent) table. */
  abstract subQuery(client: QueryClientContract): RelatedQuery

  /** The client of `parent.related(name)`. */
  abstract client(parent: LucidRow, client: QueryClientContract): unknown

  /** Applies the relation's `onQuery` constraint. */
  protected applyOnQuery(query: RelatedQuery): RelatedQuery {
    this.options.onQuery?.(query)
    return query
  }

  /**
   * Loads the related models of `parents`: one query, or one per chunk when
   * the keys would pass the dialect's bind limit. Chunks run one after the
   * other on the same client.
   */
  async eagerLoad(
    parents: LucidRow[],
    client: QueryClientContract,
    constrain?: (query: RelatedQuery) => void
  ): Promise<void> {
    this.boot()
    const key = this.parentKey()
    const values = uniqueValues(parents, key, (parent) => this.missingParentKey(parent, key))
    let related: LucidRow[] = []
    if (values.length > 0) {
      const size = Math.max(client.dialect.maxBindings - bindingHeadroom, 1)
      for (const part of chunk(values, size)) {
        const { query, grouped } = this.eagerQueryFor(part, client, constrain)
        const rows = await query.exec()
        if (grouped) for (const row of rows) delete row.$extras[groupRowColumn]
        // concat, not push(...rows): spreading 100k+ rows overflows the call stack
        related = related.length === 0 ? rows : related.concat(rows)
      }
    }
    this.setRelatedForMany(parents, related)
  }

  /** Lucid's error for a parent without its key (not selected, or not saved). */
  protected missingParentKey(parent: LucidRow, key: string): never {
    throw new E_MISSING_MODEL_ATTRIBUTE(
      `Cannot preload "${this.relationName}", value of "${(parent.constructor as LucidModel).name}.${key}" is undefined`
    )
  }

  /**
   * The column `groupLimit()` partitions the related rows by (the one
   * holding the parent key), or undefined when the relation kind has no
   * top-N-per-parent form. manyToMany returns its pivot foreign key.
   */
  groupPartitionColumn(): string | undefined {
    return undefined
  }

  /** The eager query of one chunk, constrained, with `groupLimit()` applied. */
  protected eagerQueryFor(
    parentValues: unknown[],
    client: QueryClientContract,
    constrain?: (query: RelatedQuery) => void
  ): { query: RelatedQuery; grouped: boolean } {
    const query = this.eagerQuery(parentValues, client)
    constrain?.(query)
    if (!query.groupConstraints) return { query, grouped: false }
    const partition = this.groupPartitionColumn()
    if (partition === undefined) {
      throw groupLimitUnsupported(
        query.model.name,
        `in a preload of the ${this.type} relation "${this.model.name}.${this.relationName}"`
      )
    }
    applyGroupLimit(query, partition)
    return { query, grouped: true }
  }
}
