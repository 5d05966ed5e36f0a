import { describe, expect, it } from 'vitest';
import { emptyConnectionForm, formFromConnection, needsSignIn, toConnectionInput } from './connection-form';
import type { Connection } from './types';

const stored: Connection = { id: 7, name: 'prod', url: 'https://g/', orgId: 2, auth: 'token', username: null, caCertPem: null, insecure: false, timeoutSecs: 45, createdAt: '' };

describe('connection form', () => {
  it('keeps the stored secret on an edit that does not touch it', () => {
    const f = formFromConnection(stored);
    expect(f).toMatchObject({ name: 'prod', orgId: '2', timeoutSecs: 45, token: '', stored: 'token' });
    f.url = 'https://grafana.example.com/';
    expect(toConnectionInput(f)).toEqual({ name: 'prod', url: 'https://grafana.example.com/', orgId: 2, insecure: false, timeoutSecs: 45, caCertPem: undefined, auth: 'keep' });
  });

  it('sends a new secret when replaced or when the sign-in kind changes', () => {
    const replaced = { ...formFromConnection(stored), replace: true, token: 'glsa_new' };
    expect(toConnectionInput(replaced)).toMatchObject({ auth: 'token', token: 'glsa_new' });
    const basic = { ...formFromConnection(stored), auth: 'basic' as const, user: 'ann', password: 'pw' };
    expect(toConnectionInput(basic)).toMatchObject({ auth: 'basic', user: 'ann', password: 'pw' });
    const anonymous = { ...formFromConnection(stored), auth: 'none' as const };
    expect(toConnectionInput(anonymous)).toMatchObject({ auth: 'none' });
    expect(toConnectionInput(anonymous)).not.toHaveProperty('token');
  });

  it('a new connection always sends its sign-in', () => {
    const f = { ...emptyConnectionForm(), auth: 'token' as const, name: ' x ', url: 'http://g', token: 't', orgId: '' };
    expect(toConnectionInput(f)).toMatchObject({ name: 'x', auth: 'token', token: 't', orgId: undefined });
  });

  it('a person signs in through the browser: nothing secret crosses, a sign-in follows', () => {
    const f = { ...emptyConnectionForm(), name: 'mine', url: 'http://g' };
    expect(f.auth).toBe('session');
    expect(toConnectionInput(f)).toEqual({ name: 'mine', url: 'http://g', orgId: undefined, insecure: false, timeoutSecs: 30, caCertPem: undefined, auth: 'session' });
    expect(needsSignIn(f)).toBe(true);
    const signedIn = formFromConnection({ ...stored, auth: 'session', username: 'ann' });
    expect(needsSignIn(signedIn)).toBe(false);
    expect(toConnectionInput(signedIn).auth).toBe('keep');
    expect(needsSignIn({ ...signedIn, replace: true })).toBe(true);
  });
});
