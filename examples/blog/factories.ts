/** Factories of the blog's models (seeded: the same data on every run). */
import { ModelFactory } from '../../src/factories/main.js'
import { Comment, Post, Profile, Tag, User } from './models.js'

export const ProfileFactory = ModelFactory.define(Profile, ({ faker }) => ({
  bio: faker.person.bio(),
})).build()

export const UserFactory = ModelFactory.define(User, ({ faker, unique }) => ({
  email: unique(() => faker.internet.email().toLowerCase()),
  name: faker.person.fullName(),
  points: faker.number.int({ max: 100 }),
}))
  .relation('profile', () => ProfileFactory)
  .build()

export const TagFactory = ModelFactory.define(Tag, ({ faker, index }) => ({
  name: `${faker.word.noun()}-${index}`,
})).build()

export const CommentFactory = ModelFactory.define(Comment, ({ faker }) => ({
  body: faker.lorem.sentence(),
  // a new author unless recycle() hands existing users
  userId: UserFactory,
}))
  // with('commentable') puts the comment on a user's page (a recycled user when given)
  .relation('commentable', () => UserFactory)
  .build()

export const PostFactory = ModelFactory.define(Post, ({ faker }) => ({
  title: faker.lorem.sentence({ min: 3, max: 6 }),
  isPublished: faker.datatype.boolean({ probability: 0.7 }),
  views: faker.number.int({ max: 5000 }),
  userId: UserFactory,
}))
  .relation('comments', () => CommentFactory)
  .relation('tags', () => TagFactory)
  .build()
