import { test } from '@japa/runner'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { manyToMany } from '../../../src/orm/relations/decorators.js'
import type { ManyToMany } from '../../../src/types/relations.js'
import { dropTables } from '../../helpers/database.js'
import {
  captureQueries,
  database,
  manyToManyGroup,
  methods,
  pivotRows,
  seed,
  Skill,
  User,
} from './many_to_many_fixtures.js'

test.group('ManyToMany | attach and detach', (group) => {
  manyToManyGroup(group)

  test('attach() inserts all pivot rows in one statement', async ({ assert }) => {
    const { virk, node, sql, go } = await seed()
    const events = await captureQueries(() =>
      virk.related('skills').attach([node.id, sql.id, go.id])
    )
    assert.deepEqual(methods(events), ['insert'])
    assert.deepEqual(await pivotRows('m2m_skill_user', ['user_id', 'skill_id']), [
      { user_id: virk.id, skill_id: node.id },
      { user_id: virk.id, skill_id: sql.id },
      { user_id: virk.id, skill_id: go.id },
    ])
  })

  test('attach() stores pivot attributes given per id', async ({ assert }) => {
    const { virk, node } = await seed()
    await virk.related('skills').attach({ [node.id]: { proficiency: 4, note: 'fast' } })
    assert.deepEqual(await pivotRows('m2m_skill_user', ['skill_id', 'proficiency', 'note']), [
      { skill_id: node.id, proficiency: 4, note: 'fast' },
    ])
  })

  test('attach() writing several statements leaves no row when one fails', async ({ assert }) => {
    const { virk, node } = await seed()
    // two sets of columns: two INSERTs; the second points at a skill that does not exist
    await assert.rejects(() =>
      virk.related('skills').attach({ [node.id]: { proficiency: 4 }, 99999: {} })
    )
    assert.deepEqual(await pivotRows('m2m_skill_user', ['skill_id']), [])
  })

  test('detach(ids) removes only those pivot rows', async ({ assert }) => {
    const { virk, romain, node, sql } = await seed()
    await virk.related('skills').attach([node.id, sql.id])
    await romain.related('skills').attach([node.id])
    await virk.related('skills').detach([node.id])
    assert.deepEqual(await pivotRows('m2m_skill_user', ['user_id', 'skill_id']), [
      { user_id: virk.id, skill_id: sql.id },
      { user_id: romain.id, skill_id: node.id },
    ])
  })

  test('detach() without ids removes every pivot row of the parent', async ({ assert }) => {
    const { virk, romain, node, sql } = await seed()
    await virk.related('skills').attach([node.id, sql.id])
    await romain.related('skills').attach([node.id])
    await virk.related('skills').detach()
    assert.deepEqual(await pivotRows('m2m_skill_user', ['user_id']), [{ user_id: romain.id }])
  })

  test('detach([]) removes nothing', async ({ assert }) => {
    const { virk, node } = await seed()
    await virk.related('skills').attach([node.id])
    const events = await captureQueries(() => virk.related('skills').detach([]))
    assert.lengthOf(events, 0)
    assert.lengthOf(await pivotRows('m2m_skill_user', ['user_id']), 1)
  })

  test('attach inside a transaction that rolls back leaves no pivot row', async ({ assert }) => {
    const { virk, node } = await seed()
    const trx = await database().transaction()
    virk.useTransaction(trx)
    await virk.related('skills').attach([node.id])
    assert.lengthOf(await trx.from('m2m_skill_user').select('id'), 1)
    await trx.rollback()
    assert.lengthOf(await pivotRows('m2m_skill_user', ['user_id']), 0)
  })

  test('detach inside a transaction that rolls back keeps the pivot rows', async ({ assert }) => {
    const { virk, node } = await seed()
    await virk.related('skills').attach([node.id])
    const trx = await database().transaction()
    virk.useTransaction(trx)
    await virk.related('skills').detach()
    await trx.rollback()
    assert.lengthOf(await pivotRows('m2m_skill_user', ['user_id']), 1)
  })

  test('attach() on an unsaved parent throws E_MISSING_MODEL_ATTRIBUTE', async ({ assert }) => {
    const { node } = await seed()
    const user = new User()
    await assert.rejects(
      () => user.related('skills').attach([node.id]),
      /Cannot attach "User.skills": "User.id" is undefined/
    )
  })
})

test.group('ManyToMany | sync', (group) => {
  manyToManyGroup(group)

  test('sync() reads once, inserts the missing, updates the changed, deletes the rest', async ({
    assert,
  }) => {
    const { virk, node, sql, go } = await seed()
    const [extra] = await Skill.createMany([{ name: 'rust' }])
    await virk.related('skills').attach({
      [node.id]: { proficiency: 1 },
      [sql.id]: { proficiency: 2 },
      [extra.id]: { proficiency: 2 },
    })
    const events = await captureQueries(() =>
      virk.related('skills').sync({
        [node.id]: { proficiency: 1 },
        [sql.id]: { proficiency: 3 },
        [go.id]: { proficiency: 5 },
      })
    )
    const statements = methods(events).filter((method) => !/^(begin|commit)/i.test(method))
    assert.deepEqual(statements, ['select', 'insert', 'update', 'del'])
    assert.deepEqual(await pivotRows('m2m_skill_user', ['skill_id', 'proficiency']), [
      { skill_id: node.id, proficiency: 1 },
      { skill_id: sql.id, proficiency: 3 },
      { skill_id: go.id, proficiency: 5 },
    ])
  })

  test('sync() writes nothing when the pivot rows already match', async ({ assert }) => {
    const { virk, node, sql } = await seed()
    await virk
      .related('skills')
      .attach({ [node.id]: { proficiency: 1 }, [sql.id]: { proficiency: 2 } })
    const events = await captureQueries(() =>
      virk
        .related('skills')
        .sync({ [node.id]: { proficiency: 1 }, [String(sql.id)]: { proficiency: 2 } })
    )
    assert.deepEqual(methods(events), ['select'])
  })

  test('sync() refreshes updated_at of the rows it updates', async ({ assert }) => {
    const { virk, node } = await seed()
    await virk.related('skills').attach({ [node.id]: { proficiency: 1 } })
    await database().from('m2m_skill_user').update({ updated_at: null })
    await virk.related('skills').sync({ [node.id]: { proficiency: 2 } })
    const [row] = await database().from('m2m_skill_user').select('updated_at', 'created_at')
    assert.isNotNull(row.updated_at)
    assert.isNotNull(row.created_at)
  })

  test('sync(ids, false) adds without removing the other rows', async ({ assert }) => {
    const { virk, node, sql } = await seed()
    await virk.related('skills').attach([node.id])
    await virk.related('skills').sync([sql.id], false)
    assert.deepEqual(await pivotRows('m2m_skill_user', ['skill_id']), [
      { skill_id: node.id },
      { skill_id: sql.id },
    ])
  })

  test('sync([]) removes every pivot row of the parent', async ({ assert }) => {
    const { virk, romain, node } = await seed()
    await virk.related('skills').attach([node.id])
    await romain.related('skills').attach([node.id])
    await virk.related('skills').sync([])
    assert.deepEqual(await pivotRows('m2m_skill_user', ['user_id']), [{ user_id: romain.id }])
  })

  test('sync() runs in one transaction', async ({ assert }) => {
    const { virk, node } = await seed()
    const events = await captureQueries(() => virk.related('skills').sync([node.id]))
    assert.isTrue(events.every((event) => event.inTransaction))
  })
})

test.group('ManyToMany | save and create', (group) => {
  manyToManyGroup(group)

  test('save() persists the related model and links it', async ({ assert }) => {
    const { virk } = await seed()
    const skill = new Skill()
    skill.name = 'elixir'
    await virk.related('skills').save(skill, true, { proficiency: 2 })
    assert.isTrue(skill.$isPersisted)
    assert.deepEqual(await pivotRows('m2m_skill_user', ['user_id', 'skill_id', 'proficiency']), [
      { user_id: virk.id, skill_id: skill.id, proficiency: 2 },
    ])
  })

  test('save() with performSync does not duplicate an existing link', async ({ assert }) => {
    const { virk, node } = await seed()
    await virk.related('skills').attach({ [node.id]: { proficiency: 1 } })
    await virk.related('skills').save(node, true, { proficiency: 3 })
    assert.deepEqual(await pivotRows('m2m_skill_user', ['skill_id', 'proficiency']), [
      { skill_id: node.id, proficiency: 3 },
    ])
  })

  test('save() without performSync inserts another link', async ({ assert }) => {
    const { virk, node } = await seed()
    await virk.related('skills').attach([node.id])
    await virk.related('skills').save(node, false)
    assert.lengthOf(await pivotRows('m2m_skill_user', ['skill_id']), 2)
  })

  test('save() saves an unsaved parent first', async ({ assert }) => {
    const user = new User()
    user.username = 'new'
    const skill = new Skill()
    skill.name = 'zig'
    await user.related('skills').save(skill)
    assert.isTrue(user.$isPersisted)
    assert.deepEqual(await pivotRows('m2m_skill_user', ['user_id', 'skill_id']), [
      { user_id: user.id, skill_id: skill.id },
    ])
  })

  test('saveMany() links every model with its pivot attributes', async ({ assert }) => {
    const { virk, node, sql } = await seed()
    await virk
      .related('skills')
      .saveMany([node, sql], true, [{ proficiency: 1 }, { proficiency: 2 }])
    assert.deepEqual(await pivotRows('m2m_skill_user', ['skill_id', 'proficiency']), [
      { skill_id: node.id, proficiency: 1 },
      { skill_id: sql.id, proficiency: 2 },
    ])
  })

  test('saveMany() links a model given twice once, with its last pivot attributes', async ({
    assert,
  }) => {
    const { virk, romain, node, sql } = await seed()
    await virk
      .related('skills')
      .saveMany([node, sql, node], true, [{ proficiency: 1 }, { proficiency: 2 }, { proficiency: 3 }])
    await romain.related('skills').saveMany([node, node], false)
    assert.deepEqual(await pivotRows('m2m_skill_user', ['user_id', 'skill_id', 'proficiency']), [
      { user_id: virk.id, skill_id: node.id, proficiency: 3 },
      { user_id: virk.id, skill_id: sql.id, proficiency: 2 },
      { user_id: romain.id, skill_id: node.id, proficiency: null },
    ])
  })

  test('create() creates the related row and links it with pivot attributes', async ({
    assert,
  }) => {
    const { virk } = await seed()
    const skill = await virk.related('skills').create({ name: 'ocaml' }, { proficiency: 5 })
    assert.isTrue(skill.$isPersisted)
    assert.deepEqual(await pivotRows('m2m_skill_user', ['skill_id', 'proficiency']), [
      { skill_id: skill.id, proficiency: 5 },
    ])
  })

  test('createMany() links the created rows in one pivot insert', async ({ assert }) => {
    const { virk } = await seed()
    let created: Skill[] = []
    const events = await captureQueries(async () => {
      created = await virk.related('skills').createMany([{ name: 'a' }, { name: 'b' }])
    })
    const pivotInserts = events.filter(
      (event) => event.method === 'insert' && event.sql.includes('m2m_skill_user')
    )
    assert.lengthOf(pivotInserts, 1)
    assert.deepEqual(await pivotRows('m2m_skill_user', ['skill_id']), [
      { skill_id: created[0].id },
      { skill_id: created[1].id },
    ])
  })

  test('create() and createMany() pass create options (allowExtraProperties)', async ({
    assert,
  }) => {
    const { virk } = await seed()
    const options = { allowExtraProperties: true }
    const skill = await virk
      .related('skills')
      .create({ name: 'zig', hot: true } as Partial<Skill>, { proficiency: 2 }, options)
    assert.deepEqual(skill.$extras, { hot: true })
    const [other] = await virk
      .related('skills')
      .createMany([{ name: 'nim', hot: false } as Partial<Skill>], [], options)
    assert.deepEqual(other.$extras, { hot: false })
    assert.deepEqual(await pivotRows('m2m_skill_user', ['skill_id', 'proficiency']), [
      { skill_id: skill.id, proficiency: 2 },
      { skill_id: other.id, proficiency: null },
    ])
  })

  test('a failing create() rolls back the related row', async ({ assert }) => {
    const { virk } = await seed()
    await dropTables(database(), 'm2m_skill_user')
    await assert.rejects(() => virk.related('skills').create({ name: 'lost' }))
    assert.lengthOf(await Skill.query().where('name', 'lost'), 0)
  })
})

/** A relation narrowed by a pivot column, sharing `m2m_skill_user` with `User.skills`. */
class Mentor extends BaseModel {
  static override table = 'm2m_users'
  @column({ isPrimary: true }) declare id: number
  @manyToMany(() => Skill, {
    pivotTable: 'm2m_skill_user',
    pivotForeignKey: 'user_id',
    onQuery: (query) => {
      query.wherePivot('note', 'expert')
    },
  })
  declare expertise: ManyToMany<typeof Skill>
}

test.group('ManyToMany | writes of a relation whose onQuery narrows the pivot rows', (group) => {
  manyToManyGroup(group)

  async function seedNotes() {
    const seeded = await seed()
    const { virk, node, sql } = seeded
    await virk
      .related('skills')
      .attach({ [node.id]: { note: 'expert' }, [sql.id]: { note: 'basic' } })
    return { ...seeded, mentor: await Mentor.findOrFail(virk.id) }
  }

  test('detach() removes only the rows the relation sees', async ({ assert }) => {
    const { mentor, sql } = await seedNotes()
    await mentor.related('expertise').detach()
    assert.deepEqual(await pivotRows('m2m_skill_user', ['skill_id', 'note']), [
      { skill_id: sql.id, note: 'basic' },
    ])
  })

  test('detach(ids) leaves a row of that id the relation does not see', async ({ assert }) => {
    const { mentor, node, sql } = await seedNotes()
    await mentor.related('expertise').detach([sql.id])
    assert.deepEqual(await pivotRows('m2m_skill_user', ['skill_id', 'note']), [
      { skill_id: node.id, note: 'expert' },
      { skill_id: sql.id, note: 'basic' },
    ])
  })

  test('sync() removes only the rows the relation sees', async ({ assert }) => {
    const { mentor, sql, go } = await seedNotes()
    await mentor.related('expertise').sync({ [go.id]: { note: 'expert' } })
    assert.sameDeepMembers(await pivotRows('m2m_skill_user', ['skill_id', 'note']), [
      { skill_id: sql.id, note: 'basic' },
      { skill_id: go.id, note: 'expert' },
    ])
  })
})
