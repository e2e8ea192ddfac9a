import { BaseSchema } from '../../../../src/schema/main.js'

export default class extends BaseSchema {
  protected tableName = 'blog_users'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('email').notNullable().unique()
      table.string('name').notNullable()
      table.integer('points').notNullable().defaultTo(0)
      table.timestamp('created_at')
      table.timestamp('updated_at')
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
