/**
 * Compile-time checks of the factory API, run by `npm run typecheck`: each
 * `@ts-expect-error` line must fail to compile, the rest must compile.
 */
import { FactoryManager, Sequence } from '../../src/factories/main.js'
import { BaseModel, column } from '../../src/orm/main.js'
import { belongsTo, hasMany } from '../../src/orm/relations/decorators.js'
import type { BelongsTo, HasMany } from '../../src/types/relations.js'

class User extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare email: string
  @column() declare points: number
  @hasMany(() => Post) declare posts: HasMany<typeof Post>
}

class Post extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare userId: number
  @column() declare title: string
  @belongsTo(() => User) declare author: BelongsTo<typeof User>
}

/** Fails to compile unless `Actual` and `Expected` are the same type. */
type Equals<Actual, Expected> =
  (<T>() => T extends Actual ? 1 : 2) extends <T>() => T extends Expected ? 1 : 2 ? true : false
function expectTypeOf<Actual>(_value: Actual) {
  return { toEqual<Expected>(_proof: Equals<Actual, Expected>) {} }
}

const factories = new FactoryManager()

const UserFactory = factories
  .define(User, ({ faker }) => ({ email: faker.internet.email(), points: 0 }))
  .state('rich', { points: 1000 })
  .state('named', (user) => {
    user.email = 'x@y.z'
  })
  .build()

const PostFactory = factories
  .define(Post, ({ faker }) => ({
    title: faker.lorem.sentence(),
    userId: UserFactory,
  }))
  .relation('author', () => UserFactory)
  .build()

/** State and tap callbacks may return anything (ignored), as Lucid's docs write them. */
factories
  .define(Post, ({ faker }) => ({ title: faker.lorem.sentence() }))
  .state('published', (post) => (post.title = 'PUBLISHED'))
  .state('merged', (post) => post.merge({ title: 'merged' }))
  .build()
  .tap((post) => (post.title = 'tapped'))

/** Closures receive the model's attributes and return the attribute's type. */
factories.define(Post, () => ({
  userId: 1,
  title: (attributes) => `post of ${attributes.userId}`,
}))
// @ts-expect-error a closure returning the wrong type
factories.define(Post, () => ({ title: () => 42 }))

export async function checks() {
  // results follow count() and returning()
  expectTypeOf(await UserFactory.make()).toEqual<User>(true)
  expectTypeOf(await UserFactory.makeMany(2)).toEqual<User[]>(true)
  expectTypeOf(await UserFactory.count(2).make()).toEqual<User[]>(true)
  expectTypeOf(await UserFactory.create()).toEqual<User>(true)
  expectTypeOf(await UserFactory.count(2).create()).toEqual<User[]>(true)
  expectTypeOf(await UserFactory.returning('id').create()).toEqual<number>(true)
  expectTypeOf(await UserFactory.returning('email').createMany(2)).toEqual<string[]>(true)
  expectTypeOf(await UserFactory.returning('id').count(3).create()).toEqual<number[]>(true)
  expectTypeOf(await PostFactory.makeStubbed()).toEqual<Post>(true)

  // overrides are typed from the model's attributes
  await UserFactory.merge({ email: 'a@b.c' }).create()
  await UserFactory.merge([{ points: 1 }, { points: 2 }]).createMany(2)
  // @ts-expect-error misspelled attribute
  await UserFactory.merge({ emial: 'a@b.c' }).create()
  // @ts-expect-error wrong attribute type
  await UserFactory.merge({ points: 'many' }).create()
  // @ts-expect-error relations are not attributes
  await UserFactory.merge({ posts: [] }).create()

  // apply() takes the defined states only
  await UserFactory.apply('rich', 'named').create()
  // @ts-expect-error undefined state
  await UserFactory.apply('banned').create()

  // returning() takes attribute names only
  // @ts-expect-error unknown key
  await UserFactory.returning('emial').create()

  // sequences: values typed from the model, state names, callbacks
  await UserFactory.sequence({ points: 1 }, 'rich', ({ index }) => ({ points: index })).makeMany(3)
  await UserFactory.sequence(new Sequence<User>({ points: 1 })).makeMany(2)

  // states and callbacks see the model
  factories
    .define(User, () => ({}))
    .state('bad', (user) => {
      // @ts-expect-error unknown attribute on the row
      user.emial = 'x'
    })

  // with() takes the relations declared with relation(); the callback gets that factory
  await PostFactory.with('author', 1, (author) => author.apply('rich')).create()
  // @ts-expect-error a relation without a declared factory
  await UserFactory.with('posts', 2).create()
  // @ts-expect-error the callback's builder only knows its own states
  await PostFactory.with('author', 1, (author) => author.apply('published')).create()
  // or calls the builder's methods and returns nothing (Lucid's style)
  await PostFactory.with('author', 1, (author) => {
    author.merge({ points: 1 })
  }).create()
  // @ts-expect-error a callback returns a builder or nothing
  await PostFactory.with('author', 1, () => 42).create()
  // has(), for() and hasAttached() name relations of the model
  await UserFactory.has(PostFactory.count(2), 'posts').create()
  await PostFactory.for(UserFactory, 'author').create()
  // @ts-expect-error not a relation of User
  await UserFactory.has(PostFactory, 'postz').create()
  // @ts-expect-error not a relation of Post
  await PostFactory.for(UserFactory, 'writer').create()
  // @ts-expect-error not a relation of User
  UserFactory.hasAttached([], {}, 'rolez')
  // sequence() takes values, callbacks and the factory's own state names
  await UserFactory.sequence('rich', { points: 2 }, ({ index }) => ({ points: index })).makeMany(3)
  // @ts-expect-error undefined state in a sequence
  await UserFactory.sequence('rich', 'banned').makeMany(2)
  // states, relations and getRelation() are keyed by name
  expectTypeOf(PostFactory.factory.getRelation('author').relation.relationName).toEqual<string>(
    true
  )

  // relation() takes relation names only
  // @ts-expect-error not a relation
  factories.define(Post, () => ({})).relation('title', () => UserFactory)

  // stored callbacks keep their row type: one written for another model is refused
  factories
    .define(User, () => ({}))
    // @ts-expect-error a state callback for Post rows on a User factory
    .state('wrong', (post: Post) => {
      post.title = 'x'
    })
    // @ts-expect-error an after callback for Post rows on a User factory
    .after('make', (_builder, post: Post) => {
      post.title = 'x'
    })
  // hasAttached pivot callbacks get the factory's rows; has() takes built factories
  // @ts-expect-error a pivot callback for Post rows on a User factory
  UserFactory.hasAttached([], (post: Post) => ({ title: post.title }))
  // @ts-expect-error has() takes a built factory, not a definition
  UserFactory.has(factories.define(Post, () => ({})))

  // after(..., { state }) takes the states defined so far
  factories
    .define(User, () => ({}))
    .state('vip', { points: 1 })
    .after('create', () => {}, { state: 'vip' })
    // @ts-expect-error undefined state
    .after('create', () => {}, { state: 'gold' })

  // plain-object blueprints are typed from their definition
  const AddressFactory = factories.define('address', () => ({ city: 'Lisbon', zip: 1000 })).build()
  expectTypeOf(await AddressFactory.make()).toEqual<{ city: string; zip: number }>(true)
  // @ts-expect-error unknown key on a blueprint
  await AddressFactory.merge({ country: 'PT' }).make()
}
