import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import { BaseSchema } from '../../src/schema/main.js'
import { createDatabase, dropTables } from '../helpers/database.js'

/** A migration file adding the polymorphic columns of `morph_schema_comments`. */
class CommentsMigration extends BaseSchema {
  up() {
    this.schema.createTable('morph_schema_comments', (table) => {
      table.increments('id')
      table.morphs('commentable')
      table.nullableMorphs('subject', 'morph_schema_subject_index')
      table.uuidMorphs('owner')
    })
  }
}

test.group('Schema: morphs() helpers', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase()
    await dropTables(db, 'morph_schema_comments')
    return async () => {
      await dropTables(db, 'morph_schema_comments')
      await db.manager.closeAll()
    }
  })

  test('morphs() adds the type and id columns, not null, and one index over both', async ({
    assert,
  }) => {
    const migration = new CommentsMigration(db.connection(), 'comments', true)
    const sql = ((await migration.execUp()) as string[]).join('\n').toLowerCase()
    assert.match(sql, /index[^\n]*commentable_type[^\n]*commentable_id/)
    assert.match(sql, /morph_schema_subject_index[^\n]*subject_type[^\n]*subject_id/)
    assert.match(sql, /index[^\n]*owner_type[^\n]*owner_id/)

    await new CommentsMigration(db.connection(), 'comments').execUp()
    const columns = await db.connection().columnsInfo('morph_schema_comments')
    assert.isFalse(columns.commentable_type.nullable)
    assert.isFalse(columns.commentable_id.nullable)
    assert.isTrue(columns.subject_type.nullable)
    assert.isTrue(columns.subject_id.nullable)
    await db.table('morph_schema_comments').insert({
      commentable_type: 'post',
      commentable_id: 4,
      owner_type: 'user',
      owner_id: '6f1c2b8e-2a55-4a51-9d3c-0d8e1f6e1b11',
    })
    const [row] = await db.from('morph_schema_comments')
    assert.equal(row.commentable_type, 'post')
    assert.equal(Number(row.commentable_id), 4)
    assert.isNull(row.subject_type)
  })

  test('a missing morph type is refused by the database (not null)', async ({ assert }) => {
    await new CommentsMigration(db.connection(), 'comments').execUp()
    await assert.rejects(() =>
      db
        .table('morph_schema_comments')
        .insert({ commentable_id: 1, owner_type: 'u', owner_id: 'x' })
    )
  })
})
