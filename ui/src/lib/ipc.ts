import { invoke } from '@tauri-apps/api/core';

/** How every Rust error reaches the UI. */
export interface AppError {
  code: string;
  message: string;
}

export function isAppError(e: unknown): e is AppError {
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e;
}

/** Calls a Rust command; rejects with an `AppError` whatever the failure was. */
export async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    if (isAppError(e)) throw e;
    throw { code: 'ipc.failed', message: String(e) } satisfies AppError;
  }
}

export interface AppInfo {
  name: string;
  version: string;
}
