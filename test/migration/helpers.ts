/**
 * A throwaway project for migrator specs: a temp dir used as `cwd`, with
 * migration files written as `.ts`, and a Database whose schema table and
 * tables are unique to the spec (other suites share the pg/mysql databases).
 */
import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Database } from '../../src/database/database.js'
import type { MigratorConfig } from '../../src/types/database.js'
import { connectionConfig, dropTables } from '../helpers/database.js'

const sourceUrl = (path: string) =>
  pathToFileURL(join(import.meta.dirname, '..', '..', 'src', path)).href

/** Import line of BaseSchema for a migration file in the temp dir. */
export const schemaImport = `import { BaseSchema } from '${sourceUrl('schema/main.ts')}'`
/** Import line of BaseSeeder for a seeder file in the temp dir. */
export const seederImport = `import { BaseSeeder } from '${sourceUrl('seeders/main.ts')}'`

let counter = 0

export interface Project {
  cwd: string
  /** Unique prefix for this project's tables: `mig_<pid>_<n>_`. */
  prefix: string
  schemaTable: string
  db: Database
  /** Writes `database/migrations/<name>.ts`. */
  write(name: string, source: string, dir?: string): Promise<void>
  remove(name: string, dir?: string): Promise<void>
  /** A second Database on the same database, like another process. */
  otherDatabase(): Database
  /** Drops the project's tables and schema table, closes, deletes the dir. */
  cleanup(...tables: string[]): Promise<void>
}

/** A migration creating `table` with an id and a name column. */
export function createTableMigration(table: string, extra = '') {
  return `${schemaImport}
export default class extends BaseSchema {
  ${extra}
  async up() {
    this.schema.createTable('${table}', (t) => {
      t.increments('id')
      t.string('name')
    })
  }
  async down() {
    this.schema.dropTable('${table}')
  }
}
`
}

/** Builds a project; `migrations` settings are merged over the unique table name. */
export async function createProject(migrations: MigratorConfig = {}): Promise<Project> {
  const cwd = await mkdtemp(join(tmpdir(), 'stratum-mig-'))
  const prefix = `mig_${process.pid}_${++counter}_`
  const schemaTable = `${prefix}schema`
  const config = () =>
    new Database({
      connection: 'primary',
      connections: {
        primary: {
          ...connectionConfig(),
          migrations: { tableName: schemaTable, ...migrations },
        },
      },
    })
  const db = config()
  const opened: Database[] = [db]
  const path = (name: string, dir: string) => join(cwd, dir, `${name}.ts`)
  return {
    cwd,
    prefix,
    schemaTable,
    db,
    async write(name, source, dir = 'database/migrations') {
      await mkdir(dirname(path(name, dir)), { recursive: true })
      await writeFile(path(name, dir), source)
    },
    async remove(name, dir = 'database/migrations') {
      await unlink(path(name, dir))
    },
    otherDatabase() {
      const other = config()
      opened.push(other)
      return other
    },
    async cleanup(...tables) {
      await dropTables(db, ...tables, schemaTable, `${schemaTable}_lock`)
      for (const database of opened) await database.manager.closeAll()
      await rm(cwd, { recursive: true, force: true })
    },
  }
}

/** True when `table` exists. */
export function hasTable(db: Database, table: string) {
  return db.connection().getWriteClient().schema.hasTable(table)
}

/** The names recorded in the schema table, oldest first, with their batch. */
export async function recorded(project: Project) {
  if (!(await hasTable(project.db, project.schemaTable))) return []
  const rows = await project.db.from(project.schemaTable).orderBy('id')
  return rows.map((row) => `${String(row.name).replace('database/migrations/', '')}@${row.batch}`)
}
