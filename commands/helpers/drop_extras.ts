import type { Knex } from 'knex'
import type { DialectName } from '../../src/types/database.js'

/** Drops every view of the current database/schema; returns how many. */
export async function dropAllViews(knex: Knex, dialect: DialectName): Promise<number> {
  let views: string[]
  if (dialect === 'sqlite') {
    const rows: { name: string }[] = await knex('sqlite_master')
      .select('name')
      .where('type', 'view')
    views = rows.map((row) => row.name)
  } else {
    const rows: Record<string, string>[] = await knex('information_schema.views')
      .select('table_name as name')
      .whereRaw(
        dialect === 'postgres' ? 'table_schema = current_schema()' : 'table_schema = database()'
      )
    views = rows.map((row) => row.name ?? row.NAME)
  }
  for (const view of views) {
    await knex.raw(`DROP VIEW IF EXISTS ??${dialect === 'postgres' ? ' CASCADE' : ''}`, [view])
  }
  return views.length
}

/** PostgreSQL's kinds of user type (`pg_type.typtype`): enum, composite, domain. */
export type TypeKind = 'e' | 'c' | 'd'

/**
 * Drops the custom types of these kinds in the current PostgreSQL schema;
 * returns how many. A table's or view's own row type is no custom type, but
 * a standalone composite type (`CREATE TYPE pair AS (...)`) has a pg_class
 * row too, of relkind 'c': only the others are skipped.
 */
export async function dropAllTypes(knex: Knex, kinds: TypeKind[]): Promise<number> {
  const rows: { typname: string }[] = await knex
    .select('t.typname')
    .from('pg_type as t')
    .join('pg_namespace as n', 'n.oid', 't.typnamespace')
    .whereRaw('n.nspname = current_schema()')
    .whereIn('t.typtype', kinds)
    .whereNotExists(function () {
      this.select(knex.raw('1'))
        .from('pg_class as c')
        .whereRaw("c.reltype = t.oid and c.relkind <> 'c'")
    })
  for (const row of rows) await knex.raw('DROP TYPE IF EXISTS ?? CASCADE', [row.typname])
  return rows.length
}
