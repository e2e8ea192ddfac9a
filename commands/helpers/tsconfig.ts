/**
 * What `stratum init` checks in a project: the tsconfig options models and
 * `stratum/*` imports need, and `"type": "module"` in package.json.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, isAbsolute, join, resolve } from 'node:path'

/**
 * The tsconfig `init` writes when the project has none. With `@types/node`
 * installed it names it in `types`: TypeScript 6 and later include no
 * `@types` package that `types` leaves out, so `process` or `node:url` would
 * not compile.
 */
export function tsconfigTemplate(root: string): string {
  const types = hasNodeTypes(root) ? ',\n    "types": ["node"]' : ''
  return `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "experimentalDecorators": true,
    "skipLibCheck": true,
    "noEmit": true${types}
  }
}
`
}

/** Whether `@types/node` resolves from the project root. */
function hasNodeTypes(root: string): boolean {
  try {
    createRequire(join(root, 'package.json')).resolve('@types/node/package.json')
    return true
  } catch {
    return false
  }
}

/** Parses JSON with comments and trailing commas, as tsconfig files are written. */
export function parseJsonc(text: string): unknown {
  let out = ''
  let index = 0
  while (index < text.length) {
    const char = text[index]
    if (char === '"') {
      // copy a string as is, escapes included
      let end = index + 1
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1
      out += text.slice(index, end + 1)
      index = end + 1
    } else if (char === '/' && text[index + 1] === '/') {
      while (index < text.length && text[index] !== '\n') index++
    } else if (char === '/' && text[index + 1] === '*') {
      const end = text.indexOf('*/', index + 2)
      index = end === -1 ? text.length : end + 2
    } else {
      out += char
      index++
    }
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'))
}

type CompilerOptions = Record<string, unknown>

/** The file an `extends` entry names: a relative path, or a package's tsconfig. */
function extendedFile(from: string, target: string): string | undefined {
  if (target.startsWith('.') || isAbsolute(target)) {
    const path = resolve(dirname(from), target)
    return existsSync(path) ? path : existsSync(`${path}.json`) ? `${path}.json` : undefined
  }
  const require = createRequire(from)
  for (const candidate of [target, `${target}.json`, `${target}/tsconfig.json`]) {
    try {
      return require.resolve(candidate)
    } catch {
      // try the next spelling
    }
  }
  return undefined
}

/**
 * The compilerOptions of a tsconfig with those of the files it extends
 * merged in (its own win). Files that cannot be read are listed in `unread`.
 */
export function readCompilerOptions(
  file: string,
  unread: string[] = [],
  seen = new Set<string>()
): CompilerOptions {
  if (seen.has(file)) return {}
  seen.add(file)
  const config = parseJsonc(readFileSync(file, 'utf8')) as {
    extends?: string | string[]
    compilerOptions?: CompilerOptions
  }
  const parents = config.extends === undefined ? [] : [config.extends].flat()
  let options: CompilerOptions = {}
  for (const parent of parents) {
    const path = extendedFile(file, parent)
    if (!path) {
      unread.push(parent)
      continue
    }
    options = { ...options, ...readCompilerOptions(path, unread, seen) }
  }
  return { ...options, ...config.compilerOptions }
}

/** Resolution modes that read the `exports` of a package (`stratum/orm` ...). */
const EXPORTS_AWARE = new Set(['node16', 'nodenext', 'bundler'])

/** What a tsconfig lacks for Stratum models: one sentence per missing option. */
export function tsconfigProblems(options: CompilerOptions): string[] {
  const problems: string[] = []
  if (options.experimentalDecorators !== true) {
    problems.push(
      'add "experimentalDecorators": true to its compilerOptions: models put @column() on ' +
        'declare fields, which tsc and tsx refuse otherwise ("Decorators are not valid here")'
    )
  }
  const module = String(options.module ?? '').toLowerCase()
  const resolution = String(
    options.moduleResolution ??
      (module === 'node16' || module === 'nodenext'
        ? module
        : module === 'preserve'
          ? 'bundler'
          : '')
  ).toLowerCase()
  if (!EXPORTS_AWARE.has(resolution)) {
    problems.push(
      'set "module": "NodeNext" (and "moduleResolution": "NodeNext", or leave it out): ' +
        'Stratum is imported by sub paths (stratum/orm, stratum/schema ...) that older ' +
        'resolution modes do not find'
    )
  }
  return problems
}

/** What package.json lacks: `"type": "module"` (Stratum and the files it loads are ESM). */
export function packageJsonProblem(root: string): string | undefined {
  const file = join(root, 'package.json')
  if (!existsSync(file)) {
    return 'There is no package.json: run "npm init -y && npm pkg set type=module"'
  }
  let type: unknown
  try {
    type = (JSON.parse(readFileSync(file, 'utf8')) as { type?: unknown }).type
  } catch {
    return 'package.json is not valid JSON'
  }
  if (type !== 'module') {
    return (
      'package.json: add "type": "module" (run "npm pkg set type=module"): Stratum is ESM, and ' +
      'tsc refuses its imports from CommonJS files'
    )
  }
  return undefined
}
