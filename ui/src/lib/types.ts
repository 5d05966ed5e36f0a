// Every type that crosses IPC is generated from the Rust types (see bindings.ts); this file
// only adds names the UI uses for them.
export * from './bindings';
import type { ErrorBody } from './bindings';

/** How every Rust error reaches the UI: `{ code, message }`. */
export type AppError = ErrorBody;
