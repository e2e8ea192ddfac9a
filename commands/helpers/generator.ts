import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import { pascalCase } from 'change-case'
import pluralize from 'pluralize'
import type { BaseCommand } from '@adonisjs/ace'
import { snakeCase } from '../../src/orm/naming_strategies/casing.js'
import { projectPath } from './format.js'

/** Where make:model writes models, relative to the project root (Lucid's `app/models`). */
export const MODELS_DIR = 'app/models'
/** Where make:factory writes factories (Lucid's `database/factories`). */
export const FACTORIES_DIR = 'database/factories'

/**
 * A generator's name argument split as Lucid splits it: `admin/BlogPost` is
 * the entity `BlogPost` in the sub folder `admin` (of app/models,
 * database/migrations ...); `BlogPost` alone has the folder `''`.
 */
export function entityOf(input: string): { dir: string; name: string } {
  const parts = input.replace(/\.(ts|js)$/, '').split(/[\\/]+/)
  const name = parts.pop() || input
  return { dir: parts.filter(Boolean).join('/'), name }
}

/** Names derived from a model name the way Lucid and the default naming strategy do. */
export function modelNames(input: string) {
  const { dir, name } = entityOf(input)
  const base = name.replace(/model$/i, '') || name
  const className = pascalCase(pluralize.singular(base))
  const fileName = snakeCase(className)
  return {
    dir,
    className,
    fileName,
    tableName: pluralize(fileName),
    factoryName: `${className}Factory`,
    factoryFileName: `${fileName}_factory`,
  }
}

/** `name` without a `suffix` word (`UserTable`, `user_table` -> `User`, `user`), as Lucid's generators. */
export function withoutSuffix(name: string, suffix: string): string {
  return name.replace(new RegExp(`[-_]?${suffix}$`, 'i'), '') || name
}

/**
 * `users` for `User`, `cli_users` for `cli_user`: the plural snake table
 * name; a `table` or `model` suffix is dropped (`UserTable` -> `users`), as Lucid does.
 */
export function tableNameOf(input: string): string {
  return pluralize(snakeCase(withoutSuffix(withoutSuffix(input, 'table'), 'model')))
}

/** A relative ESM import specifier from one file to another (`../../app/models/user.js`). */
export function importPath(fromFile: string, toFile: string): string {
  let path = relative(dirname(fromFile), toFile).split(sep).join('/')
  if (!path.startsWith('.')) path = `./${path}`
  return path.replace(/\.ts$/, '.js')
}

/**
 * Writes a generated file unless it exists, and reports it the way Lucid's
 * generators do: `DONE:    create app/models/user.ts` or `SKIPPED: ... (File already exists)`.
 */
export async function writeGenerated(
  command: BaseCommand,
  cwd: string,
  absPath: string,
  contents: string,
  keptNote?: string
): Promise<boolean> {
  const shown = projectPath(cwd, absPath)
  const action = command.logger.action(`create ${shown}`)
  if (existsSync(absPath)) {
    action.skipped(keptNote ? `File already exists, ${keptNote}` : 'File already exists')
    return false
  }
  await mkdir(dirname(absPath), { recursive: true })
  await writeFile(absPath, contents)
  action.succeeded()
  return true
}

/** Absolute path of a file in a project-relative directory. */
export function inProject(cwd: string, dir: string, file: string): string {
  return join(cwd, dir, file)
}
