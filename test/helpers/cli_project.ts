/**
 * A throwaway project for CLI specs: a temp directory with package.json (ESM),
 * a tsconfig mapping `stratum/*` to this repo's `src/`, node_modules linked to
 * the repo's, and a `stratum.config.ts` for the current `DB`. pg/mysql specs
 * get a private database, since db:wipe and db:truncate touch every table.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import knex, { type Knex } from 'knex'
import { DB, connectionConfig, serverConnection } from './database.js'
import { ensureTestDatabase } from './ensure_database.js'

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const BIN = join(REPO, 'bin/stratum.ts')

/** Output of one CLI run. */
export interface CliResult {
  stdout: string
  stderr: string
  exitCode: number
  /** stdout and stderr together. */
  output: string
}

/** Name of this process's private pg/mysql database. */
export const cliDatabase = `stratum_cli_${process.pid}`

/** Creates the private database of the CLI specs (pg/mysql). */
export async function createCliDatabase() {
  if (DB !== 'sqlite') await ensureTestDatabase(DB, cliDatabase)
}

/** Drops the private database of the CLI specs (pg/mysql). */
export async function dropCliDatabase() {
  if (DB === 'sqlite') return
  const admin = knex({
    client: DB === 'pg' ? 'pg' : 'mysql2',
    connection: { ...serverConnection(DB), database: DB === 'pg' ? 'postgres' : undefined },
    pool: { min: 0, max: 1 },
  })
  try {
    await admin.raw(`DROP DATABASE IF EXISTS ${DB === 'pg' ? `"${cliDatabase}"` : cliDatabase}`)
  } finally {
    await admin.destroy()
  }
}

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    experimentalDecorators: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
    paths: {
      stratum: [join(REPO, 'src/index.ts')],
      'stratum/types/*': [join(REPO, 'src/types/*.ts')],
      'stratum/services/db': [join(REPO, 'src/services/db.ts')],
      'stratum/*': [join(REPO, 'src/*/main.ts')],
    },
  },
  include: ['**/*.ts'],
  exclude: ['node_modules'],
}

export class CliProject {
  /** Schema table of this project, unique per process and project. */
  readonly schemaTable: string
  /** Whether a config for the pg/mysql test database was written (cleanup then empties it). */
  usesDatabase = false

  constructor(
    readonly dir: string,
    id: number
  ) {
    this.schemaTable = `cli_schema_${process.pid}_${id}`
  }

  /** Runs `stratum <args>` in the project (or its folder `cwd`); never throws on a non-zero exit. */
  run(args: string[], env: Record<string, string | undefined> = {}, cwd = '.'): Promise<CliResult> {
    const fullEnv: Record<string, string | undefined> = {
      ...process.env,
      NODE_ENV: undefined,
      ...env,
    }
    for (const key of Object.keys(fullEnv)) if (fullEnv[key] === undefined) delete fullEnv[key]
    return new Promise((done) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', BIN, ...args],
        { cwd: this.path(cwd), env: fullEnv as NodeJS.ProcessEnv, timeout: 60_000 },
        (error, stdout, stderr) => {
          const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0
          done({ stdout, stderr, exitCode, output: `${stdout}${stderr}` })
        }
      )
    })
  }

  path(rel: string) {
    return join(this.dir, rel)
  }

  async write(rel: string, contents: string) {
    await mkdir(dirname(this.path(rel)), { recursive: true })
    await writeFile(this.path(rel), contents)
  }

  read(rel: string) {
    return readFile(this.path(rel), 'utf8')
  }

  exists(rel: string) {
    return existsSync(this.path(rel))
  }

  /** File names in a project directory (empty when missing). */
  async files(rel: string): Promise<string[]> {
    if (!this.exists(rel)) return []
    return (await readdir(this.path(rel))).sort()
  }

  /** Writes a migration creating `table` with an id and a name column. */
  async writeMigration(name: string, table: string) {
    await this.write(
      `database/migrations/${name}.ts`,
      `import { BaseSchema } from 'stratum/schema'

export default class extends BaseSchema {
  protected tableName = '${table}'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('name').nullable()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
`
    )
  }

  /** A knex client on the project's database, for assertions. */
  knex(): Knex {
    const config = this.connection()
    return knex({ ...config, pool: { min: 0, max: 1 } } as Knex.Config)
  }

  /** Tables of the project's database, sorted. */
  async tables(): Promise<string[]> {
    const client = this.knex()
    try {
      if (DB === 'sqlite') {
        const rows = await client('sqlite_master')
          .select('name')
          .where('type', 'table')
          .whereNot('name', 'like', 'sqlite_%')
        return rows.map((row) => row.name).sort()
      }
      if (DB === 'pg') {
        const rows = await client('pg_catalog.pg_tables')
          .select('tablename')
          .whereRaw('schemaname = current_schema()')
        return rows.map((row) => row.tablename).sort()
      }
      const rows = await client.raw('SHOW TABLES')
      return rows[0].map((row: Record<string, string>) => Object.values(row)[0]).sort()
    } finally {
      await client.destroy()
    }
  }

  /** Rows of a table. */
  async rows(table: string): Promise<Record<string, unknown>[]> {
    const client = this.knex()
    try {
      return await client(table).select('*')
    } finally {
      await client.destroy()
    }
  }

  /** The connection config written to stratum.config.ts. */
  connection() {
    if (DB === 'sqlite') {
      return {
        client: 'better-sqlite3',
        connection: { filename: this.path('db.sqlite3') },
        useNullAsDefault: true,
      }
    }
    return connectionConfig({ database: cliDatabase })
  }

  /** Writes `stratum.config.ts` with these connections; the first one is the default. */
  async writeConfig(connections: Record<string, object>, file = 'stratum.config.ts') {
    this.usesDatabase = true
    const entries = Object.entries(connections)
      .map(([name, config]) => `    ${name}: ${JSON.stringify(config)},`)
      .join('\n')
    await this.write(
      file,
      `import { defineConfig } from 'stratum'

export default defineConfig({
  connection: '${Object.keys(connections)[0]}',
  connections: {
${entries}
  },
})
`
    )
  }

  /** Drops every table of the project's database and removes the directory. */
  async cleanup() {
    if (DB !== 'sqlite' && this.usesDatabase) {
      const client = this.knex()
      try {
        const tables = await this.tables()
        if (DB === 'mysql') await client.raw('SET FOREIGN_KEY_CHECKS = 0')
        for (const table of tables) {
          await client.raw(
            DB === 'pg' ? 'DROP TABLE IF EXISTS ?? CASCADE' : 'DROP TABLE IF EXISTS ??',
            [table]
          )
        }
      } finally {
        await client.destroy()
      }
    }
    await rm(this.dir, { recursive: true, force: true })
  }
}

let projects = 0

/** A new project with a config for the current DB (connection name `primary`). */
export async function createCliProject(options: { config?: boolean } = {}): Promise<CliProject> {
  const dir = await mkdtemp(join(tmpdir(), 'stratum-cli-'))
  const project = new CliProject(dir, ++projects)
  await symlink(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir')
  await project.write(
    'package.json',
    JSON.stringify({ name: 'cli-project', private: true, type: 'module' })
  )
  await project.write('tsconfig.json', JSON.stringify(TSCONFIG, null, 2))
  if (options.config !== false) {
    const connection = { ...project.connection(), migrations: { tableName: project.schemaTable } }
    await project.writeConfig({ primary: connection })
  }
  return project
}
