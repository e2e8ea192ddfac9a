import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { E_INVALID_SCHEMA_FILE, E_MISSING_SOURCE_PATH } from '../errors.js'
import type { SourceFile } from '../types/migrator.js'

const extensions = new Set(['.ts', '.js', '.mts', '.mjs'])

function isSourceFile(file: string) {
  return extensions.has(extname(file)) && !/\.d\.m?ts$/.test(file)
}

/** Every file under `dir`, recursively; a missing directory has none. */
async function walk(dir: string): Promise<string[]> {
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const files: string[] = []
  for (const entry of entries) {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) files.push(...(await walk(full)))
    else if (entry.isFile() && isSourceFile(entry.name)) files.push(full)
  }
  return files
}

/** What a source folder holds, for the message of a missing one. */
export interface SourceKind {
  /** `migrations` or `seeders`: the config key whose `paths` are checked. */
  kind: 'migrations' | 'seeders'
  connectionName: string
}

/**
 * Refuses a folder of `paths` that does not exist: a mistyped path would
 * otherwise read as "no files" and a run would report success.
 */
export function assertSourcePaths(cwd: string, paths: string[], source: SourceKind): void {
  for (const path of paths) {
    const dir = isAbsolute(path) ? path : resolve(cwd, path)
    if (existsSync(dir)) continue
    throw new E_MISSING_SOURCE_PATH(
      `The ${source.kind} folder "${path}" of connection "${source.connectionName}" does not ` +
        `exist (resolved to ${dir}). Create it, or fix ${source.kind}.paths in the config.`
    )
  }
}

/**
 * The migration or seeder files under `paths` (resolved from `cwd`),
 * sorted by name within each path, paths in the given order. With
 * `source`, a folder that does not exist is an error.
 */
export async function sourceFiles(
  cwd: string,
  paths: string[],
  naturalSort = false,
  source?: SourceKind
): Promise<SourceFile[]> {
  if (source) assertSourcePaths(cwd, paths, source)
  const compare = naturalSort
    ? (a: SourceFile, b: SourceFile) =>
        a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' })
    : (a: SourceFile, b: SourceFile) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

  const seen = new Set<string>()
  const files: SourceFile[] = []
  for (const path of paths) {
    const dir = isAbsolute(path) ? path : resolve(cwd, path)
    const found = (await walk(dir)).map((absPath) => {
      const filePath = relative(cwd, absPath).split(sep).join('/')
      return { name: filePath.slice(0, -extname(filePath).length), absPath, filePath }
    })
    for (const file of found.sort(compare)) {
      // a built .js next to its .ts source is the same migration
      if (seen.has(file.name)) continue
      seen.add(file.name)
      files.push(file)
    }
  }
  return files
}

/** Imports a file and returns its default export, which must be a class. */
export async function loadDefaultClass<T>(file: SourceFile, kind: string): Promise<T> {
  const module = (await import(pathToFileURL(file.absPath).href)) as { default?: unknown }
  if (typeof module.default !== 'function') {
    throw new E_INVALID_SCHEMA_FILE(
      `"${file.filePath}" must export a class extending ${kind} as its default export`
    )
  }
  return module.default as T
}
