import type { DateTime } from 'luxon'
import { BaseModel, column, compose, hasMany, SoftDeletes } from '../../../../src/orm/main.js'
import type { HasMany } from '../../../../src/types/relations.js'
import { Post } from './post.js'

export class User extends compose(BaseModel, SoftDeletes) {
  static override table = 'japa_example_users'

  @column({ isPrimary: true }) declare id: number
  @column() declare email: string
  @column() declare name: string
  @column.dateTime({ autoCreate: true }) declare createdAt: DateTime
  @hasMany(() => Post) declare posts: HasMany<typeof Post>
}
