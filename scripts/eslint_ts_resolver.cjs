// A minimal eslint-plugin-import resolver for this repo's ESM TypeScript:
// relative `./x.js` imports resolve to `./x.ts` when that file exists.
// Packages resolve as external (import/no-cycle only needs our own files).
const { existsSync } = require('node:fs')
const { dirname, resolve } = require('node:path')

exports.interfaceVersion = 2

exports.resolve = function (source, file) {
  if (!source.startsWith('.')) return { found: false }
  const base = resolve(dirname(file), source)
  for (const candidate of [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, `${base}/index.ts`]) {
    if (existsSync(candidate)) return { found: true, path: candidate }
  }
  return { found: false }
}
