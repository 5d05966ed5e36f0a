//! Times as people type them, checked where they enter. Grafana silently ignores a `from`/`to`
//! it cannot read and shows the dashboard's own range instead (scenes `parseUrlParam` returns
//! null), so an export with `--from yesterday` would quietly be of the wrong hours; here every
//! value is parsed first, and absolute ones are sent to Grafana as epoch milliseconds, the one
//! form every Grafana version reads.
//!
//! Accepted, as Grafana accepts them (scenes `utils/parseUrlParam.ts`, grafana-data
//! `datetime/datemath.ts`): `now` with `±N unit` steps and `/unit` rounding (`now-7d`,
//! `now-1d/d`, units `y Q M w d h m s`, fiscal `fy fQ`); a bare interval `7d` (= `now-7d`);
//! epoch milliseconds; and dates `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]`, `YYYY-MM-DDTHH:MM[:SS]`
//! (in the export's time zone), RFC 3339 with an offset, `YYYYMMDD` and `YYYYMMDDTHHmmss`
//! (UTC, as Grafana reads them).

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};

/// A parsed time: relative to now (kept as Grafana's expression) or a fixed instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimePoint {
    Relative(String),
    Absolute(DateTime<Utc>),
}

impl TimePoint {
    /// What goes into the page URL.
    pub fn url_value(&self) -> String {
        match self {
            TimePoint::Relative(expr) => expr.clone(),
            TimePoint::Absolute(t) => t.timestamp_millis().to_string(),
        }
    }

    /// The instant this means at `now`; `/unit` rounds down for a start and up for an end,
    /// as Grafana does for `from` and `to`.
    fn at(&self, now: DateTime<Utc>, end: bool) -> Option<DateTime<Utc>> {
        match self {
            TimePoint::Absolute(t) => Some(*t),
            TimePoint::Relative(expr) => eval_math(expr, now, end),
        }
    }
}

const HELP: &str = "use now, now-7d, now-1d/d, 7d, epoch milliseconds, or a date such as 2026-11-01 or 2026-11-01 08:00";

/// Parses one `from` or `to` value. `zone` is an IANA name (or `utc`/`browser`) for dates
/// written without an offset.
pub fn parse(value: &str, zone: Option<&str>) -> Result<TimePoint, String> {
    let v = value.trim();
    let bad = || format!("{value:?} is not a time Grafana understands; {HELP}");
    if v.is_empty() {
        return Err(bad());
    }
    if v.starts_with("now") {
        return eval_math(v, Utc::now(), false)
            .map(|_| TimePoint::Relative(v.to_string()))
            .ok_or_else(bad);
    }
    if let Some(n) = interval(v) {
        return Ok(TimePoint::Relative(format!("now-{n}")));
    }
    if v.bytes().all(|b| b.is_ascii_digit()) && v.len() != 8 {
        let ms: i64 = v.parse().map_err(|_| bad())?;
        return Utc
            .timestamp_millis_opt(ms)
            .single()
            .map(TimePoint::Absolute)
            .ok_or_else(bad);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Ok(TimePoint::Absolute(t.with_timezone(&Utc)));
    }
    // Grafana's compact URL forms are UTC.
    if let Ok(d) = NaiveDate::parse_from_str(v, "%Y%m%d") {
        return Ok(TimePoint::Absolute(
            d.and_time(Default::default()).and_utc(),
        ));
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S") {
        return Ok(TimePoint::Absolute(t.and_utc()));
    }
    let naive = NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map(|d| d.and_time(Default::default()))
        .ok()
        .or_else(|| date_time(v))
        .ok_or_else(bad)?;
    in_zone(naive, zone)
        .map(TimePoint::Absolute)
        .ok_or_else(bad)
}

/// A date with a time and no zone: `2026-11-01 08:00[:00]`, also with a `T`.
fn date_time(v: &str) -> Option<NaiveDateTime> {
    [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(v, f).ok())
}

/// `7d`, `12h`: Grafana reads a bare interval as "the last 7 days".
fn interval(v: &str) -> Option<&str> {
    let unit = v.chars().last()?;
    let digits = &v[..v.len() - unit.len_utf8()];
    (!digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && "yYMwWdDhHmsS".contains(unit))
    .then_some(v)
}

/// The zone a Grafana time zone setting means: `utc`, `browser` (or none: the user's own), an
/// IANA name; `None` for anything else.
fn zone_of(zone: Option<&str>) -> Option<chrono_tz::Tz> {
    let zone = zone.map(str::trim).unwrap_or("browser");
    if zone.eq_ignore_ascii_case("utc") {
        return Some(chrono_tz::UTC);
    }
    if zone.eq_ignore_ascii_case("browser") || zone.is_empty() {
        return Some(
            iana_time_zone::get_timezone()
                .ok()
                .and_then(|z| z.parse().ok())
                .unwrap_or(chrono_tz::UTC),
        );
    }
    zone.parse().ok()
}

/// A range for people, at `now`, in its zone: `2026-11-22 10:00 → 2026-11-29 10:00 (Europe/Berlin)`.
/// Values that do not parse are shown as written.
pub fn describe_range(from: &str, to: &str, zone: Option<&str>, now: DateTime<Utc>) -> String {
    let tz = zone_of(zone).unwrap_or(chrono_tz::UTC);
    let show = |v: &str, end: bool| match parse(v, zone).ok().and_then(|p| p.at(now, end)) {
        Some(t) => t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
        None => v.to_string(),
    };
    format!("{} → {} ({})", show(from, false), show(to, true), tz.name())
}

fn in_zone(t: NaiveDateTime, zone: Option<&str>) -> Option<DateTime<Utc>> {
    let tz = zone_of(zone)?;
    // In a DST gap there is no such local time; in an overlap the earlier one is meant.
    tz.from_local_datetime(&t)
        .earliest()
        .map(|d| d.with_timezone(&Utc))
}

/// Evaluates Grafana date math (`now-1d/d`) at `now`; `None` when it is not valid.
fn eval_math(expr: &str, now: DateTime<Utc>, end: bool) -> Option<DateTime<Utc>> {
    let mut rest = expr.strip_prefix("now")?;
    let mut t = now;
    while !rest.is_empty() {
        let op = rest.chars().next()?;
        rest = &rest[1..];
        match op {
            '/' => {
                let (unit, tail) = unit_of(rest)?;
                t = round(t, unit, end)?;
                rest = tail;
            }
            '+' | '-' => {
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                // Grafana allows `now-d` (one unit).
                let n: i64 = if digits == 0 {
                    1
                } else {
                    rest[..digits].parse().ok()?
                };
                let (unit, tail) = unit_of(&rest[digits..])?;
                t = shift(t, if op == '-' { -n } else { n }, unit)?;
                rest = tail;
            }
            _ => return None,
        }
    }
    Some(t)
}

/// A unit letter (fiscal `fy`/`fQ` read as calendar ones) and what follows it.
fn unit_of(s: &str) -> Option<(char, &str)> {
    let s = s
        .strip_prefix('f')
        .filter(|r| r.starts_with(['y', 'Q']))
        .unwrap_or(s);
    let unit = s.chars().next()?;
    "yQMwdhms".contains(unit).then(|| (unit, &s[1..]))
}

fn shift(t: DateTime<Utc>, n: i64, unit: char) -> Option<DateTime<Utc>> {
    let months = |m: i64| -> Option<DateTime<Utc>> {
        let m = u32::try_from(m.unsigned_abs()).ok()?;
        if n >= 0 {
            t.checked_add_months(chrono::Months::new(m))
        } else {
            t.checked_sub_months(chrono::Months::new(m))
        }
    };
    match unit {
        'y' => months(n.checked_mul(12)?),
        'Q' => months(n.checked_mul(3)?),
        'M' => months(n),
        'w' => t.checked_add_signed(Duration::try_weeks(n)?),
        'd' => t.checked_add_signed(Duration::try_days(n)?),
        'h' => t.checked_add_signed(Duration::try_hours(n)?),
        'm' => t.checked_add_signed(Duration::try_minutes(n)?),
        's' => t.checked_add_signed(Duration::try_seconds(n)?),
        _ => None,
    }
}

fn round(t: DateTime<Utc>, unit: char, end: bool) -> Option<DateTime<Utc>> {
    let day = t.date_naive();
    let start = match unit {
        'y' => NaiveDate::from_ymd_opt(day.year(), 1, 1)?.and_time(Default::default()),
        'Q' => NaiveDate::from_ymd_opt(day.year(), (day.month0() / 3) * 3 + 1, 1)?
            .and_time(Default::default()),
        'M' => NaiveDate::from_ymd_opt(day.year(), day.month(), 1)?.and_time(Default::default()),
        'w' => (day - Duration::days(i64::from(day.weekday().num_days_from_monday())))
            .and_time(Default::default()),
        'd' => day.and_time(Default::default()),
        'h' => day.and_hms_opt(t.hour(), 0, 0)?,
        'm' => day.and_hms_opt(t.hour(), t.minute(), 0)?,
        's' => day.and_hms_opt(t.hour(), t.minute(), t.second())?,
        _ => return None,
    }
    .and_utc();
    if !end {
        return Some(start);
    }
    shift(start, 1, unit).map(|next| next - Duration::milliseconds(1))
}

#[cfg(test)]
mod describe_tests {
    use super::*;

    #[test]
    fn ranges_are_described_in_their_zone() {
        let now = Utc.with_ymd_and_hms(2026, 11, 29, 9, 30, 0).unwrap();
        assert_eq!(
            describe_range("now-7d", "now", Some("Europe/Berlin"), now),
            "2026-11-22 10:30 → 2026-11-29 10:30 (Europe/Berlin)"
        );
        assert_eq!(
            describe_range("now-1d/d", "now-1d/d", Some("utc"), now),
            "2026-11-28 00:00 → 2026-11-28 23:59 (UTC)"
        );
        assert_eq!(
            describe_range("yesterday", "now", Some("utc"), now),
            "yesterday → 2026-11-29 09:30 (UTC)"
        );
    }
}

/// Both ends parse, and the range runs forward.
pub fn check_range(from: Option<&str>, to: Option<&str>, zone: Option<&str>) -> Result<(), String> {
    let from = from
        .map(|f| parse(f, zone).map_err(|e| format!("from: {e}")))
        .transpose()?;
    let to = to
        .map(|t| parse(t, zone).map_err(|e| format!("to: {e}")))
        .transpose()?;
    if let (Some(f), Some(t)) = (&from, &to) {
        let now = Utc::now();
        if let (Some(a), Some(b)) = (f.at(now, false), t.at(now, true))
            && a >= b
        {
            return Err(format!(
                "the time range runs backwards: from {} is not before to {}; swap them",
                a.format("%Y-%m-%d %H:%M:%S UTC"),
                b.format("%Y-%m-%d %H:%M:%S UTC")
            ));
        }
    }
    Ok(())
}

/// A history filter bound as stored timestamps compare: `YYYY-MM-DDTHH:MM:SS.mmmZ` (UTC).
/// A bare date is the start of that day (UTC), or its end when `end_of_day`.
pub fn history_bound(value: &str, end_of_day: bool) -> Result<String, String> {
    let v = value.trim();
    let fmt = |t: DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
    if let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        let start = d.and_time(Default::default()).and_utc();
        return Ok(fmt(if end_of_day {
            start + Duration::days(1) - Duration::milliseconds(1)
        } else {
            start
        }));
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Ok(fmt(t.with_timezone(&Utc)));
    }
    date_time(v).map(|t| fmt(t.and_utc())).ok_or_else(|| {
        format!(
            "{value:?} is not a date; use YYYY-MM-DD, YYYY-MM-DD HH:MM (UTC) or an RFC 3339 time"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn abs(v: &str, zone: Option<&str>) -> i64 {
        match parse(v, zone).unwrap() {
            TimePoint::Absolute(t) => t.timestamp_millis(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn grafana_expressions_and_dates_are_read() {
        for ok in [
            "now", "now-7d", "now-1d/d", "now/w", "now-6h/h", "now+1M", "now-1fy", "now-2Q/Q",
            "now-d",
        ] {
            assert_eq!(
                parse(ok, None).unwrap(),
                TimePoint::Relative(ok.into()),
                "{ok}"
            );
        }
        assert_eq!(
            parse("7d", None).unwrap(),
            TimePoint::Relative("now-7d".into())
        );
        assert_eq!(abs("1764547200000", None), 1_764_547_200_000);
        assert_eq!(abs("2026-11-01T08:00:00Z", None), 1_793_520_000_000);
        assert_eq!(abs("2026-11-01T09:00:00+01:00", None), 1_793_520_000_000);
        assert_eq!(abs("20261101", None), 1_793_491_200_000);
        assert_eq!(abs("20261101T080000", None), 1_793_520_000_000);
        assert_eq!(abs("2026-11-01", Some("utc")), 1_793_491_200_000);
        assert_eq!(abs("2026-11-01 08:00", Some("utc")), 1_793_520_000_000);
        // Berlin is UTC+1 in November.
        assert_eq!(
            abs("2026-11-01 09:00", Some("Europe/Berlin")),
            1_793_520_000_000
        );
        assert_eq!(
            parse("2026-11-01", Some("utc")).unwrap().url_value(),
            "1793491200000"
        );
    }

    #[test]
    fn anything_else_is_refused_with_what_to_type() {
        for bad in [
            "yesterday",
            "2026-13-45",
            "now-",
            "now-7x",
            "now/d/",
            "nowish",
            "",
            "7 days",
            "2026-02-30",
            "now--1d",
        ] {
            let e = parse(bad, None).unwrap_err();
            assert!(
                e.contains("now-7d") && e.contains("2026-11-01"),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn ranges_must_run_forward() {
        assert!(check_range(Some("now-7d"), Some("now"), None).is_ok());
        assert!(
            check_range(Some("now-1d/d"), Some("now-1d/d"), None).is_ok(),
            "yesterday, whole"
        );
        assert!(check_range(Some("2026-11-01"), Some("2026-11-02"), Some("utc")).is_ok());
        assert!(check_range(Some("now"), None, None).is_ok());
        let e = check_range(Some("now"), Some("now-7d"), None).unwrap_err();
        assert!(e.contains("backwards"), "{e}");
        let e = check_range(Some("2026-11-02"), Some("2026-11-01"), Some("utc")).unwrap_err();
        assert!(e.contains("swap"), "{e}");
        let e = check_range(Some("yesterday"), None, None).unwrap_err();
        assert!(e.starts_with("from:"), "{e}");
    }

    #[test]
    fn history_bounds_are_normalised() {
        assert_eq!(
            history_bound("2026-11-01", false).unwrap(),
            "2026-11-01T00:00:00.000Z"
        );
        assert_eq!(
            history_bound("2026-11-01", true).unwrap(),
            "2026-11-01T23:59:59.999Z"
        );
        assert_eq!(
            history_bound("2026-11-01T10:00:00+02:00", false).unwrap(),
            "2026-11-01T08:00:00.000Z"
        );
        assert_eq!(
            history_bound("2026-11-01 10:00", false).unwrap(),
            "2026-11-01T10:00:00.000Z"
        );
        for bad in ["yesterday", "2026-13-45", "11/01/2026"] {
            assert!(history_bound(bad, false).is_err(), "{bad}");
        }
    }
}
