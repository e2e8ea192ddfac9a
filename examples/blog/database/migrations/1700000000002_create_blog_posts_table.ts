import { BaseSchema } from '../../../../src/schema/main.js'

export default class extends BaseSchema {
  protected tableName = 'blog_posts'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.integer('user_id').unsigned().notNullable().references('id').inTable('blog_users')
      table.string('title').notNullable()
      table.boolean('is_published').notNullable().defaultTo(false)
      table.integer('views').notNullable().defaultTo(0)
      table.timestamp('created_at')
      table.timestamp('deleted_at').nullable()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
