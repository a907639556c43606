import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemaTypes, schemaTypesFile } from '../../scripts/db-types.js';
import { createTestDatabase } from '../setup/database.js';

// A copy of the migrated template (never the template itself: copying needs it unused).
const db = await createTestDatabase();

describe('generated table types (src/db/schema.generated.ts)', () => {
  it('match the schema the migrations build (run `npm run db:types` after adding a migration)', async () => {
    const generated = await schemaTypes(db.config);
    expect(fs.readFileSync(schemaTypesFile, 'utf8')).toBe(generated);
  });

  it('would fail on a schema the file does not describe', async () => {
    const client = await db.client();
    try {
      await client.query('ALTER TABLE locations ADD COLUMN drift_probe text');
      expect(await schemaTypes(db.config)).not.toBe(fs.readFileSync(schemaTypesFile, 'utf8'));
    } finally {
      await client.query('ALTER TABLE locations DROP COLUMN drift_probe');
      await client.end();
    }
  });
});
