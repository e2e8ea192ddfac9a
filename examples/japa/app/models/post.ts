import { BaseModel, column } from '../../../../src/orm/main.js'

export class Post extends BaseModel {
  static override table = 'japa_example_posts'

  @column({ isPrimary: true }) declare id: number
  @column() declare userId: number
  @column() declare title: string
}
