import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration from the environment', () => {
  it('has defaults that start the clinic on 127.0.0.1:3000 with the embedded database', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: undefined, logLevel: 'info' });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' })).toMatchObject({ databaseUrl: undefined, port: 3000 });
  });

  it.each([
    ['PORT', '70000'],
    ['PORT', 'eighty'],
    ['LOG_LEVEL', 'loud'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['KETACLINIC_TRUST_PROXY', 'yes'],
    ['KETACLINIC_DB_POOL_MAX', '0'],
  ])('names the bad variable %s=%s and what it got', (variable, value) => {
    const attempt = () => loadConfig({ [variable]: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      new RegExp(`^${variable}: .*${JSON.stringify(value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
  });

  it.each([
    ['false', false],
    ['true', 1],
    ['2', 2],
    ['10.0.0.5', ['10.0.0.5']],
    ['10.0.0.0/8, 192.168.1.1 ,::1', ['10.0.0.0/8', '192.168.1.1', '::1']],
  ])('reads KETACLINIC_TRUST_PROXY=%s as a hop count or address list, never "every hop"', (value, expected) => {
    const config = loadConfig({ KETACLINIC_TRUST_PROXY: value });
    expect(config.trustProxy).toEqual(expected);
    expect(config.behindProxy).toBe(expected !== false);
  });

  it.each(['yes', '11', '10.0.0.0/33', 'proxy.local', '10.0.0.1,'])('refuses KETACLINIC_TRUST_PROXY=%s', (value) => {
    if (value === '10.0.0.1,') expect(loadConfig({ KETACLINIC_TRUST_PROXY: value }).trustProxy).toEqual(['10.0.0.1']);
    else expect(() => loadConfig({ KETACLINIC_TRUST_PROXY: value })).toThrow(ConfigError);
  });

  it('resolves a relative data directory against the working directory', () => {
    expect(loadConfig({ KETACLINIC_DATA_DIR: 'clinic-data' }).dataDir).toBe(`${process.cwd()}/clinic-data`);
  });
});
