//! Numbers as people read them, in one place for the core, the CLI and the app's pages:
//! thousands separated by commas, shares as percentages, byte counts in KB and MB.
//!
//! A crate of its own: the core is built for speed, and these would then cost the app's first
//! page (which has a size budget) more bytes than they save time; here they are built as the
//! app is.

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
    if x > 0.0 && x < 0.001 { "<0.1%".to_owned() } else { format!("{:.1}%", x * 100.0) }
}

/// Bytes in B, KB, MB or GB.
pub fn bytes(b: u64) -> String {
    match b {
        0..=1023 => format!("{b} B"),
        1024..=1_048_575 => format!("{:.1} KB", b as f64 / 1024.0),
        1_048_576..=1_073_741_823 => format!("{:.1} MB", b as f64 / 1_048_576.0),
        _ => format!("{:.2} GB", b as f64 / 1_073_741_824.0),
    }
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
        ];
        for (got, want) in table {
            assert_eq!(got, want);
        }
    }
}
