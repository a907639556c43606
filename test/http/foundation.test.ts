import fs from 'node:fs';
import { openapiDocumentPath } from '../../src/http/routes/openapi.js';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../setup/app.js';

const { app } = await createTestApp();

describe('health', () => {
  it('GET /healthz answers ok', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz reports the current schema version when migrations are applied', async () => {
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('ready');
    expect(res.json().schemaVersion).toBeGreaterThan(0);
  });
});

describe('problem+json errors (RFC 9457)', () => {
  it('answers an unknown route with a 404 problem, never HTML or a stack', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/no-such-thing?name=secret' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({
      status: 404,
      code: 'route_not_found',
      title: 'No such route',
      type: '/problems/route_not_found',
    });
    expect(body.detail).not.toContain('secret');
    expect(body.instance).toBe(res.headers['x-request-id']);
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/healthz',
      headers: { 'content-type': 'application/json' },
      payload: '{"broken":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().code).toBe('validation_failed');
    // The field at fault is the whole body.
    expect(res.json().errors).toEqual([{ path: '/body', message: 'The body is not valid JSON' }]);
  });

  it('answers a 2 MB body with 413, not 500', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/openapi.json',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ x: 'a'.repeat(2_000_000) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().code).toBe('payload_too_large');
  });
});

describe('request ids and security headers', () => {
  it('returns a generated request id, and keeps a well-formed incoming one', async () => {
    const generated = await app.inject({ method: 'GET', url: '/healthz' });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'proxy-abc-12345' } });
    expect(kept.headers['x-request-id']).toBe('proxy-abc-12345');
    const replaced = await app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'bad id\nwith newline' },
    });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends a strict content security policy and other security headers', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });
});

describe('OpenAPI', () => {
  it('serves the OpenAPI 3.1 document of the route schemas: the checked-in copy the drift test keeps current', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toBe(fs.readFileSync(openapiDocumentPath, 'utf8'));
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/readyz']).toBeDefined();
  });
});

describe('page not found', () => {
  it('gives a browser asking for a missing page an HTML page with the way on, with status 404', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/faq',
      headers: { accept: 'text/html,application/xhtml+xml' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('Page not found');
    expect(res.body).toContain('href="/get-started"');
  });

  it('keeps problem+json for the API even when the client accepts HTML', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/nothing', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
