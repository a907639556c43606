import { defaultProtocol, type ClinicProtocol } from '../../domain/protocol/index.js';
import type { LocalDate } from '../../domain/time/index.js';
import { localDateAt } from '../clinic-time.js';
import { readCurrentProtocol } from '../protocols/protocols.js';
import type { Queryable } from '../context.js';
import { loadClinicProfile, resolvePublicOrganization, type ClinicProfile } from './public-organization.js';

/**
 * The public site's clinic (which organization, and its name, address, phone and hours), read from the
 * database and held for a few seconds: every page view and every submission needs it, and it changes only
 * when an administrator edits the clinic's settings (seen by the site within `ttlMs`). The clinic's current
 * protocol (fasting, recovery time, pregnancy test) is held the same way for "What to expect".
 */
export class PublicClinic {
  #cached: { at: number; value: Promise<{ organizationId: string | null; profile: ClinicProfile | null }> } | undefined;
  #protocol: { at: number; value: Promise<ClinicProtocol> } | undefined;

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
      return {
        organizationId,
        profile: organizationId === null ? null : await loadClinicProfile(this.db, organizationId),
      };
    })();
    // A failed read is not kept: the next request asks the database again.
    value.catch(() => {
      if (this.#cached?.value === value) this.#cached = undefined;
    });
    this.#cached = { at: now.getTime(), value };
    return value;
  }

  /**
   * The protocol the clinic works to now: its newest saved version, or the built-in defaults when it has saved
   * none (or no clinic is configured). Read-only: the public site never writes a protocol version.
   */
  protocol(now: Date): Promise<ClinicProtocol> {
    const cached = this.#protocol;
    if (cached && now.getTime() - cached.at < this.ttlMs && now.getTime() >= cached.at) return cached.value;
    const value = (async () => {
      const organizationId = await this.organizationId(now);
      return (organizationId === null ? null : await readCurrentProtocol(this.db, organizationId)) ?? defaultProtocol;
    })();
    value.catch(() => {
      if (this.#protocol?.value === value) this.#protocol = undefined;
    });
    this.#protocol = { at: now.getTime(), value };
    return value;
  }

  async organizationId(now: Date): Promise<string | null> {
    return (await this.current(now)).organizationId;
  }

  /**
   * The clinic's local date now: ages are computed on it, never on the UTC date (CLINICAL.md §1) — in a US
   * evening the UTC date is already tomorrow. Falls back to UTC only when no clinic is configured.
   */
  async today(now: Date): Promise<LocalDate> {
    const profile = await this.profile(now);
    return localDateAt(profile?.timeZone, now);
  }

  async profile(now: Date): Promise<ClinicProfile | null> {
    return (await this.current(now)).profile;
  }
}
