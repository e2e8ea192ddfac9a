import { readFileSync } from 'node:fs'
import { test } from '@japa/runner'

/** The ```ts blocks of docs/testing.md that start with `// examples/...`, by file. */
function excerpts(): { file: string; lines: string[] }[] {
  const markdown = readFileSync('docs/testing.md', 'utf8')
  return [...markdown.matchAll(/```ts\n\/\/ (examples\/\S+)\n([\s\S]*?)```/g)].map((match) => ({
    file: match[1],
    lines: match[2].split('\n').filter((line) => line.trim() !== ''),
  }))
}

test.group('docs/testing.md', () => {
  test('its code blocks are excerpts of the tested example project', ({ assert }) => {
    const blocks = excerpts()
    assert.isAtLeast(blocks.length, 3)
    for (const { file, lines } of blocks) {
      const source = readFileSync(file, 'utf8')
      for (const line of lines) {
        // `stratum/...` imports point at the sources in the example
        const expected = line.includes("from 'stratum/") ? line.split(' from ')[0] : line
        assert.include(source, expected, `${file} has no line "${line}"`)
      }
    }
  })
})

test.group('docs/testing.md set-up', () => {
  test('installs a @japa/runner inside the peer range of package.json', ({ assert }) => {
    const markdown = readFileSync('docs/testing.md', 'utf8')
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      peerDependencies: Record<string, string>
    }
    const install = markdown.match(/^npm install -D .*$/m)?.[0]
    assert.exists(install, 'docs/testing.md has no "npm install -D" line for Japa')
    // `@japa/runner` alone installs the latest major, outside the peer range
    const runner = install!.match(/@japa\/runner@\^(\d+)\.(\d+)/)
    assert.exists(runner, `"${install}" does not pin @japa/runner`)
    assert.equal(`^${runner![1]}.${runner![2]}.0`, pkg.peerDependencies['@japa/runner'])
  })
})
