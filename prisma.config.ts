import { defineConfig } from 'prisma/config'

// Prisma 7 reads the connection URL from here (stock CLI on machines with network). The app itself
// connects through driver adapters in app/server/platform/db.server.ts; migrations run offline through
// prisma/scripts/migrate.ts.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations/sqlite' },
  datasource: { url: process.env.DATABASE_URL ?? 'file:./data/observer-school.db' },
})
