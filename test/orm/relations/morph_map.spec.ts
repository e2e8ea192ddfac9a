import { test } from '@japa/runner'
import { BaseModel } from '../../../src/orm/base_model/base_model.js'
import { column } from '../../../src/orm/decorators/column.js'
import { morphMany, morphTo } from '../../../src/orm/relations/decorators.js'
import { Relation } from '../../../src/orm/relations/morph_map.js'
import type { MorphMany, MorphTo } from '../../../src/types/relations.js'

class MapComment extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare commentableType: string | null
  @column() declare commentableId: number | null
  @morphTo() declare commentable: MorphTo<{ article: typeof MapArticle }>
}

class MapArticle extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @morphMany(() => MapComment) declare comments: MorphMany<typeof MapComment>
}

class MapLonely extends BaseModel {
  @column({ isPrimary: true }) declare id: number
}

test.group('Relation.morphMap', (group) => {
  group.each.setup(() => () => Relation.clearMorphMap())

  test('a mapped model stores its alias, and the alias resolves to it', ({ assert }) => {
    Relation.morphMap({ article: () => MapArticle })
    assert.equal(Relation.getMorphAlias(MapArticle), 'article')
    assert.strictEqual(Relation.getMorphedModel('article'), MapArticle)
    assert.deepEqual(Relation.getMorphMap(), { article: MapArticle })
  })

  test('without a map, the class name is stored and resolves for models with a morph relation', ({
    assert,
  }) => {
    assert.equal(Relation.getMorphAlias(MapArticle), 'MapArticle')
    assert.strictEqual(Relation.getMorphedModel('MapArticle'), MapArticle)
    // a model with no morph relation and no alias is not known by its name
    assert.equal(Relation.getMorphAlias(MapLonely), 'MapLonely')
    assert.isUndefined(Relation.getMorphedModel('MapLonely'))
  })

  test('merge false replaces the map', ({ assert }) => {
    Relation.morphMap({ article: () => MapArticle })
    Relation.morphMap({ lonely: () => MapLonely }, false)
    assert.deepEqual(Object.keys(Relation.getMorphMap()), ['lonely'])
    assert.equal(Relation.getMorphAlias(MapArticle), 'MapArticle')
  })

  test('an enforced map refuses models without an alias, with E_UNKNOWN_MORPH_TYPE', ({
    assert,
  }) => {
    Relation.enforceMorphMap({ article: () => MapArticle })
    assert.isTrue(Relation.requiresMorphMap())
    assert.equal(Relation.getMorphAlias(MapArticle), 'article')
    try {
      Relation.getMorphAlias(MapLonely)
      assert.fail('should throw')
    } catch (error) {
      assert.equal((error as { code: string }).code, 'E_UNKNOWN_MORPH_TYPE')
      assert.match((error as Error).message, /"MapLonely" has no alias in the enforced morph map/)
    }
    // class names no longer resolve either
    assert.isUndefined(Relation.getMorphedModel('MapArticle'))
  })

  test('@morphMany infers the morph name from the related model', ({ assert }) => {
    const relation = MapArticle.$getRelation('comments')!
    relation.boot()
    assert.equal((relation as unknown as { morphName: string }).morphName, 'commentable')
    assert.equal((relation as unknown as { typeKey: string }).typeKey, 'commentableType')
    assert.equal((relation as unknown as { foreignKey: string }).foreignKey, 'commentableId')
  })

  test('@morphMany without a name on a model with no morphTo is refused', ({ assert }) => {
    class Orphan extends BaseModel {
      @column({ isPrimary: true }) declare id: number
      @morphMany(() => MapLonely) declare lonelies: MorphMany<typeof MapLonely>
    }
    assert.throws(
      () => Orphan.$getRelation('lonelies')!.boot(),
      /cannot tell which morphTo of "MapLonely" it fills \(it has none\)/
    )
  })
})
