//! Just enough of `resource.Quantity` for describe output: parsing, addition with Go's
//! format rules, comparison and the canonical `String()` form
//! (`staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go: CanonicalizeBytes`).
//! Values are held exactly in units of 10^-9.

use std::cmp::Ordering;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    DecimalSI,
    BinarySI,
    DecimalExponent,
}

/// A quantity: value in nano-units plus the format it was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Qty {
    pub nanos: i128,
    pub format: Format,
}

const NANO: i128 = 1_000_000_000;

impl Qty {
    /// The zero `Quantity{}` (prints `0`).
    pub fn zero() -> Qty {
        Qty {
            nanos: 0,
            format: Format::DecimalSI,
        }
    }

    /// Parse `100m`, `128Mi`, `1.5`, `2e3`…; `None` if malformed.
    pub fn parse(s: &str) -> Option<Qty> {
        let s = s.trim();
        let (neg, body) = match s.as_bytes().first()? {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let num_end = body
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(body.len());
        let (num, suffix) = body.split_at(num_end);
        if num.is_empty() || num == "." {
            return None;
        }
        let (int_part, frac_part) = num.split_once('.').unwrap_or((num, ""));
        if frac_part.contains('.') {
            return None;
        }
        // Exact rational value: digits / 10^frac_len.
        let digits: String = format!("{}{}", int_part, frac_part);
        let mut mant: i128 = 0;
        for c in digits.bytes() {
            mant = mant.checked_mul(10)?.checked_add((c - b'0') as i128)?;
        }
        let frac_len = frac_part.len() as i32;
        let (format, mul_num, exp10): (Format, i128, i32) = match suffix {
            "" => (Format::DecimalSI, 1, 0),
            "n" => (Format::DecimalSI, 1, -9),
            "u" => (Format::DecimalSI, 1, -6),
            "m" => (Format::DecimalSI, 1, -3),
            "k" => (Format::DecimalSI, 1, 3),
            "M" => (Format::DecimalSI, 1, 6),
            "G" => (Format::DecimalSI, 1, 9),
            "T" => (Format::DecimalSI, 1, 12),
            "P" => (Format::DecimalSI, 1, 15),
            "E" => (Format::DecimalSI, 1, 18),
            "Ki" => (Format::BinarySI, 1 << 10, 0),
            "Mi" => (Format::BinarySI, 1 << 20, 0),
            "Gi" => (Format::BinarySI, 1 << 30, 0),
            "Ti" => (Format::BinarySI, 1 << 40, 0),
            "Pi" => (Format::BinarySI, 1 << 50, 0),
            "Ei" => (Format::BinarySI, 1 << 60, 0),
            s if s.starts_with(['e', 'E']) => {
                let e: i32 = s[1..].parse().ok()?;
                (Format::DecimalExponent, 1, e)
            }
            _ => return None,
        };
        // nanos = mant * mul_num * 10^(exp10 + 9 - frac_len), rounded up.
        let shift = exp10 + 9 - frac_len;
        let base = mant.checked_mul(mul_num)?;
        let nanos = if shift >= 0 {
            base.checked_mul(10i128.checked_pow(shift as u32)?)?
        } else {
            let d = 10i128.checked_pow((-shift) as u32)?;
            (base + d - 1) / d
        };
        Some(Qty {
            nanos: if neg { -nanos } else { nanos },
            format,
        })
    }

    /// `Quantity.Add` (a zero receiver takes the other operand's format).
    pub fn add(&mut self, y: Qty) {
        if self.nanos == 0 {
            self.format = y.format;
        }
        self.nanos += y.nanos;
    }

    pub fn cmp(&self, y: &Qty) -> Ordering {
        self.nanos.cmp(&y.nanos)
    }

    /// `MilliValue()` (rounded up).
    pub fn milli_value(&self) -> i128 {
        div_ceil(self.nanos, 1_000_000)
    }

    /// `Value()` (rounded up).
    pub fn value(&self) -> i128 {
        div_ceil(self.nanos, NANO)
    }

    /// Canonical string, as `Quantity.String()`.
    pub fn to_canonical(self) -> String {
        if self.nanos == 0 {
            return "0".to_string();
        }
        let mut format = self.format;
        // Small or fractional binary quantities are shown as DecimalSI.
        if format == Format::BinarySI
            && ((self.nanos > -1024 * NANO && self.nanos < 1024 * NANO) || self.nanos % NANO != 0)
        {
            format = Format::DecimalSI;
        }
        match format {
            Format::BinarySI => {
                let mut v = self.nanos / NANO;
                let mut e = 0;
                while v % 1024 == 0 && e < 6 {
                    v /= 1024;
                    e += 1;
                }
                let suffix = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][e];
                format!("{}{}", v, suffix)
            }
            _ => {
                let mut v = self.nanos;
                let mut e: i32 = -9;
                while v % 10 == 0 {
                    v /= 10;
                    e += 1;
                }
                match e.rem_euclid(3) {
                    1 => {
                        v *= 10;
                        e -= 1;
                    }
                    2 => {
                        v *= 100;
                        e -= 2;
                    }
                    _ => {}
                }
                let suffix = if format == Format::DecimalExponent {
                    if e == 0 {
                        String::new()
                    } else {
                        format!("e{}", e)
                    }
                } else {
                    match e {
                        -9 => "n".into(),
                        -6 => "u".into(),
                        -3 => "m".into(),
                        0 => String::new(),
                        3 => "k".into(),
                        6 => "M".into(),
                        9 => "G".into(),
                        12 => "T".into(),
                        15 => "P".into(),
                        18 => "E".into(),
                        e => format!("e{}", e),
                    }
                };
                format!("{}{}", v, suffix)
            }
        }
    }
}

fn div_ceil(a: i128, b: i128) -> i128 {
    let q = a / b;
    if a % b != 0 && a > 0 { q + 1 } else { q }
}

/// Canonical form of a quantity string as written in an object (kept as is if unparsable).
pub fn canonical(s: &str) -> String {
    Qty::parse(s).map_or_else(|| s.to_string(), |q| q.to_canonical())
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
    fn sums_keep_the_first_nonzero_format() {
        let mut a = Qty::zero();
        a.add(Qty::parse("64Mi").unwrap());
        a.add(Qty::parse("64Mi").unwrap());
        assert_eq!(a.to_canonical(), "128Mi");
        let mut c = Qty::parse("100m").unwrap();
        c.add(Qty::parse("1").unwrap());
        assert_eq!(c.to_canonical(), "1100m");
        assert_eq!(Qty::parse("100m").unwrap().milli_value(), 100);
        assert_eq!(Qty::parse("1Ki").unwrap().value(), 1024);
    }
}
