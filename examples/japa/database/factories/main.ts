import { ModelFactory } from '../../../../src/factories/main.js'
import { Post } from '../../app/models/post.js'
import { User } from '../../app/models/user.js'

export const PostFactory = ModelFactory.define(Post, ({ faker }) => ({
  title: faker.lorem.sentence(),
})).build()

export const UserFactory = ModelFactory.define(User, ({ faker }) => ({
  email: faker.internet.email().toLowerCase(),
  name: faker.person.fullName(),
}))
  .relation('posts', () => PostFactory)
  .build()
