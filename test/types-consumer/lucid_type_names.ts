/**
 * Lucid's public type names, imported from the `stratum/types/*` module of the
 * same name as Lucid's `@adonisjs/lucid/types/*`, and used the way Lucid's docs
 * use them: an app switching over changes the import prefix only.
 */
import { BaseModel, column, hasMany, manyToMany, scope, belongsTo, hasOne } from 'stratum/orm'
import { hasManyThrough, computed, beforeSave } from 'stratum/orm'
import type {
  ColumnDecorator,
  ComputedDecorator,
  DateColumnDecorator,
  DateTimeColumnDecorator,
  DecoratorFn,
  ExtractScopes,
  HooksDecorator,
  HooksHandler,
  LazyLoadAggregatesContract,
  LucidModel,
  LucidRow,
  LucidRowAggregate,
  LucidRowPreload,
  LucidRowPreloadOnce,
  ModelKeysContract,
  ModelPaginatorContract,
  ModelQueryBuilderContract,
  ModelRelationOptions,
  OptionalTypedDecorator,
  QueryScope,
  QueryScopeCallback,
  ScopeFn,
  TypedDecorator,
} from 'stratum/types/model'
import type {
  BaseRelationContract,
  BelongsTo,
  BelongsToDecorator,
  BelongsToRelationContract,
  GetRelationModelInstance,
  Has,
  HasMany,
  HasManyDecorator,
  HasManyQueryBuilderContract,
  HasManyRelationContract,
  HasManyThrough,
  HasManyThroughDecorator,
  HasManyThroughQueryBuilderContract,
  HasManyThroughRelationContract,
  HasOne,
  HasOneDecorator,
  HasOneRelationContract,
  ManyToMany,
  ManyToManyDecorator,
  ManyToManyQueryBuilderContract,
  ManyToManyRelationContract,
  ManyToManyRelationOptions,
  ManyToManySubQueryBuilderContract,
  ModelRelations,
  ModelRelationTypes,
  PivotQueryBuilderContract,
  Preload,
  PreloaderContract,
  PreloadWithoutCallback,
  RelationOptions,
  RelationQueryBuilderContract,
  RelationshipsContract,
  RelationSubQueryBuilderContract,
  ThroughRelationOptions,
  WhereHas,
  WithAggregate,
  WithCount,
} from 'stratum/types/relations'
import type {
  ConnectionContract,
  ConnectionManagerContract,
  ConnectionNode,
  DatabaseClientOptions,
  DbQueryEventNode,
  FileNode,
  QueryClientContract,
  TransactionClientContract,
  TransactionFn,
} from 'stratum/types/database'
import type {
  DatabaseQueryBuilderContract,
  ExcutableQueryBuilderContract,
  Insert,
  InsertQueryBuilderContract,
  QueryCallback,
  RawQuery,
  RawQueryBindings,
  SimplePaginatorContract,
  StrictValues,
  StrictValuesWithoutRaw,
  ValueWithSubQueries,
  Where,
  WhereIn,
} from 'stratum/types/querybuilder'
import type {
  EventsList as FactoryEventsList,
  ExtractFactoryAttributes,
  FactoryBuilderContract,
  FactoryBuilderQueryContract,
  FactoryRelationContract,
  HooksHandler as FactoryHooksHandler,
  RelationCallback,
} from 'stratum/types/factory'
import type { DeferCallback } from 'stratum/types/schema'
import type { SeederConstructorContract, SeederFileNode } from 'stratum/types/seeder'
import type { EventsList } from 'stratum/types/events'
import Factory from 'stratum/factories'
import { BaseSeeder } from 'stratum/seeders'
import { Database } from 'stratum/database'
import { expectNotAny, expectTypeOf } from './helpers.js'

class Shop extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
  @column() declare isOpen: boolean
  @hasMany(() => Product) declare products: HasMany<typeof Product>
  @manyToMany(() => Buyer) declare buyers: ManyToMany<typeof Buyer>
  @hasOne(() => Product) declare featured: HasOne<typeof Product>
  @hasManyThrough([() => Review, () => Product]) declare reviews: HasManyThrough<typeof Review>

  /** Lucid's docs: a scope typed with `ModelQueryBuilderContract` and an extra argument. */
  static named = scope((query: ModelQueryBuilderContract<typeof Shop>, name: string) => {
    query.where('name', name)
  })

  static open = scope((query) => {
    query.where('isOpen', true)
  })

  @beforeSave()
  static trim(shop: Shop) {
    shop.name = shop.name.trim()
  }
}

class Product extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare shopId: number
  @column() declare price: number
  @belongsTo(() => Shop) declare shop: BelongsTo<typeof Shop>
}

class Buyer extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare email: string
}

class Review extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare productId: number
}

// ---------------------------------------------------------------- types/model

/** A function taking a model query, as Lucid apps write query helpers. */
function cheap(query: ModelQueryBuilderContract<typeof Product>): typeof query {
  return query.where('price', '<', 10)
}
void cheap(Product.query())

async function firstPage(): Promise<ModelPaginatorContract<Product>> {
  return Product.query().paginate(1, 20)
}
void firstPage

// scopes: `QueryScope`, `QueryScopeCallback`, `ScopeFn` and `ExtractScopes`
const typedScope: QueryScope<typeof Shop, (q: ModelQueryBuilderContract<typeof Shop>) => void> =
  Shop.open
void typedScope
const scopeFn: ScopeFn = scope
const cheapScope = scopeFn<typeof Product>((query) => {
  expectNotAny(query)
  query.where('price', '<', 5)
})
void cheapScope
const callback: QueryScopeCallback<typeof Shop> = (query, name: string) => query.where('name', name)
void callback
const applyScopes = (scopes: ExtractScopes<typeof Shop>) => scopes.named('corner').open()
void Shop.query().withScopes(applyScopes)

// what row methods are, by Lucid's names
declare const shop: Shop
const load: LucidRowPreload<Shop> = shop.load.bind(shop)
void load('products', (products) => products.where('price', '>', 1))
const loadOnce: LucidRowPreloadOnce<Shop> = shop.loadOnce.bind(shop)
void loadOnce('buyers')
const aggregate: LucidRowAggregate<Shop> = shop.loadAggregate.bind(shop)
void aggregate('products', (q) => q.sum('price').as('total'))
/** Lucid's chained aggregates: one query when awaited. */
const lazy: LazyLoadAggregatesContract<Shop> = shop
  .loadCount('products')
  .loadAggregate('products', (q) => q.sum('price').as('total'))
  .loadCount('buyers')
void lazy.then(() => shop.$extras.products_count)
// @ts-expect-error not a relation of Shop
void shop.loadCount('products').loadCount('name')
// @ts-expect-error not a relation of Shop
void shop.loadCount('nope')
// @ts-expect-error a scope is not a relation either
void Shop.query().preload('named')
const lazyScope = scope<typeof Product>((query) => {
  expectTypeOf(query).toEqual<ModelQueryBuilderContract<typeof Product>>(true)
})
void lazyScope
declare const keys: ModelKeysContract
expectTypeOf(keys.resolve('shopId')).toEqual<string>(true)

const options: ModelRelationOptions = { foreignKey: 'shopId', serializeAs: null }
void options
const handler: HooksHandler<Shop, 'save'> = (model, event) => {
  expectTypeOf(event).toEqual<'save'>(true)
  model.name = model.name.trim()
}
void handler

const columnDecorator: ColumnDecorator = column
const computedDecorator: ComputedDecorator = computed
const dateDecorator: DateColumnDecorator = column.date
const dateTimeDecorator: DateTimeColumnDecorator = column.dateTime
const hooksDecorator: HooksDecorator = beforeSave
const decoratorFn: DecoratorFn = column()
declare const typedDecorator: TypedDecorator<string>
declare const optionalDecorator: OptionalTypedDecorator<string>
void [columnDecorator, computedDecorator, dateDecorator, dateTimeDecorator, hooksDecorator]
void [decoratorFn, typedDecorator, optionalDecorator]
const rowOf = (model: LucidModel): LucidRow => new model()
void rowOf

// ------------------------------------------------------------ types/relations

/** Lucid's docs: a preload callback typed with the relation's query builder. */
void Shop.query()
  .preload('products', (query: HasManyQueryBuilderContract<typeof Product, any>) => {
    query.where('price', '>', 0).groupLimit(3).groupOrderBy('price', 'desc')
  })
  .preload('buyers', (query: ManyToManyQueryBuilderContract<typeof Buyer, any>) => {
    query.wherePivot('active', true).pivotColumns(['active'])
    // every pivot method of Lucid's PivotQueryBuilderContract, with its and* aliases
    query
      .andWherePivot('active', true)
      .andWhereNotPivot('active', false)
      .whereInPivot('buyer_id', (sub) => sub.from('buyers').select('id'))
      .andWhereInPivot(['shop_id', 'buyer_id'], [[1, 2]])
      .andWhereNotInPivot('buyer_id', [3])
      .andWhereNullPivot('deleted_at')
      .andWhereNotNullPivot('created_at')
  })
  .preload('featured', (query: RelationQueryBuilderContract<typeof Product, any>) => {
    query.orderBy('price')
  })
  .preload('reviews', (query: HasManyThroughQueryBuilderContract<typeof Review, any>) => {
    query.groupLimit(1)
  })
  .whereHas('products', (query: RelationSubQueryBuilderContract<typeof Product>) => {
    query.where('price', '>', 10)
  })
  .whereHas('buyers', (query: ManyToManySubQueryBuilderContract<typeof Buyer>) => {
    query.wherePivot('active', true)
  })

const pivot = (query: PivotQueryBuilderContract) => query.whereNotNullPivot('created_at')
void pivot

type ShopRelations = ModelRelations<typeof Product>
const relationProperty: ShopRelations = shop.products
const marker: ModelRelationTypes['__opaque_type'] = 'hasMany'
void [relationProperty, marker]
expectTypeOf<GetRelationModelInstance<HasMany<typeof Product>>>(shop.products).toEqual<Product[]>(
  true
)
expectTypeOf<GetRelationModelInstance<BelongsTo<typeof Shop>>>({} as Shop).toEqual<Shop>(true)

const hasOneOptions: RelationOptions<typeof Product, typeof Shop, HasOne<typeof Product>> = {
  foreignKey: 'shopId',
  onQuery: (query) => query.where('price', '>', 0),
}
const pivotOptions: ManyToManyRelationOptions<ManyToMany<typeof Buyer>> = {
  pivotTable: 'shop_buyers',
  pivotTimestamps: true,
}
const throughOptions: ThroughRelationOptions<
  typeof Review,
  typeof Shop,
  HasManyThrough<typeof Review>
> = { throughLocalKey: 'id', throughForeignKey: 'productId' }
void [hasOneOptions, pivotOptions, throughOptions]

const decorators: [
  HasOneDecorator,
  HasManyDecorator,
  BelongsToDecorator,
  ManyToManyDecorator,
  HasManyThroughDecorator,
] = [hasOne, hasMany, belongsTo, manyToMany, hasManyThrough]
void decorators

const relation: RelationshipsContract | undefined = Shop.$getRelation('products')
void relation
declare const base: BaseRelationContract<typeof Shop, typeof Product>
expectTypeOf(base.relatedModel()).toEqual<typeof Product>(true)
declare const kinds: [
  HasOneRelationContract<typeof Shop, typeof Product>,
  HasManyRelationContract<typeof Shop, typeof Product>,
  BelongsToRelationContract<typeof Product, typeof Shop>,
  ManyToManyRelationContract<typeof Shop, typeof Buyer>,
  HasManyThroughRelationContract<typeof Shop, typeof Review>,
]
void kinds

declare const preloader: PreloaderContract<Shop>
void preloader.load('products').preload('buyers')
declare const preload: Preload<Shop, Promise<void>>
void preload('products', (query) => query.where('price', 1))
declare const preloadOnly: PreloadWithoutCallback<Shop, Promise<void>>
void preloadOnly('buyers')
declare const withCount: WithCount<Shop, ModelQueryBuilderContract<typeof Shop>>
void withCount('products', (query) => query.where('price', '>', 1))
declare const withAggregate: WithAggregate<Shop, ModelQueryBuilderContract<typeof Shop>>
void withAggregate('products', (query) => query.sum('price').as('total'))
declare const has: Has<Shop, ModelQueryBuilderContract<typeof Shop>>
void has('products', '>=', 2)
declare const whereHas: WhereHas<Shop, ModelQueryBuilderContract<typeof Shop>>
void whereHas('buyers', (query) => query.wherePivot('active', true))

// ------------------------------------------------------------- types/database

const db = new Database({
  connection: 'sqlite',
  connections: { sqlite: { client: 'better-sqlite3', connection: { filename: ':memory:' } } },
})
const manager: ConnectionManagerContract = db.manager
const node: ConnectionNode | undefined = manager.get('sqlite')
const connection: ConnectionContract | undefined = node?.connection
void connection?.disconnect()
const clientOptions: DatabaseClientOptions = { mode: 'write' }
const client: QueryClientContract = db.connection('sqlite', clientOptions)
const transaction: TransactionFn = client.transaction.bind(client)
void transaction(async (trx: TransactionClientContract) => trx.from('shops').count('* as total'))
const onQuery = (event: DbQueryEventNode) => event.sql
const events: EventsList['db:query'] = {} as DbQueryEventNode
void [onQuery, events]
declare const file: FileNode<unknown>
void file.absPath

// --------------------------------------------------------- types/querybuilder

const values: StrictValues[] = [1, 'a', true, null, new Date()]
const plain: StrictValuesWithoutRaw = 'plain'
const bindings: RawQueryBindings = { id: 1 }
const withSub: ValueWithSubQueries<number> = 1
const scoped: QueryCallback<DatabaseQueryBuilderContract> = (query) => query.where('id', 1)
declare const raw: RawQuery
const executable: ExcutableQueryBuilderContract<Product[]> = Product.query()
declare const simplePage: SimplePaginatorContract<Product>
const where: Where<DatabaseQueryBuilderContract> = client.from('shops').where
const whereIn: WhereIn<ModelQueryBuilderContract<typeof Shop>> = Shop.query().whereIn
const insert: Insert<InsertQueryBuilderContract> = client.insertQuery().insert
void [values, plain, bindings, withSub, scoped, raw, executable, simplePage, where, whereIn, insert]

// -------------------------------------------------------------- types/factory

const factoryHook: FactoryHooksHandler<typeof Product, any> = (_builder, row) => {
  row.price += 1
}
const ProductFactory = Factory.define(Product, ({ faker }) => ({
  price: faker.number.int({ max: 100 }),
}))
  .before('create', factoryHook)
  .after('make', (builder: FactoryBuilderContract<typeof Product, any>) => {
    void builder
  })
  .build()
const ShopFactory = Factory.define(Shop, ({ faker }) => ({ name: faker.company.name() }))
  .relation('products', () => ProductFactory)
  .build()
void ShopFactory.with('products', 2, (products: FactoryBuilderContract<typeof Product, any>) => {
  products.merge({ price: 2 })
})
const query: FactoryBuilderQueryContract<typeof Product, any> = ProductFactory
const builder: FactoryBuilderContract<typeof Product, any> = ProductFactory.merge({ price: 1 })
void [query, builder]
const attributes: ExtractFactoryAttributes<typeof Product> = { price: 3 }
const factoryEvent: FactoryEventsList = 'makeStubbed'
const relationCallback: RelationCallback = (related) => related.merge({})
declare const factoryRelation: FactoryRelationContract
void [attributes, factoryEvent, factoryHook, relationCallback, factoryRelation]

// ------------------------------------------------- types/schema, types/seeder

const defer: DeferCallback = async (dbClient) => {
  await dbClient.table('shops').insert({ name: 'a' })
}
const seeder: SeederConstructorContract = class extends BaseSeeder {
  static environment = ['development']
}
declare const seederFile: SeederFileNode
void [defer, seeder, seederFile.status]
