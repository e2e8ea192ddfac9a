/** Template of `stratum init`: SQLite by default, PostgreSQL and MySQL blocks commented out. */
export function configStub(): string {
  return `import { defineConfig } from 'stratum'

/**
 * Read by the stratum CLI and by new Database(config). The CLI resolves the
 * paths below against this file's folder; new Database(config) opens a
 * relative SQLite filename from the working directory, so run your scripts
 * from this folder (or make the filename absolute).
 */
export default defineConfig({
  connection: 'sqlite',
  connections: {
    sqlite: {
      client: 'better-sqlite3',
      connection: { filename: './database/app.sqlite3' },
      useNullAsDefault: true,
      migrations: { paths: ['database/migrations'] },
      seeders: { paths: ['database/seeders'] },
    },

    // PostgreSQL: npm install pg, create the database on the server (CREATE DATABASE app),
    // uncomment, and set connection: 'pg' above
    // pg: {
    //   client: 'pg',
    //   connection: {
    //     host: '127.0.0.1',
    //     port: 5432,
    //     user: 'postgres',
    //     password: '',
    //     database: 'app',
    //   },
    //   migrations: { paths: ['database/migrations'] },
    //   seeders: { paths: ['database/seeders'] },
    // },

    // MySQL or MariaDB: npm install mysql2, create the database on the server (CREATE DATABASE
    // app), uncomment, and set connection: 'mysql' above
    // mysql: {
    //   client: 'mysql2',
    //   connection: {
    //     host: '127.0.0.1',
    //     port: 3306,
    //     user: 'root',
    //     password: '',
    //     database: 'app',
    //   },
    //   migrations: { paths: ['database/migrations'] },
    //   seeders: { paths: ['database/seeders'] },
    // },
  },
})
`
}
