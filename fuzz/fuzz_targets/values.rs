//! Any text through the value parsers (numbers, dates, lists, missing markers): no panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use persona_core::ingest::DecimalSeparator;
use persona_core::ingest::value;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    for decimal in [DecimalSeparator::Dot, DecimalSeparator::Comma] {
        let v = value::classify(s, decimal);
        let _ = value::parse_number(s, decimal);
        for mdy in [false, true] {
            let _ = value::date_seconds(v, mdy);
        }
    }
    if let Some(d) = value::parse_date(s) {
        let _ = value::date_seconds(d, false);
    }
    let _ = value::parse_iso_day(s);
    let _ = value::is_missing(s);
    let _ = value::list_items(s);
    let _ = value::split_list(s).count();
    let _ = value::lowercase(s);
});
