import { dirname } from 'node:path'
import { BaseCommand } from '@adonisjs/ace'
import type { ParsedOutput } from '@adonisjs/ace/types'
import { DatabaseProvider } from '../providers/database_provider.js'
import type { Database } from '../src/database/database.js'
import type { ConnectionConfig } from '../src/types/database.js'
import { CliError } from './helpers/cli_error.js'
import { configForRun, loadConfig, pickConnection, type LoadedConfig } from './helpers/config.js'

/** What `withDatabase` hands to a command: a booted Database and the chosen connection. */
export interface DatabaseContext {
  db: Database
  loaded: LoadedConfig
  connectionName: string
  connection: ConnectionConfig
}

/**
 * Refuses positional arguments a command does not take: ace would ignore
 * them, so `db:seed database/seeders/user_seeder` seeded everything and
 * `migration:rollback 1` rolled back as if the `1` was not there.
 */
export function refuseExtraArguments(
  Command: Pick<typeof BaseCommand, 'args' | 'commandName'>,
  parsed: ParsedOutput
): void {
  const extra = parsed._
  if (extra.length === 0) return
  const takes = Command.args.length
    ? `takes ${Command.args.map((arg) => `<${arg.argumentName}>`).join(' ')} only`
    : 'takes no arguments'
  throw new CliError(
    `Unexpected argument "${extra[0]}": "${Command.commandName}" ${takes}. ` +
      `Options are flags; run "stratum ${Command.commandName} --help" to see them`
  )
}

/**
 * Base of every Stratum command: the `-c/--connection` and `--config` flags,
 * config loading (`stratum.config.ts|js` or `--config`), a booted database for
 * the length of a callback, and the production guard of destructive commands.
 */
export abstract class StratumCommand extends BaseCommand {
  declare connection?: string
  declare configFile?: string

  /**
   * Project root: the config file's folder (the working directory without a
   * config). Paths in the config and the files `make:*` writes are relative to it.
   */
  protected root = process.cwd()

  static {
    this.defineFlag('connection', {
      type: 'string',
      alias: 'c',
      description: 'Define a custom database connection',
    })
    this.defineFlag('configFile', {
      type: 'string',
      flagName: 'config',
      description: 'Path of the config file (default: ./stratum.config.ts or .js)',
    })
  }

  static validate(parsed: ParsedOutput): void {
    super.validate(parsed)
    refuseExtraArguments(this, parsed)
  }

  /** The working directory: where the config file is looked up, and `--config` resolved from. */
  protected get cwd(): string {
    return process.cwd()
  }

  /** Loads the config and sets `root`; with `required: false`, no file gives undefined. */
  protected async loadProjectConfig(required: true): Promise<LoadedConfig>
  protected async loadProjectConfig(required: false): Promise<LoadedConfig | undefined>
  protected async loadProjectConfig(required: boolean) {
    const loaded = await loadConfig(this.cwd, this.configFile || undefined, required)
    this.root = loaded ? dirname(loaded.path) : this.cwd
    return loaded
  }

  /**
   * Directories of the connection's migrations and seeders (first configured
   * path, else Lucid's defaults). Works without a config file.
   */
  protected async projectDirs(): Promise<{
    migrations: string
    seeders: string
    migrationPaths: string[]
  }> {
    const loaded = await this.loadProjectConfig(false)
    const connection = loaded ? pickConnection(loaded, this.cwd, this.connection).config : undefined
    if (!loaded && this.connection) {
      throw new CliError(
        `Unknown connection "${this.connection}": there is no stratum.config.ts or stratum.config.js in ${this.cwd}.`
      )
    }
    const migrationPaths = connection?.migrations?.paths?.length
      ? connection.migrations.paths
      : ['database/migrations']
    return {
      migrations: migrationPaths[0],
      seeders: connection?.seeders?.paths?.[0] ?? 'database/seeders',
      migrationPaths,
    }
  }

  /**
   * Boots the database from the project config with the chosen connection as
   * the default one, runs `callback`, then closes every connection.
   */
  protected async withDatabase<T>(callback: (context: DatabaseContext) => Promise<T>): Promise<T> {
    const loaded = await this.loadProjectConfig(true)
    const picked = pickConnection(loaded, this.cwd, this.connection)
    const provider = new DatabaseProvider(configForRun(loaded.config, this.root, picked.name))
    provider.register()
    await provider.boot()
    try {
      return await callback({
        db: provider.db,
        loaded,
        connectionName: picked.name,
        connection: picked.config,
      })
    } finally {
      await provider.shutdown()
    }
  }

  /** Refuses to go on under NODE_ENV=production unless `--force` was given. */
  protected assertCanRunInProduction(force: boolean | undefined, action: string) {
    if (process.env.NODE_ENV === 'production' && !force) {
      throw new CliError(
        `You are in production environment (NODE_ENV=production): ${this.commandName} would ` +
          `${action}. Re-run it with --force to continue.`
      )
    }
  }

  /** Arguments that carry the connection, config and force flags over to a sub command. */
  protected forwardedArgs(extra: string[] = []): string[] {
    const args = [...extra]
    if (this.connection) args.push(`--connection=${this.connection}`)
    if (this.configFile) args.push(`--config=${this.configFile}`)
    return args
  }
}
