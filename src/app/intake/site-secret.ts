import crypto from 'node:crypto';
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
    await this.db.query(
      `INSERT INTO intake_site_secrets (secret)
       VALUES (replace(gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))
       ON CONFLICT (id) DO NOTHING`,
    );
    const res = await this.db.query<{ secret: string }>('SELECT secret FROM intake_site_secrets');
    const secret = res.rows[0]?.secret;
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
