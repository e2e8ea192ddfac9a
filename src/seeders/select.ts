import { extname } from 'node:path'
import { E_UNKNOWN_SEEDER_FILE } from '../errors.js'
import type { SeederFile } from '../types/migrator.js'

const extensions = new Set(['.ts', '.js', '.mts', '.mjs'])

/** `./database/seeders/user_seeder.ts` -> `database/seeders/user_seeder`. */
function normalize(wanted: string): string {
  const path = wanted.trim().replace(/\\/g, '/').replace(/^\.\//, '')
  return extensions.has(extname(path)) ? path.slice(0, -extname(path).length) : path
}

/** Whether `wanted` names the file: its name, or the end of it (`user_seeder`), or a longer path to it. */
function names(file: SeederFile, wanted: string): boolean {
  return (
    file.name === wanted || file.name.endsWith(`/${wanted}`) || wanted.endsWith(`/${file.name}`)
  )
}

/**
 * The seeder files `wanted` names, in file order. A name is the file's
 * name or path (`database/seeders/user_seeder`, `./database/seeders/user_seeder.ts`)
 * or its end (`user_seeder`, `admin/role_seeder`); one name (or comma
 * separated names) per entry. A name no file has is E_UNKNOWN_SEEDER_FILE:
 * a typo never passes as "nothing to seed".
 */
export function selectSeederFiles(available: SeederFile[], wanted: string[]): SeederFile[] {
  const requested = wanted
    .flatMap((entry) => entry.split(','))
    .map(normalize)
    .filter(Boolean)
  const missing = requested.filter((name) => !available.some((file) => names(file, name)))
  if (missing.length) {
    throw new E_UNKNOWN_SEEDER_FILE(
      `Unknown seeder file ${missing.join(', ')}. Available: ` +
        `${available.map((file) => file.name).join(', ') || 'none'}.`
    )
  }
  return available.filter((file) => requested.some((name) => names(file, name)))
}
