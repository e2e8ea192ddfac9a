import type { Knex } from 'knex'
import type { DialectName } from '../types/database.js'

type Client = Knex | Knex.Transaction

/** PostgreSQL's kinds of user type (`pg_type.typtype`): enum, composite, domain. */
export type TypeKind = 'e' | 'c' | 'd'

/** A PostgreSQL object: its schema and name (`schema.name` when dropped). */
interface PgObject {
  schema: string
  name: string
}

/** `schema in (...)`, or the current schema when none are given. */
function inSchemas(query: Knex.QueryBuilder, column: string, schemas?: string[]) {
  if (schemas) query.whereIn(column, schemas)
  else query.whereRaw('?? = current_schema()', [column])
  return query
}

async function pgViews(client: Client, schemas?: string[]): Promise<PgObject[]> {
  const query = client
    .select('schemaname as schema', 'viewname as name')
    .from('pg_catalog.pg_views')
    .orderBy(['schemaname', 'viewname'])
  return inSchemas(query, 'schemaname', schemas)
}

/**
 * Custom types of these kinds. A table's or view's own row type is no custom
 * type, but a standalone composite type (`CREATE TYPE pair AS (...)`) has a
 * pg_class row too, of relkind 'c': only the others are skipped.
 */
async function pgTypes(client: Client, kinds: TypeKind[], schemas?: string[]) {
  const query = client
    .select('n.nspname as schema', 't.typname as name')
    .from('pg_type as t')
    .join('pg_namespace as n', 'n.oid', 't.typnamespace')
    .whereIn('t.typtype', kinds)
    .whereNotExists(function () {
      this.select(client.raw('1'))
        .from('pg_class as c')
        .whereRaw("c.reltype = t.oid and c.relkind <> 'c'")
    })
    .orderBy(['n.nspname', 't.typname'])
  return inSchemas(query, 'n.nspname', schemas) as unknown as Promise<PgObject[]>
}

/** Names of the views of the database; PostgreSQL: of `schemas` (default: the current schema). */
export async function getAllViews(
  client: Client,
  dialect: DialectName,
  schemas?: string[]
): Promise<string[]> {
  if (dialect === 'postgres') return (await pgViews(client, schemas)).map((view) => view.name)
  if (dialect === 'sqlite') {
    const rows: { name: string }[] = await client('sqlite_master')
      .select('name')
      .where('type', 'view')
      .orderBy('name')
    return rows.map((row) => row.name)
  }
  const rows: Record<string, string>[] = await client('information_schema.views')
    .select('table_name as name')
    .whereRaw('table_schema = database()')
    .orderBy('table_name')
  return rows.map((row) => row.name ?? row.NAME)
}

/** Drops every view (as `getAllViews` lists them); returns how many. */
export async function dropAllViews(
  client: Client,
  dialect: DialectName,
  schemas?: string[]
): Promise<number> {
  if (dialect === 'postgres') {
    const views = await pgViews(client, schemas)
    for (const view of views) {
      await client.raw('DROP VIEW IF EXISTS ?? CASCADE', [`${view.schema}.${view.name}`])
    }
    return views.length
  }
  const views = await getAllViews(client, dialect)
  for (const view of views) await client.raw('DROP VIEW IF EXISTS ??', [view])
  return views.length
}

/** Names of the PostgreSQL custom types of these kinds, of `schemas` (default: the current one). */
export async function getAllTypes(
  client: Client,
  kinds: TypeKind[],
  schemas?: string[]
): Promise<string[]> {
  return (await pgTypes(client, kinds, schemas)).map((type) => type.name)
}

/** Drops the PostgreSQL custom types of these kinds (`CASCADE`); returns how many. */
export async function dropAllTypes(
  client: Client,
  kinds: TypeKind[],
  schemas?: string[]
): Promise<number> {
  const types = await pgTypes(client, kinds, schemas)
  for (const type of types) {
    await client.raw('DROP TYPE IF EXISTS ?? CASCADE', [`${type.schema}.${type.name}`])
  }
  return types.length
}
