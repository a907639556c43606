// `npm run openapi`: regenerate docs/api/openapi.json from the route schemas.
import fs from 'node:fs';
import path from 'node:path';
import { generateOpenApi } from './openapi-document.js';

const target = path.resolve(import.meta.dirname, '..', 'docs', 'api', 'openapi.json');
fs.writeFileSync(target, await generateOpenApi());
process.stderr.write(`ketaclinic: wrote ${path.relative(process.cwd(), target)}\n`);
