//! The defaults and limits of the numbers a person sets — one table, read by the CLI's flags,
//! the core's checks and the window's fields (exported into `ui/src/lib/bindings.ts`).

use std::ops::RangeInclusive;

/// Seconds to wait for Grafana (a connection's API calls) or for a render to finish.
pub const TIMEOUT_SECS: RangeInclusive<u32> = 1..=600;
pub const DEFAULT_TIMEOUT_SECS: u32 = 30;

/// Renders in flight at once.
pub const CONCURRENCY: RangeInclusive<u32> = 1..=16;
pub const DEFAULT_CONCURRENCY: u32 = 4;

/// Seconds a panel with queries may take to start its first one (0: until the timeout).
pub const FIRST_QUERY_WAIT_SECS: RangeInclusive<u32> = 0..=120;

/// JPEG and WebP quality.
pub const QUALITY: RangeInclusive<u8> = 1..=100;

/// A range as clap takes it for signed and narrow flags (`value_parser!(u32).range(…)`).
pub fn clap_range<T: Copy + Into<i64>>(r: &RangeInclusive<T>) -> RangeInclusive<i64> {
    (*r.start()).into()..=(*r.end()).into()
}

/// A range as clap takes it for `u64` flags.
pub fn clap_range_u64<T: Copy + Into<u64>>(r: &RangeInclusive<T>) -> RangeInclusive<u64> {
    (*r.start()).into()..=(*r.end()).into()
}
