import { defineConfig } from '../../src/index.js'
import { blogConnection } from './connection.js'

export default defineConfig({
  connection: 'blog',
  connections: { blog: blogConnection() },
})
