/** Template of make:seeder (Lucid's seeder stub, importing from `stratum/seeders`). */
export function seederStub(): string {
  return `import { BaseSeeder } from 'stratum/seeders'

export default class extends BaseSeeder {
  async run() {
    // Write your database queries inside the run method
  }
}
`
}
