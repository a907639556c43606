import crypto from 'node:crypto';
import { ensureSiteSecret } from '../../db/repositories/site.js';
import type { Queryable } from '../context.js';

/**
 * The server-side secret behind the form's fill-time token and the hashed client address of the rate
 * limit. One row in PostgreSQL so every app server agrees; created on first use (gen_random_uuid is
 * PostgreSQL's strong random source). Held in memory after the first read.
 */
export class SiteSecret {
  #value: Promise<string> | undefined;

  constructor(private readonly db: Queryable) {}

  get(): Promise<string> {
    this.#value ??= this.load().catch((error: unknown) => {
      this.#value = undefined;
      throw error;
    });
    return this.#value;
  }

  private async load(): Promise<string> {
    const secret = await ensureSiteSecret(this.db);
    if (!secret) throw new Error('intake_site_secrets has no row');
    return secret;
  }

  async hmac(purpose: string, value: string): Promise<string> {
    return crypto
      .createHmac('sha256', await this.get())
      .update(`${purpose}:${value}`)
      .digest('base64url');
  }
}
