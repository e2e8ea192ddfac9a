/**
 * The blog's connection: a SQLite file by default, the local PostgreSQL or
 * MariaDB/MySQL test database with `DB=pg` / `DB=mysql` (PG_* / MYSQL_* env
 * vars override host, port, user, password, database).
 */
import { resolve } from 'node:path'
import type { ConnectionConfig } from '../../src/types/database.js'

// relative to this config's folder, as the CLI resolves them
const migrations = { paths: ['database/migrations'], tableName: 'blog_schema' }

export function blogConnection(): ConnectionConfig {
  const env = process.env
  switch (env.DB ?? 'sqlite') {
    case 'pg':
      return {
        client: 'pg',
        connection: {
          host: env.PG_HOST ?? '127.0.0.1',
          port: Number(env.PG_PORT ?? 5432),
          user: env.PG_USER ?? 'postgres',
          password: env.PG_PASSWORD ?? '',
          database: env.PG_DATABASE ?? 'stratum_test',
        },
        migrations,
      }
    case 'mysql':
      return {
        client: 'mysql2',
        connection: {
          host: env.MYSQL_HOST ?? '127.0.0.1',
          port: Number(env.MYSQL_PORT ?? 3306),
          user: env.MYSQL_USER ?? 'root',
          password: env.MYSQL_PASSWORD ?? '',
          database: env.MYSQL_DATABASE ?? 'stratum_test',
        },
        migrations,
      }
    default:
      return {
        client: 'better-sqlite3',
        // absolute, so the demo and the CLI open the same file
        connection: { filename: resolve(env.BLOG_SQLITE_FILE ?? 'tmp/blog.sqlite3') },
        migrations,
      }
  }
}
