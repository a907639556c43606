import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { generateOpenApi } from '../../scripts/openapi-document.js';

it('the checked-in OpenAPI document matches the route schemas (run `npm run openapi` after changing a route)', async () => {
  const checkedIn = fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/api/openapi.json'), 'utf8');
  expect(await generateOpenApi()).toBe(checkedIn);
});
