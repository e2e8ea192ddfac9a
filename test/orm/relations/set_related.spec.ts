import { test } from '@japa/runner'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import {
  belongsTo,
  hasMany,
  hasManyThrough,
  hasOne,
  manyToMany,
} from '../../../src/orm/relations/decorators.js'
import type {
  BelongsTo,
  HasMany,
  HasManyThrough,
  HasOne,
  ManyToMany,
} from '../../../src/types/relations.js'
import { Post, Profile, User, relationsGroup, seed } from './helpers.js'

class Tag extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare userId: number
}

/** One relation of every kind, none booted: setting related models needs no keys. */
class Writer extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare managerId: number | null
  @hasOne(() => Tag, { foreignKey: 'userId' }) declare pinned: HasOne<typeof Tag>
  @hasMany(() => Tag, { foreignKey: 'userId' }) declare tags: HasMany<typeof Tag>
  @belongsTo(() => Writer, { foreignKey: 'managerId' }) declare manager: BelongsTo<typeof Writer>
  @manyToMany(() => Tag) declare labels: ManyToMany<typeof Tag>
  @hasManyThrough([() => Tag, () => Writer]) declare reach: HasManyThrough<typeof Tag>
}

/** The error a function throws. */
function thrown(work: () => unknown): { code: string; message: string } {
  try {
    work()
  } catch (error) {
    return error as { code: string; message: string }
  }
  throw new Error('expected an error')
}

const relation = (name: string) => Writer.$getRelation(name)!

test.group('Relation setRelated / pushRelated', () => {
  test('setRelated stores a model on hasOne and belongsTo', ({ assert }) => {
    const writer = new Writer()
    const tag = new Tag()
    const manager = new Writer()
    relation('pinned').setRelated(writer, tag)
    relation('manager').setRelated(writer, manager)
    assert.strictEqual(writer.pinned, tag)
    assert.strictEqual(writer.manager, manager)
  })

  test('setRelated stores null on hasOne and belongsTo, and ignores undefined', ({ assert }) => {
    const writer = new Writer()
    relation('pinned').setRelated(writer, null)
    relation('manager').setRelated(writer, undefined)
    assert.isNull(writer.pinned)
    assert.isFalse(writer.$hasRelated('manager'))
  })

  test('setRelated replaces the list of hasMany, manyToMany and hasManyThrough', ({ assert }) => {
    const writer = new Writer()
    for (const name of ['tags', 'labels', 'reach']) {
      relation(name).setRelated(writer, [new Tag()])
      const tags = [new Tag(), new Tag()]
      relation(name).setRelated(writer, tags)
      assert.deepEqual(writer.$getRelated(name), tags, name)
    }
  })

  test('pushRelated appends one model or a list to many relations', ({ assert }) => {
    const writer = new Writer()
    const [one, two, three] = [new Tag(), new Tag(), new Tag()]
    for (const name of ['tags', 'labels', 'reach']) {
      relation(name).pushRelated(writer, one)
      relation(name).pushRelated(writer, [two, three])
      assert.deepEqual(writer.$getRelated(name), [one, two, three], name)
    }
  })

  test('pushRelated replaces the model of hasOne and belongsTo', ({ assert }) => {
    const writer = new Writer()
    const [first, second] = [new Tag(), new Tag()]
    relation('pinned').pushRelated(writer, first)
    relation('pinned').pushRelated(writer, second)
    assert.strictEqual(writer.pinned, second)
    const manager = new Writer()
    relation('manager').pushRelated(writer, manager)
    assert.strictEqual(writer.manager, manager)
  })

  test('an array for hasOne or belongsTo throws E_INVALID_RELATION', ({ assert }) => {
    const writer = new Writer()
    const error = thrown(() => relation('pinned').setRelated(writer, [new Tag(), new Tag()]))
    assert.equal(error.code, 'E_INVALID_RELATION')
    assert.equal(
      error.message,
      '"Writer.pinned" cannot reference more than one instance of "Tag" model'
    )
    assert.equal(
      thrown(() => relation('manager').pushRelated(writer, [new Writer()])).message,
      '"Writer.manager" cannot reference more than one instance of "Writer" model'
    )
    assert.isFalse(writer.$hasRelated('pinned'))
  })

  test('a single model set on a many relation throws E_INVALID_RELATION', ({ assert }) => {
    const writer = new Writer()
    for (const [name, type] of [
      ['tags', 'hasMany'],
      ['labels', 'manyToMany'],
      ['reach', 'hasManyThrough'],
    ]) {
      const error = thrown(() => relation(name).setRelated(writer, new Tag()))
      assert.equal(error.code, 'E_INVALID_RELATION')
      assert.equal(
        error.message,
        `"Writer.${name}" must be an array when setting "${type}" relationship`
      )
    }
  })
})

test.group('Model $setRelated / $pushRelated and relation properties', () => {
  test('$pushRelated with an array on hasOne throws', ({ assert }) => {
    const writer = new Writer()
    assert.throws(
      () => writer.$pushRelated('pinned', [new Tag(), new Tag()]),
      '"Writer.pinned" cannot reference more than one instance of "Tag" model'
    )
  })

  test('$setRelated with a single model on hasMany throws', ({ assert }) => {
    const writer = new Writer()
    assert.throws(
      () => writer.$setRelated('tags', new Tag()),
      '"Writer.tags" must be an array when setting "hasMany" relationship'
    )
  })

  test('assigning an array to a hasOne property or a model to a hasMany one throws', ({
    assert,
  }) => {
    const writer = new Writer()
    assert.throws(() => {
      writer.pinned = [new Tag()] as never
    }, '"Writer.pinned" cannot reference more than one instance of "Tag" model')
    assert.throws(() => {
      writer.tags = new Tag() as never
    }, '"Writer.tags" must be an array when setting "hasMany" relationship')
  })

  test('$pushRelated of one model on hasOne stores the model, not a list', ({ assert }) => {
    const writer = new Writer()
    const tag = new Tag()
    writer.$pushRelated('pinned', tag)
    assert.strictEqual(writer.$getRelated('pinned'), tag)
  })

  test('a subclass names itself in the error', ({ assert }) => {
    class Editor extends Writer {}
    assert.throws(
      () => new Editor().$setRelated('labels', new Tag()),
      '"Editor.labels" must be an array when setting "manyToMany" relationship'
    )
  })
})

test.group('setRelated / pushRelated on fetched models', (group) => {
  relationsGroup(group)

  test('pushRelated adds to preloaded rows and serialize shows them', async ({ assert }) => {
    const { alice } = await seed()
    const user = await User.query().where('id', alice.id).preload('posts').firstOrFail()
    const draft = new Post().merge({ title: 'draft', views: 0 })
    User.$getRelation('posts')!.pushRelated(user, draft)
    assert.deepEqual(
      user.serialize().posts.map((post: { title: string }) => post.title),
      ['a1', 'a2', 'a3', 'draft']
    )
  })

  test('setRelated replaces a preloaded hasOne', async ({ assert }) => {
    const { alice } = await seed()
    const user = await User.query().where('id', alice.id).preload('profile').firstOrFail()
    const profile = await Profile.findByOrFail('bio', 'bob bio')
    User.$getRelation('profile')!.setRelated(user, profile)
    assert.equal(user.profile.bio, 'bob bio')
    assert.throws(
      () => User.$getRelation('profile')!.setRelated(user, [profile]),
      '"User.profile" cannot reference more than one instance of "Profile" model'
    )
  })
})
