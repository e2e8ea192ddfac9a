/**
 * The SQL of relation sub queries (has, whereHas, withCount) is written as
 * Lucid writes it, so raw SQL and expectations written for Lucid carry over:
 * the owner's key first in the correlation, `adonis_temp_<n>` for a self
 * join, the user's clauses grouped before the correlation, and a count
 * compared as `(select count(*) ...) > (?)`.
 */
import { test } from '@japa/runner'
import type { ModelQueryBuilder } from '../../../src/orm/main.js'
import { User as Member, manyToManyGroup } from './many_to_many_fixtures.js'
import { Profile, relationsGroup, seed, User } from './helpers.js'

/** The SQL of a query without identifier quotes, the same on every dialect. */
function sqlOf(query: { toSQL(): { sql: string } }): string {
  return query.toSQL().sql.replace(/[`"]/g, '')
}

/** Usernames of the users a query returns, in id order. */
async function names(query: ModelQueryBuilder<typeof User>) {
  return (await query.orderBy('id')).map((user) => user.username)
}

test.group('Relation sub query SQL | hasMany, hasOne, belongsTo', (group) => {
  relationsGroup(group)

  test('correlates with the owner key first', ({ assert }) => {
    assert.equal(
      sqlOf(User.query().has('posts')),
      'select * from rel_users where exists (select * from rel_posts where rel_users.id = rel_posts.user_id)'
    )
    assert.equal(
      sqlOf(User.$getRelation('profile')!.subQuery(User.query().client)),
      'select * from rel_profiles where rel_users.id = rel_profiles.user_id'
    )
  })

  test('groups the callback clauses before the correlation', async ({ assert }) => {
    const query = User.query().whereHas('posts', (posts) => posts.where('title', 'a1'))
    assert.equal(
      sqlOf(query),
      'select * from rel_users where exists (select * from rel_posts where (title = ?) and (rel_users.id = rel_posts.user_id))'
    )
    await seed()
    assert.deepEqual(await names(query), ['alice'])
  })

  test('an or clause of the callback cannot reach other parents rows', async ({ assert }) => {
    await seed()
    const query = User.query().whereHas('posts', (posts) =>
      posts.where('title', 'a1').orWhere('title', 'b1')
    )
    assert.deepEqual(await names(query), ['alice', 'bob'])
    const none = User.query()
      .where('username', 'carol')
      .whereHas('posts', (posts) => posts.where('title', 'a1').orWhere('title', 'b1'))
    assert.deepEqual(await names(none), [])
  })

  test('compares a count as Lucid writes it', async ({ assert }) => {
    const query = User.query().has('posts', '>=', 2)
    assert.equal(
      sqlOf(query),
      'select * from rel_users where (select count(*) from rel_posts where rel_users.id = rel_posts.user_id) >= (?)'
    )
    const not = User.query().whereDoesntHave(
      'posts',
      (posts) => posts.where('views', '>', 5),
      '>',
      1
    )
    assert.match(sqlOf(not), /where not \(select count\(\*\) from rel_posts where .*\) > \(\?\)$/)
    await seed()
    assert.deepEqual(await names(query), ['alice'])
    assert.deepEqual(await names(not), ['bob', 'carol', 'dave'])
  })

  test('aliases a self join adonis_temp_<n>, n counting the aggregates before it', async ({
    assert,
  }) => {
    const query = User.query().withCount('reports').has('manager')
    const sql = sqlOf(query)
    assert.include(
      sql,
      '(select count(*) from rel_users as adonis_temp_0 where rel_users.id = adonis_temp_0.manager_id) as reports_count'
    )
    assert.include(
      sql,
      'exists (select * from rel_users as adonis_temp_1 where adonis_temp_1.id = rel_users.manager_id)'
    )
    const { bob } = await seed()
    const rows = await query.orderBy('id')
    assert.deepEqual(
      rows.map((user) => [user.username, Number(user.$extras.reports_count)]),
      [
        ['bob', 1],
        ['carol', 0],
        ['dave', 0],
      ]
    )
    const raw = User.query().whereHas('reports', (reports) =>
      reports.whereRaw('adonis_temp_0.username = ?', ['dave'])
    )
    assert.deepEqual(await names(raw), [bob.username])
  })
})

test.group('Relation query SQL | related().query()', (group) => {
  relationsGroup(group)

  test('groups the user clauses and the parent constraint apart', async ({ assert }) => {
    const { alice } = await seed()
    const query = alice.related('posts').query().where('title', 'a1').orWhere('title', 'b1')
    assert.equal(
      sqlOf(query),
      'select * from rel_posts where (title = ? or title = ?) and (rel_posts.user_id = ?)'
    )
    assert.deepEqual(
      (await query).map((post) => post.title),
      ['a1']
    )
  })

  test('selects the one row of a hasOne or belongsTo with limit 1, updates without', async ({
    assert,
  }) => {
    const { alice, bob } = await seed()
    assert.equal(
      sqlOf(alice.related('profile').query()),
      'select * from rel_profiles where rel_profiles.user_id = ? limit ?'
    )
    assert.equal(
      sqlOf(bob.related('manager').query()),
      'select * from rel_users where rel_users.id = ? limit ?'
    )
    assert.equal((await bob.related('manager').query().firstOrFail()).username, 'alice')
    await alice.related('profile').query().update({ bio: 'changed' })
    const bios = await Profile.query().orderBy('id')
    assert.deepEqual(
      bios.map((profile) => profile.bio),
      ['changed', 'bob bio']
    )
  })
})

test.group('Relation sub query SQL | manyToMany', (group) => {
  manyToManyGroup(group)

  test('correlates with the owner key first and groups the callback clauses', ({ assert }) => {
    assert.equal(
      sqlOf(Member.query().has('skills')),
      'select * from m2m_users where exists (select * from m2m_skills inner join m2m_skill_user on m2m_skills.id = m2m_skill_user.skill_id where m2m_users.id = m2m_skill_user.user_id)'
    )
    const query = Member.query().whereHas('friends', (friends) =>
      friends.wherePivot('friend_id', 1)
    )
    assert.equal(
      sqlOf(query),
      'select * from m2m_users where exists (select * from m2m_users as adonis_temp_0 inner join m2m_friendships on adonis_temp_0.id = m2m_friendships.friend_id where (m2m_friendships.friend_id = ?) and (m2m_users.id = m2m_friendships.user_id))'
    )
  })

  test('selects pivot columns of a sub query without the pivot_ alias', ({ assert }) => {
    const query = Member.query().whereHas('skills', (skills) =>
      skills.pivotColumns(['proficiency'])
    )
    assert.include(sqlOf(query), 'exists (select m2m_skill_user.proficiency from m2m_skills')
  })
})
