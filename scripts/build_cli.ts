/**
 * Builds the `stratum` command into one file, build/bin/stratum.js, with
 * @adonisjs/ace bundled in: ace and its terminal UI are some 75 packages,
 * more than the rest of Stratum's dependencies together, and only the CLI
 * uses them. Stratum's own modules and every other package stay imports, so
 * the CLI and the user's migrations share one copy of the library. The
 * licences of the bundled packages are written next to the bundle.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { build, type Plugin } from 'esbuild'

const root = resolve(import.meta.dirname, '..')
const outFile = join(root, 'build/bin/stratum.js')
const bundled = '@adonisjs/ace'

/** Library modules (src/, providers/) stay imports of the tsc output, resolved from build/bin. */
const libraryStaysExternal: Plugin = {
  name: 'library-stays-external',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\./ }, (args) => {
      const target = resolve(args.resolveDir, args.path)
      const inRepo = relative(root, target)
      if (!inRepo.startsWith(`src${sep}`) && !inRepo.startsWith(`providers${sep}`)) return
      const fromBin = relative(join(root, 'bin'), target).split(sep).join('/')
      return { path: fromBin, external: true }
    })
  },
}

const result = await build({
  entryPoints: [join(root, 'bin/stratum.ts')],
  outfile: outFile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  metafile: true,
  legalComments: 'none',
  tsconfig: join(root, 'tsconfig.json'),
  // every package but ace is a dependency of Stratum, installed next to it
  external: dependenciesOtherThan(bundled),
  plugins: [libraryStaysExternal],
  // ace's CommonJS dependencies call require(); an ES module has none of its own
  banner: {
    js: `import { createRequire as __stratumCreateRequire } from 'node:module'\nconst require = __stratumCreateRequire(import.meta.url)`,
  },
})

writeFileSync(`${outFile}.LICENSES.txt`, licences(Object.keys(result.metafile.inputs)))

function dependenciesOtherThan(name: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>
    peerDependencies: Record<string, string>
  }
  return Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies })
    .filter((dependency) => dependency !== name)
    .flatMap((dependency) => [dependency, `${dependency}/*`])
}

/** The licence text of every package the bundle took code from. */
function licences(inputs: string[]): string {
  const packageDirs = new Set<string>()
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)
    if (match) packageDirs.add(match[1])
  }
  const sections = [...packageDirs].sort().map((dir) => {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as {
      name: string
      version: string
      license?: string
    }
    const file = readdirSync(join(root, dir)).find((name) => /^(licen[cs]e|copying)/i.test(name))
    if (!pkg.license)
      throw new Error(`${pkg.name} names no licence: check its terms before bundling it`)
    const text = file
      ? readFileSync(join(root, dir, file), 'utf8').trim()
      : `(the package ships no licence file; its package.json says ${pkg.license})`
    return `${pkg.name}@${pkg.version} (${pkg.license})\n\n${text}`
  })
  return `The stratum command bundles the following packages.\n\n${sections.join(`\n\n${'-'.repeat(72)}\n\n`)}\n`
}
