import { BaseSchema } from '../../../../src/schema/main.js'

export default class extends BaseSchema {
  protected tableName = 'japa_example_users'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('email', 255).notNullable().unique()
      table.string('name', 255).notNullable()
      table.timestamp('created_at', { useTz: false }).nullable()
      table.timestamp('deleted_at', { useTz: false }).nullable()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
