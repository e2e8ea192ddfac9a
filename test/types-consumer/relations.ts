/** Relations, through the built `stratum/orm` and `stratum/types/relations`. */
import {
  BaseModel,
  belongsTo,
  column,
  hasMany,
  hasManyThrough,
  hasOne,
  manyToMany,
} from 'stratum/orm'
import type { ModelQueryBuilder } from 'stratum/orm'
import type {
  BelongsTo,
  HasMany,
  HasManyThrough,
  HasOne,
  ManyToMany,
} from 'stratum/types/relations'
import { expectNotAny, expectTypeOf } from './helpers.js'

export class Author extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare name: string
  @hasMany(() => Article) declare articles: HasMany<typeof Article>
  @hasOne(() => Bio) declare bio: HasOne<typeof Bio>
  @manyToMany(() => Tag) declare tags: ManyToMany<typeof Tag>
  @hasManyThrough([() => Comment, () => Article]) declare comments: HasManyThrough<typeof Comment>
}

export class Article extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare authorId: number
  @column() declare title: string
  @belongsTo(() => Author) declare author: BelongsTo<typeof Author>
}

export class Comment extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare articleId: number
  @column() declare body: string
}

export class Bio extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare authorId: number
  @column() declare text: string
}

export class Tag extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @column() declare label: string
}

/** `onQuery` gets the related model's query (with pivot constraints on a manyToMany). */
export class Editor extends BaseModel {
  @column({ isPrimary: true }) declare id: number
  @hasMany(() => Article, {
    onQuery: (query) => {
      expectNotAny(query)
      expectTypeOf(query).toEqual<ModelQueryBuilder<typeof Article>>(true)
      query.where('title', 'x')
    },
  })
  declare articles: HasMany<typeof Article>
  @hasOne(() => Bio, { onQuery: (query: ModelQueryBuilder<typeof Bio>) => query.whereNull('text') })
  declare bio: HasOne<typeof Bio>
  @manyToMany(() => Tag, { onQuery: (query) => query.wherePivot('active', true) })
  declare tags: ManyToMany<typeof Tag>
  // @ts-expect-error onQuery's query has the query builder's methods only
  @hasMany(() => Article, { onQuery: (query) => query.notAQueryMethod() })
  declare drafts: HasMany<typeof Article>
}

export async function relationChecks(author: Author) {
  const authors = await Author.query()
    .preload('articles', (articles) => articles.where('title', 'x').preload('author'))
    .preload('bio')
    .withCount('articles')
    .whereHas('tags', (tags) => tags.wherePivot('active', true))
  expectTypeOf(authors).toEqual<Author[]>(true)
  expectTypeOf(author.articles[0]).toEqual<Article>(true)
  expectTypeOf(author.bio.text).toEqual<string>(true)

  const article = await author.related('articles').create({ title: 'Hello' })
  expectTypeOf(article).toEqual<Article>(true)
  expectTypeOf(await author.related('tags').query()).toEqual<Tag[]>(true)
  expectTypeOf(await author.related('comments').query()).toEqual<Comment[]>(true)
  expectNotAny(author.related('tags'))
  await author.related('tags').attach([1, 2])
  await author.related('tags').sync({ 1: { active: true } })
  await author.related('bio').create({ text: 'x' })
  await article.related('author').associate(author)
  await author.load('articles')

  // @ts-expect-error relations are not attributes
  await Author.create({ articles: [] })
  // @ts-expect-error unknown relation name
  Author.query().preload('posts')
  // @ts-expect-error BaseModel's members are not relations
  Author.query().preload('$primaryKeyValue')
  // @ts-expect-error attributes are not relations
  Author.query().withCount('name')
  // @ts-expect-error misspelled attribute of the related model
  await author.related('articles').create({ titel: 'Hello' })
  // @ts-expect-error unknown relation for related()
  author.related('reviews')
}
