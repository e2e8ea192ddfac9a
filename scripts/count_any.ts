/**
 * Counts the `any` type keywords in the published declarations (`build/**\/*.d.ts`),
 * `/*elided*\/ any` included (TypeScript prints those when it cannot name a type).
 * Comments are not counted: the files are parsed and only `any` type nodes are.
 *
 *   node --import tsx scripts/count_any.ts [--max=N] [--list]
 *
 * Builds first when `build/` is missing. With `--max=N` it exits 1 when the count is over N.
 */
import { execSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'

const root = join(import.meta.dirname, '..')
const buildDir = join(root, 'build')

function declarationFiles(dir: string): string[] {
  const files: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) files.push(...declarationFiles(path))
    else if (entry.name.endsWith('.d.ts')) files.push(path)
  }
  return files
}

/** Each `any` keyword of one declaration file, as `line:column`. */
export function anyPositions(path: string): string[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true)
  const found: string[] = []
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.AnyKeyword) {
      const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source))
      found.push(`${line + 1}:${character + 1}`)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

const args = process.argv.slice(2)
const maxArg = args.find((arg) => arg.startsWith('--max='))
const list = args.includes('--list')

if (!existsSync(buildDir)) execSync('npm run build', { cwd: root, stdio: 'inherit' })

let total = 0
const perFile: Array<[string, string[]]> = []
for (const file of declarationFiles(buildDir)) {
  const positions = anyPositions(file)
  if (positions.length === 0) continue
  total += positions.length
  perFile.push([relative(root, file), positions])
}
perFile.sort((a, b) => b[1].length - a[1].length)
for (const [file, positions] of perFile) {
  console.log(
    `${String(positions.length).padStart(4)}  ${file}${list ? `  ${positions.join(' ')}` : ''}`
  )
}
console.log(`any in published declarations: ${total}`)

if (maxArg) {
  const max = Number(maxArg.slice('--max='.length))
  if (total > max) {
    console.error(`over the limit of ${max}`)
    process.exit(1)
  }
}
