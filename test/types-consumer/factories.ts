/** Factories, through the built `stratum/factories`. */
import factory, { FactoryManager, Sequence } from 'stratum/factories'
import { Article, Author, Tag } from './relations.js'
import { User } from './models.js'
import { expectNotAny, expectTypeOf } from './helpers.js'

const factories = new FactoryManager()

const UserFactory = factories
  .define(User, ({ faker }) => ({ email: faker.internet.email(), points: 0 }))
  .state('rich', { points: 1000 })
  .build()

const AuthorFactory = factories.define(Author, () => ({ name: 'a' })).build()
const TagFactory = factories.define(Tag, () => ({ label: 't' })).build()

/** Stored callbacks (states, hooks, newUp, merge, tap) see the model's rows, never `any`. */
const HookedFactory = factories
  .define(User, () => ({ points: 0 }))
  .state('named', (user, ctx, builder) => {
    expectTypeOf(user).toEqual<User>(true)
    expectNotAny(ctx)
    expectNotAny(builder)
    // states named so far are checked on the builder a state gets
    builder.apply('named')
  })
  .after('create', (builder, user) => {
    expectTypeOf(user).toEqual<User>(true)
    expectNotAny(builder)
  })
  .merge((user, values) => {
    expectTypeOf(user).toEqual<User>(true)
    user.merge(values)
  })
  .build()

const ArticleFactory = factories
  .define(Article, ({ faker }) => ({ title: faker.lorem.sentence(), authorId: AuthorFactory }))
  .relation('author', () => AuthorFactory)
  .build()

export async function factoryChecks() {
  // Lucid's `import factory from '@adonisjs/lucid/factories'`, with the prefix changed
  expectTypeOf(factory).toEqual<FactoryManager>(true)
  expectTypeOf(await UserFactory.make()).toEqual<User>(true)
  expectTypeOf(await UserFactory.makeMany(2)).toEqual<User[]>(true)
  expectTypeOf(await UserFactory.count(2).create()).toEqual<User[]>(true)
  expectTypeOf(await UserFactory.returning('id').create()).toEqual<number>(true)
  expectTypeOf(await ArticleFactory.with('author').create()).toEqual<Article>(true)
  await UserFactory.apply('rich').merge({ email: 'a@b.c' }).create()
  await UserFactory.sequence(new Sequence<User>({ points: 1 })).makeMany(2)

  // @ts-expect-error misspelled attribute
  await UserFactory.merge({ emial: 'a@b.c' }).create()
  // @ts-expect-error undefined state
  await UserFactory.apply('banned').create()
  // @ts-expect-error a relation without a declared factory
  await AuthorFactory.with('articles', 2).create()

  // has/for/hasAttached take built factories (or models), and pivot callbacks get the row
  await AuthorFactory.has(ArticleFactory.count(2)).create()
  await ArticleFactory.for(AuthorFactory).create()
  await AuthorFactory.hasAttached(TagFactory.count(2), (author) => {
    expectTypeOf(author).toEqual<Author>(true)
    return { active: true }
  }).create()
  // @ts-expect-error not a factory
  await AuthorFactory.has({ $isFactoryBuilder: true })
  await HookedFactory.apply('named')
    .tap((user) => expectTypeOf(user).toEqual<User>(true))
    .make()
  // @ts-expect-error undefined state on a factory with state callbacks
  await HookedFactory.apply('other').make()
  // with() callbacks get the related factory, typed
  await ArticleFactory.with('author', 1, (author, article) => {
    expectTypeOf(article).toEqual<Article>(true)
    return author.merge({ name: 'b' })
  }).create()
}
