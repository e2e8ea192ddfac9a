import { BaseSchema } from '../../../../src/schema/main.js'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('blog_tags', (table) => {
      table.increments('id')
      table.string('name').notNullable().unique()
    })
    this.schema.createTable('blog_post_tag', (table) => {
      table.integer('post_id').unsigned().notNullable().references('id').inTable('blog_posts')
      table.integer('tag_id').unsigned().notNullable().references('id').inTable('blog_tags')
      table.boolean('featured').notNullable().defaultTo(false)
    })
  }

  async down() {
    this.schema.dropTable('blog_post_tag')
    this.schema.dropTable('blog_tags')
  }
}
