import { test } from '@japa/runner'
import type { Database } from '../../src/database/database.js'
import { BaseModel } from '../../src/orm/base_model/base_model.js'
import { column, computed } from '../../src/orm/decorators/column.js'
import { dropTables } from '../helpers/database.js'
import { createTable, openDatabase } from './helpers.js'

class Author extends BaseModel {
  static override table = 'orm_ser_authors'

  @column({ isPrimary: true }) declare id: number
  @column() declare firstName: string
  @column() declare lastName: string
  @column({ serializeAs: null }) declare password: string
  @column({ serialize: (value: number) => `${value} pts` }) declare points: number

  @computed() get fullName() {
    return `${this.firstName} ${this.lastName}`
  }

  @computed({ serializeAs: 'initials' }) get nameInitials() {
    return `${this.firstName[0]}${this.lastName[0]}`
  }

  @computed({ serializeAs: null }) get internalScore() {
    return this.points * 2
  }
}

class Book extends BaseModel {
  static override table = 'orm_ser_books'

  @column({ isPrimary: true }) declare id: number
  @column() declare title: string
  @column() declare pageCount: number
}

class AuthorWithMeta extends Author {
  static override table = 'orm_ser_authors'
  override serializeExtras = true
}

class AuthorWithCustomMeta extends Author {
  static override table = 'orm_ser_authors'
  override serializeExtras = function (this: AuthorWithCustomMeta) {
    return { rank: this.$extras.rank_value }
  }
}

function makeAuthor() {
  const author = new Author()
  author.merge({ id: 1, firstName: 'Ada', lastName: 'Lovelace', password: 'secret', points: 10 })
  return author
}

function makeBook(id: number, title: string) {
  const book = new Book()
  book.merge({ id, title, pageCount: 100 + id })
  return book
}

test.group('Serialization', () => {
  test('serialize outputs attributes under camelCase keys and hides serializeAs null', ({
    assert,
  }) => {
    assert.deepEqual(makeAuthor().serialize(), {
      id: 1,
      firstName: 'Ada',
      lastName: 'Lovelace',
      points: '10 pts',
      fullName: 'Ada Lovelace',
      initials: 'AL',
    })
  })

  test('models whose attributes were set in different orders serialize in their own order', ({
    assert,
  }) => {
    // serialize() remembers the last key order it met: each shape must still come out whole
    const shapes: Array<Record<string, unknown>> = [
      { id: 1, firstName: 'Ada', lastName: 'Lovelace', password: 'x', points: 1 },
      { points: 2, lastName: 'Hopper', id: 2, firstName: 'Grace' },
      { lastName: 'Lamarr', firstName: 'Hedy' },
      { id: 4, firstName: 'Ada', lastName: 'Lovelace', password: 'x', points: 4 },
    ]
    for (const values of shapes) {
      const author = new Author()
      author.merge(values)
      const serialized = author.serializeAttributes()
      const expected = Object.keys(values)
        .filter((key) => key !== 'password')
        .map((key) => [key, key === 'points' ? `${values[key]} pts` : values[key]])
      assert.deepEqual(Object.entries(serialized), expected)
    }
  })

  test('fields given as an array pick those serialized keys', ({ assert }) => {
    assert.deepEqual(makeAuthor().serialize({ fields: ['id', 'firstName', 'initials'] }), {
      id: 1,
      firstName: 'Ada',
      initials: 'AL',
    })
  })

  test('fields.pick keeps only the listed keys', ({ assert }) => {
    assert.deepEqual(makeAuthor().serialize({ fields: { pick: ['lastName', 'fullName'] } }), {
      lastName: 'Lovelace',
      fullName: 'Ada Lovelace',
    })
  })

  test('fields.omit drops the listed keys', ({ assert }) => {
    const json = makeAuthor().serialize({ fields: { omit: ['points', 'fullName'] } })
    assert.deepEqual(Object.keys(json), ['id', 'firstName', 'lastName', 'initials'])
  })

  test('fields.pick and fields.omit combine', ({ assert }) => {
    const json = makeAuthor().serialize({
      fields: { pick: ['id', 'firstName', 'lastName'], omit: ['lastName'] },
    })
    assert.deepEqual(json, { id: 1, firstName: 'Ada' })
  })

  test('a hidden column cannot be picked back', ({ assert }) => {
    assert.deepEqual(makeAuthor().serialize({ fields: ['password', 'id'] }), { id: 1 })
  })

  test('serializeAttributes outputs the columns only, with cherry picking', ({ assert }) => {
    const author = makeAuthor()
    assert.deepEqual(author.serializeAttributes({ omit: ['lastName'] }), {
      id: 1,
      firstName: 'Ada',
      points: '10 pts',
    })
  })

  test('serializeAttributes in raw mode skips the serialize functions', ({ assert }) => {
    assert.equal(makeAuthor().serializeAttributes(undefined, true).points, 10)
  })

  test('serializeComputed outputs computed properties under their serializeAs names', ({
    assert,
  }) => {
    assert.deepEqual(makeAuthor().serializeComputed(), {
      fullName: 'Ada Lovelace',
      initials: 'AL',
    })
    assert.deepEqual(makeAuthor().serializeComputed(['initials']), { initials: 'AL' })
  })

  test('serializeRelations serializes loaded related models', ({ assert }) => {
    const author = makeAuthor()
    author.$setRelated('books', [makeBook(1, 'Notes'), makeBook(2, 'Sketch')])
    author.$setRelated('favourite', makeBook(3, 'Engine'))
    author.$setRelated('editor', null)
    assert.deepEqual(author.serializeRelations(), {
      books: [
        { id: 1, title: 'Notes', pageCount: 101 },
        { id: 2, title: 'Sketch', pageCount: 102 },
      ],
      favourite: { id: 3, title: 'Engine', pageCount: 103 },
      editor: null,
    })
  })

  test('serializeRelations in raw mode returns the model instances', ({ assert }) => {
    const author = makeAuthor()
    const book = makeBook(1, 'Notes')
    author.$setRelated('favourite', book)
    assert.strictEqual(author.serializeRelations(undefined, true).favourite, book)
  })

  test('serialize cherry picks the fields of the relations it names and keeps the others whole', ({
    assert,
  }) => {
    const author = makeAuthor()
    author.$setRelated('books', [makeBook(1, 'Notes')])
    author.$setRelated('favourite', makeBook(3, 'Engine'))
    const json = author.serialize({
      fields: ['id'],
      relations: { books: { fields: { pick: ['title'] } } },
    })
    assert.deepEqual(json, {
      id: 1,
      books: [{ title: 'Notes' }],
      favourite: { id: 3, title: 'Engine', pageCount: 103 },
    })
  })

  test('serializeExtras = true outputs $extras under meta', ({ assert }) => {
    const author = new AuthorWithMeta()
    author.merge({ id: 1, firstName: 'Ada', lastName: 'Lovelace', points: 1 })
    author.$extras.booksCount = 3
    assert.deepEqual(author.serialize().meta, { booksCount: 3 })
    assert.notProperty(makeAuthor().serialize(), 'meta')
  })

  test('serializeExtras as a function decides how extras are output', ({ assert }) => {
    const author = new AuthorWithCustomMeta()
    author.merge({ id: 1, firstName: 'Ada', lastName: 'Lovelace', points: 1 })
    author.$extras.rank_value = 7
    const json = author.serialize()
    assert.equal(json.rank, 7)
    assert.notProperty(json, 'meta')
  })

  test('JSON.stringify uses toJSON, which is serialize()', ({ assert }) => {
    const author = makeAuthor()
    assert.deepEqual(JSON.parse(JSON.stringify(author)), author.serialize())
    assert.deepEqual(JSON.parse(JSON.stringify([author]))[0].initials, 'AL')
  })

  test('toObject returns attributes by attribute name, relations, computed and $extras', ({
    assert,
  }) => {
    const author = makeAuthor()
    author.$extras.rank = 2
    author.$setRelated('favourite', makeBook(3, 'Engine'))
    const object = author.toObject()
    assert.equal(object.password, 'secret')
    assert.equal(object.points, 10)
    assert.equal(object.internalScore, 20)
    assert.equal(object.nameInitials, 'AL')
    assert.deepEqual(object.favourite, {
      id: 3,
      title: 'Engine',
      pageCount: 103,
      $extras: {},
    })
    assert.deepEqual(object.$extras, { rank: 2 })
  })

  test('a computed getter returning undefined adds no key; null is kept', ({ assert }) => {
    class Reader extends BaseModel {
      @column({ isPrimary: true }) declare id: number
      @column() declare nickname: string | null
      @computed() get alias() {
        return this.nickname === null ? null : undefined
      }
    }
    const reader = new Reader()
    reader.merge({ id: 1, nickname: 'ada' })
    assert.deepEqual(reader.serialize(), { id: 1, nickname: 'ada' })
    assert.deepEqual(reader.serializeComputed(), {})
    reader.nickname = null
    assert.deepEqual(reader.serialize(), { id: 1, nickname: null, alias: null })
  })

  test('toAttributes returns a copy of the attributes', ({ assert }) => {
    const author = makeAuthor()
    const attributes = author.toAttributes()
    assert.deepEqual(attributes, {
      id: 1,
      firstName: 'Ada',
      lastName: 'Lovelace',
      password: 'secret',
      points: 10,
    })
    attributes.firstName = 'Changed'
    assert.equal(author.firstName, 'Ada')
  })
})

test.group('Serialization of fetched models', (group) => {
  let db: Database
  group.each.setup(async () => {
    db = openDatabase()
    await createTable(db, 'orm_ser_authors', (t) => {
      t.increments('id')
      t.string('first_name', 50)
      t.string('last_name', 50)
      t.string('password', 50)
      t.integer('points')
    })
    return async () => {
      await dropTables(db, 'orm_ser_authors')
      await db.manager.closeAll()
    }
  })

  test('selected extra values are output under meta with serializeExtras', async ({ assert }) => {
    await AuthorWithMeta.create({ firstName: 'Ada', lastName: 'L', password: 'x', points: 4 })
    const author = await AuthorWithMeta.query()
      .select('*')
      .select(db.raw('? as label', ['star']))
      .firstOrFail()
    assert.deepEqual(author.serialize().meta, { label: 'star' })
    assert.equal(author.serialize().firstName, 'Ada')
  })
})
