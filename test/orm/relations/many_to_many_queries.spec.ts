import { test } from '@japa/runner'
import { column } from '../../../src/orm/decorators/column.js'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { manyToMany } from '../../../src/orm/relations/decorators.js'
import type { ManyToManyQueryBuilder } from '../../../src/orm/relations/many_to_many/query_builder.js'
import type { ManyToMany } from '../../../src/types/relations.js'
import {
  Skill,
  User,
  database,
  manyToManyGroup,
  seed,
  skillsQuery,
} from './many_to_many_fixtures.js'

/** Records the queries its relation's onQuery saw. */
class Learner extends BaseModel {
  static override table = 'm2m_users'
  static seen: { pivotOnly: boolean }[] = []
  @column({ isPrimary: true }) declare id: number
  @manyToMany(() => Skill, {
    pivotTable: 'm2m_skill_user',
    pivotForeignKey: 'user_id',
    onQuery: (query) => {
      Learner.seen.push({
        pivotOnly: (query as ManyToManyQueryBuilder<typeof Skill>).isPivotOnlyQuery,
      })
    },
  })
  declare skills: ManyToMany<typeof Skill>
}

test.group('ManyToMany | relation query constraints', (group) => {
  manyToManyGroup(group)

  test('appliedConstraints = true leaves out the pivot join and the parent key', ({ assert }) => {
    const query = skillsQuery(new User())
    query.appliedConstraints = true
    const { sql, bindings } = query.wherePivot('proficiency', 3).toSQL()
    assert.notInclude(sql, 'join')
    assert.include(sql, 'proficiency')
    assert.deepEqual(bindings, [3])
  })

  test('an unsaved parent fails when the query runs', async ({ assert }) => {
    const query = skillsQuery(new User()).where('name', 'node')
    await assert.rejects(() => query.exec(), /"User.id" is undefined/)
  })

  test('eagerQuery binds the key values of the parent models', async ({ assert }) => {
    const { virk, romain } = await seed()
    const relation = User.$getRelation('skills')!
    relation.boot()
    const query = relation.eagerQuery([romain, virk], User.query().client)
    assert.deepEqual(query.toSQL().bindings, [romain.id, virk.id])
  })

  test('paginate inside a preload callback throws', async ({ assert }) => {
    await seed()
    await assert.rejects(
      () => User.query().preload('skills', (query) => query.paginate(1)),
      'Cannot paginate relationship "skills" during preload'
    )
  })

  test('a preload cherry picking columns still hands rows to their parents', async ({ assert }) => {
    const { virk, node, sql } = await seed()
    await virk.related('skills').attach([node.id, sql.id])
    const [user] = await User.query()
      .where('id', virk.id)
      .preload('skills', (query) => query.select('name'))
    assert.deepEqual(user.skills.map((skill) => skill.name).sort(), ['node', 'sql'])
  })

  test('pivotQuery() runs the relation onQuery with isPivotOnlyQuery set', async ({ assert }) => {
    const { virk, node, sql } = await seed()
    await virk.related('skills').attach([node.id, sql.id])
    Learner.seen = []
    const learner = await Learner.findOrFail(virk.id)
    const rows = await learner.related('skills').pivotQuery().orderBy('skill_id')
    assert.deepEqual(Learner.seen, [{ pivotOnly: true }])
    assert.deepEqual(
      rows.map((row) => (row as { skill_id: number }).skill_id),
      [node.id, sql.id]
    )
    assert.notInstanceOf(rows[0], Skill)
    await learner.related('skills').query()
    assert.deepEqual(Learner.seen, [{ pivotOnly: true }, { pivotOnly: false }])
    assert.isDefined(database())
  })
})
