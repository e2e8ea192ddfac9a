import { BaseSchema } from '../../../../src/schema/main.js'

export default class extends BaseSchema {
  protected tableName = 'blog_comments'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      // polymorphic: a comment is on a post or on a user (commentable_type, commentable_id, one index)
      table.morphs('commentable')
      table.integer('user_id').unsigned().notNullable().references('id').inTable('blog_users')
      table.string('body', 500).notNullable()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
