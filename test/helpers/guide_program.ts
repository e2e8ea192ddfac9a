/**
 * Turns the ```ts blocks of a guide or of the README into a program that
 * runs against the sources: imports of `stratum/*` point at `src/`.
 */
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const entryPoints: Record<string, string> = {
  stratum: 'src/index.ts',
  'stratum/database': 'src/database/main.ts',
  'stratum/orm': 'src/orm/main.ts',
  'stratum/factories': 'src/factories/main.ts',
  'stratum/types/relations': 'src/types/relations.ts',
  'stratum/schema': 'src/schema/main.ts',
  'stratum/migration': 'src/migration/main.ts',
  'stratum/seeders': 'src/seeders/main.ts',
  'stratum/services/db': 'src/services/db.ts',
  'stratum/database_provider': 'providers/database_provider.ts',
}

/** The ```ts blocks of a markdown text. */
export function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1])
}

/**
 * Package imports resolved to absolute URLs of the sources, so the program
 * also runs from files written elsewhere (migrations and seeders under tmp/).
 */
export function withSourceImports(program: string): string {
  return program.replace(/from '(stratum(?:\/[a-z_/]+)?)'/g, (whole, name: string) =>
    entryPoints[name] ? `from '${pathToFileURL(resolve(entryPoints[name])).href}'` : whole
  )
}

/** A guide's ts blocks joined, with package imports resolved to the sources. */
export function guideProgram(markdown: string): string {
  return withSourceImports(tsBlocks(markdown).join('\n'))
}
