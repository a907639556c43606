import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditActionLabels, resourceTypeLabels } from '../../../src/domain/labels/index.js';

/**
 * No code name reaches a screen: every audit action and resource type written anywhere in the server has a
 * label (the audit log shows them), and the web never turns a code into text by string surgery.
 */
function files(dir: string, ext: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p, ext) : ext.test(e.name) ? [p] : [];
  });
}
const source = files('src', /\.ts$/).map((f) => [f, fs.readFileSync(f, 'utf8')] as const);

describe('labels for codes (src/domain/labels)', () => {
  it('has a label for every audit action the server records', () => {
    const actions = new Set(
      source.flatMap(([, text]) => [...text.matchAll(/action: '([a-z_]+\.[a-z_.]+)'/g)].map((m) => m[1]!)),
    );
    expect(actions.size).toBeGreaterThan(40);
    const missing = [...actions].filter((a) => !(a in auditActionLabels));
    expect(missing, 'add these to auditActionLabels in src/domain/labels/index.ts').toEqual([]);
  });

  it('has a label for every resource type an audit entry names', () => {
    const types = new Set(
      source.flatMap(([, text]) => [...text.matchAll(/resourceType: '([a-z_]+)'/g)].map((m) => m[1]!)),
    );
    const missing = [...types].filter((t) => !(t in resourceTypeLabels));
    expect(missing, 'add these to resourceTypeLabels in src/domain/labels/index.ts').toEqual([]);
  });

  it('finds no code turned into words by replacing underscores in the web app', () => {
    const offenders = files('web/src', /\.tsx?$/).filter((f) =>
      /\.replaceAll\('_', ' '\)|toUpperCase\(\)\.replace\('_'/.test(fs.readFileSync(f, 'utf8')),
    );
    expect(offenders, 'use a label from src/domain/labels instead').toEqual([]);
  });
});
