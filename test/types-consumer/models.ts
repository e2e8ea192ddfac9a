/**
 * A consumer of the BUILT package: every import goes through package.json
 * `exports` (the package references itself by name), so these checks see the
 * published `.d.ts` files, not `src/`. Each `@ts-expect-error` line must fail.
 */
import type { DateTime } from 'luxon'
import { BaseModel, column, compose, scope, SoftDeletes, type ModelQueryBuilder } from 'stratum/orm'
import type { TransactionClientContract } from 'stratum/types/database'
import type { ModelObject } from 'stratum/types/model'
import { expectNotAny, expectTypeOf } from './helpers.js'

export class User extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare email: string
  @column() declare points: number
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  // a serialize callback typed for its column is accepted (method signatures in ColumnOptions)
  @column.dateTime({ serialize: (value: DateTime | null) => value?.toISODate() ?? null })
  declare seenAt: DateTime | null
  @column({ consume: (value: string) => value.trim(), meta: { label: 'Nick' } })
  declare nick: string
  get initials() {
    return this.email.slice(0, 2)
  }
  static active = scope((query) => query.where('points', '>', 0))
  static withPointsAbove = scope((query: ModelQueryBuilder<typeof User>, min: number) => {
    query.where('points', '>', min)
  })
  greet(greeting: string, times = 1): string {
    return `${greeting} ${this.email}`.repeat(times)
  }
}

export class Post extends compose(BaseModel, SoftDeletes) {
  @column({ isPrimary: true }) declare id: number
  @column() declare title: string
}

export async function modelChecks(trx: TransactionClientContract) {
  const user = await User.findOrFail(1)
  expectTypeOf(user).toEqual<User>(true)
  expectTypeOf(await User.find(1)).toEqual<User | null>(true)
  expectTypeOf(await User.query().where('email', 'a@b.c')).toEqual<User[]>(true)
  expectTypeOf(await User.query().first()).toEqual<User | null>(true)
  expectTypeOf(await User.create({ email: 'a@b.c', points: 1 })).toEqual<User>(true)
  expectTypeOf(await User.createMany([{ email: 'a' }])).toEqual<User[]>(true)
  expectTypeOf(user.fill({ email: 'x' })).toEqual<User>(true)
  expectTypeOf(user.merge({ points: 2 })).toEqual<User>(true)
  expectTypeOf(user.useTransaction(trx)).toEqual<User>(true)
  expectTypeOf(await user.save()).toEqual<User>(true)
  expectTypeOf(await user.refresh()).toEqual<User>(true)
  expectTypeOf(user.createdAt).toEqual<DateTime>(true)
  expectTypeOf(user.serialize()).toEqual<ModelObject>(true)
  const query = User.query()
  expectNotAny(query)
  expectTypeOf(query).toEqual<ModelQueryBuilder<typeof User>>(true)

  // scopes are callable by name with their own arguments
  const scoped = await User.query().withScopes((scopes) => scopes.active().withPointsAbove(5))
  expectTypeOf(scoped).toEqual<User[]>(true)
  // @ts-expect-error a scope's arguments keep their types
  User.query().withScopes((scopes) => scopes.withPointsAbove('five'))
  // @ts-expect-error unknown scope
  User.query().withScopes((scopes) => scopes.banned())

  // @ts-expect-error misspelled attribute
  await User.create({ emial: 'x' })
  // @ts-expect-error wrong attribute type
  user.merge({ id: 'x' })
  // @ts-expect-error methods are not attributes
  await User.create({ save: 1 })
  // @ts-expect-error getter-only properties are not attributes
  user.fill({ initials: 'ab' })
  // @ts-expect-error a model's own methods are not attributes
  user.merge({ greet: () => 'hi' })
  // @ts-expect-error unknown key for findBy
  await User.findBy('emial', 'a')
}

export function hookChecks() {
  User.before('save', (user) => {
    expectTypeOf(user).toEqual<User>(true)
  })
  User.before('fetch', (query) => {
    expectTypeOf(query).toEqual<ModelQueryBuilder<typeof User>>(true)
  })
  User.after('fetch', (users) => {
    expectTypeOf(users).toEqual<User[]>(true)
  })
  User.after('find', (user) => {
    expectTypeOf(user).toEqual<User>(true)
  })
  Post.afterCommit('delete', (post) => {
    expectTypeOf(post).toEqual<Post>(true)
  })
  // @ts-expect-error a save hook gets this model, not another one
  User.before('save', (post: Post) => post.restore())
  // @ts-expect-error unknown event
  User.before('saved', () => {})
}

export async function softDeleteChecks(trx: TransactionClientContract) {
  const post = await Post.findOrFail(1)
  expectTypeOf(post).toEqual<Post>(true)
  expectTypeOf(await Post.query().withTrashed()).toEqual<Post[]>(true)
  expectTypeOf(await Post.query().onlyTrashed()).toEqual<Post[]>(true)
  expectTypeOf(post.$isTrashed).toEqual<boolean>(true)
  expectTypeOf(post.deletedAt).toEqual<DateTime | null>(true)
  expectTypeOf(await post.restore()).toEqual<Post>(true)
  expectTypeOf(post.fill({ title: 'x' })).toEqual<Post>(true)
  expectTypeOf(post.useTransaction(trx)).toEqual<Post>(true)
  expectTypeOf(await post.save()).toEqual<Post>(true)
  expectTypeOf(await post.forceDelete()).toEqual<void>(true)
  expectTypeOf(await Post.create({ title: 'x' })).toEqual<Post>(true)

  // @ts-expect-error misspelled attribute on a mixed-in model
  await Post.create({ titel: 'x' })
  // @ts-expect-error mixins leak no private members
  void post.flags
}
