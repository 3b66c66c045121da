import { defineConfig } from 'drizzle-kit';

// Generates SQL migrations from schema.ts; no database connection is needed for `generate`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/schema.ts',
  out: './src/store/migrations',
});
