/**
 * The contracts of `src/types` against the classes that implement them, through the
 * built package. `implements` makes the compiler check that a class has what its
 * contract promises; these checks catch the other drift: a public member added to a
 * class but not to its contract, which users would not see (queries, rows and model
 * classes are typed by the contracts), and a contract that stops matching user code
 * written against the classes (`Model extends typeof BaseModel`).
 */
import { BaseModel, column, type ModelPaginator, type ModelQueryBuilder } from 'stratum/orm'
import {
  type DatabaseQueryBuilder,
  type InsertQueryBuilder,
  type RawBuilder,
  type RawQueryBuilder,
  type ReferenceBuilder,
  type SimplePaginator,
} from 'stratum/database'
import type { LucidModel, LucidRow, ModelObject } from 'stratum/types/model'
import type {
  DatabaseQueryBuilderContract,
  Dictionary,
  InsertQueryBuilderContract,
  SimplePaginatorContract,
  SimplePaginatorMetaKeys,
} from 'stratum/types/querybuilder'
import { expectTypeOf } from './helpers.js'

/** Public members of a class's instances that its contract leaves out (`never` when none). */
type MissingFrom<Contract, Class> = Exclude<keyof Class, keyof Contract>

class Member extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
}

export function contractChecks() {
  // Lucid's module name for the query builder contracts
  expectTypeOf<DatabaseQueryBuilderContract>(null!).toEqual<DatabaseQueryBuilder>(true)
  expectTypeOf<InsertQueryBuilderContract>(null!).toEqual<InsertQueryBuilder>(true)
  expectTypeOf<SimplePaginatorContract<{ id: number }>>(null!).toEqual<
    SimplePaginator<{ id: number }>
  >(true)
  expectTypeOf<keyof SimplePaginatorMetaKeys>(null!).toEqual<
    | 'total'
    | 'perPage'
    | 'currentPage'
    | 'lastPage'
    | 'firstPage'
    | 'firstPageUrl'
    | 'lastPageUrl'
    | 'nextPageUrl'
    | 'previousPageUrl'
  >(true)
  expectTypeOf<Dictionary<number>>(null!).toEqual<{ [key: string]: number }>(true)
  // @ts-expect-error the check reports a member its contract lacks
  expectTypeOf<MissingFrom<{ a: 1 }, { a: 1; b: 2 }>>(null!).toEqual<never>(true)
  // every public member of each builder is in its contract
  expectTypeOf<MissingFrom<DatabaseQueryBuilder, InstanceType<typeof DatabaseQueryBuilder>>>(
    null!
  ).toEqual<never>(true)
  expectTypeOf<MissingFrom<InsertQueryBuilder, InstanceType<typeof InsertQueryBuilder>>>(
    null!
  ).toEqual<never>(true)
  expectTypeOf<MissingFrom<RawQueryBuilder, InstanceType<typeof RawQueryBuilder>>>(
    null!
  ).toEqual<never>(true)
  expectTypeOf<MissingFrom<RawBuilder, InstanceType<typeof RawBuilder>>>(null!).toEqual<never>(true)
  expectTypeOf<MissingFrom<ReferenceBuilder, InstanceType<typeof ReferenceBuilder>>>(
    null!
  ).toEqual<never>(true)
  expectTypeOf<
    MissingFrom<SimplePaginator<ModelObject>, InstanceType<typeof SimplePaginator<ModelObject>>>
  >(null!).toEqual<never>(true)
  expectTypeOf<MissingFrom<ModelPaginator<Member>, InstanceType<typeof ModelPaginator<Member>>>>(
    null!
  ).toEqual<never>(true)
  // the model query builder's two name-untyped aggregate helpers are internal
  expectTypeOf<
    MissingFrom<
      ModelQueryBuilder<typeof Member>,
      InstanceType<typeof ModelQueryBuilder<typeof Member>>
    >
  >(null!).toEqual<'withCountAlias' | 'withAggregateAlias'>(true)

  // the row and the model class contracts cover BaseModel, both ways
  expectTypeOf<MissingFrom<LucidRow, BaseModel>>(null!).toEqual<never>(true)
  expectTypeOf<MissingFrom<LucidModel, typeof BaseModel>>(null!).toEqual<never>(true)
  const asContract: LucidModel = Member
  const asClass: typeof BaseModel = asContract
  const row: LucidRow = new Member()
  const asBaseRow: BaseModel = row
  return [asClass, asBaseRow]
}

/** Code generic over models types as it does over the classes. */
export async function genericChecks<Model extends LucidModel>(Model: Model) {
  const first = await Model.query().where('id', 1).first()
  expectTypeOf(first).toEqual<InstanceType<Model> | null>(true)
  expectTypeOf(await Model.findOrFail(1)).toEqual<InstanceType<Model>>(true)
  expectTypeOf(Model.query()).toEqual<ModelQueryBuilder<Model>>(true)
  const member = await Member.query().where('name', 'a').firstOrFail()
  expectTypeOf(member).toEqual<Member>(true)
  // a class's own static override may bound its `this` by `typeof BaseModel`, as before
  class Audited extends BaseModel {
    static override $createFromAdapterResult<M extends typeof BaseModel>(
      this: M,
      row?: ModelObject,
      sideloaded?: ModelObject
    ) {
      return super.$createFromAdapterResult(row, sideloaded) as InstanceType<M> | null
    }
  }
  return Audited
}
