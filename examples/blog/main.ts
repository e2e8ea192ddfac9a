/**
 * `npm run demo`: a small blog on Stratum. It migrates its tables through
 * the `stratum` CLI (`migration:refresh`: only its own tables are rolled
 * back and created again, so every run starts clean), boots the provider,
 * seeds 50 users, 500 posts, 2,100 comments (on posts and on users) and tags
 * with factories, runs a
 * handful of real queries and prints what they returned, with timings.
 * SQLite by default; `DB=pg` or `DB=mysql` for the servers.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { ModelFactory } from '../../src/factories/main.js'
import { DatabaseProvider } from '../../providers/database_provider.js'
import { CommentFactory, PostFactory, TagFactory, UserFactory } from './factories.js'
import { Comment, Post, Tag, User } from './models.js'
import config from './stratum.config.js'

mkdirSync('tmp', { recursive: true })
const dialect = process.env.DB ?? 'sqlite'
const line = (label: string, value: unknown) => console.log(`  ${label.padEnd(38)} ${value}`)

/** Runs `work`, prints how long it took, hands back its result. */
async function step<T>(title: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now()
  const result = await work()
  console.log(`\n${title} (${(performance.now() - start).toFixed(0)} ms)`)
  return result
}

console.log(`Stratum blog demo on ${dialect}`)

// 1. migrations, through the CLI
const cli = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    'bin/stratum.ts',
    'migration:refresh',
    '--config',
    'examples/blog/stratum.config.ts',
  ],
  { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }
)
if (cli.status !== 0) {
  console.error(cli.stdout, cli.stderr)
  process.exit(1)
}
console.log(`\n$ stratum migration:refresh\n${cli.stdout.trimEnd().replace(/^/gm, '  ')}`)

// 2. the provider: config -> Database -> models
const provider = new DatabaseProvider(config)
provider.register()
await provider.boot()

try {
  ModelFactory.seed(2026)

  // 3. seed with factories: every model's rows go in a few multi-row INSERTs
  const users = await step('Seeded with factories', async () => {
    const tags = await TagFactory.createMany(12)
    const authors = await UserFactory.with('profile').createMany(50)
    await PostFactory.recycle(authors)
      .with('comments', 4)
      .hasAttached(tags.slice(0, 3), (post: Post) => ({ featured: post.views > 2500 }))
      .createMany(500)
    // 100 comments on users' pages: author and page picked among the 50 users
    await CommentFactory.recycle(authors).with('commentable').createMany(100)
    return authors
  })
  line(
    'users / posts / comments / tags',
    [
      users.length,
      await Post.query()
        .count('* as total')
        .pojo()
        .then(([row]) => row.total),
      await Comment.query()
        .count('* as total')
        .pojo()
        .then(([row]) => row.total),
      await Tag.query()
        .count('* as total')
        .pojo()
        .then(([row]) => row.total),
    ].join(' / ')
  )
  line(
    'pivot rows (3 tags per post)',
    (await provider.db.from('blog_post_tag').count('* as total'))[0].total
  )

  // soft deletes: the least read posts go to the trash
  const trashed = await Post.query().where('views', '<', 250).delete()
  line('posts soft deleted (views < 250)', trashed)

  // a morphTo preload: one query per commentable type, whatever the number of comments
  const comments = await step('Every comment with what it is on (morphTo preload)', () =>
    Comment.query().preload('commentable', (morph) =>
      morph.constrain('post', (posts) => posts.preload('author'))
    )
  )
  const on = (Model: typeof Post | typeof User) =>
    comments.filter((comment) => comment.commentable instanceof Model).length
  const hidden = comments.filter((comment) => comment.commentable === null).length
  line('on posts / on users / on trashed posts', `${on(Post)} / ${on(User)} / ${hidden}`)
  const [mostCommented] = await User.query()
    .withCount('comments')
    .orderBy('comments_count', 'desc')
    .orderBy('id')
    .limit(1)
  line('most commented user page', `${mostCommented.$extras.comments_count} comments`)

  // 4. preload with constraints: each top user's two most read published posts
  const top = await step('Top users, their 2 most read published posts', () =>
    User.query()
      .withCount('posts')
      .preload('posts', (posts) =>
        posts
          .withScopes((scopes) => scopes.published())
          .groupOrderBy('views', 'desc')
          .groupLimit(2)
          .withCount('comments')
      )
      .preload('profile')
      .orderBy('points', 'desc')
      .limit(3)
  )
  for (const user of top) {
    const posts = user.posts.map(
      (post) => `${post.views} views/${post.$extras.comments_count} comments`
    )
    line(`${user.name} (${user.points} pts, ${user.$extras.posts_count} posts)`, posts.join(', '))
  }

  // 5. whereHas: users with a post read more than 4,900 times
  const popular = await step('Users with a post over 4,900 views (whereHas)', () =>
    User.query()
      .whereHas('posts', (posts) => posts.where('views', '>', 4900))
      .orderBy('id')
  )
  line('count', popular.length)

  // 6. pagination, with relations
  const page = await step('Page 2 of the published posts, 5 per page', () =>
    Post.query()
      .withScopes((scopes) => scopes.published())
      .preload('author')
      .preload('tags')
      .orderBy('id')
      .paginate(2, 5)
  )
  const { meta } = page.serialize()
  line(
    'meta',
    JSON.stringify({ total: meta.total, currentPage: meta.currentPage, lastPage: meta.lastPage })
  )
  line(
    'first row',
    `"${page[0].title}" by ${page[0].author.name}, tags: ${page[0].tags.map((tag) => tag.name).join(', ')}`
  )

  // 7. a transaction: points move from one user to another, or not at all
  await step('Transaction: 10 points from the top user to the last one', () =>
    provider.db.transaction(async (trx) => {
      const [from, to] = [top[0], users[users.length - 1]]
      await User.query({ client: trx }).where('id', from.id).decrement('points', 10)
      await User.query({ client: trx }).where('id', to.id).increment('points', 10)
    })
  )
  line('top user points now', (await User.findOrFail(top[0].id)).points)

  // 8. updateOrCreateMany: one existing tag renamed in place, one new tag
  const [first] = await Tag.query().orderBy('id').limit(1)
  const upserted = await step('updateOrCreateMany on tags', () =>
    Tag.updateOrCreateMany('id', [
      { id: first.id, name: `${first.name}-renamed` },
      { id: 9999, name: 'typescript' },
    ])
  )
  line('tags', upserted.map((tag) => `${tag.id}:${tag.name}`).join(', '))

  // 9. the trash, and a restore
  const inTrash = await Post.query().onlyTrashed().count('* as total').pojo()
  console.log('\nThe trash')
  line('posts in the trash', inTrash[0].total)
  const restored = await Post.query().onlyTrashed().orderBy('id').firstOrFail()
  await restored.restore()
  line('restored a post', `#${restored.id} "${restored.title}"`)
} finally {
  await provider.shutdown()
}
