import type { AuthKind, Connection, ConnectionInput } from './types';
import { SETTING_LIMITS } from './bindings';

/** The Connections form. `stored` is the sign-in kind whose secret is in the keyring (edits). */
export interface ConnectionForm {
  name: string;
  url: string;
  auth: AuthKind;
  token: string;
  user: string;
  password: string;
  orgId: string;
  timeoutSecs: number;
  caCertPem: string;
  insecure: boolean;
  stored: AuthKind | null;
  replace: boolean;
}

export function emptyConnectionForm(): ConnectionForm {
  return { name: '', url: '', auth: 'session', token: '', user: '', password: '', orgId: '', timeoutSecs: SETTING_LIMITS.timeoutSecs.default, caCertPem: '', insecure: false, stored: null, replace: false };
}

/** An edit starts from the connection as stored; its secret is never shown, only "stored". */
export function formFromConnection(c: Connection): ConnectionForm {
  return {
    ...emptyConnectionForm(),
    name: c.name,
    url: c.url,
    auth: c.auth,
    user: c.username ?? '',
    orgId: c.orgId ? String(c.orgId) : '',
    timeoutSecs: c.timeoutSecs,
    caCertPem: c.caCertPem ?? '',
    insecure: c.insecure,
    stored: c.auth === 'none' ? null : c.auth,
  };
}

/**
 * What goes over IPC. The stored secret is kept (`keep`) unless the user replaces it or switches
 * the sign-in kind (a new basic-auth user comes with its password).
 */
export function toConnectionInput(f: ConnectionForm): ConnectionInput {
  const keep = f.auth !== 'none' && f.stored === f.auth && !f.replace;
  const base = {
    name: f.name.trim(),
    url: f.url.trim(),
    orgId: f.orgId.trim() ? Number(f.orgId) : undefined,
    insecure: f.insecure,
    timeoutSecs: f.timeoutSecs || undefined,
    caCertPem: f.caCertPem.trim() ? f.caCertPem : undefined,
  };
  if (keep) return { ...base, auth: 'keep' };
  if (f.auth === 'token') return { ...base, auth: 'token', token: f.token };
  if (f.auth === 'basic') return { ...base, auth: 'basic', user: f.user, password: f.password };
  // The session itself comes from the sign-in window that follows (`connection_sign_in`).
  if (f.auth === 'session') return { ...base, auth: 'session' };
  return { ...base, auth: 'none' };
}

/** Saving this form opens Grafana's login page: a new browser sign-in, or "Sign in again". */
export function needsSignIn(f: ConnectionForm): boolean {
  return f.auth === 'session' && (f.stored !== 'session' || f.replace);
}
