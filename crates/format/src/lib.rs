//! Numbers as people read them, in one place for the core, the CLI and the app's pages:
//! thousands separated by commas, shares as percentages, byte counts in KB and MB.
//!
//! A crate of its own: the core is built for speed, and these would then cost the app's first
//! page (which has a size budget) more bytes than they save time; here they are built as the
//! app is.
//!
//! It also reads the numbers a user types into a form ([`parse_decimal`]): the standard
//! `str::parse::<f64>` carries a 20 KB table of powers of five, which alone was about 7% of
//! the first page's gzipped wasm. For the same reason it writes numbers with a fixed count of
//! decimals itself ([`fixed`]): the standard formatter's float code (Grisu with a Dragon
//! fallback on big numbers) was about 6 KB of it.

/// 1234567 → "1,234,567".
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// 0.1234 → "12.3%"; a share under 0.1% that is not zero → "<0.1%".
pub fn percent(x: f64) -> String {
    if x > 0.0 && x < 0.001 { "<0.1%".to_owned() } else { format!("{}%", fixed(x * 100.0, 1)) }
}

/// Bytes in B, KB, MB or GB.
pub fn bytes(b: u64) -> String {
    match b {
        0..=1023 => format!("{b} B"),
        1024..=1_048_575 => format!("{} KB", fixed(b as f64 / 1024.0, 1)),
        1_048_576..=1_073_741_823 => format!("{} MB", fixed(b as f64 / 1_048_576.0, 1)),
        _ => format!("{} GB", fixed(b as f64 / 1_073_741_824.0, 2)),
    }
}

/// `x` with `places` decimals (at most 9), as `format!("{x:.places$}")` writes it: the double's
/// exact value rounded, a tie to the even digit, and the sign kept ("-0.0"). A number that
/// is more than 2^64 with its decimals is written in its shortest form instead ("1e+40").
pub fn fixed(x: f64, places: u32) -> String {
    let places = places.min(9);
    let sign = if x.is_sign_negative() && !x.is_nan() { "-" } else { "" };
    let scale = 10u64.pow(places);
    let Some(units) = scaled(x.abs(), scale) else {
        return zmij::Buffer::new().format(x).to_owned();
    };
    match places {
        0 => format!("{sign}{units}"),
        _ => format!("{sign}{}.{:0width$}", units / scale, units % scale, width = places as usize),
    }
}

/// `x` with at most `places` decimals, without the zeros a fixed count would end with
/// (`12`, `12.5`, `0.33`).
pub fn up_to(x: f64, places: u32) -> String {
    let s = fixed(x, places);
    if !s.contains('.') || s.contains('e') {
        return s;
    }
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// `a · scale` rounded to a whole number (a tie to even), exactly: `a = m · 2^e` is taken
/// apart into its integers. `None` when it is not finite or not below 2^64.
fn scaled(a: f64, scale: u64) -> Option<u64> {
    if !a.is_finite() {
        return None;
    }
    let bits = a.to_bits();
    let (exp, frac) = ((bits >> 52) as i32, bits & ((1 << 52) - 1));
    let (m, e) = if exp == 0 { (frac, -1074) } else { (frac | 1 << 52, exp - 1075) };
    // a · scale = num · 2^e, with num below 2^83
    let num = u128::from(m) * u128::from(scale);
    let units = if e >= 0 {
        if e > 44 {
            return None;
        }
        num << e
    } else if e < -100 {
        // below 2^-17: rounds to 0
        0
    } else {
        let shift = (-e) as u32;
        let (whole, rest, half) = (num >> shift, num & ((1 << shift) - 1), 1u128 << (shift - 1));
        whole + u128::from(rest > half || rest == half && whole & 1 == 1)
    };
    u64::try_from(units).ok()
}

/// Exact powers of ten: every one up to 10^22 is a double.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];

/// A decimal number as a person types it (`12`, `-0.5`, `.25`, `3.`, `1.5e3`, `+7`), or `None`
/// for anything else (empty, `1,5`, `0x10`, spaces, `inf`, `NaN`, or a number too large for a
/// double). The caller trims.
///
/// With up to 15 significant digits and an exponent within ±22 (every number a form is given in
/// practice) the result is the nearest double, as `str::parse::<f64>` gives it. Past that, it
/// is within a few units in the last place (so the very largest doubles may read as too large).
pub fn parse_decimal(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    // a sign, if any, read past; true for a minus
    let minus = |i: &mut usize| match b.get(*i) {
        Some(&c @ (b'-' | b'+')) => {
            *i += 1;
            c == b'-'
        }
        _ => false,
    };
    let mut i = 0;
    let negative = minus(&mut i);
    // up to 19 significant digits in `m`; `exp10` corrects for the point and dropped digits
    let (mut m, mut significant, mut exp10, mut digits, mut exact) = (0u64, 0u32, 0i64, 0u32, true);
    let mut seen_point = false;
    while let Some(&c) = b.get(i) {
        match c {
            b'0'..=b'9' => {
                digits += 1;
                if significant < 19 {
                    m = m * 10 + u64::from(c - b'0');
                    if m > 0 {
                        significant += 1;
                    }
                    if seen_point {
                        exp10 -= 1;
                    }
                } else {
                    exact &= c == b'0';
                    if !seen_point {
                        exp10 += 1;
                    }
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => break,
        }
        i += 1;
    }
    if digits == 0 {
        return None;
    }
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        let negative_exponent = minus(&mut i);
        let start = i;
        let mut e = 0i64;
        while let Some(&c @ b'0'..=b'9') = b.get(i) {
            e = (e * 10 + i64::from(c - b'0')).min(1_000_000);
            i += 1;
        }
        if i == start {
            return None;
        }
        exp10 += if negative_exponent { -e } else { e };
    }
    if i != b.len() {
        return None;
    }
    let magnitude = if m == 0 {
        0.0
    } else if exact && m < 1 << 53 && (-22..=22).contains(&exp10) {
        // one correctly rounded operation on two exact doubles
        if exp10 >= 0 { m as f64 * POW10[exp10 as usize] } else { m as f64 / POW10[(-exp10) as usize] }
    } else if let Some(whole) = (exact && (23..=22 + 15).contains(&exp10))
        .then(|| m.checked_mul(10u64.pow((exp10 - 22) as u32)))
        .flatten()
        .filter(|&w| w < 1 << 53)
    {
        // 12e25 is 120000 · 10^22, both exact
        whole as f64 * POW10[22]
    } else {
        // by exact powers of ten, one rounding each
        let (mut v, mut e) = (m as f64, exp10.clamp(-800, 800));
        while e != 0 {
            let k = e.unsigned_abs().min(22) as usize;
            if e > 0 {
                v *= POW10[k]
            } else {
                v /= POW10[k]
            }
            e -= e.signum() * k as i64;
        }
        v
    };
    magnitude.is_finite().then_some(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        let table: &[(String, &str)] = &[
            (thousands(0), "0"),
            (thousands(999), "999"),
            (thousands(1_000), "1,000"),
            (thousands(1_234_567), "1,234,567"),
            (percent(0.1234), "12.3%"),
            (percent(0.00001), "<0.1%"),
            (percent(0.0), "0.0%"),
            (bytes(1536), "1.5 KB"),
            (bytes(3 << 20), "3.0 MB"),
            (bytes(1_079_217_552), "1.01 GB"),
            (fixed(2.5, 0), "2"),
            (fixed(3.5, 0), "4"),
            (fixed(0.125, 2), "0.12"),
            (fixed(-0.001, 2), "-0.00"),
            (fixed(1e40, 2), "1e+40"),
            (up_to(10.0, 2), "10"),
            (up_to(13.333333333333334, 2), "13.33"),
            (up_to(0.5, 2), "0.5"),
        ];
        for (got, want) in table {
            assert_eq!(got, want);
        }
    }

    /// A figure written with a fixed count of decimals reads as the standard formatter writes
    /// it, ties and all: the page and the core show the same digits.
    #[test]
    fn fixed_decimals_are_the_standard_formatters() {
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15u64);
        let mut cases = vec![0.0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.05, 0.15, 0.25, 12.35, 99.95, 0.045, 1e-320, 5e-324];
        cases.extend([1e15, 1.8e19, 123_456_789.125, f64::MAX.sqrt(), f64::NAN, f64::INFINITY, f64::NEG_INFINITY]);
        for _ in 0..200_000 {
            let r = next();
            cases.push(match r % 5 {
                // shares and percentages, and money in cents
                0 => (next() % 100_001) as f64 / 1000.0,
                1 => (next() % 10_000_000) as f64 / 100.0 * if r >> 8 & 1 == 1 { -1.0 } else { 1.0 },
                // exact ties: a whole number over a power of two is a half at some place
                2 => (next() % 2_000_000) as f64 / 2f64.powi(((r >> 8) % 12) as i32),
                // the smallest numbers
                3 => f64::from_bits(next() % (1 << 53)),
                // any double at all, over 40 orders of magnitude
                _ => f64::from_bits(next()).abs() % 1e20 * 10f64.powi(-(((r >> 8) % 20) as i32)),
            });
        }
        for x in cases {
            for places in 0..=9u32 {
                let want = format!("{x:.0$}", places as usize);
                if x.abs() * 10f64.powi(places as i32) < 1.8e19 || !x.is_finite() {
                    assert_eq!(fixed(x, places), want, "{x:e} to {places} places");
                }
            }
        }
    }

    /// What a user types reads as the standard parser reads it: bit for bit within 15
    /// significant digits and exponents of ±22, very nearly past that; and what is no number
    /// (or no finite one) is refused.
    #[test]
    fn typed_numbers_read_as_the_standard_parser_reads_them() {
        for s in [
            "0",
            "-0",
            "+7",
            "12",
            "0.1",
            "0.3",
            ".25",
            "3.",
            "-0.5",
            "1.5e3",
            "1E-2",
            "2.5e+2",
            "123456789012345",
            "9007199254740993",
            "0.000001",
            "1e22",
            "1e23",
            "4.9e-324",
            "1.7976931348623e308",
            "007.50",
            "1e-30",
            "123456.789e-3",
            "99999999999999999999",
            "0.1234567890123456789",
            "1e308",
            "3e-320",
            "4e-320",
        ] {
            let want: f64 = s.parse().unwrap();
            let got = parse_decimal(s).unwrap_or_else(|| panic!("{s} refused"));
            let exact = !s.contains('e') && s.trim_start_matches(['-', '+', '0', '.']).len() <= 16;
            assert!(got.to_bits() == want.to_bits() || (!exact && ulps(got, want) <= 8), "{s}: {got:e}, not {want:e}");
        }
        for s in [
            "", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "1,5", "0x10", " 1", "1 ", "inf", "NaN", "--1", "1e400",
            "1f",
        ] {
            assert_eq!(parse_decimal(s), None, "{s:?}");
        }
        // a seeded sweep of everyday numbers: money, days, shares
        let mut next = xorshift(0x2545_f491_4f6c_dd1du64);
        for _ in 0..50_000 {
            let r = next();
            let digits = (r % 15 + 1) as usize;
            let mut text = format!("{:0digits$}", next() % 10u64.pow(digits as u32));
            let point = (r >> 8) as usize % (digits + 1);
            text.insert(point, '.');
            // the exponent as the number stands, after the point is taken out
            let mut scale = -((digits - point) as i64);
            if r >> 16 & 1 == 1 {
                let e = (r >> 20) as i64 % 61 - 30;
                text = format!("{text}e{e}");
                scale += e;
            }
            let want: f64 = text.parse().unwrap();
            let got = parse_decimal(&text).unwrap_or_else(|| panic!("{text} refused"));
            if (-22..=22).contains(&scale) {
                assert_eq!(got.to_bits(), want.to_bits(), "{text}");
            } else {
                assert!(ulps(got, want) <= 8, "{text}: {got:e}, not {want:e}");
            }
        }
    }

    /// A seeded xorshift64 sequence, for sweeps that are the same every run.
    fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }

    /// How many doubles apart two of the same sign are.
    fn ulps(a: f64, b: f64) -> u64 {
        a.to_bits().abs_diff(b.to_bits())
    }
}
