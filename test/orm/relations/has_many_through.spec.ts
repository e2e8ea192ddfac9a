import { test } from '@japa/runner'
import type { Group } from '@japa/runner/core'
import type { Database } from '../../../src/database/database.js'
import { Adapter } from '../../../src/orm/adapter.js'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { compose } from '../../../src/orm/mixins/compose.js'
import { hasManyThrough } from '../../../src/orm/relations/decorators.js'
import type { HasManyThrough as HasManyThroughRelation } from '../../../src/orm/relations/has_many_through/relation.js'
import { SoftDeletes } from '../../../src/orm/soft_deletes.js'
import type { QueryEvent } from '../../../src/types/database.js'
import type { HasManyThrough, RelatedModelFn } from '../../../src/types/relations.js'
import { createDatabase, dropTables } from '../../helpers/database.js'

class Post extends BaseModel {
  static override table = 'hmt_posts'
  @column({ isPrimary: true }) declare id: number
  @column() declare userId: number
  @column() declare title: string
}

class User extends compose(BaseModel, SoftDeletes) {
  static override table = 'hmt_users'
  @column({ isPrimary: true }) declare id: number
  @column() declare countryId: number | null
  @column() declare countryCode: string | null
  @column() declare name: string
}

class Country extends BaseModel {
  static override table = 'hmt_countries'
  @column({ isPrimary: true }) declare id: number
  @column() declare code: string
  @column() declare name: string

  @hasManyThrough([() => Post, () => User]) declare posts: HasManyThrough<typeof Post>

  @hasManyThrough([() => Post, () => User], { localKey: 'code', foreignKey: 'countryCode' })
  declare postsByCode: HasManyThrough<typeof Post>
}

const tables = ['hmt_posts', 'hmt_users', 'hmt_countries']
let db: Database

async function createSchema() {
  await dropTables(db, ...tables)
  // knex schema builders accumulate statements: one builder per table
  const schema = () => db.connection().getWriteClient().schema
  await schema().createTable('hmt_countries', (t) => {
    t.increments('id')
    t.string('code', 5).notNullable().unique()
    t.string('name', 50).notNullable()
  })
  await schema().createTable('hmt_users', (t) => {
    t.increments('id')
    t.integer('country_id').unsigned().nullable().references('id').inTable('hmt_countries')
    t.string('country_code', 5).nullable()
    t.string('name', 50).notNullable()
    t.timestamp('deleted_at').nullable()
  })
  await schema().createTable('hmt_posts', (t) => {
    t.increments('id')
    t.integer('user_id').unsigned().notNullable().references('id').inTable('hmt_users')
    t.string('title', 100).notNullable()
  })
}

function throughGroup(group: Group) {
  group.each.setup(async () => {
    db = createDatabase({}, true)
    BaseModel.useAdapter(new Adapter(db))
    await createSchema()
    return async () => {
      await dropTables(db, ...tables)
      await db.manager.closeAll()
    }
  })
}

async function captureQueries(work: () => Promise<unknown>): Promise<QueryEvent[]> {
  const events: QueryEvent[] = []
  const listener = (event: QueryEvent) => events.push(event)
  db.on('db:query', listener)
  try {
    await work()
  } finally {
    db.off('db:query', listener)
  }
  return events
}

function titles(posts: Post[]): string[] {
  return posts.map((post) => post.title).sort()
}

/** India: virk (2 posts), romain (1 post); France: nikk (1 post); Peru: nobody. */
async function seed() {
  const [india, france, peru] = await Country.createMany([
    { code: 'IN', name: 'India' },
    { code: 'FR', name: 'France' },
    { code: 'PE', name: 'Peru' },
  ])
  const [virk, romain, nikk] = await User.createMany([
    { name: 'virk', countryId: india.id, countryCode: 'IN' },
    { name: 'romain', countryId: india.id, countryCode: 'IN' },
    { name: 'nikk', countryId: france.id, countryCode: 'FR' },
  ])
  await Post.createMany([
    { userId: virk.id, title: 'virk-1' },
    { userId: virk.id, title: 'virk-2' },
    { userId: romain.id, title: 'romain-1' },
    { userId: nikk.id, title: 'nikk-1' },
  ])
  return { india, france, peru, virk, romain, nikk }
}

test.group('HasManyThrough | definition', (group) => {
  throughGroup(group)

  test('keys default to countryId on the through model and userId on the related', ({ assert }) => {
    const relation = Country.$getRelation('posts') as HasManyThroughRelation
    relation.boot()
    assert.equal(relation.type, 'hasManyThrough')
    assert.equal(relation.localKey, 'id')
    assert.equal(relation.foreignKey, 'countryId')
    assert.equal(relation.throughLocalKey, 'id')
    assert.equal(relation.throughForeignKey, 'userId')
    assert.equal(relation.foreignKeyColumnName, 'country_id')
    assert.equal(relation.throughForeignKeyColumnName, 'user_id')
  })

  test('a decorator without the [related, through] pair throws E_INVALID_RELATION', ({
    assert,
  }) => {
    assert.throws(() => {
      class Region extends BaseModel {
        @column({ isPrimary: true }) declare id: number
        @hasManyThrough((() => Post) as unknown as [RelatedModelFn, RelatedModelFn])
        declare posts: HasManyThrough<typeof Post>
      }
      return Region
    }, /@hasManyThrough\(\[\(\) => RelatedModel, \(\) => ThroughModel\]\)/)
  })

  test('a foreignKey missing on the through model throws E_MISSING_MODEL_ATTRIBUTE', ({
    assert,
  }) => {
    class Region extends BaseModel {
      @column({ isPrimary: true }) declare id: number
      @hasManyThrough([() => Post, () => User]) declare posts: HasManyThrough<typeof Post>
    }
    const relation = Region.$getRelation('posts') as HasManyThroughRelation
    assert.throws(
      () => relation.boot(),
      '"Region.posts" expects "regionId" to exist on "User" model, but is missing'
    )
  })
})

test.group('HasManyThrough | query', (group) => {
  throughGroup(group)

  test('query() returns the related rows with the through key in $extras', async ({ assert }) => {
    const { india } = await seed()
    const posts = await india.related('posts').query()
    assert.deepEqual(titles(posts), ['romain-1', 'virk-1', 'virk-2'])
    assert.isTrue(posts.every((post) => post.$extras.through_country_id === india.id))
  })

  test('orWhere in a relation query stays inside the parent rows', async ({ assert }) => {
    const { india } = await seed()
    const posts = await india
      .related('posts')
      .query()
      .where('title', 'virk-1')
      .orWhere('title', 'nikk-1')
    assert.deepEqual(titles(posts), ['virk-1'])
  })

  test('rows of soft-deleted through models are left out', async ({ assert }) => {
    const { india, romain } = await seed()
    await romain.delete()
    const posts = await india.related('posts').query()
    assert.deepEqual(titles(posts), ['virk-1', 'virk-2'])
  })

  test('query().update() updates only the parent related rows', async ({ assert }) => {
    const { india } = await seed()
    await india.related('posts').query().update({ title: 'edited' })
    const all = await Post.query().orderBy('id')
    assert.deepEqual(
      all.map((post) => post.title),
      ['edited', 'edited', 'edited', 'nikk-1']
    )
  })

  test('an aggregate query counts the related rows', async ({ assert }) => {
    const { india } = await seed()
    const [row] = await india.related('posts').query().count('* as total').pojo<{ total: number }>()
    assert.equal(Number(row.total), 3)
  })
})

test.group('HasManyThrough | eager loading', (group) => {
  throughGroup(group)

  test('load() sets the related models of the parent', async ({ assert }) => {
    const { france } = await seed()
    await france.load('posts')
    assert.deepEqual(titles(france.posts), ['nikk-1'])
  })

  test('loadMany() loads 200 parents with one select', async ({ assert }) => {
    await db
      .table('hmt_countries')
      .multiInsert(
        Array.from({ length: 200 }, (_, index) => ({ code: `C${index}`, name: `c${index}` }))
      )
    const countries = await Country.query().orderBy('id')
    await db
      .table('hmt_users')
      .multiInsert(countries.map((country) => ({ name: country.code, country_id: country.id })))
    const users = await User.query().orderBy('id')
    await db
      .table('hmt_posts')
      .multiInsert(
        users.flatMap((user, index) =>
          Array.from({ length: (index % 3) + 1 }, (_, n) => ({ user_id: user.id, title: `p${n}` }))
        )
      )
    const events = await captureQueries(() => Country.loadMany(countries, 'posts'))
    assert.deepEqual(
      events.map((event) => event.method),
      ['select']
    )
    assert.isTrue(countries.every((country, index) => country.posts.length === (index % 3) + 1))
  })

  test('parents without related rows get an empty array', async ({ assert }) => {
    const { peru } = await seed()
    await peru.load('posts')
    assert.deepEqual(peru.posts, [])
  })

  test('loading for an empty parent list runs no query', async ({ assert }) => {
    const events = await captureQueries(() => Country.loadMany([], 'posts'))
    assert.lengthOf(events, 0)
  })

  test('Model.query().preload() loads the relation with a constraint', async ({ assert }) => {
    await seed()
    const countries = await Country.query()
      .preload('posts', (query) => query.where('title', 'like', 'virk%'))
      .orderBy('id')
    assert.deepEqual(
      countries.map((country) => titles(country.posts)),
      [['virk-1', 'virk-2'], [], []]
    )
  })

  test('groupLimit() keeps the top related rows of each parent', async ({ assert }) => {
    await seed()
    const countries = await Country.query()
      .preload('posts', (query) => query.groupLimit(2).groupOrderBy('hmt_posts.id', 'asc'))
      .orderBy('id')
    assert.deepEqual(
      countries.map((country) => country.posts.map((post) => post.title)),
      [['virk-1', 'virk-2'], ['nikk-1'], []]
    )
  })

  test('custom keys join on those attributes', async ({ assert }) => {
    const { india, france } = await seed()
    await Country.loadMany([india, france], 'postsByCode')
    assert.deepEqual(titles(india.postsByCode), ['romain-1', 'virk-1', 'virk-2'])
    assert.deepEqual(titles(france.postsByCode), ['nikk-1'])
    assert.equal(france.postsByCode[0].$extras.through_country_code, 'FR')
  })

  test('serialize() includes the loaded relation', async ({ assert }) => {
    const { france } = await seed()
    await france.load('posts')
    const json = france.serialize()
    assert.deepEqual(
      json.posts.map((post: { title: string }) => post.title),
      ['nikk-1']
    )
  })
})

test.group('HasManyThrough | sub queries', (group) => {
  throughGroup(group)

  test('has() keeps parents with related rows', async ({ assert }) => {
    await seed()
    const countries = await Country.query().has('posts').orderBy('id')
    assert.deepEqual(
      countries.map((country) => country.name),
      ['India', 'France']
    )
  })

  test('whereHas() constrains the related rows', async ({ assert }) => {
    await seed()
    const countries = await Country.query().whereHas('posts', (query) =>
      query.where('title', 'nikk-1')
    )
    assert.deepEqual(
      countries.map((country) => country.name),
      ['France']
    )
  })

  test('withCount() counts the related rows of each parent', async ({ assert }) => {
    await seed()
    const countries = await Country.query().withCount('posts').orderBy('id')
    assert.deepEqual(
      countries.map((country) => country.$extras.posts_count),
      [3, 1, 0]
    )
  })
})
