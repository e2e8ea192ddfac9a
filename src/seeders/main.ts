export { BaseSeeder } from './base_seeder.js'
export { SeedsRunner } from './runner.js'
export type { SeederFile, SeederFileNode } from '../types/migrator.js'
