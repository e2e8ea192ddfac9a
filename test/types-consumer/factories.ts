/** Factories, through the built `stratum/factories`. */
import { FactoryManager, Sequence } from 'stratum/factories'
import { Article, Author } from './relations.js'
import { User } from './models.js'
import { expectTypeOf } from './helpers.js'

const factories = new FactoryManager()

const UserFactory = factories
  .define(User, ({ faker }) => ({ email: faker.internet.email(), points: 0 }))
  .state('rich', { points: 1000 })
  .build()

const AuthorFactory = factories.define(Author, () => ({ name: 'a' })).build()

const ArticleFactory = factories
  .define(Article, ({ faker }) => ({ title: faker.lorem.sentence(), authorId: AuthorFactory }))
  .relation('author', () => AuthorFactory)
  .build()

export async function factoryChecks() {
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
}
