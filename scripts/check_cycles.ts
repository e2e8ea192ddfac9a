/**
 * Import cycles from the package's entry points (every `exports` subpath of
 * package.json and the `stratum` bin), with type-only imports counted, found
 * by dpdm. Prints each cycle and their count.
 *
 *   node --import tsx scripts/check_cycles.ts [--max=N] [--runtime]
 *
 * Exits 1 when there are more than `--max` cycles (default 0). `--runtime`
 * leaves type-only imports out (what runs in Node.js).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseCircular, parseDependencyTree, prettyCircular } from 'dpdm'

const root = join(import.meta.dirname, '..')

/** The source file each `exports` target and the bin are built from (`./build/src/x.js` -> `src/x.ts`). */
function entryPoints(): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    exports: Record<string, string>
    bin: Record<string, string>
  }
  const toSource = (target: string) => target.replace(/^\.\/build\//, '').replace(/\.js$/, '.ts')
  return [...Object.values(pkg.exports), ...Object.values(pkg.bin)].map(toSource)
}

const args = process.argv.slice(2)
const maxArg = args.find((arg) => arg.startsWith('--max='))
const max = maxArg ? Number(maxArg.slice('--max='.length)) : 0
const runtime = args.includes('--runtime')

const tree = await parseDependencyTree(entryPoints(), {
  cwd: root,
  context: root,
  transform: runtime,
  skipDynamicImports: false,
})
const cycles = parseCircular(tree)
if (cycles.length > 0) console.log(prettyCircular(cycles))
console.log(
  `import cycles${runtime ? ' (runtime imports only)' : ' (type-only imports counted)'}: ${cycles.length}`
)
if (cycles.length > max) {
  console.error(`over the limit of ${max}`)
  process.exit(1)
}
