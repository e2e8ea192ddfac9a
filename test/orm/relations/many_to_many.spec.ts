import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { manyToMany } from '../../../src/orm/relations/decorators.js'
import type { ManyToMany as ManyToManyRelation } from '../../../src/orm/relations/many_to_many/relation.js'
import type { ManyToMany } from '../../../src/types/relations.js'
import {
  captureQueries,
  database,
  manyToManyGroup,
  methods,
  names,
  pivotRows,
  seed,
  Skill,
  skillsQuery,
  Tag,
  User,
} from './many_to_many_fixtures.js'

test.group('ManyToMany | definition', (group) => {
  manyToManyGroup(group)

  test('keys default to the naming strategy: skill_user, user_id, skill_id', ({ assert }) => {
    class Member extends BaseModel {
      @column({ isPrimary: true }) declare id: number
      @manyToMany(() => Badge) declare badges: ManyToMany<typeof Badge>
    }
    class Badge extends BaseModel {
      @column({ isPrimary: true }) declare id: number
    }
    const relation = Member.$getRelation('badges') as ManyToManyRelation
    relation.boot()
    assert.equal(relation.type, 'manyToMany')
    assert.equal(relation.pivotTable, 'badge_member')
    assert.equal(relation.localKey, 'id')
    assert.equal(relation.relatedKey, 'id')
    assert.equal(relation.pivotForeignKey, 'member_id')
    assert.equal(relation.pivotRelatedForeignKey, 'badge_id')
    assert.deepEqual(relation.pivotTimestampColumns(), [])
  })

  test('pivotTimestamps accepts custom column names', ({ assert }) => {
    class Member extends BaseModel {
      @column({ isPrimary: true }) declare id: number
      @manyToMany(() => Skill, { pivotTimestamps: { createdAt: 'linked_at', updatedAt: false } })
      declare skills: ManyToMany<typeof Skill>
    }
    const relation = Member.$getRelation('skills') as ManyToManyRelation
    relation.boot()
    assert.deepEqual(relation.pivotTimestampColumns(), ['linked_at'])
  })

  test('a relatedKey that is not a column throws E_MISSING_MODEL_ATTRIBUTE', ({ assert }) => {
    class Member extends BaseModel {
      @column({ isPrimary: true }) declare id: number
      @manyToMany(() => Skill, { relatedKey: 'uuid' }) declare skills: ManyToMany<typeof Skill>
    }
    const relation = Member.$getRelation('skills') as ManyToManyRelation
    assert.throws(
      () => relation.boot(),
      '"Member.skills" expects "uuid" to exist on "Skill" model, but is missing'
    )
  })
})

test.group('ManyToMany | related query', (group) => {
  manyToManyGroup(group)

  test('query() returns the parent related rows with pivot columns in $extras', async ({
    assert,
  }) => {
    const { virk, romain, node, sql } = await seed()
    await virk
      .related('skills')
      .attach({ [node.id]: { proficiency: 3 }, [sql.id]: { proficiency: 5 } })
    await romain.related('skills').attach([sql.id])

    const skills = await virk.related('skills').query().orderBy('m2m_skills.id')
    assert.deepEqual(names(skills), ['node', 'sql'])
    assert.equal(skills[0].$extras.pivot_user_id, virk.id)
    assert.equal(skills[0].$extras.pivot_skill_id, node.id)
    assert.equal(skills[0].$extras.pivot_proficiency, 3)
    assert.equal(skills[1].$extras.pivot_proficiency, 5)
  })

  test('pivot timestamps are filled on attach and read as luxon DateTimes', async ({ assert }) => {
    const { virk, node } = await seed()
    await virk.related('skills').attach([node.id])
    const [skill] = await virk.related('skills').query()
    assert.isTrue(DateTime.isDateTime(skill.$extras.pivot_created_at))
    assert.isTrue(DateTime.isDateTime(skill.$extras.pivot_updated_at))
    assert.isTrue(skill.$extras.pivot_created_at.isValid)
  })

  test('wherePivot filters on a pivot column', async ({ assert }) => {
    const { virk, node, sql, go } = await seed()
    await virk.related('skills').attach({
      [node.id]: { proficiency: 1 },
      [sql.id]: { proficiency: 4 },
      [go.id]: { proficiency: 5 },
    })
    const skills = await skillsQuery(virk).wherePivot('proficiency', '>=', 4)
    assert.deepEqual(names(skills), ['go', 'sql'])
  })

  test('orWherePivot stays inside the parent related rows', async ({ assert }) => {
    const { virk, romain, node, sql } = await seed()
    await virk.related('skills').attach({ [node.id]: { proficiency: 1 } })
    await romain.related('skills').attach({ [sql.id]: { proficiency: 5 } })
    const skills = await skillsQuery(virk)
      .wherePivot('proficiency', 1)
      .orWherePivot('proficiency', 5)
    assert.deepEqual(names(skills), ['node'])
  })

  test('whereNotPivot and orWhereNotPivot negate pivot conditions', async ({ assert }) => {
    const { virk, node, sql, go } = await seed()
    await virk.related('skills').attach({
      [node.id]: { proficiency: 1 },
      [sql.id]: { proficiency: 2 },
      [go.id]: { proficiency: 3 },
    })
    const notOne = await skillsQuery(virk).whereNotPivot('proficiency', 1)
    assert.deepEqual(names(notOne), ['go', 'sql'])
    const either = await skillsQuery(virk)
      .whereNotPivot('proficiency', '>=', 2)
      .orWhereNotPivot('proficiency', '<=', 2)
    assert.deepEqual(names(either), ['go', 'node'])
  })

  test('whereInPivot and whereNotInPivot filter by lists of pivot values', async ({ assert }) => {
    const { virk, node, sql, go } = await seed()
    await virk.related('skills').attach({
      [node.id]: { proficiency: 1 },
      [sql.id]: { proficiency: 2 },
      [go.id]: { proficiency: 3 },
    })
    assert.deepEqual(names(await skillsQuery(virk).whereInPivot('proficiency', [1, 3])), [
      'go',
      'node',
    ])
    assert.deepEqual(names(await skillsQuery(virk).whereNotInPivot('proficiency', [1, 3])), ['sql'])
    const orIn = await skillsQuery(virk)
      .whereInPivot('proficiency', [1])
      .orWhereInPivot('skill_id', [go.id])
    assert.deepEqual(names(orIn), ['go', 'node'])
    const orNotIn = await skillsQuery(virk)
      .whereInPivot('proficiency', [1])
      .orWhereNotInPivot('proficiency', [1, 2])
    assert.deepEqual(names(orNotIn), ['go', 'node'])
  })

  test('whereNullPivot and whereNotNullPivot test pivot nulls', async ({ assert }) => {
    const { virk, node, sql, go } = await seed()
    await virk.related('skills').attach({ [node.id]: { proficiency: 2 }, [sql.id]: {} })
    await virk.related('skills').attach({ [go.id]: { note: 'x' } })
    assert.deepEqual(names(await skillsQuery(virk).whereNullPivot('proficiency')), ['go', 'sql'])
    assert.deepEqual(names(await skillsQuery(virk).whereNotNullPivot('proficiency')), ['node'])
    const orNull = await skillsQuery(virk)
      .whereNotNullPivot('proficiency')
      .orWhereNotNullPivot('note')
    assert.deepEqual(names(orNull), ['go', 'node'])
    const orNotNull = await skillsQuery(virk).whereNotNullPivot('note').orWhereNullPivot('note')
    assert.deepEqual(names(orNotNull), ['go', 'node', 'sql'])
  })

  test('pivotColumns selects extra pivot columns as pivot_<column>', async ({ assert }) => {
    const { virk, node } = await seed()
    await virk.related('skills').attach({ [node.id]: { note: 'daily' } })
    const [skill] = await skillsQuery(virk).pivotColumns(['note'])
    assert.equal(skill.name, 'node')
    assert.equal(skill.$extras.pivot_note, 'daily')
  })

  test('select() picks related columns and keeps the pivot keys', async ({ assert }) => {
    const { virk, node } = await seed()
    await virk.related('skills').attach([node.id])
    const [skill] = await virk.related('skills').query().select('name')
    assert.equal(skill.name, 'node')
    assert.isUndefined(skill.$attributes.slug)
    assert.equal(skill.$extras.pivot_user_id, virk.id)
  })

  test('an aggregate query counts the related rows', async ({ assert }) => {
    const { virk, romain, node, sql } = await seed()
    await virk.related('skills').attach([node.id, sql.id])
    await romain.related('skills').attach([node.id])
    const [row] = await virk.related('skills').query().count('* as total').pojo<{ total: number }>()
    assert.equal(Number(row.total), 2)
  })

  test('paginate pages through the related rows', async ({ assert }) => {
    const { virk, node, sql, go } = await seed()
    await virk.related('skills').attach([node.id, sql.id, go.id])
    const page = await virk.related('skills').query().orderBy('m2m_skills.id').paginate(2, 2)
    assert.equal(page.total, 3)
    assert.deepEqual(
      page.all().map((skill) => skill.name),
      ['go']
    )
    assert.equal(page.all()[0].$extras.pivot_user_id, virk.id)
  })

  test('query().del() deletes the parent pivot rows, not the related rows (Lucid)', async ({
    assert,
  }) => {
    const { virk, romain, node } = await seed()
    await virk.related('skills').attach([node.id])
    await romain.related('skills').attach([node.id])
    await virk.related('skills').query().del()
    assert.lengthOf(await Skill.all(), 3)
    assert.deepEqual(await pivotRows('m2m_skill_user', ['user_id']), [{ user_id: romain.id }])
  })

  test('pivotQuery() reads the pivot rows of the parent only', async ({ assert }) => {
    const { virk, romain, node, sql } = await seed()
    await virk.related('skills').attach({ [node.id]: { proficiency: 2 } })
    await romain.related('skills').attach([sql.id])
    const rows = await virk.related('skills').pivotQuery().select('skill_id', 'proficiency')
    assert.deepEqual(rows, [{ skill_id: node.id, proficiency: 2 }])
  })

  test('query() on an unsaved parent throws E_MISSING_MODEL_ATTRIBUTE once built', ({ assert }) => {
    const query = new User().related('skills').query()
    assert.throws(() => query.toSQL(), /Save the model first/)
  })
})

test.group('ManyToMany | eager loading', (group) => {
  manyToManyGroup(group)

  test('load() sets the related models with their pivot columns', async ({ assert }) => {
    const { virk, node, sql } = await seed()
    await virk
      .related('skills')
      .attach({ [node.id]: { proficiency: 2 }, [sql.id]: { proficiency: 4 } })
    await virk.load('skills')
    assert.deepEqual(names(virk.skills), ['node', 'sql'])
    const proficiency = virk.skills.map((skill) => skill.$extras.pivot_proficiency).sort()
    assert.deepEqual(proficiency, [2, 4])
  })

  test('loadMany() loads 200 parents with one select', async ({ assert }) => {
    const { node, sql } = await seed()
    await database()
      .table('m2m_users')
      .multiInsert(Array.from({ length: 197 }, (_, index) => ({ username: `user${index}` })))
    const users = await User.query().orderBy('id')
    assert.lengthOf(users, 200)
    const pivot = users.flatMap((user, index) =>
      index % 2 === 0
        ? [
            { user_id: user.id, skill_id: node.id },
            { user_id: user.id, skill_id: sql.id },
          ]
        : [{ user_id: user.id, skill_id: sql.id }]
    )
    await database().table('m2m_skill_user').multiInsert(pivot)

    const events = await captureQueries(() => User.loadMany(users, 'skills'))
    assert.deepEqual(methods(events), ['select'])
    assert.deepEqual(names(users[0].skills), ['node', 'sql'])
    assert.deepEqual(names(users[199].skills), ['sql'])
    assert.isTrue(users.every((user, index) => user.skills.length === (index % 2 === 0 ? 2 : 1)))
  })

  test('one select per relation per level', async ({ assert }) => {
    const { virk, romain, nikk, node } = await seed()
    await virk.related('friends').attach([romain.id, nikk.id])
    await romain.related('skills').attach([node.id])
    const users = await User.query().orderBy('id')
    const events = await captureQueries(() =>
      User.loadMany(users, (loader) => loader.load('skills').load('friends'))
    )
    assert.deepEqual(methods(events), ['select', 'select'])
    assert.deepEqual(users[0].friends.map((friend) => friend.username).sort(), ['nikk', 'romain'])
  })

  test('a related row linked to two parents is set on both', async ({ assert }) => {
    const { virk, romain, node } = await seed()
    await virk.related('skills').attach([node.id])
    await romain.related('skills').attach([node.id])
    await User.loadMany([virk, romain], 'skills')
    assert.deepEqual(names(virk.skills), ['node'])
    assert.deepEqual(names(romain.skills), ['node'])
    assert.equal(romain.skills[0].$extras.pivot_user_id, romain.id)
  })

  test('parents without related rows get an empty array', async ({ assert }) => {
    const { virk } = await seed()
    await virk.load('skills')
    assert.deepEqual(virk.skills, [])
  })

  test('loading for an empty parent list runs no query', async ({ assert }) => {
    const events = await captureQueries(() => User.loadMany([], 'skills'))
    assert.lengthOf(events, 0)
  })

  test('a preload callback can constrain on pivot columns', async ({ assert }) => {
    const { virk, node, sql } = await seed()
    await virk
      .related('skills')
      .attach({ [node.id]: { proficiency: 1 }, [sql.id]: { proficiency: 5 } })
    await virk.load('skills', (query) => query.wherePivot('proficiency', '>', 2))
    assert.deepEqual(names(virk.skills), ['sql'])
  })

  test('groupLimit() keeps the top related rows of each parent', async ({ assert }) => {
    const { virk, romain, node, sql, go } = await seed()
    await virk.related('skills').attach([node.id, sql.id, go.id])
    await romain.related('skills').attach([node.id, sql.id])
    const users = await User.query()
      .preload('skills', (query) => query.groupLimit(2).groupOrderBy('m2m_skills.id', 'desc'))
      .orderBy('id')
    assert.deepEqual(
      users.map((user) => user.skills.map((skill) => skill.name)),
      [['go', 'sql'], ['sql', 'node'], []]
    )
    assert.equal(users[1].skills[0].$extras.pivot_user_id, romain.id)
  })

  test('Model.query().preload() loads the relation', async ({ assert }) => {
    const { virk, node } = await seed()
    await virk.related('skills').attach([node.id])
    const users = await User.query().preload('skills').orderBy('id')
    assert.deepEqual(
      users.map((user) => user.skills.length),
      [1, 0, 0]
    )
  })

  test('serialize() includes the loaded relation', async ({ assert }) => {
    const { virk, node } = await seed()
    await virk.related('skills').attach([node.id])
    await virk.load('skills')
    const json = virk.serialize()
    assert.deepEqual(json.skills, [{ id: node.id, name: 'node', slug: 'node' }])
  })
})

test.group('ManyToMany | sub queries', (group) => {
  manyToManyGroup(group)

  test('has() keeps parents with related rows', async ({ assert }) => {
    const { virk, node } = await seed()
    await virk.related('skills').attach([node.id])
    const users = await User.query().has('skills')
    assert.deepEqual(
      users.map((user) => user.username),
      ['virk']
    )
  })

  test('whereHas() can constrain on pivot columns', async ({ assert }) => {
    const { virk, romain, node } = await seed()
    await virk.related('skills').attach({ [node.id]: { proficiency: 1 } })
    await romain.related('skills').attach({ [node.id]: { proficiency: 5 } })
    const users = await User.query().whereHas('skills', (query) =>
      query.wherePivot('proficiency', '>', 3).orWherePivot('proficiency', '>', 4)
    )
    assert.deepEqual(
      users.map((user) => user.username),
      ['romain']
    )
  })

  test('withCount() counts the related rows of each parent', async ({ assert }) => {
    const { virk, romain, node, sql } = await seed()
    await virk.related('skills').attach([node.id, sql.id])
    await romain.related('skills').attach([sql.id])
    const users = await User.query().withCount('skills').orderBy('id')
    assert.deepEqual(
      users.map((user) => user.$extras.skills_count),
      [2, 1, 0]
    )
  })

  test('a self-referential relation works in whereHas, withCount and load', async ({ assert }) => {
    const { virk, romain, nikk } = await seed()
    await virk.related('friends').attach([romain.id, nikk.id])
    await romain.related('friends').attach([virk.id])
    const users = await User.query()
      .whereHas('friends', (query) => query.where('username', 'romain'))
      .withCount('friends')
      .preload('friends')
    assert.deepEqual(
      users.map((user) => user.username),
      ['virk']
    )
    assert.equal(users[0].$extras.friends_count, 2)
    assert.deepEqual(users[0].friends.map((friend) => friend.username).sort(), ['nikk', 'romain'])
  })
})

test.group('ManyToMany | key variants', (group) => {
  manyToManyGroup(group)

  test('string keys attach, load and sync', async ({ assert }) => {
    const { virk } = await seed()
    const ids = ['7f1c0a52-2f7e-4a57-9e0c-1a8f0b7f3e10', '0b6a3d9e-6d2f-4f4b-8b1e-3c2a1d0e9f87']
    await Tag.createMany([
      { id: ids[0], label: 'admin' },
      { id: ids[1], label: 'editor' },
    ])
    await virk.related('tags').attach(ids)
    await virk.related('tags').sync([ids[1]])
    await virk.load('tags')
    assert.deepEqual(
      virk.tags.map((tag) => tag.label),
      ['editor']
    )
    assert.equal(virk.tags[0].$extras.pivot_tag_id, ids[1])
  })

  test('custom local and related keys link on those columns', async ({ assert }) => {
    const { virk, romain, node, sql } = await seed()
    await virk.related('skillsByCode').attach([node.slug!, sql.slug!])
    await romain.related('skillsByCode').attach([sql.slug!])
    assert.deepEqual(await pivotRows('m2m_skill_codes', ['user_code', 'skill_slug']), [
      { user_code: 'R', skill_slug: 'sql' },
      { user_code: 'V', skill_slug: 'node' },
      { user_code: 'V', skill_slug: 'sql' },
    ])
    await User.loadMany([virk, romain], 'skillsByCode')
    assert.deepEqual(names(virk.skillsByCode), ['node', 'sql'])
    assert.deepEqual(names(romain.skillsByCode), ['sql'])
    const counted = await User.query().withCount('skillsByCode').orderBy('id')
    assert.deepEqual(
      counted.map((user) => user.$extras.skillsByCode_count),
      [2, 1, 0]
    )
  })
})
