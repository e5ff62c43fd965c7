//! Virtual time. The engine never reads the wall clock: [`SimTime`] counts milliseconds
//! since the simulation's epoch ([`EPOCH_UNIX_SECONDS`]) and only moves when the loop
//! advances it.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{MicroTime, Time};
use k8s_openapi::jiff::Timestamp;

/// Unix time of virtual time zero by default: 2025-01-01T00:00:00Z.
pub const EPOCH_UNIX_SECONDS: i64 = 1_735_689_600;

static EPOCH: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(EPOCH_UNIX_SECONDS);

/// Unix time (seconds) of virtual time zero: [`EPOCH_UNIX_SECONDS`] unless a host moved it.
pub fn epoch() -> i64 {
    EPOCH.load(std::sync::atomic::Ordering::Relaxed)
}

/// Move virtual time zero to another instant (Unix seconds), for a host that lines the
/// virtual clock up with the wall clock (`kubestep serve`, so that kubectl's own "age"
/// arithmetic makes sense). Set it once, before building an engine; the core never reads
/// the wall clock, and the same epoch, script and seed give the same output.
pub fn set_epoch(unix_seconds: i64) {
    EPOCH.store(unix_seconds, std::sync::atomic::Ordering::Relaxed);
}

/// A point in virtual time, in milliseconds since the simulation epoch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SimTime(pub i64);

/// A span of virtual time in milliseconds.
pub type Millis = i64;

impl SimTime {
    pub fn plus(self, ms: Millis) -> SimTime {
        SimTime(self.0.saturating_add(ms))
    }

    /// The instant as an API `Time` (second precision, as metav1.Time serialises).
    pub fn to_k8s(self) -> Time {
        Time(self.to_timestamp_seconds())
    }

    /// The instant as an API `MicroTime`.
    pub fn to_k8s_micro(self) -> MicroTime {
        MicroTime(
            Timestamp::from_millisecond(epoch() * 1000 + self.0).unwrap_or(Timestamp::UNIX_EPOCH),
        )
    }

    fn to_timestamp_seconds(self) -> Timestamp {
        Timestamp::from_second(epoch() + self.0.div_euclid(1000)).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    /// Inverse of [`SimTime::to_k8s`].
    pub fn from_k8s(t: &Time) -> SimTime {
        SimTime(t.0.as_millisecond() - epoch() * 1000)
    }

    pub fn from_k8s_micro(t: &MicroTime) -> SimTime {
        SimTime(t.0.as_millisecond() - epoch() * 1000)
    }

    /// Nanoseconds since the Unix epoch (used for event names, as client-go does).
    pub fn unix_nanos(self) -> i64 {
        (epoch() * 1000 + self.0) * 1_000_000
    }

    /// RFC 3339 with second precision (`2025-01-01T00:00:05Z`).
    pub fn rfc3339(self) -> String {
        let c = Civil::from_unix(self.to_timestamp_seconds().as_second());
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        )
    }

    /// Go's `time.RFC3339Nano`: the fraction without trailing zeros, none when zero
    /// (`2025-01-01T00:00:00Z`, `2025-01-01T00:00:00.25Z`; the kubelet's `config.seen`).
    pub fn rfc3339_nanos(self) -> String {
        let c = Civil::from_unix(self.to_timestamp_seconds().as_second());
        let ms = self.0.rem_euclid(1000);
        let frac = if ms == 0 {
            String::new()
        } else {
            format!(".{:03}", ms).trim_end_matches('0').to_string()
        };
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}Z",
            c.year, c.month, c.day, c.hour, c.minute, c.second, frac
        )
    }

    /// Elapsed virtual time as `HH:MM:SS.mmm`, used in step lines.
    pub fn clock(self) -> String {
        let ms = self.0.max(0);
        format!(
            "{:02}:{:02}:{:02}.{:03}",
            ms / 3_600_000,
            ms / 60_000 % 60,
            ms / 1000 % 60,
            ms % 1000
        )
    }
}

/// Parse a Go-style duration (`500ms`, `30s`, `5m`, `1h30m`, `1.5s`) into milliseconds.
pub fn parse_duration(s: &str) -> Result<Millis, String> {
    let err = || format!("invalid duration {:?}", s);
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(err());
    }
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut total: f64 = 0.0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
            i += 1;
        }
        if start == i {
            return Err(err());
        }
        let num: f64 = s[start..i].parse().map_err(|_| err())?;
        let ustart = i;
        while i < bytes.len() && !(bytes[i].is_ascii_digit() || bytes[i] == b'.') {
            i += 1;
        }
        let unit = &s[ustart..i];
        let factor = match unit {
            "ms" => 1.0,
            "s" => 1000.0,
            "m" => 60_000.0,
            "h" => 3_600_000.0,
            "us" | "µs" => 0.001,
            "ns" => 0.000_001,
            "" => return Err(format!("missing unit in duration {:?}", s)),
            _ => return Err(format!("unknown unit {:?} in duration {:?}", unit, s)),
        };
        total += num * factor;
    }
    if !(0.0..=1e15).contains(&total) {
        return Err(err());
    }
    Ok(total.round() as Millis)
}

/// Format milliseconds like Go's `time.Duration.String()` (`1.5s`, `512ms`, `2m3s`, `0s`).
pub fn format_go_duration(ms: Millis) -> String {
    if ms == 0 {
        return "0s".to_string();
    }
    let neg = ms < 0;
    let ms = ms.unsigned_abs();
    let mut out = String::new();
    if ms < 1000 {
        out.push_str(&format!("{}ms", ms));
    } else {
        let h = ms / 3_600_000;
        let m = ms / 60_000 % 60;
        let s = ms / 1000 % 60;
        let frac = ms % 1000;
        if h > 0 {
            out.push_str(&format!("{}h", h));
        }
        if h > 0 || m > 0 {
            out.push_str(&format!("{}m", m));
        }
        if frac == 0 {
            out.push_str(&format!("{}s", s));
        } else {
            let f = format!("{:03}", frac);
            out.push_str(&format!("{}.{}s", s, f.trim_end_matches('0')));
        }
    }
    if neg { format!("-{}", out) } else { out }
}

/// `k8s.io/apimachinery/pkg/util/duration.HumanDuration`: the AGE / LAST SEEN column.
pub fn human_duration(ms: Millis) -> String {
    // Go truncates toward zero (`int(d.Seconds())`).
    let secs = ms / 1000;
    if secs < -1 {
        return "<invalid>".to_string();
    }
    if secs < 0 {
        return "0s".to_string();
    }
    if secs < 60 * 2 {
        return format!("{}s", secs);
    }
    let minutes = secs / 60;
    if minutes < 10 {
        let s = secs % 60;
        return if s == 0 {
            format!("{}m", minutes)
        } else {
            format!("{}m{}s", minutes, s)
        };
    }
    if minutes < 60 * 3 {
        return format!("{}m", minutes);
    }
    let hours = minutes / 60;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 {
            format!("{}h", hours)
        } else {
            format!("{}h{}m", hours, m)
        };
    }
    if hours < 48 {
        return format!("{}h", hours);
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        return if h == 0 {
            format!("{}d", hours / 24)
        } else {
            format!("{}d{}h", hours / 24, h)
        };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        return if dy == 0 {
            format!("{}y", hours / 24 / 365)
        } else {
            format!("{}y{}d", hours / 24 / 365, dy)
        };
    }
    format!("{}y", hours / 24 / 365)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_duration_matches_apimachinery_table() {
        // Rows from apimachinery/pkg/util/duration/duration_test.go (TestHumanDuration).
        let s = 1000;
        let m = 60 * s;
        let h = 60 * m;
        let d = 24 * h;
        let y = 365 * d;
        let table: &[(Millis, &str)] = &[
            (s, "1s"),
            (70 * s, "70s"),
            (190 * s, "3m10s"),
            (70 * m, "70m"),
            (47 * h, "47h"),
            (49 * h, "2d1h"),
            (8 * d + 2 * h, "8d"),
            (367 * d, "367d"),
            (2 * y + 25 * d, "2y25d"),
            (8 * y + 5 * d, "8y"),
            (-2 * s, "<invalid>"),
            (-500, "0s"),
            (-1500, "0s"),
            (0, "0s"),
            (119 * s, "119s"),
            (120 * s, "2m"),
            (123 * s, "2m3s"),
            (10 * m, "10m"),
            (179 * m, "179m"),
            (3 * h + 4 * m, "3h4m"),
            (3 * h, "3h"),
            (2 * d, "2d"),
            (3 * d + 5 * h, "3d5h"),
        ];
        for (ms, want) in table {
            assert_eq!(human_duration(*ms), *want, "for {} ms", ms);
        }
    }

    #[test]
    fn go_durations_parse_and_print() {
        assert_eq!(parse_duration("500ms"), Ok(500));
        assert_eq!(parse_duration("30s"), Ok(30_000));
        assert_eq!(parse_duration("5m"), Ok(300_000));
        assert_eq!(parse_duration("1h30m"), Ok(5_400_000));
        assert_eq!(parse_duration("1.5s"), Ok(1500));
        assert!(parse_duration("5").is_err());
        assert!(parse_duration("5x").is_err());
        assert!(parse_duration("").is_err());
        assert_eq!(format_go_duration(1500), "1.5s");
        assert_eq!(format_go_duration(512), "512ms");
        assert_eq!(format_go_duration(123_000), "2m3s");
        assert_eq!(format_go_duration(3_600_000), "1h0m0s");
        assert_eq!(format_go_duration(1234), "1.234s");
    }

    #[test]
    fn k8s_time_round_trips() {
        let t = SimTime(65_000);
        assert_eq!(t.rfc3339(), "2025-01-01T00:01:05Z");
        assert_eq!(SimTime::from_k8s(&t.to_k8s()), t);
        assert_eq!(t.clock(), "00:01:05.000");
    }
}

/// A UTC calendar date and time of day, computed by hand (jiff's strftime engine is large
/// for the page and only ever formatted two fixed layouts here).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// 0 = Sunday.
    pub weekday: u32,
}

impl Civil {
    /// From seconds since the Unix epoch (Howard Hinnant's `civil_from_days`).
    pub fn from_unix(secs: i64) -> Civil {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Civil {
            year,
            month,
            day,
            hour: (rem / 3600) as u32,
            minute: (rem / 60 % 60) as u32,
            second: (rem % 60) as u32,
            weekday: (days + 4).rem_euclid(7) as u32,
        }
    }

    /// Go's `time.RFC1123Z` in UTC: `Wed, 01 Jan 2025 00:00:05 +0000`.
    pub fn rfc1123z(self) -> String {
        const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        format!(
            "{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000",
            DAYS[self.weekday as usize % 7],
            self.day,
            MONTHS[(self.month as usize + 11) % 12],
            self.year,
            self.hour,
            self.minute,
            self.second
        )
    }
}

#[cfg(test)]
mod civil_tests {
    use super::Civil;

    #[test]
    fn civil_dates_agree_with_jiff() {
        // Every 7919th second over ±60 years, plus the edges of leap days and centuries.
        let mut secs: Vec<i64> = (-1_900_000_000i64..1_900_000_000)
            .step_by(7_919_003)
            .collect();
        secs.extend([
            0,
            -1,
            951_782_400,
            951_868_799,
            4_107_542_400,
            1_735_689_600,
        ]);
        for s in secs {
            let c = Civil::from_unix(s);
            let t = k8s_openapi::jiff::Timestamp::from_second(s).unwrap();
            let want = k8s_openapi::jiff::fmt::strtime::format(
                "%Y-%m-%dT%H:%M:%SZ|%a, %d %b %Y %H:%M:%S +0000",
                t,
            )
            .unwrap();
            let got = format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z|{}",
                c.year,
                c.month,
                c.day,
                c.hour,
                c.minute,
                c.second,
                c.rfc1123z()
            );
            assert_eq!(got, want, "{s}");
        }
    }
}
