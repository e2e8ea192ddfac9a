import { test } from '@japa/runner'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import type { BelongsTo as BelongsToRelation } from '../../../src/orm/relations/belongs_to/relation.js'
import {
  belongsTo,
  hasMany,
  hasManyThrough,
  hasOne,
  manyToMany,
} from '../../../src/orm/relations/decorators.js'
import type { HasMany as HasManyRelation } from '../../../src/orm/relations/has_many/relation.js'
import type { HasManyThrough as HasManyThroughRelation } from '../../../src/orm/relations/has_many_through/relation.js'
import type { ManyToMany as ManyToManyRelation } from '../../../src/orm/relations/many_to_many/relation.js'
import type { RelatedQuery } from '../../../src/orm/relations/base.js'
import type {
  BelongsTo,
  HasMany,
  HasManyThrough,
  HasOne,
  ManyToMany,
} from '../../../src/types/relations.js'
import { type Post, Profile, User, relationsGroup, seed } from './helpers.js'

class Skill extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare baseAccountId: number
  @column() declare ownerId: number
  @column() declare ownerUid: number
}

/** A parent class declaring one relation of every kind with explicit keys. */
class BaseAccount extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare ownerUid: number
  @hasOne(() => Skill, { foreignKey: 'ownerUid' }) declare favourite: HasOne<typeof Skill>
  @hasMany(() => Skill, { foreignKey: 'ownerUid' }) declare skills: HasMany<typeof Skill>
  @belongsTo(() => Skill, { foreignKey: 'ownerUid' }) declare owner: BelongsTo<typeof Skill>
  @manyToMany(() => Skill, { pivotRelatedForeignKey: 'skill_uid' })
  declare learnt: ManyToMany<typeof Skill>
  @hasManyThrough([() => Skill, () => Skill], {
    foreignKey: 'ownerUid',
    throughForeignKey: 'ownerUid',
  })
  declare network: HasManyThrough<typeof Skill>
}

class Account extends BaseAccount {}

const kinds = ['favourite', 'skills', 'owner', 'learnt', 'network']

test.group('Relations | inheritance', () => {
  test('a subclass gets its own copy of every inherited relation, bound to it', ({ assert }) => {
    Account.boot()
    for (const name of kinds) {
      const inherited = Account.$getRelation(name)!
      const declared = BaseAccount.$getRelation(name)!
      assert.notStrictEqual(inherited, declared, name)
      assert.strictEqual(inherited.model, Account, name)
      assert.strictEqual(declared.model, BaseAccount, name)
      assert.strictEqual(inherited.relatedModel(), Skill, name)
      assert.equal(inherited.type, declared.type, name)
    }
  })

  test('the copy keeps the options of the parent relation', ({ assert }) => {
    const skills = Account.$getRelation('skills') as HasManyRelation
    skills.boot()
    assert.equal(skills.foreignKey, 'ownerUid')
    const learnt = Account.$getRelation('learnt') as ManyToManyRelation
    learnt.boot()
    assert.equal(learnt.pivotRelatedForeignKey, 'skill_uid')
    const owner = Account.$getRelation('owner') as BelongsToRelation
    owner.boot()
    assert.equal(owner.foreignKey, 'ownerUid')
    const network = Account.$getRelation('network') as HasManyThroughRelation
    network.boot()
    assert.strictEqual(network.throughModel(), Skill)
    assert.equal(network.throughForeignKey, 'ownerUid')
  })

  test('default keys and pivot names come from the class that declared the relation', ({
    assert,
  }) => {
    class Owner extends BaseModel {
      @column({ isPrimary: true }) declare id: number
      @hasMany(() => Skill) declare skills: HasMany<typeof Skill>
      @manyToMany(() => Skill) declare tags: ManyToMany<typeof Skill>
    }
    class BaseAccountOwner extends Owner {}
    // `baseAccountId` is what the subclass's own name would give: the declaring class wins
    const skills = BaseAccountOwner.$getRelation('skills') as HasManyRelation
    skills.boot()
    assert.equal(skills.foreignKey, 'ownerId')
    const tags = BaseAccountOwner.$getRelation('tags') as ManyToManyRelation
    tags.boot()
    assert.equal(tags.pivotTable, 'owner_skill')
    assert.equal(tags.pivotForeignKey, 'owner_id')
  })

  test('a subclass may redeclare an inherited relation without touching the parent', ({
    assert,
  }) => {
    const onQuery = (query: RelatedQuery) => query.where('id', 1)
    class Member extends BaseAccount {
      @hasOne(() => Skill, { foreignKey: 'ownerUid', onQuery }) declare favourite: HasOne<
        typeof Skill
      >
      @hasMany(() => Skill, { foreignKey: 'baseAccountId' }) declare extra: HasMany<typeof Skill>
    }
    assert.strictEqual(Member.$getRelation('favourite')!.onQueryHook, onQuery)
    assert.isUndefined(BaseAccount.$getRelation('favourite')!.onQueryHook)
    assert.isTrue(Member.$hasRelation('extra'))
    assert.isFalse(BaseAccount.$hasRelation('extra'))
    assert.strictEqual(Member.$getRelation('favourite')!.model, Member)
  })
})

/** Subclasses of the spec models, over the same tables (a table name is not inherited). */
class Author extends User {
  static override table = 'rel_users'
}
class Biography extends Profile {
  static override table = 'rel_profiles'
}

test.group('Relations | inherited relations query', (group) => {
  relationsGroup(group)

  test('a subclass preloads an inherited hasMany with the parent keys', async ({ assert }) => {
    const { alice } = await seed()
    const author = await Author.query().where('id', alice.id).preload('posts').firstOrFail()
    assert.instanceOf(author, Author)
    assert.deepEqual(author.posts.map((post) => post.title).sort(), ['a1', 'a2', 'a3'])
    assert.strictEqual(Author.$getRelation('posts')!.model, Author)
  })

  test('a subclass queries an inherited belongsTo and counts an inherited hasMany', async ({
    assert,
  }) => {
    const { alice } = await seed()
    const biography = await Biography.query()
      .where('userId', alice.id)
      .preload('user')
      .firstOrFail()
    assert.equal(biography.user.username, 'alice')
    const author = await Author.query().where('id', alice.id).withCount('posts').firstOrFail()
    assert.equal(Number(author.$extras.posts_count), 3)
    const related = await author.related('posts').query().orderBy('id')
    assert.deepEqual(
      related.map((post: Post) => post.title),
      ['a1', 'a2', 'a3']
    )
  })
})
