import type { Queryable } from '../context.js';
import { loadClinicProfile, resolvePublicOrganization, type ClinicProfile } from './public-organization.js';

/**
 * The public site's clinic (which organization, and its name, address, phone and hours), read from the
 * database and held for a few seconds: every page view and every submission needs it, and it changes only
 * when an administrator edits the clinic's settings (seen by the site within `ttlMs`).
 */
export class PublicClinic {
  #cached: { at: number; value: Promise<{ organizationId: string | null; profile: ClinicProfile | null }> } | undefined;

  constructor(
    private readonly db: Queryable,
    private readonly configuredId: string | undefined,
    private readonly ttlMs = 10_000,
  ) {}

  private current(now: Date): Promise<{ organizationId: string | null; profile: ClinicProfile | null }> {
    const cached = this.#cached;
    if (cached && now.getTime() - cached.at < this.ttlMs && now.getTime() >= cached.at) return cached.value;
    const value = (async () => {
      const organizationId = await resolvePublicOrganization(this.db, this.configuredId);
      return { organizationId, profile: organizationId === null ? null : await loadClinicProfile(this.db, organizationId) };
    })();
    // A failed read is not kept: the next request asks the database again.
    value.catch(() => {
      if (this.#cached?.value === value) this.#cached = undefined;
    });
    this.#cached = { at: now.getTime(), value };
    return value;
  }

  async organizationId(now: Date): Promise<string | null> {
    return (await this.current(now)).organizationId;
  }

  async profile(now: Date): Promise<ClinicProfile | null> {
    return (await this.current(now)).profile;
  }
}
