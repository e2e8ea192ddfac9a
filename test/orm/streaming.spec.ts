import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import type { Database } from '../../src/database/database.js'
import { E_INVALID_QUERY } from '../../src/errors.js'
import { BaseModel } from '../../src/orm/base_model/base_model.js'
import { column } from '../../src/orm/decorators/column.js'
import { hasMany } from '../../src/orm/relations/decorators.js'
import { compose } from '../../src/orm/mixins/compose.js'
import { SoftDeletes } from '../../src/orm/soft_deletes.js'
import type { HasMany } from '../../src/types/relations.js'
import { dropTables } from '../helpers/database.js'
import { createTable, openDatabase } from './helpers.js'

class Tag extends BaseModel {
  static override table = 'stream_tags'

  @column({ isPrimary: true }) declare id: number
  @column() declare taskId: number
}

class Task extends compose(BaseModel, SoftDeletes) {
  static override table = 'stream_tasks'

  @column({ isPrimary: true }) declare id: number
  @column({ columnName: 'task_title' }) declare title: string
  @column() declare rank: number
  @column() declare isDone: boolean

  @hasMany(() => Tag) declare tags: HasMany<typeof Tag>
}

function ids(tasks: Task[]) {
  return tasks.map((task) => task.id)
}

test.group('Model streaming', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await dropTables(db, 'stream_tags', 'stream_tasks')
    await createTable(db, 'stream_tasks', (t) => {
      t.increments('id')
      t.string('task_title', 50)
      t.integer('rank')
      t.boolean('is_done').defaultTo(false)
      t.timestamp('deleted_at').nullable()
    })
    await createTable(db, 'stream_tags', (t) => {
      t.increments('id')
      t.integer('task_id')
    })
    await Task.createMany(
      Array.from({ length: 7 }, (_, index) => ({
        title: `task ${index + 1}`,
        rank: 7 - index,
        isDone: false,
      }))
    )
    await Tag.createMany([{ taskId: 1 }, { taskId: 1 }, { taskId: 4 }])
    // task 3 is trashed
    await db
      .from('stream_tasks')
      .where('id', 3)
      .update({ deleted_at: DateTime.now().toFormat('yyyy-MM-dd HH:mm:ss') })
    return async () => {
      await dropTables(db, 'stream_tags', 'stream_tasks')
      await db.manager.closeAll()
    }
  })

  test('chunk() returns models ordered by the primary key, skipping trashed rows', async ({
    assert,
  }) => {
    const pages: number[][] = []
    const completed = await Task.query().chunk(2, (tasks) => {
      assert.instanceOf(tasks[0], Task)
      pages.push(ids(tasks))
    })
    assert.isTrue(completed)
    assert.deepEqual(pages, [
      [1, 2],
      [4, 5],
      [6, 7],
    ])
  })

  test('chunk() keeps the query order, preloads and can stop', async ({ assert }) => {
    const pages: number[][] = []
    const tagCounts: number[] = []
    const completed = await Task.query()
      .orderBy('rank', 'asc')
      .preload('tags')
      .chunk(3, (tasks) => {
        pages.push(ids(tasks))
        tagCounts.push(...tasks.map((task) => task.tags.length))
        return false
      })
    assert.isFalse(completed)
    assert.deepEqual(pages, [[7, 6, 5]])
    assert.deepEqual(tagCounts, [0, 0, 0])
  })

  test('chunkById() walks keyset pages while the callback updates models', async ({ assert }) => {
    const seen: number[] = []
    const completed = await Task.query()
      .where('isDone', false)
      .chunkById(2, async (tasks) => {
        seen.push(...ids(tasks))
        for (const task of tasks) {
          task.isDone = true
          await task.save()
        }
      })
    assert.isTrue(completed)
    assert.deepEqual(seen, [1, 2, 4, 5, 6, 7])
    assert.lengthOf(await Task.query().where('isDone', false), 0)
    assert.lengthOf(await Task.query().withTrashed().where('isDone', false), 1)
  })

  test('chunkById() accepts an attribute name', async ({ assert }) => {
    const pages: number[][] = []
    await Task.query()
      .withTrashed()
      .chunkById(
        4,
        (tasks) => {
          pages.push(tasks.map((task) => task.rank))
        },
        'rank'
      )
    assert.deepEqual(pages, [
      [1, 2, 3, 4],
      [5, 6, 7],
    ])
  })

  test('cursor() yields models lazily and skips trashed rows', async ({ assert }) => {
    const found: number[] = []
    for await (const task of Task.query().orderBy('id').cursor()) {
      assert.instanceOf(task, Task)
      assert.isTrue(task.$isPersisted)
      found.push(task.id)
    }
    assert.deepEqual(found, [1, 2, 4, 5, 6, 7])
    const trashed: number[] = []
    for await (const task of Task.query().onlyTrashed().cursor()) trashed.push(task.id)
    assert.deepEqual(trashed, [3])
  })

  test('cursor() past one batch yields every row once while the loop soft deletes them', async ({
    assert,
  }) => {
    await Task.createMany(
      Array.from({ length: 1200 }, (_, index) => ({ title: `bulk ${index}`, rank: index }))
    )
    const seen = new Set<number>()
    let visits = 0
    // the or-group must stay grouped when a batch adds its own condition
    const query = Task.query().where('rank', '>=', 0).orWhere('rank', '<', 0)
    for await (const task of query.cursor()) {
      visits++
      seen.add(task.id)
      await task.delete()
    }
    assert.equal(visits, 1206)
    assert.equal(seen.size, 1206)
    assert.lengthOf(await Task.all(), 0)
  })

  test('breaking out of cursor() leaves the connection usable', async ({ assert }) => {
    const found: string[] = []
    for await (const task of Task.query().orderBy('rank', 'desc').cursor()) {
      found.push(task.title)
      if (found.length === 3) break
    }
    assert.deepEqual(found, ['task 1', 'task 2', 'task 4'])
    assert.lengthOf(await Task.all(), 6)
  })

  test('cursor() with pojo() yields plain rows', async ({ assert }) => {
    const rows: Record<string, unknown>[] = []
    for await (const row of Task.query().where('id', 1).pojo().cursor()) rows.push(row)
    assert.lengthOf(rows, 1)
    assert.notInstanceOf(rows[0], Task)
    assert.equal(rows[0].task_title, 'task 1')
  })

  test('cursor() refuses preloads', ({ assert }) => {
    assert.throws(() => Task.query().preload('tags').cursor(), E_INVALID_QUERY as never)
  })
})
