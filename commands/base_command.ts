import { BaseCommand } from '@adonisjs/ace'
import { DatabaseProvider } from '../providers/database_provider.js'
import type { Database } from '../src/database/database.js'
import type { ConnectionConfig } from '../src/types/database.js'
import { CliError } from './helpers/cli_error.js'
import { loadConfig, pickConnection, type LoadedConfig } from './helpers/config.js'

/** `--config` of the command that runs others (`migration:fresh` runs `db:wipe` ...), per kernel. */
const inheritedConfig = new WeakMap<object, string>()

/** What `withDatabase` hands to a command: a booted Database and the chosen connection. */
export interface DatabaseContext {
  db: Database
  loaded: LoadedConfig
  connectionName: string
  connection: ConnectionConfig
}

/**
 * Base of every Stratum command: the `-c/--connection` flag, config loading
 * (`stratum.config.ts|js` or the global `--config`), a booted database for the
 * length of a callback, and the production guard of destructive commands.
 */
export abstract class StratumCommand extends BaseCommand {
  declare connection?: string

  static {
    this.defineFlag('connection', {
      type: 'string',
      alias: 'c',
      description: 'Define a custom database connection',
    })
  }

  /** Project root: the working directory. Migration and seeder paths are relative to it. */
  protected get cwd(): string {
    return process.cwd()
  }

  /** Path given with the global `--config` flag (or handed down by a parent command). */
  protected get configFlag(): string | undefined {
    const value = this.parsed.flags.config
    return typeof value === 'string' && value ? value : inheritedConfig.get(this.kernel)
  }

  /** Loads the config; with `required: false`, a project without one gets undefined. */
  protected loadProjectConfig(required: true): Promise<LoadedConfig>
  protected loadProjectConfig(required: false): Promise<LoadedConfig | undefined>
  protected loadProjectConfig(required: boolean) {
    return loadConfig(this.cwd, this.configFlag, required)
  }

  /**
   * Directories of the connection's migrations and seeders (first configured
   * path, else Lucid's defaults). Works without a config file.
   */
  protected async projectDirs(): Promise<{ migrations: string; seeders: string }> {
    const loaded = await this.loadProjectConfig(false)
    const connection = loaded ? pickConnection(loaded, this.cwd, this.connection).config : undefined
    if (!loaded && this.connection) {
      throw new CliError(
        `Unknown connection "${this.connection}": there is no stratum.config.ts or stratum.config.js in ${this.cwd}.`
      )
    }
    return {
      migrations: connection?.migrations?.paths?.[0] ?? 'database/migrations',
      seeders: connection?.seeders?.paths?.[0] ?? 'database/seeders',
    }
  }

  /** Boots the database from the project config, runs `callback`, then closes every connection. */
  protected async withDatabase<T>(callback: (context: DatabaseContext) => Promise<T>): Promise<T> {
    const loaded = await this.loadProjectConfig(true)
    const picked = pickConnection(loaded, this.cwd, this.connection)
    const provider = new DatabaseProvider(loaded.config)
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
    // `--config` is a kernel flag, which `kernel.exec()` does not parse: hand it down instead
    if (this.configFlag) inheritedConfig.set(this.kernel, this.configFlag)
    return args
  }
}
