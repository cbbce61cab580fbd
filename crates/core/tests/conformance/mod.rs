//! What the conformance tables (`csv_spectrum.rs`, `csv_papaparse.rs`) share: a case as input
//! and the fields it must give, and the reading of it through every chunking.

use persona_core::ingest::RowStream;

/// (case, input, header, rows)
pub type Case = (&'static str, &'static str, &'static [&'static str], &'static [&'static [&'static str]]);

/// The header and rows the stream gives for `input` cut into pieces of `piece` bytes.
fn read(input: &[u8], piece: usize) -> (Vec<String>, Vec<Vec<String>>) {
    let mut rows = Vec::new();
    let mut stream = RowStream::new("case.csv");
    let mut keep = |r: &[&str]| rows.push(r.iter().map(|f| f.to_string()).collect::<Vec<_>>());
    for chunk in input.chunks(piece.max(1)) {
        stream.feed(chunk, &mut keep);
    }
    let profile = stream.finish(&mut keep).expect("reads");
    (profile.columns.iter().map(|c| c.name.clone()).collect(), rows)
}

/// Every case of `cases` through every chunking, from one piece to pieces of one byte, its
/// header and rows as the case expects; the number of chunkings checked.
pub fn check(cases: &[Case]) -> usize {
    let mut checked = 0;
    for (case, input, header, want) in cases {
        let bytes = input.as_bytes();
        for piece in 1..=bytes.len() {
            let (got_header, got) = read(bytes, piece);
            assert_eq!(got_header, *header, "{case:?}, pieces of {piece} bytes: the header");
            assert_eq!(got, *want, "{case:?}, pieces of {piece} bytes: the rows");
            checked += 1;
        }
    }
    checked
}
