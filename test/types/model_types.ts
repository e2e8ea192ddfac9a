/**
 * Compile-time checks of the model API, run by `npm run typecheck`: each
 * `@ts-expect-error` line must fail to compile, the rest must compile.
 */
import type { DateTime } from 'luxon'
import { BaseModel, column, compose, SoftDeletes } from '../../src/orm/main.js'

class User extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare email: string
  @column() declare points: number
  @column.dateTime() declare createdAt: DateTime
  get initials() {
    return this.email.slice(0, 2)
  }
}

class Post extends compose(BaseModel, SoftDeletes) {
  @column({ isPrimary: true }) declare id: number
  @column() declare title: string
}

/** Fails to compile unless `Actual` and `Expected` are the same type. */
type Equals<Actual, Expected> =
  (<T>() => T extends Actual ? 1 : 2) extends <T>() => T extends Expected ? 1 : 2 ? true : false
function expectTypeOf<Actual>(_value: Actual) {
  return { toEqual<Expected>(_proof: Equals<Actual, Expected>) {} }
}

export async function checks() {
  // statics are typed with `this`
  const user = await User.findOrFail(1)
  expectTypeOf(user).toEqual<User>(true)
  const maybe = await User.find(1)
  expectTypeOf(maybe).toEqual<User | null>(true)
  const many = await User.query().where('email', 'a@b.c')
  expectTypeOf(many).toEqual<User[]>(true)
  const first = await User.query().first()
  expectTypeOf(first).toEqual<User | null>(true)
  const created = await User.create({ email: 'a@b.c', points: 1 })
  expectTypeOf(created).toEqual<User>(true)
  const posts = await Post.query().withTrashed()
  expectTypeOf(posts).toEqual<Post[]>(true)
  const post = await Post.findOrFail(1)
  expectTypeOf(post).toEqual<Post>(true)
  expectTypeOf(post.$isTrashed).toEqual<boolean>(true)

  // @ts-expect-error misspelled attribute
  await User.create({ emial: 'x' })
  // @ts-expect-error wrong attribute type
  user.merge({ id: 'x' })
  // @ts-expect-error methods are not attributes
  await User.create({ save: 1 })
  // @ts-expect-error getter-only properties are not attributes
  user.fill({ initials: 'ab' })
  // @ts-expect-error unknown key in a batch
  await User.createMany([{ email: 'a' }, { emial: 'b' }])
  // @ts-expect-error unknown lookup key
  await User.fetchOrCreateMany('emial', [{ email: 'a' }])
  // @ts-expect-error unknown key for findBy
  await User.findBy('emial', 'a')
  await User.findBy('email', 'a')
  await User.findBy({ email: 'a' })
  await User.updateOrCreateMany(['email', 'points'], [{ email: 'a', points: 1 }])
}
