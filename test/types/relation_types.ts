/**
 * Compile-time checks of relation names and relation clients, run by
 * `npm run typecheck`: each `@ts-expect-error` line must fail to compile.
 */
import { BaseModel, belongsTo, column, hasMany, hasOne, manyToMany } from '../../src/orm/main.js'
import type { BelongsTo, HasMany, HasOne, ManyToMany } from '../../src/types/relations.js'

class Author extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
  // properties named like Lucid internals must not break the types
  @column() declare type: string
  @column() declare client: string
  @hasMany(() => Article) declare articles: HasMany<typeof Article>
  @hasOne(() => Bio) declare bio: HasOne<typeof Bio>
  @manyToMany(() => Tag) declare tags: ManyToMany<typeof Tag>
}

class Article extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare authorId: number
  @column() declare title: string
  @belongsTo(() => Author) declare author: BelongsTo<typeof Author>
}

class Bio extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare authorId: number
  @column() declare text: string
}

class Tag extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare label: string
}

type Equals<Actual, Expected> =
  (<T>() => T extends Actual ? 1 : 2) extends <T>() => T extends Expected ? 1 : 2 ? true : false
function expectTypeOf<Actual>(_value: Actual) {
  return { toEqual<Expected>(_proof: Equals<Actual, Expected>) {} }
}

export async function checks(author: Author) {
  await Author.create({ name: 'a', type: 'staff', client: 'x' })
  // @ts-expect-error relations are not attributes
  await Author.create({ articles: [] })

  const authors = await Author.query()
    .preload('articles', (articles) => articles.where('title', 'x').preload('author'))
    .preload('bio')
    .withCount('articles')
    .whereHas('tags', (tags) => tags.wherePivot('active', true))
  expectTypeOf(authors).toEqual<Author[]>(true)
  // @ts-expect-error unknown relation name
  Author.query().preload('posts')
  // @ts-expect-error attributes are not relations
  Author.query().withCount('name')
  // @ts-expect-error unknown relation in whereHas
  Author.query().whereHas('comments', () => {})

  const article = await author.related('articles').create({ title: 'Hello' })
  expectTypeOf(article).toEqual<Article>(true)
  // @ts-expect-error misspelled attribute of the related model
  await author.related('articles').create({ titel: 'Hello' })
  // @ts-expect-error unknown relation for related()
  author.related('comments')

  const tags = await author.related('tags').query()
  expectTypeOf(tags).toEqual<Tag[]>(true)
  const pinned = await author.related('tags').query().wherePivot('active', true)
  expectTypeOf(pinned).toEqual<Tag[]>(true)
  await author.related('tags').attach([1, 2])
  await author.related('tags').sync({ 1: { active: true } })
  await author.related('bio').create({ text: 'x' })
  await article.related('author').associate(author)
  await author.load('articles')
  // @ts-expect-error unknown relation for loadOnce()
  await author.loadOnce('comments')
}
