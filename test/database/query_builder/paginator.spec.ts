import { test } from '@japa/runner'
import type { Database } from '../../../src/database/database.js'
import { SimplePaginator } from '../../../src/database/query_builder/paginator.js'
import { createDatabase, createUsersTable, dropTables } from '../../helpers/database.js'
import type { QueryEvent } from '../../../src/types/database.js'

async function seedUsers(db: Database, count: number) {
  const rows = Array.from({ length: count }, (_, index) => ({
    username: `user${index + 1}`,
    points: index % 3,
  }))
  if (rows.length) await db.table('users').multiInsert(rows)
}

test.group('DatabaseQueryBuilder.paginate', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = createDatabase()
    await createUsersTable(db)
    return async () => {
      await dropTables(db, 'users')
      await db.manager.closeAll()
    }
  })

  test('paginates rows and computes the meta', async ({ assert }) => {
    await seedUsers(db, 7)
    const page = await db.from('users').orderBy('id').paginate(2, 3)
    assert.instanceOf(page, SimplePaginator)
    assert.deepEqual(
      page.all().map((row) => row.username),
      ['user4', 'user5', 'user6']
    )
    assert.equal(page.total, 7)
    assert.equal(page.lastPage, 3)
    assert.isTrue(page.hasMorePages)
    assert.isTrue(page.hasPages)
  })

  test('the last page holds the remaining rows', async ({ assert }) => {
    await seedUsers(db, 7)
    const page = await db.from('users').orderBy('id').paginate(3, 3)
    assert.deepEqual(
      page.all().map((row) => row.username),
      ['user7']
    )
    assert.isFalse(page.hasMorePages)
    assert.isNull(page.getNextPageUrl())
  })

  test('an empty table gives one empty page and skips the row query', async ({ assert }) => {
    const events: QueryEvent[] = []
    db.emitter.on('db:query', (event) => events.push(event))
    const page = await db.from('users').debug(true).paginate(1, 10)
    assert.lengthOf(events, 1)
    assert.equal(page.total, 0)
    assert.equal(page.lastPage, 1)
    assert.isTrue(page.isEmpty)
    assert.isFalse(page.hasTotal)
    assert.isFalse(page.hasPages)
  })

  test('an out of range page is empty with the right meta', async ({ assert }) => {
    await seedUsers(db, 5)
    const page = await db.from('users').paginate(9, 2)
    assert.isTrue(page.isEmpty)
    assert.equal(page.total, 5)
    assert.equal(page.currentPage, 9)
    assert.equal(page.lastPage, 3)
    assert.isFalse(page.hasMorePages)
  })

  test('a page below 1 is page 1', async ({ assert }) => {
    await seedUsers(db, 3)
    const page = await db.from('users').orderBy('id').paginate(0, 2)
    assert.equal(page.currentPage, 1)
    assert.deepEqual(
      page.all().map((row) => row.username),
      ['user1', 'user2']
    )
  })

  test('perPage larger than the total gives a single page', async ({ assert }) => {
    await seedUsers(db, 3)
    const page = await db.from('users').paginate(1, 50)
    assert.lengthOf(page, 3)
    assert.equal(page.lastPage, 1)
    assert.isFalse(page.hasPages)
  })

  test('the count ignores order, limit, offset and select', async ({ assert }) => {
    await seedUsers(db, 6)
    const page = await db
      .from('users')
      .select('username')
      .where('points', 0)
      .orderBy('id', 'desc')
      .limit(1)
      .offset(1)
      .paginate(1, 1)
    assert.equal(page.total, 2)
    assert.deepEqual(page.all(), [{ username: 'user4' }])
  })

  test('grouped queries count groups, not rows', async ({ assert }) => {
    await seedUsers(db, 7)
    const page = await db
      .from('users')
      .select('points')
      .count('* as total')
      .groupBy('points')
      .orderBy('points')
      .paginate(1, 2)
    assert.equal(page.total, 3)
    assert.deepEqual(page.all(), [
      { points: 0, total: 3 },
      { points: 1, total: 2 },
    ])
  })

  test('distinct queries count distinct rows', async ({ assert }) => {
    await seedUsers(db, 7)
    const page = await db.from('users').distinct('points').orderBy('points').paginate(1, 10)
    assert.equal(page.total, 3)
  })

  test('paginate leaves a clone of the builder untouched', async ({ assert }) => {
    await seedUsers(db, 4)
    const query = db.from('users').orderBy('id')
    const copy = query.clone()
    await query.paginate(2, 2)
    assert.lengthOf(await copy, 4)
  })
})

test.group('SimplePaginator', () => {
  test('builds urls with the base url and query string', ({ assert }) => {
    const page = new SimplePaginator(50, 10, 2, { id: 1 })
      .baseUrl('/users')
      .queryString({ sort: 'name', tags: ['a', 'b'] })
    const tags = 'tags%5B0%5D=a&tags%5B1%5D=b'
    assert.equal(page.getUrl(3), `/users?sort=name&${tags}&page=3`)
    assert.equal(page.getUrl(-4), `/users?sort=name&${tags}&page=1`)
    assert.equal(page.getNextPageUrl(), `/users?sort=name&${tags}&page=3`)
    assert.equal(page.getPreviousPageUrl(), `/users?sort=name&${tags}&page=1`)
  })

  test('writes the query string as qs.stringify does (what Lucid uses)', ({ assert }) => {
    const page = new SimplePaginator(50, 10, 1).baseUrl('/users')
    // request.qs() of `?filter[status]=active&filter[tags][]=x&ids[]=5`: nested values survive
    page.queryString({ filter: { status: 'active', tags: ['x', 'y z'] }, ids: [5] })
    assert.equal(
      page.getUrl(2),
      '/users?filter%5Bstatus%5D=active&filter%5Btags%5D%5B0%5D=x&filter%5Btags%5D%5B1%5D=y%20z' +
        '&ids%5B0%5D=5&page=2'
    )
    // RFC 3986: `!'()*` and spaces escaped; null as an empty value; undefined, empty lists skipped
    page.queryString({ q: "a b!'()*~", none: null, gone: undefined, empty: [], on: true })
    assert.equal(page.getUrl(1), '/users?q=a%20b%21%27%28%29%2A~&none=&on=true&page=1')
    // a page key already there keeps its place, with the link's page number
    page.queryString({ page: 9, sort: 'id', at: new Date(Date.UTC(2026, 0, 2)) })
    assert.equal(page.getUrl(3), '/users?page=3&sort=id&at=2026-01-02T00%3A00%3A00.000Z')
  })

  test('the first page has no previous url', ({ assert }) => {
    assert.isNull(new SimplePaginator(5, 10, 1).getPreviousPageUrl())
  })

  test('getUrlsForRange marks the active page', ({ assert }) => {
    const page = new SimplePaginator(30, 10, 2)
    assert.deepEqual(page.getUrlsForRange(1, 3), [
      { url: '/?page=1', page: 1, isActive: false },
      { url: '/?page=2', page: 2, isActive: true },
      { url: '/?page=3', page: 3, isActive: false },
    ])
  })

  test('toJSON gives the meta and the rows', ({ assert }) => {
    const page = new SimplePaginator(3, 2, 1, { id: 1 }, { id: 2 })
    assert.deepEqual(JSON.parse(JSON.stringify(page)), {
      meta: {
        total: 3,
        perPage: 2,
        currentPage: 1,
        lastPage: 2,
        firstPage: 1,
        firstPageUrl: '/?page=1',
        lastPageUrl: '/?page=2',
        nextPageUrl: '/?page=2',
        previousPageUrl: null,
      },
      data: [{ id: 1 }, { id: 2 }],
    })
  })

  test('a naming strategy renames the meta keys', ({ assert }) => {
    const page = new SimplePaginator(1, 10, 1, 'row')
    page.namingStrategy = {
      paginationMetaKeys: () => ({
        total: 'total',
        perPage: 'per_page',
        currentPage: 'current_page',
        lastPage: 'last_page',
        firstPage: 'first_page',
        firstPageUrl: 'first_page_url',
        lastPageUrl: 'last_page_url',
        nextPageUrl: 'next_page_url',
        previousPageUrl: 'previous_page_url',
      }),
    }
    assert.containsSubset(page.getMeta(), { per_page: 10, current_page: 1, last_page: 1 })
  })

  test('map and filter return plain arrays', ({ assert }) => {
    const page = new SimplePaginator(3, 10, 1, 1, 2, 3)
    const doubled = page.map((value) => value * 2)
    assert.notInstanceOf(doubled, SimplePaginator)
    assert.deepEqual(doubled, [2, 4, 6])
    assert.deepEqual(
      page.filter((value) => value > 1),
      [2, 3]
    )
  })

  test('a single numeric row is kept as a row', ({ assert }) => {
    const page = new SimplePaginator(1, 10, 1, 5)
    assert.deepEqual(page.all(), [5])
  })
})
