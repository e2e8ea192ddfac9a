/**
 * What `row.loadCount()` and `row.loadAggregate()` return: the aggregates
 * asked for so far, chainable (`await user.loadCount('posts').loadCount('comments')`)
 * and run in one query when awaited, as in Lucid.
 */
import type {
  LazyLoadAggregatesContract,
  LucidModel,
  LucidRow,
  RelatedQueryContract,
} from '../../types/model.js'
import type { RelatedQuery } from '../relations/base.js'
import { adapterOf } from './adapter_of.js'

/** The aggregate methods of the model query builder by a relation name known at run time. */
interface AggregateByName {
  withCountAlias(name: string, callback?: (query: RelatedQuery) => void): string
  withAggregateAlias(name: string, callback?: (query: RelatedQuery) => void): string
}

interface Aggregate {
  name: string
  callback: ((query: RelatedQuery) => void) | undefined
  kind: 'count' | 'aggregate'
}

/** Relation names are checked by the contract (`LucidRow.loadCount` and this class's contract). */
export class LazyLoadAggregates<Row extends LucidRow> implements LazyLoadAggregatesContract<Row> {
  readonly #aggregates: Aggregate[] = []
  #run?: Promise<void>

  constructor(private readonly row: Row) {}

  /** Counts related rows into `$extras` (`posts_count`, or the alias set with `as()`). */
  loadCount(name: string, callback?: (query: RelatedQueryContract) => void): this {
    this.#aggregates.push({ name, callback, kind: 'count' })
    return this
  }

  /** Aggregates related rows into `$extras`: `loadAggregate('posts', (q) => q.sum('views').as('views'))`. */
  loadAggregate(name: string, callback: (query: RelatedQueryContract) => void): this {
    this.#aggregates.push({ name, callback, kind: 'aggregate' })
    return this
  }

  /** Runs the aggregates, with the sub queries `withCount` uses, in one query (once). */
  exec(): Promise<void> {
    this.#run ??= this.#load()
    return this.#run
  }

  async #load(): Promise<void> {
    const Model = this.row.constructor as LucidModel
    const query = Model.query({
      client: adapterOf(Model).modelClient(this.row),
    }) as RelatedQueryContract & AggregateByName
    const primaryKey = Model.$keys.attributesToColumns.get(Model.primaryKey, Model.primaryKey)
    query.where(`${Model.table}.${primaryKey}`, this.row.$primaryKeyValue)
    const aliases = this.#aggregates.map(({ name, callback, kind }) =>
      kind === 'count'
        ? query.withCountAlias(name, callback)
        : query.withAggregateAlias(name, callback)
    )
    const [result] = (await query.pojo().exec()) as Record<string, unknown>[]
    for (const alias of aliases) this.row.$extras[alias] = result?.[alias] ?? null
  }

  then<Result1 = void, Result2 = never>(
    onfulfilled?: ((value: void) => Result1 | PromiseLike<Result1>) | null,
    onrejected?: ((reason: unknown) => Result2 | PromiseLike<Result2>) | null
  ): Promise<Result1 | Result2> {
    return this.exec().then(onfulfilled, onrejected)
  }

  catch<Result = never>(
    onrejected?: ((reason: unknown) => Result | PromiseLike<Result>) | null
  ): Promise<void | Result> {
    return this.exec().catch(onrejected)
  }

  finally(onfinally?: (() => void) | null): Promise<void> {
    return this.exec().finally(onfinally)
  }

  get [Symbol.toStringTag]() {
    return 'LazyLoadAggregates'
  }
}
