import { describe, expect, it } from 'vitest';
import { createProtocolVersion } from '../../src/app/protocols/protocols.js';
import { loadDemoClinic } from '../../src/app/demo.js';
import { defaultProtocol } from '../../src/domain/protocol/index.js';
import { createTestApp } from '../setup/app.js';
import { createIdentityTestApp, createOrganization, createUser } from '../setup/identity.js';

const pages = ['/', '/im-vs-iv', '/what-to-expect', '/is-it-right-for-you', '/evidence', '/privacy', '/get-started'];

describe('the public site without a configured clinic', async () => {
  const { app } = await createTestApp();

  it.each(pages)('%s renders with a generic fallback name, a Get started link and the 988 crisis line', async (url) => {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('Ketamine therapy clinic');
    expect(res.body).toContain('href="/get-started"');
    expect(res.body).toMatch(/Call or text <a href="tel:988">/);
    expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline scripts (strict CSP)
    expect(res.body).not.toMatch(/\sstyle=/);
  });
});

describe('"Get started" before any clinic is set up', async () => {
  const { app } = await createTestApp();

  it('says the form cannot be sent yet, and loads no form script', async () => {
    const res = await app.inject({ method: 'GET', url: '/get-started' });
    expect(res.body).toContain('has not finished setting up its website');
    expect(res.body).not.toMatch(/<script/);
  });
});

describe('the public site of the demo clinic', async () => {
  const { app, db } = await createTestApp();
  const client = await db.client();
  await loadDemoClinic(client);
  await client.end();

  it('shows the clinic name, address, phone and hours from the database', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.body).toContain('Larkspur Demo Ketamine Clinic');
    expect(res.body).toContain('100 Example Avenue, Suite 2');
    expect(res.body).toContain('(555) 010-0100');
    expect(res.body).toContain('Monday to Friday: 8 am to 6 pm');
    expect(res.body).toContain('Saturday: 9 am to 1 pm');
  });

  it('gives every page its own title, a meta description and one h1', async () => {
    const titles = new Set<string>();
    for (const url of pages) {
      const body = (await app.inject({ method: 'GET', url })).body;
      const title = /<title>([^<]+)<\/title>/.exec(body)?.[1];
      expect(title).toMatch(/\| Larkspur Demo Ketamine Clinic$/);
      titles.add(title!);
      expect(body).toMatch(/<meta name="description" content="[^"]{40,}">/);
      expect(body.match(/<h1[\s>]/g)).toHaveLength(1);
      expect(body).toContain('<main id="main"');
    }
    expect(titles.size).toBe(pages.length);
  });

  it('states response rates with their sources and compares IM and IV in a table', async () => {
    const home = (await app.inject({ method: 'GET', url: '/' })).body;
    expect(home).toContain('70.8 %');
    expect(home).toContain('href="/evidence#murrough2013"');
    expect(home).toContain('53.6 %');
    const compare = (await app.inject({ method: 'GET', url: '/im-vs-iv' })).body;
    expect(compare).toMatch(/<table class="compare">/);
    expect(compare).toContain('<th scope="col">IM injection</th>');
    const evidence = (await app.inject({ method: 'GET', url: '/evidence' })).body;
    for (const id of [
      'zarate2006',
      'berman2000',
      'wilkinson2018',
      'kishimoto2016',
      'feder2021',
      'nimh',
      'sanacora2017',
      'fda2019',
    ])
      expect(evidence).toContain(`id="${id}"`);
  });

  it('serves the stylesheet with a content hash and a long cache life', async () => {
    const home = (await app.inject({ method: 'GET', url: '/' })).body;
    const href = /<link rel="stylesheet" href="([^"]+)">/.exec(home)?.[1];
    expect(href).toMatch(/^\/site-[0-9a-f]{12}\.css$/);
    const css = await app.inject({ method: 'GET', url: href! });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.headers['cache-control']).toContain('immutable');
  });

  it('serves the get-started page with a signed form token and never lets it be cached', async () => {
    const res = await app.inject({ method: 'GET', url: '/get-started' });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatch(/data-form-token="\d+\.[A-Za-z0-9_-]{32}"/);
  });
});

describe('"What to expect" follows the clinic’s current protocol', async () => {
  const t = await createIdentityTestApp();
  const organizationId = await createOrganization(t.db.pool, 'Protocol Test Clinic');
  const admin = await createUser(t.db.pool, {
    organizationId,
    email: 'admin@protocol-test.example.org',
    roles: ['admin'],
    mfa: true,
  });
  const page = async (): Promise<string> => {
    const res = await t.app.inject({ method: 'GET', url: '/what-to-expect' });
    expect(res.statusCode).toBe(200);
    return res.body;
  };
  const versions = async (): Promise<number> =>
    (
      await t.db.pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM protocol_versions WHERE organization_id = $1',
        [organizationId],
      )
    ).rows[0]!.n;

  it('shows the built-in defaults while the clinic has saved no protocol, and writes none', async () => {
    const body = await page();
    expect(body).toContain(
      'do not eat for 6 hours before your session. You may drink clear fluids, such as water, until 2 hours before.',
    );
    expect(body).toContain('You stay for at least 60 minutes and leave');
    expect(body).toContain('we will ask you to take a pregnancy test before each session');
    expect(body).toContain('a 40-minute drip');
    expect(await versions()).toBe(0);
  });

  it('shows what an admin saves as a new version, once the site’s short cache has passed', async () => {
    const ctx = {
      db: t.db.pool,
      principal: { userId: admin.id, organizationId, kind: 'staff' as const, roles: ['admin'], patientId: null },
      now: t.clock.now,
      ip: null,
      userAgent: null,
    };
    const saved = await createProtocolVersion(
      {
        protocol: {
          ...defaultProtocol,
          fasting: { ...defaultProtocol.fasting, solidsHours: 8, clearFluidsHours: 3 },
          recoveryMinutes: { ...defaultProtocol.recoveryMinutes, IV: 45, IM: 90 },
          pregnancyTestRequired: false,
        },
        changeNote: 'Longer fasting; IM patients stay longer',
        basedOnNumber: 1,
      },
      ctx,
    );
    expect(saved.number).toBe(2);

    // Held for a few seconds, like the clinic's name and address ...
    expect(await page()).toContain('do not eat for 6 hours');
    t.clock.advance(11_000);
    // ... then the new version.
    const body = await page();
    expect(body).toContain(
      'do not eat for 8 hours before your session. You may drink clear fluids, such as water, until 3 hours before.',
    );
    expect(body).toContain(
      'You stay for at least 45 minutes after a drip (IV) or at least 90 minutes after an injection (IM), and leave',
    );
    expect(body).not.toContain('pregnancy test');
    expect(body).toContain('tell us if you are or could be pregnant');
  });
});
