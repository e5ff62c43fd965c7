//! Cron schedules as the CronJob controller reads them: `github.com/robfig/cron/v3`'s
//! `ParseStandard` (five fields, descriptors, `TZ=`/`CRON_TZ=` prefixes) and
//! `SpecSchedule.Next`, with its errors word for word and Go's `time.Date` normalisation
//! (which decides what happens in the hour a DST change skips or repeats).
//!
//! Time zones come from the IANA database bundled into the binary (as kube-controller-manager
//! embeds Go's `time/tzdata`), or in the page from the same data fetched as a file
//! ([`crate::tzdata`]), never from the machine: the same schedule gives the same times
//! natively and in the page.

use crate::apiserver::validation::gofmt::go_quote;
use jiff::Timestamp;
use jiff::tz::TimeZone;

/// The zone named exactly `name` (Go's file lookup is case-sensitive): natively from the
/// bundled database, in the page from the one it installed ([`crate::tzdata`]).
#[cfg(not(target_arch = "wasm32"))]
fn lookup(name: &str) -> Option<TimeZone> {
    // jiff's lookup ignores case; Go's does not.
    jiff::tz::db()
        .get(name)
        .ok()
        .filter(|tz| tz.iana_name() == Some(name))
}

#[cfg(target_arch = "wasm32")]
fn lookup(name: &str) -> Option<TimeZone> {
    crate::tzdata::get(name)
}

/// A time zone a schedule runs in.
#[derive(Clone, Debug)]
pub enum Zone {
    /// kube-controller-manager's `time.Local`: UTC in kind's and kubeadm's images.
    Local,
    /// An IANA zone (`timeZone:` or a `TZ=` prefix).
    Named(String, TimeZone),
}

impl Zone {
    /// Go's `time.LoadLocation`: "" and "UTC" are UTC, "Local" is the local zone, anything
    /// else must be in the database.
    pub fn load(name: &str) -> Result<Zone, String> {
        if name.is_empty() || name == "UTC" {
            return Ok(Zone::Named("UTC".into(), TimeZone::UTC));
        }
        if name == "Local" {
            return Ok(Zone::Local);
        }
        // Go rejects names that could escape the zoneinfo root.
        let bad = name.contains("..") || name.starts_with('/') || name.contains('\\');
        match lookup(name) {
            Some(tz) if !bad => Ok(Zone::Named(name.to_string(), tz)),
            _ => Err(format!("unknown time zone {name}")),
        }
    }

    /// The zone's offset from UTC (seconds) at a Unix instant.
    pub fn offset_at(&self, unix: i64) -> i64 {
        match self {
            Zone::Local => 0,
            Zone::Named(_, tz) => Timestamp::from_second(unix)
                .map(|t| i64::from(tz.to_offset(t).seconds()))
                .unwrap_or(0),
        }
    }

    /// The zone's abbreviation at an instant (`EST`, `CET`, `UTC`; `+0530`-style when the
    /// database has none, as Go prints).
    pub fn abbreviation_at(&self, unix: i64) -> String {
        match self {
            Zone::Local => "UTC".into(),
            Zone::Named(_, tz) => Timestamp::from_second(unix)
                .ok()
                .map(|t| tz.to_offset_info(t).abbreviation().to_string())
                .unwrap_or_else(|| "UTC".into()),
        }
    }

    /// Civil fields of a Unix instant in this zone.
    pub fn civil(&self, unix: i64) -> Civil {
        let local = unix + self.offset_at(unix);
        civil_from_local(local)
    }

    /// Go's `time.Date(y, m, d, h, mi, s, 0, loc)`: out-of-range fields normalise (month 13
    /// is next January, day 32 the next month's first), and a wall time the zone skips or
    /// repeats takes the offset Go's lookup finds (`time.go` Date).
    pub fn date(&self, year: i64, month: i64, day: i64, hour: i64, min: i64, sec: i64) -> i64 {
        let m0 = month - 1;
        let year = year + m0.div_euclid(12);
        let month = m0.rem_euclid(12) + 1;
        let days = days_from_civil(year, month, 1) + (day - 1);
        let local = days * 86_400 + hour * 3600 + min * 60 + sec;
        let off = self.offset_at(local);
        if off == 0 {
            return local;
        }
        let utc = local - off;
        local - self.offset_at(utc)
    }
}

/// Civil date-time fields (no zone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: i64,
    pub day: i64,
    pub hour: i64,
    pub minute: i64,
    pub second: i64,
    /// 0 = Sunday.
    pub weekday: i64,
}

fn civil_from_local(local: i64) -> Civil {
    let c = crate::time::Civil::from_unix(local);
    Civil {
        year: c.year,
        month: i64::from(c.month),
        day: i64::from(c.day),
        hour: i64::from(c.hour),
        minute: i64::from(c.minute),
        second: i64::from(c.second),
        weekday: i64::from(c.weekday),
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// robfig's `starBit`: the field was `*` or `?` (matters for the day-of-month/day-of-week rule).
const STAR: u64 = 1 << 63;

/// A parsed schedule.
#[derive(Clone, Debug)]
pub enum Schedule {
    /// Five cron fields (seconds fixed at 0) or a descriptor such as `@hourly`.
    Spec(Spec),
    /// `@every D` (robfig's ConstantDelaySchedule), in whole seconds.
    Every(i64),
}

/// robfig's `SpecSchedule`: one bit per allowed value, [`STAR`] when the field was a star.
#[derive(Clone, Debug)]
pub struct Spec {
    second: u64,
    minute: u64,
    hour: u64,
    dom: u64,
    month: u64,
    dow: u64,
    zone: Zone,
}

struct Bounds {
    min: u64,
    max: u64,
    names: &'static [(&'static str, u64)],
}

const MINUTES: Bounds = Bounds {
    min: 0,
    max: 59,
    names: &[],
};
const HOURS: Bounds = Bounds {
    min: 0,
    max: 23,
    names: &[],
};
const DOM: Bounds = Bounds {
    min: 1,
    max: 31,
    names: &[],
};
const MONTHS: Bounds = Bounds {
    min: 1,
    max: 12,
    names: &[
        ("jan", 1),
        ("feb", 2),
        ("mar", 3),
        ("apr", 4),
        ("may", 5),
        ("jun", 6),
        ("jul", 7),
        ("aug", 8),
        ("sep", 9),
        ("oct", 10),
        ("nov", 11),
        ("dec", 12),
    ],
};
const DOW: Bounds = Bounds {
    min: 0,
    max: 6,
    names: &[
        ("sun", 0),
        ("mon", 1),
        ("tue", 2),
        ("wed", 3),
        ("thu", 4),
        ("fri", 5),
        ("sat", 6),
    ],
};

fn bits(min: u64, max: u64, step: u64) -> u64 {
    if step == 1 {
        return !(u64::MAX << (max + 1)) & (u64::MAX << min);
    }
    let mut b = 0;
    let mut i = min;
    while i <= max {
        b |= 1 << i;
        i += step;
    }
    b
}

fn all(r: &Bounds) -> u64 {
    bits(r.min, r.max, 1) | STAR
}

/// Go's `strconv.Atoi` error text.
fn atoi(s: &str) -> Result<i64, String> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "strconv.Atoi: parsing {}: invalid syntax",
            go_quote(s)
        ));
    }
    s.parse::<i64>()
        .map_err(|_| format!("strconv.Atoi: parsing {}: value out of range", go_quote(s)))
}

/// robfig's `mustParseInt`.
fn must_parse_int(expr: &str) -> Result<u64, String> {
    let n = atoi(expr).map_err(|e| format!("failed to parse int from {expr}: {e}"))?;
    if n < 0 {
        return Err(format!("negative number ({n}) not allowed: {expr}"));
    }
    Ok(n as u64)
}

fn int_or_name(expr: &str, r: &Bounds) -> Result<u64, String> {
    let lower = expr.to_ascii_lowercase();
    if let Some((_, v)) = r.names.iter().find(|(n, _)| *n == lower) {
        return Ok(*v);
    }
    must_parse_int(expr)
}

/// robfig's `getRange`: `*`, `?`, `N`, `N-M`, each optionally `/STEP`.
fn range(expr: &str, r: &Bounds) -> Result<u64, String> {
    let range_and_step: Vec<&str> = expr.split('/').collect();
    let low_high: Vec<&str> = range_and_step[0].split('-').collect();
    let single = low_high.len() == 1;
    let (start, mut end, mut extra);
    if low_high[0] == "*" || low_high[0] == "?" {
        start = r.min;
        end = r.max;
        extra = STAR;
    } else {
        start = int_or_name(low_high[0], r)?;
        end = match low_high.len() {
            1 => start,
            2 => int_or_name(low_high[1], r)?,
            _ => return Err(format!("too many hyphens: {expr}")),
        };
        extra = 0;
    }
    let step = match range_and_step.len() {
        1 => 1,
        2 => {
            let step = must_parse_int(range_and_step[1])?;
            // "N/step" means "N-max/step".
            if single {
                end = r.max;
            }
            if step > 1 {
                extra = 0;
            }
            step
        }
        _ => return Err(format!("too many slashes: {expr}")),
    };
    if start < r.min {
        return Err(format!(
            "beginning of range ({start}) below minimum ({}): {expr}",
            r.min
        ));
    }
    if end > r.max {
        return Err(format!(
            "end of range ({end}) above maximum ({}): {expr}",
            r.max
        ));
    }
    if start > end {
        return Err(format!(
            "beginning of range ({start}) beyond end of range ({end}): {expr}"
        ));
    }
    if step == 0 {
        return Err(format!("step of range should be a positive number: {expr}"));
    }
    Ok(bits(start, end, step) | extra)
}

/// robfig's `getField`: comma-separated ranges, OR-ed.
fn field(f: &str, r: &Bounds) -> Result<u64, String> {
    let mut b = 0;
    for expr in f.split(',').filter(|s| !s.is_empty()) {
        b |= range(expr, r)?;
    }
    Ok(b)
}

/// Go's `fmt` of a `[]string` (`[a b c]`).
fn go_slice(v: &[&str]) -> String {
    format!("[{}]", v.join(" "))
}

/// robfig/cron v3 `ParseStandard` (parser.go): the standard five fields, descriptors, and a
/// leading `TZ=`/`CRON_TZ=` zone. Errors are robfig's texts.
pub fn parse_standard(spec: &str) -> Result<Schedule, String> {
    if spec.is_empty() {
        return Err("empty spec string".into());
    }
    let mut spec = spec;
    let mut zone = Zone::Local;
    if spec.starts_with("TZ=") || spec.starts_with("CRON_TZ=") {
        let eq = spec.find('=').unwrap_or(0);
        // Go slices spec[eq+1:i] with i = the first space; without one Go panics, which
        // robfig's callers never see because validation rejects TZ= first. Treat as no space.
        let i = spec.find(' ').unwrap_or(spec.len()).max(eq + 1);
        let name = &spec[eq + 1..i];
        zone = Zone::load(name).map_err(|e| format!("provided bad location {name}: {e}"))?;
        spec = spec[i..].trim_matches(|c: char| c.is_whitespace());
    }
    if spec.starts_with('@') {
        return descriptor(spec, zone);
    }
    let fields: Vec<&str> = spec.split_whitespace().collect();
    if fields.len() != 5 {
        return Err(format!(
            "expected exactly 5 fields, found {}: {}",
            fields.len(),
            go_slice(&fields)
        ));
    }
    Ok(Schedule::Spec(Spec {
        second: 1,
        minute: field(fields[0], &MINUTES)?,
        hour: field(fields[1], &HOURS)?,
        dom: field(fields[2], &DOM)?,
        month: field(fields[3], &MONTHS)?,
        dow: field(fields[4], &DOW)?,
        zone,
    }))
}

/// robfig's `parseDescriptor`.
fn descriptor(d: &str, zone: Zone) -> Result<Schedule, String> {
    let spec = |minute, hour, dom, month, dow| {
        Ok(Schedule::Spec(Spec {
            second: 1,
            minute,
            hour,
            dom,
            month,
            dow,
            zone: zone.clone(),
        }))
    };
    match d {
        "@yearly" | "@annually" => spec(1, 1, 1 << DOM.min, 1 << MONTHS.min, all(&DOW)),
        "@monthly" => spec(1, 1, 1 << DOM.min, all(&MONTHS), all(&DOW)),
        "@weekly" => spec(1, 1, all(&DOM), all(&MONTHS), 1 << DOW.min),
        "@daily" | "@midnight" => spec(1, 1, all(&DOM), all(&MONTHS), all(&DOW)),
        "@hourly" => spec(1, all(&HOURS), all(&DOM), all(&MONTHS), all(&DOW)),
        _ => {
            if let Some(dur) = d.strip_prefix("@every ") {
                let ms = crate::time::parse_duration(dur)
                    .map_err(|e| format!("failed to parse duration {d}: time: {e}"))?;
                // robfig's Every: below a second is a second, else truncated to seconds.
                let secs = if ms < 1000 { 1 } else { ms / 1000 };
                return Ok(Schedule::Every(secs));
            }
            Err(format!("unrecognized descriptor: {d}"))
        }
    }
}

impl Schedule {
    /// The first activation strictly after `t` (Unix seconds), or None when there is none
    /// within five years (robfig's zero time). `from_zone` is the zone `t` is expressed in
    /// (irrelevant to the instant, relevant to a `Local` schedule).
    pub fn next(&self, t: i64) -> Option<i64> {
        match self {
            Schedule::Every(d) => Some(t + d),
            Schedule::Spec(s) => s.next(t),
        }
    }
}

impl Spec {
    fn day_matches(&self, c: &Civil) -> bool {
        let dom = (1u64 << c.day) & self.dom > 0;
        let dow = (1u64 << c.weekday) & self.dow > 0;
        if self.dom & STAR > 0 || self.dow & STAR > 0 {
            dom && dow
        } else {
            dom || dow
        }
    }

    /// robfig's `SpecSchedule.Next` (spec.go), on whole seconds.
    fn next(&self, t: i64) -> Option<i64> {
        let z = &self.zone;
        let mut t = t + 1;
        let mut added = false;
        let year_limit = z.civil(t).year + 5;
        'wrap: loop {
            let c = z.civil(t);
            if c.year > year_limit {
                return None;
            }
            // Month.
            loop {
                let c = z.civil(t);
                if (1u64 << c.month) & self.month != 0 {
                    break;
                }
                if !added {
                    added = true;
                    t = z.date(c.year, c.month, 1, 0, 0, 0);
                }
                let c = z.civil(t);
                t = z.date(c.year, c.month + 1, c.day, c.hour, c.minute, c.second);
                if z.civil(t).month == 1 {
                    continue 'wrap;
                }
            }
            // Day.
            loop {
                let c = z.civil(t);
                if self.day_matches(&c) {
                    break;
                }
                if !added {
                    added = true;
                    t = z.date(c.year, c.month, c.day, 0, 0, 0);
                }
                let c = z.civil(t);
                t = z.date(c.year, c.month, c.day + 1, c.hour, c.minute, c.second);
                // A DST change can leave the day not at midnight: 23h rounds up, 1h down.
                let h = z.civil(t).hour;
                if h != 0 {
                    if h > 12 {
                        t += (24 - h) * 3600;
                    } else {
                        t -= h * 3600;
                    }
                }
                if z.civil(t).day == 1 {
                    continue 'wrap;
                }
            }
            // Hour.
            loop {
                let c = z.civil(t);
                if (1u64 << c.hour) & self.hour != 0 {
                    break;
                }
                if !added {
                    added = true;
                    t = z.date(c.year, c.month, c.day, c.hour, 0, 0);
                }
                t += 3600;
                if z.civil(t).hour == 0 {
                    continue 'wrap;
                }
            }
            // Minute.
            loop {
                let c = z.civil(t);
                if (1u64 << c.minute) & self.minute != 0 {
                    break;
                }
                if !added {
                    added = true;
                    t -= t.rem_euclid(60);
                }
                t += 60;
                if z.civil(t).minute == 0 {
                    continue 'wrap;
                }
            }
            // Second.
            loop {
                let c = z.civil(t);
                if (1u64 << c.second) & self.second != 0 {
                    break;
                }
                if !added {
                    added = true;
                }
                t += 1;
                if z.civil(t).second == 0 {
                    continue 'wrap;
                }
            }
            return Some(t);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unix seconds of a UTC civil time.
    fn utc(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> i64 {
        days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s
    }

    fn show(zone: &Zone, t: i64) -> String {
        let c = zone.civil(t);
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02} {}",
            c.year,
            c.month,
            c.day,
            c.hour,
            c.minute,
            c.second,
            zone.abbreviation_at(t)
        )
    }

    #[test]
    fn days_round_trip() {
        for d in [-800_000, -1, 0, 1, 11_016, 20_089, 2_000_000] {
            let c = civil_from_local(d * 86_400);
            assert_eq!(days_from_civil(c.year, c.month, c.day), d);
        }
    }

    /// robfig/cron v3 parser_test.go TestParseScheduleErrors and friends (as ParseStandard
    /// reports them).
    #[test]
    fn parse_errors_are_robfigs_texts() {
        let table = [
            ("", "empty spec string"),
            ("xyz", "expected exactly 5 fields, found 1: [xyz]"),
            ("* * * *", "expected exactly 5 fields, found 4: [* * * *]"),
            (
                "0 0 * * * *",
                "expected exactly 5 fields, found 6: [0 0 * * * *]",
            ),
            ("60 0 * * *", "end of range (60) above maximum (59): 60"),
            ("0 24 * * *", "end of range (24) above maximum (23): 24"),
            ("0 0 0 * *", "beginning of range (0) below minimum (1): 0"),
            ("0 0 * 13 *", "end of range (13) above maximum (12): 13"),
            ("0 0 * * 7", "end of range (7) above maximum (6): 7"),
            ("0-3-4 * * * *", "too many hyphens: 0-3-4"),
            ("*/5/5 * * * *", "too many slashes: */5/5"),
            (
                "5-3 * * * *",
                "beginning of range (5) beyond end of range (3): 5-3",
            ),
            (
                "*/0 * * * *",
                "step of range should be a positive number: */0",
            ),
            (
                "a * * * *",
                "failed to parse int from a: strconv.Atoi: parsing \"a\": invalid syntax",
            ),
            (
                "*/x * * * *",
                "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax",
            ),
            ("@unknown", "unrecognized descriptor: @unknown"),
            (
                "@every 5x",
                "failed to parse duration @every 5x: time: unknown unit \"x\" in duration \"5x\"",
            ),
            (
                "TZ=Mars/Olympus * * * * *",
                "provided bad location Mars/Olympus: unknown time zone Mars/Olympus",
            ),
        ];
        for (spec, want) in table {
            match parse_standard(spec) {
                Ok(_) => panic!("{spec:?} parsed; want error {want:?}"),
                Err(e) => assert_eq!(e, want, "spec {spec:?}"),
            }
        }
        for ok in [
            "* * * * *",
            "*/15 * * * *",
            "0 0 1 jan *",
            "0 9 * * MON-FRI",
            "5,10,15 0-6/2 ? * *",
            "@hourly",
            "@every 90m",
            "CRON_TZ=Asia/Tokyo 0 9 * * *",
        ] {
            assert!(parse_standard(ok).is_ok(), "{ok:?} should parse");
        }
    }

    /// `2012-11-04T01:45:00-0400` → Unix seconds.
    fn off(s: &str) -> i64 {
        let n = |a: usize, b: usize| s[a..b].parse::<i64>().unwrap();
        let sign = if &s[19..20] == "-" { -1 } else { 1 };
        let o = sign * (n(20, 22) * 3600 + n(22, 24) * 60);
        utc(n(0, 4), n(5, 7), n(8, 10), n(11, 13), n(14, 16), n(17, 19)) - o
    }

    /// robfig/cron v3 spec_test.go TestNext: the rows that fit five fields (seconds 0), in
    /// UTC, and its DST rows in America/New_York and America/Sao_Paulo (times with offsets).
    #[test]
    fn next_times_match_robfig() {
        let table: &[(&str, &str, &str)] = &[
            // (from, spec, expected; "" = robfig's zero time)
            (
                "2012-07-09T14:45:00+0000",
                "0/15 * * * *",
                "2012-07-09T15:00:00+0000",
            ),
            (
                "2012-07-09T14:59:00+0000",
                "0/15 * * * *",
                "2012-07-09T15:00:00+0000",
            ),
            (
                "2012-07-09T14:59:59+0000",
                "0/15 * * * *",
                "2012-07-09T15:00:00+0000",
            ),
            (
                "2012-07-09T15:45:00+0000",
                "20-35/15 * * * *",
                "2012-07-09T16:20:00+0000",
            ),
            (
                "2012-07-09T23:46:00+0000",
                "*/15 * * * *",
                "2012-07-10T00:00:00+0000",
            ),
            (
                "2012-07-09T23:45:00+0000",
                "20-35/15 * * * *",
                "2012-07-10T00:20:00+0000",
            ),
            (
                "2012-07-09T23:35:00+0000",
                "0 0 9 Apr-Oct ?",
                "2012-08-09T00:00:00+0000",
            ),
            (
                "2012-07-09T23:35:00+0000",
                "0 0 */5 Apr,Aug,Oct Mon",
                "2012-08-01T00:00:00+0000",
            ),
            (
                "2012-07-09T23:35:00+0000",
                "0 0 */5 Oct Mon",
                "2012-10-01T00:00:00+0000",
            ),
            (
                "2012-07-09T23:35:00+0000",
                "0 0 * Feb Mon",
                "2013-02-04T00:00:00+0000",
            ),
            (
                "2012-07-09T23:35:00+0000",
                "0 0 * Feb Mon/2",
                "2013-02-01T00:00:00+0000",
            ),
            (
                "2012-07-09T23:35:00+0000",
                "0 0 29 Feb ?",
                "2016-02-29T00:00:00+0000",
            ),
            ("2012-07-09T23:35:00+0000", "0 0 30 Feb ?", ""),
            ("2012-07-09T23:35:00+0000", "0 0 31 Apr ?", ""),
            (
                "2012-12-31T23:59:45+0000",
                "* * * * *",
                "2013-01-01T00:00:00+0000",
            ),
            // Spring forward in New York: 02:00 EST becomes 03:00 EDT; the 02 hour is skipped.
            (
                "2012-03-11T00:00:00-0500",
                "TZ=America/New_York 30 2 11 Mar ?",
                "2013-03-11T02:30:00-0400",
            ),
            (
                "2012-03-11T00:00:00-0500",
                "TZ=America/New_York 0 * * * ?",
                "2012-03-11T01:00:00-0500",
            ),
            (
                "2012-03-11T01:00:00-0500",
                "TZ=America/New_York 0 * * * ?",
                "2012-03-11T03:00:00-0400",
            ),
            (
                "2012-03-11T03:00:00-0400",
                "TZ=America/New_York 0 * * * ?",
                "2012-03-11T04:00:00-0400",
            ),
            (
                "2012-03-11T04:00:00-0400",
                "CRON_TZ=America/New_York 0 * * * ?",
                "2012-03-11T05:00:00-0400",
            ),
            (
                "2012-03-11T00:00:00-0500",
                "TZ=America/New_York 0 1 * * ?",
                "2012-03-11T01:00:00-0500",
            ),
            (
                "2012-03-11T00:00:00-0500",
                "TZ=America/New_York 0 2 * * ?",
                "2012-03-12T02:00:00-0400",
            ),
            // Fall back: 02:00 EDT becomes 01:00 EST; the 01 hour runs twice.
            (
                "2012-11-04T00:00:00-0400",
                "TZ=America/New_York 30 2 04 Nov ?",
                "2012-11-04T02:30:00-0500",
            ),
            (
                "2012-11-04T01:45:00-0400",
                "TZ=America/New_York 30 1 04 Nov ?",
                "2012-11-04T01:30:00-0500",
            ),
            (
                "2012-11-04T00:00:00-0400",
                "TZ=America/New_York 0 * * * ?",
                "2012-11-04T01:00:00-0400",
            ),
            (
                "2012-11-04T01:00:00-0400",
                "TZ=America/New_York 0 * * * ?",
                "2012-11-04T01:00:00-0500",
            ),
            (
                "2012-11-04T01:00:00-0500",
                "TZ=America/New_York 0 * * * ?",
                "2012-11-04T02:00:00-0500",
            ),
            (
                "2012-11-04T00:00:00-0400",
                "TZ=America/New_York 0 1 * * ?",
                "2012-11-04T01:00:00-0400",
            ),
            (
                "2012-11-04T01:00:00-0400",
                "TZ=America/New_York 0 1 * * ?",
                "2012-11-04T01:00:00-0500",
            ),
            (
                "2012-11-04T01:00:00-0500",
                "TZ=America/New_York 0 1 * * ?",
                "2012-11-05T01:00:00-0500",
            ),
            (
                "2012-11-04T00:00:00-0400",
                "TZ=America/New_York 0 3 3 * ?",
                "2012-12-03T03:00:00-0500",
            ),
            // Sao Paulo, where the DST change skips midnight.
            (
                "2018-10-17T05:00:00-0400",
                "TZ=America/Sao_Paulo 0 9 10 * ?",
                "2018-11-10T06:00:00-0500",
            ),
            (
                "2018-02-14T05:00:00-0500",
                "TZ=America/Sao_Paulo 0 9 22 * ?",
                "2018-02-22T07:00:00-0500",
            ),
        ];
        for (from, spec, want) in table {
            let s = parse_standard(spec).unwrap_or_else(|e| panic!("{spec}: {e}"));
            let got = s.next(off(from));
            let want = (!want.is_empty()).then(|| off(want));
            assert_eq!(got, want, "{spec} after {from}");
        }
    }

    /// robfig spec_test.go TestActivation: does the schedule fire at exactly this time?
    #[test]
    fn activation_matches_robfig() {
        let t = |mo, d, h, mi| utc(2012, mo, d, h, mi, 0);
        let table = [
            (t(7, 9, 15, 0), "0/15 * * * *", true),
            (t(7, 9, 15, 45), "0/15 * * * *", true),
            (t(7, 9, 15, 40), "0/15 * * * *", false),
            (t(7, 9, 15, 5), "5/15 * * * *", true),
            (t(7, 9, 15, 20), "5/15 * * * *", true),
            (t(7, 9, 15, 50), "5/15 * * * *", true),
            (t(7, 15, 15, 0), "0/15 * * Jul *", true),
            (t(7, 15, 15, 0), "0/15 * * Jun *", false),
            (t(7, 15, 8, 30), "30 08 ? Jul Sun", true),
            (t(7, 15, 8, 30), "30 08 15 Jul ?", true),
            (t(7, 16, 8, 30), "30 08 ? Jul Sun", false),
            (t(7, 16, 8, 30), "30 08 15 Jul ?", false),
            (t(7, 9, 15, 0), "@hourly", true),
            (t(7, 9, 15, 4), "@hourly", false),
            (t(7, 9, 15, 0), "@daily", false),
            (t(7, 9, 0, 0), "@daily", true),
            (t(7, 9, 0, 0), "@weekly", false),
            (t(7, 8, 0, 0), "@weekly", true),
            (t(7, 8, 1, 0), "@weekly", false),
            (t(7, 8, 0, 0), "@monthly", false),
            (t(7, 1, 0, 0), "@monthly", true),
            (t(7, 15, 0, 0), "* * 1,15 * Sun", true),
            (t(6, 15, 0, 0), "* * 1,15 * Sun", true),
            (t(8, 1, 0, 0), "* * 1,15 * Sun", true),
            (t(7, 15, 0, 0), "* * */10 * Sun", true),
            (t(7, 15, 0, 0), "* * * * Mon", false),
            (t(7, 9, 0, 0), "* * 1,15 * *", false),
            (t(7, 15, 0, 0), "* * 1,15 * *", true),
            (t(7, 15, 0, 0), "* * */2 * Sun", true),
        ];
        for (at, spec, fires) in table {
            let s = parse_standard(spec).unwrap();
            assert_eq!(s.next(at - 1) == Some(at), fires, "{spec} at {at}");
        }
    }

    #[test]
    fn descriptors_and_every() {
        let from = utc(2025, 1, 1, 0, 0, 0);
        let n = |s: &str| parse_standard(s).unwrap().next(from).unwrap();
        assert_eq!(n("@hourly"), utc(2025, 1, 1, 1, 0, 0));
        assert_eq!(n("@daily"), utc(2025, 1, 2, 0, 0, 0));
        assert_eq!(n("@weekly"), utc(2025, 1, 5, 0, 0, 0)); // the next Sunday
        assert_eq!(n("@monthly"), utc(2025, 2, 1, 0, 0, 0));
        assert_eq!(n("@yearly"), utc(2026, 1, 1, 0, 0, 0));
        assert_eq!(n("@every 90s"), from + 90);
        // Day-of-month OR day-of-week when neither is a star.
        let s = parse_standard("0 0 13 * 5").unwrap();
        assert_eq!(s.next(from).unwrap(), utc(2025, 1, 3, 0, 0, 0)); // Friday the 3rd
        // A zone's civil time: 09:00 in Tokyo is 00:00 UTC.
        let s = parse_standard("TZ=Asia/Tokyo 0 9 * * *").unwrap();
        assert_eq!(s.next(from).unwrap(), utc(2025, 1, 2, 0, 0, 0));
    }

    #[test]
    fn go_date_in_gaps_and_folds() {
        let ny = Zone::load("America/New_York").unwrap();
        // 02:30 does not exist on 2012-03-11 in New York; Go gives 01:30 EST.
        assert_eq!(
            show(&ny, ny.date(2012, 3, 11, 2, 30, 0)),
            "2012-03-11 01:30:00 EST"
        );
        // 01:30 happens twice on 2012-11-04; Go gives the first (EDT).
        assert_eq!(
            show(&ny, ny.date(2012, 11, 4, 1, 30, 0)),
            "2012-11-04 01:30:00 EDT"
        );
        let ber = Zone::load("Europe/Berlin").unwrap();
        // East of Greenwich the lookup lands the other way: 02:30 becomes 03:30 CEST.
        assert_eq!(
            show(&ber, ber.date(2025, 3, 30, 2, 30, 0)),
            "2025-03-30 03:30:00 CEST"
        );
        assert!(Zone::load("Nowhere/Special").is_err());
        assert!(Zone::load("../etc/passwd").is_err());
    }
}
