/**
 * Eager loading: the relations a query (or `model.load()`) asked for, each
 * loaded for every parent in one query per level (see BaseRelation.eagerLoad).
 * Relations load one after the other on the same client: a transaction's
 * connection never runs two queries at once.
 */
import { E_UNDEFINED_RELATIONSHIP } from '../../errors.js'
import type { QueryClientContract } from '../../types/database.js'
import type {
  LucidModel,
  LucidRow,
  ModelObject,
  PreloaderContract,
  RelationContract,
} from '../../types/model.js'
import type { RelatedQuery } from '../relations/base.js'

/** Constrains (and nests) the query of one preloaded relation. */
export type PreloadCallback = (query: RelatedQuery) => void

/** The relation of that name, booted, or `E_UNDEFINED_RELATIONSHIP` naming the model's relations. */
export function getRelationOrFail(Model: LucidModel, name: string): RelationContract {
  const relation = Model.$getRelation(name)
  if (!relation) {
    const known = [...Model.$relationsDefinitions.keys()].map((key) => `"${key}"`).join(', ')
    throw new E_UNDEFINED_RELATIONSHIP(
      `"${name}" is not defined as a relationship on the "${Model.name}" model. ` +
        `Its relationships: ${known || 'none'}`
    )
  }
  relation.boot()
  return relation
}

/**
 * The relations to eager load for one model class, with their constraints.
 * Query builders make one for `preload()`; `load()` and `loadMany()` too.
 *
 * @example
 * const preloader = new Preloader(User).load('posts', (query) => query.where('published', true))
 * await preloader.processAllForMany(users, db.connection())
 */
export class Preloader implements PreloaderContract {
  #preloads = new Map<string, { relation: RelationContract; callback?: PreloadCallback }>()
  #sideloaded: ModelObject | undefined
  #debug = false

  constructor(readonly model: LucidModel) {}

  /** Asks for a relation, with an optional constraint callback (the last call wins). */
  load(name: string, callback?: PreloadCallback): this {
    this.#preloads.set(name, { relation: getRelationOrFail(this.model, name), callback })
    return this
  }

  /** Alias of `load`. */
  preload(name: string, callback?: PreloadCallback): this {
    return this.load(name, callback)
  }

  /** Asks for a relation unless it was asked for already. */
  loadOnce(name: string): this {
    if (!this.#preloads.has(name)) this.load(name)
    return this
  }

  /** Values handed to every related model as `$sideloaded`. */
  sideload(values: ModelObject): this {
    this.#sideloaded = values
    return this
  }

  /** Turns query debugging on (or off) for the related queries. */
  debug(debug: boolean): this {
    this.#debug = debug
    return this
  }

  /** True when no relation was asked for. */
  get isEmpty(): boolean {
    return this.#preloads.size === 0
  }

  /** Names of the relations asked for. */
  names(): string[] {
    return [...this.#preloads.keys()]
  }

  /** An independent copy. */
  clone(): Preloader {
    const copy = new Preloader(this.model)
    for (const [name, preload] of this.#preloads) copy.#preloads.set(name, { ...preload })
    copy.#sideloaded = this.#sideloaded === undefined ? undefined : { ...this.#sideloaded }
    copy.#debug = this.#debug
    return copy
  }

  /** Loads every asked relation for one parent. */
  async processAllForOne(parent: LucidRow, client: QueryClientContract): Promise<void> {
    await this.processAllForMany([parent], client)
  }

  /** The user's callback, preceded by sideloading and debugging when they are set. */
  #constraint(callback: PreloadCallback | undefined): PreloadCallback | undefined {
    const sideloaded = this.#sideloaded
    if (sideloaded === undefined && !this.#debug) return callback
    return (query) => {
      if (sideloaded !== undefined) query.sideload(sideloaded)
      if (this.#debug) query.debug(true)
      callback?.(query)
    }
  }

  /** Loads every asked relation for `parents`, skipping those already loaded when `onlyMissing`. */
  async processAllForMany(parents: LucidRow[], client: QueryClientContract, onlyMissing = false) {
    if (parents.length === 0) return
    for (const [name, { relation, callback }] of this.#preloads) {
      const targets = onlyMissing ? parents.filter((parent) => !parent.$hasRelated(name)) : parents
      if (targets.length === 0) continue
      await relation.eagerLoad(targets, client, this.#constraint(callback))
    }
  }
}
