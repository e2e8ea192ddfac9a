/**
 * What a `morphTo` preload callback receives: constraints recorded per
 * type (alias or model class), for all types, plus the sideloaded values
 * and the debug flag the preloader hands on. They are applied to each
 * type's query when it is built.
 */
import type { LucidModel, ModelObject } from '../../../types/model.js'
import type { RelatedQuery } from '../base.js'
import { Relation } from '../morph_map.js'

type Constraint = (query: RelatedQuery) => void

export class MorphToPreload {
  #constraints: { type?: string | LucidModel; callback: Constraint }[] = []
  #sideloaded?: ModelObject
  #debug = false

  /**
   * `constrain(cb)` for every type, `constrain('post', cb)` (or
   * `constrain(Post, cb)`) for one, `constrain({ post: cb, video: cb })` for several.
   */
  constrain(
    type: string | LucidModel | Constraint | Record<string, Constraint | undefined>,
    callback?: Constraint
  ): this {
    if (callback !== undefined) {
      this.#constraints.push({ type: type as string | LucidModel, callback })
    } else if (typeof type === 'function' && !('table' in type)) {
      this.#constraints.push({ callback: type as Constraint })
    } else {
      for (const [alias, one] of Object.entries(type as Record<string, Constraint | undefined>)) {
        if (one) this.#constraints.push({ type: alias, callback: one })
      }
    }
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

  /** Applies what was recorded for the type `type` (a stored value) of model `Model` to `query`. */
  apply(type: string, Model: LucidModel, query: RelatedQuery): void {
    if (this.#sideloaded !== undefined) query.sideload(this.#sideloaded)
    if (this.#debug) query.debug(true)
    for (const constraint of this.#constraints) {
      if (constraint.type === undefined || this.#matches(constraint.type, type, Model)) {
        constraint.callback(query)
      }
    }
  }

  #matches(key: string | LucidModel, type: string, Model: LucidModel): boolean {
    if (typeof key !== 'string') return key === Model
    return key === type || Relation.getMorphedModel(key) === Model
  }
}
