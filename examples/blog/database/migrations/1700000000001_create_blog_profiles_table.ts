import { BaseSchema } from '../../../../src/schema/main.js'

export default class extends BaseSchema {
  protected tableName = 'blog_profiles'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.integer('user_id').unsigned().notNullable().references('id').inTable('blog_users')
      table.string('bio', 500)
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
