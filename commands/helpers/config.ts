import { existsSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ConnectionConfig, DatabaseConfig } from '../../src/types/database.js'
import { CliError, shortMessage } from './cli_error.js'
import { projectPath } from './format.js'

/** File names looked up in the working directory when `--config` is not given. */
export const CONFIG_FILES = ['stratum.config.ts', 'stratum.config.js']

/** A loaded `stratum.config.*` file. */
export interface LoadedConfig {
  config: DatabaseConfig
  /** Absolute path of the file the config came from. */
  path: string
}

/** The config file to use: `--config` (relative to `cwd`) or the first of CONFIG_FILES found. */
export function findConfigFile(cwd: string, explicit?: string): string | undefined {
  if (explicit) {
    const path = isAbsolute(explicit) ? explicit : resolve(cwd, explicit)
    if (!existsSync(path)) {
      throw new CliError(`Config file "${explicit}" (given with --config) does not exist.`)
    }
    return path
  }
  return CONFIG_FILES.map((name) => join(cwd, name)).find((path) => existsSync(path))
}

/**
 * Imports the config file (TypeScript through tsx) and checks its shape:
 * a default export of `defineConfig({ connection, connections })`.
 */
export async function importConfig(cwd: string, path: string): Promise<LoadedConfig> {
  const shown = projectPath(cwd, path)
  let exported: unknown
  try {
    const module = (await import(pathToFileURL(path).href)) as { default?: unknown }
    exported = module.default
  } catch (error) {
    throw new CliError(`Could not load the config file ${shown}:\n${shortMessage(error)}`, {
      cause: error,
    })
  }
  const config = exported as Partial<DatabaseConfig> | undefined
  if (!config || typeof config !== 'object' || !config.connections) {
    throw new CliError(
      `The config file ${shown} must default-export defineConfig({ connection, connections }) from "stratum".`
    )
  }
  const defined = Object.keys(config.connections)
  if (config.connection === undefined || config.connection === null) {
    throw new CliError(
      `The config file ${shown} does not name its default connection: add ` +
        `connection: '${defined[0] ?? 'sqlite'}' beside connections (defined: ${defined.join(', ') || 'none'}).`
    )
  }
  if (typeof config.connection !== 'string' || !config.connections[config.connection]) {
    throw new CliError(
      `The config file ${shown} names "${String(config.connection)}" as the default connection, ` +
        `but connections defines only: ${defined.join(', ') || 'none'}.`
    )
  }
  return { config: config as DatabaseConfig, path }
}

/** Loads the project config; `required: false` returns undefined when there is no file. */
export async function loadConfig(
  cwd: string,
  explicit: string | undefined,
  required: boolean
): Promise<LoadedConfig | undefined> {
  const path = findConfigFile(cwd, explicit)
  if (!path) {
    if (!required) return undefined
    throw new CliError(
      `No stratum.config.ts or stratum.config.js in ${cwd}. Create one that default-exports ` +
        `defineConfig({ connection, connections }) from "stratum", or pass --config <path>.`
    )
  }
  return importConfig(cwd, path)
}

/** The name and config of the connection a command works on (`--connection` or the default). */
export function pickConnection(
  loaded: LoadedConfig,
  cwd: string,
  name?: string
): { name: string; config: ConnectionConfig } {
  const connectionName = name ?? loaded.config.connection
  const config = loaded.config.connections[connectionName]
  if (!config) {
    throw new CliError(
      `Unknown connection "${connectionName}". ${projectPath(cwd, loaded.path)} defines: ` +
        `${Object.keys(loaded.config.connections).join(', ')}.`
    )
  }
  return { name: connectionName, config }
}

/** Clients whose `connection.filename` is a file on disk. */
const SQLITE_CLIENTS = new Set(['sqlite', 'sqlite3', 'better-sqlite3'])

/** A SQLite filename that names a file (not `:memory:`, not a `file:` URI). */
function isRelativeFile(filename: unknown): filename is string {
  return (
    typeof filename === 'string' &&
    filename !== '' &&
    !filename.startsWith(':') &&
    !filename.startsWith('file:') &&
    !isAbsolute(filename)
  )
}

/**
 * The config the CLI boots: `connectionName` as the default connection (so
 * models, factories and the db service of a `-c` run use it too) and
 * relative SQLite filenames resolved against the project root, the config
 * file's folder.
 */
export function configForRun(
  config: DatabaseConfig,
  root: string,
  connectionName: string
): DatabaseConfig {
  const connections: Record<string, ConnectionConfig> = {}
  for (const [name, connection] of Object.entries(config.connections)) {
    const settings = connection.connection as { filename?: unknown } | undefined
    connections[name] =
      SQLITE_CLIENTS.has(connection.client) && isRelativeFile(settings?.filename)
        ? ({
            ...connection,
            connection: { ...settings, filename: resolve(root, settings.filename) },
          } as ConnectionConfig)
        : connection
  }
  return { ...config, connection: connectionName, connections }
}
