//! `resource.Quantity` (`apimachinery/pkg/api/resource/quantity.go`): parsing with the
//! upstream error texts, exact values (`(-1)^neg · mantissa · 10^exp10`), rounding, `Value()`
//! and `MilliValue()`, addition and comparison, and the canonical `String()` form. One
//! implementation for the API server (validation, defaulting), the scheduler (requests,
//! allocatable) and kubectl's printers (describe's sums). A leaf module.

use std::cmp::Ordering;

/// `ErrFormatWrong`.
pub const QUANTITY_FORMAT_ERROR: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
pub const QUANTITY_NUMERIC_ERROR: &str = "unable to parse quantity's numeric part";
pub const QUANTITY_SUFFIX_ERROR: &str = "unable to parse quantity's suffix";

/// How a quantity was written, which decides its canonical form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuantityFormat {
    /// `Ki`, `Mi`, … suffixes.
    BinarySI,
    /// `m`, ``, `k`, `M`, … suffixes.
    DecimalSI,
    /// `e3`, `E-2`, ….
    DecimalExponent,
}

/// An exact parsed quantity: `(-1)^neg * mantissa * 10^exp10`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParsedQuantity {
    pub negative: bool,
    pub mantissa: u128,
    pub exp10: i32,
    pub format: QuantityFormat,
}

fn pow10(n: u32) -> Option<u128> {
    10u128.checked_pow(n)
}

impl ParsedQuantity {
    /// Value scaled by `10^scale` and rounded up (away from zero), like
    /// `Quantity.ScaledValue(-scale)`: `scaled(3)` = `MilliValue()`.
    pub fn scaled_ceil(&self, scale: i32) -> Result<i64, String> {
        let e = self.exp10 + scale;
        let mag: u128 = if e >= 0 {
            let p = pow10(e as u32).ok_or("quantity too large")?;
            self.mantissa.checked_mul(p).ok_or("quantity too large")?
        } else {
            let d = match pow10((-e) as u32) {
                Some(d) => d,
                None => {
                    return Ok(if self.mantissa == 0 {
                        0
                    } else if self.negative {
                        -1
                    } else {
                        1
                    });
                }
            };
            self.mantissa / d + u128::from(!self.mantissa.is_multiple_of(d))
        };
        let mag = i64::try_from(mag).map_err(|_| "quantity too large".to_string())?;
        Ok(if self.negative { -mag } else { mag })
    }

    /// Round up (away from zero) to at most `digits` decimal places (`RoundUp(-digits)`).
    pub fn round_up_to(&mut self, digits: i32) {
        if self.exp10 < -digits {
            let drop = (-digits - self.exp10) as u32;
            match pow10(drop) {
                Some(d) => {
                    let rem = self.mantissa % d;
                    self.mantissa = self.mantissa / d + u128::from(rem != 0);
                }
                None => self.mantissa = u128::from(self.mantissa != 0),
            }
            self.exp10 = -digits;
        }
    }

    /// Canonical string (`Quantity.String()` after `CanonicalizeBytes`): `0.5` → `500m`,
    /// `1000` → `1k`, `1024Mi` → `1Gi`, `1e3` → `1e3`.
    pub fn canonical(&self) -> String {
        if self.mantissa == 0 {
            return "0".to_string();
        }
        let sign = if self.negative { "-" } else { "" };
        let mut format = self.format;
        // Normalise: strip trailing zeros of the mantissa.
        let (mut m, mut e) = (self.mantissa, self.exp10);
        while m % 10 == 0 {
            m /= 10;
            e += 1;
        }
        if format == QuantityFormat::BinarySI {
            // Integer value needed for binary suffixes; below 1024 use DecimalSI.
            let int_val = if e >= 0 {
                pow10(e as u32).and_then(|p| m.checked_mul(p))
            } else {
                None
            };
            match int_val {
                Some(v) if v >= 1024 => {
                    let mut v = v;
                    let mut k = 0usize;
                    while k < 6 && v % 1024 == 0 {
                        v /= 1024;
                        k += 1;
                    }
                    let suf = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][k];
                    return format!("{sign}{v}{suf}");
                }
                _ => format = QuantityFormat::DecimalSI,
            }
        }
        // Exponent to a multiple of 3 (AsCanonicalBytes).
        let r = e.rem_euclid(3);
        if r != 0 {
            m = m.saturating_mul(pow10(r as u32).unwrap_or(1));
            e -= r;
        }
        let suffix = match format {
            QuantityFormat::DecimalSI => match e {
                -9 => "n".to_string(),
                -6 => "u".to_string(),
                -3 => "m".to_string(),
                0 => String::new(),
                3 => "k".to_string(),
                6 => "M".to_string(),
                9 => "G".to_string(),
                12 => "T".to_string(),
                15 => "P".to_string(),
                18 => "E".to_string(),
                other => format!("e{other}"),
            },
            _ => {
                if e == 0 {
                    String::new()
                } else {
                    format!("e{e}")
                }
            }
        };
        format!("{sign}{m}{suffix}")
    }
}

/// Parse a quantity the way `resource.ParseQuantity` does (including rounding up to nano
/// units). Errors carry the upstream texts (`quantities must match the regular expression …`).
pub fn parse_quantity(q: &str) -> Result<ParsedQuantity, String> {
    let s = q.as_bytes();
    if s.is_empty() {
        return Err(QUANTITY_FORMAT_ERROR.to_string());
    }
    let end = s.len();
    let mut pos = 0;
    let mut negative = false;
    match s[0] {
        b'-' => {
            negative = true;
            pos += 1;
        }
        b'+' => pos += 1,
        _ => {}
    }
    // strip leading zeros
    while pos < end && s[pos] == b'0' {
        pos += 1;
    }
    if pos >= end {
        return Ok(ParsedQuantity {
            negative: false,
            mantissa: 0,
            exp10: 0,
            format: QuantityFormat::DecimalSI,
        });
    }
    let num_start = pos;
    while pos < end && s[pos].is_ascii_digit() {
        pos += 1;
    }
    let num = &q[num_start..pos];
    let mut denom = "";
    let mut had_dot = false;
    if pos < end && s[pos] == b'.' {
        had_dot = true;
        pos += 1;
        let ds = pos;
        while pos < end && s[pos].is_ascii_digit() {
            pos += 1;
        }
        denom = &q[ds..pos];
    }
    let suffix_start = pos;
    while pos < end && b"eEinumkKMGTP".contains(&s[pos]) {
        pos += 1;
    }
    if pos < end && (s[pos] == b'-' || s[pos] == b'+') {
        pos += 1;
    }
    while pos < end {
        if !s[pos].is_ascii_digit() {
            return Err(QUANTITY_FORMAT_ERROR.to_string());
        }
        pos += 1;
    }
    let suffix = &q[suffix_start..];
    let (base2, exponent, format) = match suffix {
        "n" => (false, -9, QuantityFormat::DecimalSI),
        "u" => (false, -6, QuantityFormat::DecimalSI),
        "m" => (false, -3, QuantityFormat::DecimalSI),
        "" => (false, 0, QuantityFormat::DecimalSI),
        "k" => (false, 3, QuantityFormat::DecimalSI),
        "M" => (false, 6, QuantityFormat::DecimalSI),
        "G" => (false, 9, QuantityFormat::DecimalSI),
        "T" => (false, 12, QuantityFormat::DecimalSI),
        "P" => (false, 15, QuantityFormat::DecimalSI),
        "E" => (false, 18, QuantityFormat::DecimalSI),
        "Ki" => (true, 10, QuantityFormat::BinarySI),
        "Mi" => (true, 20, QuantityFormat::BinarySI),
        "Gi" => (true, 30, QuantityFormat::BinarySI),
        "Ti" => (true, 40, QuantityFormat::BinarySI),
        "Pi" => (true, 50, QuantityFormat::BinarySI),
        "Ei" => (true, 60, QuantityFormat::BinarySI),
        s if s.len() > 1 && (s.starts_with('e') || s.starts_with('E')) => {
            match s[1..].parse::<i32>() {
                Ok(e) if (-1000..=1000).contains(&e) => (false, e, QuantityFormat::DecimalExponent),
                _ => return Err(QUANTITY_SUFFIX_ERROR.to_string()),
            }
        }
        _ => return Err(QUANTITY_SUFFIX_ERROR.to_string()),
    };
    if num.is_empty() && denom.is_empty() && had_dot {
        return Err(QUANTITY_NUMERIC_ERROR.to_string());
    }
    let digits = format!("{num}{denom}");
    let digits = digits.trim_start_matches('0');
    let mut mantissa: u128 = 0;
    let mut exp10: i32 = -(denom.len() as i32);
    for (i, b) in digits.bytes().enumerate() {
        match mantissa
            .checked_mul(10)
            .and_then(|m| m.checked_add(u128::from(b - b'0')))
        {
            Some(m) => mantissa = m,
            None => {
                // Too many digits: keep precision we can and round up.
                let rest = &digits[i..];
                exp10 += rest.len() as i32;
                if rest.bytes().any(|c| c != b'0') {
                    mantissa = mantissa.saturating_add(1);
                }
                break;
            }
        }
    }
    if base2 {
        let factor = 1u128 << exponent;
        mantissa = mantissa.checked_mul(factor).ok_or("quantity too large")?;
    } else {
        exp10 += exponent;
    }
    let mut pq = ParsedQuantity {
        negative: negative && mantissa != 0,
        mantissa,
        exp10,
        format,
    };
    pq.round_up_to(9);
    Ok(pq)
}

/// CPU-style quantity in milli-units, rounded up: `100m` → 100, `0.5` → 500, `2` → 2000.
pub fn parse_quantity_millis(q: &str) -> Result<i64, String> {
    parse_quantity(q)?.scaled_ceil(3)
}

/// Byte-style quantity as an integer, rounded up: `128Mi` → 134217728, `1G` → 10^9,
/// `1e3` → 1000.
pub fn parse_quantity_bytes(q: &str) -> Result<i64, String> {
    parse_quantity(q)?.scaled_ceil(0)
}

/// The stored form of a resource-list quantity: `SetDefaults_ResourceList` rounds up to milli
/// units, then the API serialises the canonical string. Unparseable input is returned as is.
pub fn canonical_resource_quantity(q: &str) -> String {
    match parse_quantity(q.trim()) {
        Ok(mut p) => {
            p.round_up_to(3);
            p.canonical()
        }
        Err(_) => q.to_string(),
    }
}

impl ParsedQuantity {
    /// The zero `Quantity{}` (prints `0`).
    pub fn zero() -> ParsedQuantity {
        ParsedQuantity {
            negative: false,
            mantissa: 0,
            exp10: 0,
            format: QuantityFormat::DecimalSI,
        }
    }

    /// Parse a quantity (surrounding whitespace ignored); `None` if malformed.
    pub fn parse(s: &str) -> Option<ParsedQuantity> {
        parse_quantity(s.trim()).ok()
    }

    /// True when the value is above zero.
    pub fn is_positive(&self) -> bool {
        self.mantissa != 0 && !self.negative
    }

    /// The value as a signed `(mantissa, exp10)`, exponent lowered to `exp`.
    fn at_exp(&self, exp: i32) -> Option<i128> {
        let shift = u32::try_from(self.exp10 - exp).ok()?;
        let m = i128::try_from(self.mantissa).ok()?;
        let m = m.checked_mul(10i128.checked_pow(shift)?)?;
        Some(if self.negative { -m } else { m })
    }

    /// `Quantity.Add`: the exact sum; a zero receiver takes the other operand's format.
    pub fn add(&mut self, y: ParsedQuantity) {
        if self.mantissa == 0 {
            self.format = y.format;
        }
        let e = self.exp10.min(y.exp10);
        let (Some(a), Some(b)) = (self.at_exp(e), y.at_exp(e)) else {
            return;
        };
        let Some(sum) = a.checked_add(b) else {
            return;
        };
        self.negative = sum < 0;
        self.mantissa = sum.unsigned_abs();
        self.exp10 = e;
    }

    /// `Quantity.Cmp`: exact, at a common exponent (not `Ord`: `0.1` and `100m` are equal
    /// values written differently).
    pub fn cmp_value(&self, b: &ParsedQuantity) -> Ordering {
        let a = self;
        let sign = |q: &ParsedQuantity| {
            if q.mantissa == 0 {
                0
            } else if q.negative {
                -1
            } else {
                1
            }
        };
        let (sa, sb) = (sign(a), sign(b));
        if sa != sb || sa == 0 {
            return sa.cmp(&sb);
        }
        // Same sign: compare magnitudes at a common exponent.
        let e = a.exp10.min(b.exp10);
        let scale = |q: &ParsedQuantity| -> Option<u128> {
            q.mantissa.checked_mul(pow10((q.exp10 - e) as u32)?)
        };
        let mag = match (scale(a), scale(b)) {
            (Some(x), Some(y)) => x.cmp(&y),
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (None, None) => a.exp10.cmp(&b.exp10),
        };
        if sa < 0 { mag.reverse() } else { mag }
    }

    /// `Quantity.Value()`: whole units rounded up, saturating at the i64 range.
    pub fn value(&self) -> i64 {
        self.scaled_saturating(0)
    }

    /// `Quantity.MilliValue()`: thousandths rounded up, saturating at the i64 range.
    pub fn milli_value(&self) -> i64 {
        self.scaled_saturating(3)
    }

    fn scaled_saturating(&self, scale: i32) -> i64 {
        self.scaled_ceil(scale)
            .unwrap_or(if self.negative { i64::MIN } else { i64::MAX })
    }
}

/// Canonical form of a quantity string as written in an object (kept as is if unparsable).
pub fn canonical(s: &str) -> String {
    ParsedQuantity::parse(s).map_or_else(|| s.to_string(), |q| q.canonical())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_print_in_canonical_form() {
        let table: &[(&str, &str)] = &[
            ("100m", "100m"),
            ("0.5", "500m"),
            ("1", "1"),
            ("1000", "1k"),
            ("1500", "1500"),
            ("128Mi", "128Mi"),
            ("1536Mi", "1536Mi"),
            ("1024Mi", "1Gi"),
            ("8145820Ki", "8145820Ki"),
            ("512", "512"),
            ("1.5Gi", "1536Mi"),
            ("0", "0"),
            ("110", "110"),
            ("2e3", "2e3"),
            ("1M", "1M"),
            ("250M", "250M"),
        ];
        for (i, w) in table {
            assert_eq!(canonical(i), *w, "for {}", i);
        }
    }

    #[test]
    fn sums_keep_the_first_nonzero_format_and_compare_exactly() {
        let q = |s| ParsedQuantity::parse(s).unwrap();
        let mut a = ParsedQuantity::zero();
        a.add(q("64Mi"));
        a.add(q("64Mi"));
        assert_eq!(a.canonical(), "128Mi");
        let mut c = q("100m");
        c.add(q("1"));
        assert_eq!(c.canonical(), "1100m");
        let mut d = q("1");
        d.add(q("-250m"));
        assert_eq!(d.canonical(), "750m");
        assert_eq!(q("100m").milli_value(), 100);
        assert_eq!(q("1Ki").value(), 1024);
        assert_eq!(q("0.1").cmp_value(&q("100m")), Ordering::Equal);
        assert_eq!(q("1Gi").cmp_value(&q("1G")), Ordering::Greater);
        assert_eq!(q("-1").cmp_value(&q("1m")), Ordering::Less);
    }

    #[test]
    fn values_round_up_and_saturate_like_value_and_milli_value() {
        // (input, Value(), MilliValue()) as resource.Quantity computes them.
        for (s, v, m) in [
            ("1", 1, 1000),
            ("1m", 1, 1),
            ("1.5", 2, 1500),
            ("2.0001", 3, 2001),
            ("128Mi", 134_217_728, 134_217_728_000),
            ("1e3", 1000, 1_000_000),
            ("1n", 1, 1),
            ("0", 0, 0),
            ("100Ei", i64::MAX, i64::MAX),
        ] {
            let q = ParsedQuantity::parse(s).unwrap();
            assert_eq!((q.value(), q.milli_value()), (v, m), "{}", s);
        }
        assert!(ParsedQuantity::parse("1.2.3").is_none());
        assert!(ParsedQuantity::parse("12X").is_none());
        assert_eq!(
            parse_quantity("abc"),
            Err(QUANTITY_FORMAT_ERROR.to_string())
        );
    }
}
