/**
 * The factories the specs share, on a manager of their own (so seeding
 * here does not touch the default `ModelFactory`).
 */
import { FactoryManager } from '../../src/factories/main.js'
import { Post, Team, User } from './helpers.js'

export const factories = new FactoryManager()

export const TeamFactory = factories
  .define(Team, ({ faker }) => ({ name: faker.company.name() }))
  .build()

export const UserFactory = factories
  .define(User, ({ faker, unique }) => ({
    email: unique(() => faker.internet.email().toLowerCase()),
    username: faker.internet.username(),
    points: 0,
  }))
  .state('suspended', (user) => {
    user.accountStatus = 'suspended'
  })
  .state('rich', { points: 1000 })
  .state('inTeam', { teamId: TeamFactory })
  .build()

export const PostFactory = factories
  .define(Post, ({ faker }) => ({
    title: faker.lorem.sentence(),
    userId: UserFactory,
  }))
  .state('published', { isPublished: true })
  .relation('author', () => UserFactory)
  .build()
