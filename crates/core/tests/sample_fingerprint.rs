//! The sample data is the same on every platform: this fingerprint is also checked in the
//! browser (tests/web.rs), so "Try with sample data" shows what the CLI and the tests see.

use persona_core::sample::{SampleConfig, fingerprint, generate};

/// The fingerprint of 50 customers with seed 42. Change it only when the generator changes on purpose.
pub const FINGERPRINT_50_42: u64 = 0xa58e_dc39_6d34_9ef3;

#[test]
fn sample_data_fingerprint_is_pinned() {
    let (files, _) = generate(&SampleConfig { customers: 50, seed: 42 });
    assert_eq!(fingerprint(&files), FINGERPRINT_50_42, "{:#x}", fingerprint(&files));
}
