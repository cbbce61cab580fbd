//! Deterministic "generated face" portraits for personas.
//!
//! A persona gets a small flat-illustration head-and-shoulders portrait, drawn as an inline SVG
//! string from an [`AvatarSpec`]. No image, font or network is involved, and the same spec gives
//! byte-identical output on every platform.
//!
//! # Method
//!
//! * **Traits from the seed.** Every visual trait (skin tone, hair colour and style, eye colour,
//!   brows, nose, mouth, face shape, neckline, glasses, facial hair, earrings, blush) is drawn from
//!   its own splitmix64 stream, seeded with `seed` mixed with a per-trait salt. Traits are therefore
//!   independent: adding a trait later does not reshuffle the others.
//! * **Constraints from the segment.** [`AgeLook`] restricts hair colour (some grey for
//!   [`AgeLook::Mature`], only grey or white for [`AgeLook::Senior`]), allows receding or bald
//!   styles and adds two faint smile lines for the older looks. [`Presentation`] selects the set of
//!   hair styles, allows facial hair (masculine, adult and older only) and earrings (feminine only).
//! * **Drawing.** Flat shapes in a fixed back-to-front order: background disc in a light tint of
//!   the accent colour, hair behind the head, neck, shoulders in the accent colour, ears, face,
//!   cheeks, facial hair, smile lines, nose, mouth, eyes (iris, pupil, highlight), brows, hair in
//!   front, glasses, earrings. The head is drawn with real-head proportions (eyes half way down
//!   the head, ears level with brow to nose tip, a jaw from one of three shapes) on a 120-unit
//!   grid and scaled by 1.2 in one `<g transform>`, so that it fills the disc; the shoulders are
//!   drawn unscaled and end on an arc of the disc instead of being clipped.
//! * **Byte-identical everywhere.** Every shape is a constant path or a small table of points; the
//!   only run-time arithmetic is addition and multiplication of such constants (exact IEEE
//!   operations, no trigonometry, whose last bit may differ between platforms), and every number is
//!   written through a formatter that rounds to one decimal with integer formatting. Colours are
//!   mixed in integer arithmetic.
//! * **Inline-safe.** The SVG has no `id` attributes, no `href`, no `xmlns`, no gradients, filters
//!   or clip paths, so several portraits can share one HTML page; dots of one colour share one
//!   `<path>` to keep each portrait at about 2–3 KB.

use std::fmt::{self, Write};

use serde::{Deserialize, Serialize};

/// Age look, from the segment's dominant age band.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgeLook {
    /// Under 30.
    Young,
    /// 30 to 44.
    Adult,
    /// 45 to 59.
    Mature,
    /// 60 and over.
    Senior,
}

impl AgeLook {
    /// <30 Young, 30–44 Adult, 45–59 Mature, 60+ Senior.
    ///
    /// A `NaN` age (unknown) gives [`AgeLook::Adult`].
    pub fn from_age(years: f64) -> AgeLook {
        if years.is_nan() {
            AgeLook::Adult
        } else if years < 30.0 {
            AgeLook::Young
        } else if years < 45.0 {
            AgeLook::Adult
        } else if years < 60.0 {
            AgeLook::Mature
        } else {
            AgeLook::Senior
        }
    }

    fn is_older(self) -> bool {
        matches!(self, AgeLook::Mature | AgeLook::Senior)
    }
}

/// Presentation, from the segment's gender mix (Neutral when no gender dominates or there is no gender column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Presentation {
    /// Feminine hair styles, earrings possible.
    Feminine,
    /// Masculine hair styles, facial hair possible from [`AgeLook::Adult`] on.
    Masculine,
    /// Hair styles that read as neither.
    Neutral,
}

/// Everything that determines a portrait.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AvatarSpec {
    /// Source of every individual trait (skin, hair, eyes, glasses, ...).
    pub seed: u64,
    /// Age look, constraining hair colour and style.
    pub age: AgeLook,
    /// Presentation, choosing hair styles, facial hair and earrings.
    pub presentation: Presentation,
    /// Index into COLOURS (taken modulo its length): clothing and background tint.
    pub colour: u8,
}

/// The accent colours a user can choose from (8 calm, distinct, accessible colours as "#rrggbb").
///
/// Each has a contrast ratio of at least 4.5:1 against white, so it can also carry white text.
pub const COLOURS: [&str; 8] = ["#0f766e", "#1e5aa8", "#4c4fb0", "#7a3d8f", "#b0365a", "#a84f24", "#2f7a3e", "#4a5a6a"];

/// Human names of COLOURS for the colour picker's labels ("teal", ...).
pub const COLOUR_NAMES: [&str; 8] = ["teal", "blue", "indigo", "plum", "rose", "rust", "green", "slate"];

/// The portrait as a standalone SVG element: viewBox "0 0 120 120", width/height 120, role="img",
/// and an aria-label of `title` (XML-escaped), plus a <title> child with the same text.
///
/// The element has no `xmlns` attribute: it is meant to be inlined in HTML, whose parser places it
/// in the SVG namespace. To save it as a standalone `.svg` file, add the SVG namespace after `<svg`.
/// It is about 1.6 to 3.4 KB, plus twice the escaped title.
pub fn svg(spec: &AvatarSpec, title: &str) -> String {
    let traits = Traits::from_spec(spec);
    let mut out = String::with_capacity(3072);
    // Writing into a String cannot fail; the Result only comes from the fmt::Write signature.
    if draw(&mut out, spec, &traits, &escape(title)).is_err() {
        out.clear();
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Colours
// ---------------------------------------------------------------------------------------------

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Rgb(u8, u8, u8);

impl Rgb {
    const WHITE: Rgb = Rgb(255, 255, 255);

    const fn hex(v: u32) -> Rgb {
        Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8)
    }

    /// `self` moved `pct` percent of the way towards `other`, in integer arithmetic.
    fn mix(self, other: Rgb, pct: u32) -> Rgb {
        let m = |a: u8, b: u8| ((u32::from(a) * (100 - pct) + u32::from(b) * pct + 50) / 100) as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }

    fn darker(self, pct: u32) -> Rgb {
        self.mix(Rgb(0, 0, 0), pct)
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// Parses "#rrggbb" at compile time; an invalid entry in [`COLOURS`] fails the build.
const fn parse_hex(s: &str) -> Rgb {
    let b = s.as_bytes();
    assert!(b.len() == 7 && b[0] == b'#', "colour must be #rrggbb");
    let mut v: u32 = 0;
    let mut i = 1;
    while i < 7 {
        let d = match b[i] {
            c @ b'0'..=b'9' => c - b'0',
            c @ b'a'..=b'f' => c - b'a' + 10,
            c @ b'A'..=b'F' => c - b'A' + 10,
            _ => panic!("colour must be #rrggbb"),
        };
        v = v * 16 + d as u32;
        i += 1;
    }
    Rgb::hex(v)
}

const fn parse_all(list: [&str; 8]) -> [Rgb; 8] {
    let mut out = [Rgb(0, 0, 0); 8];
    let mut i = 0;
    while i < 8 {
        out[i] = parse_hex(list[i]);
        i += 1;
    }
    out
}

const ACCENTS: [Rgb; 8] = parse_all(COLOURS);

/// Natural skin tones, light to deep.
const SKIN: [Rgb; 8] = [
    Rgb::hex(0xf7dcc8),
    Rgb::hex(0xf0c8a8),
    Rgb::hex(0xe2b08c),
    Rgb::hex(0xcc946c),
    Rgb::hex(0xb07650),
    Rgb::hex(0x8f5a3a),
    Rgb::hex(0x6f432a),
    Rgb::hex(0x52311f),
];

/// Natural hair colours: black, dark brown, brown, light brown, auburn, copper, dark blonde, blonde.
const HAIR_NATURAL: [Rgb; 8] = [
    Rgb::hex(0x1e1a18),
    Rgb::hex(0x35251c),
    Rgb::hex(0x5a3d2b),
    Rgb::hex(0x8a6242),
    Rgb::hex(0x7c3420),
    Rgb::hex(0xa5542c),
    Rgb::hex(0xb08a55),
    Rgb::hex(0xd8bb7e),
];
/// Greying hair for the mature look: salt-and-pepper, ash grey.
const HAIR_GREYING: [Rgb; 2] = [Rgb::hex(0x6e6a67), Rgb::hex(0x8e8a86)];
/// Senior hair: grey, silver, white.
const HAIR_SENIOR: [Rgb; 3] = [Rgb::hex(0x908c88), Rgb::hex(0xb9b6b1), Rgb::hex(0xe2dfda)];

/// Iris colours: dark brown, brown, hazel, green, blue, grey.
const EYES: [Rgb; 6] = [
    Rgb::hex(0x3b2618),
    Rgb::hex(0x5a3a22),
    Rgb::hex(0x6e5a30),
    Rgb::hex(0x4f6a44),
    Rgb::hex(0x4a6d8c),
    Rgb::hex(0x5f6b73),
];

/// Glasses frames: black, tortoiseshell, gold, slate.
const FRAMES: [Rgb; 4] = [Rgb::hex(0x222222), Rgb::hex(0x6b3e26), Rgb::hex(0xb08d3c), Rgb::hex(0x556070)];

/// Earrings: gold, silver.
const METALS: [Rgb; 2] = [Rgb::hex(0xd9b44a), Rgb::hex(0xc9ccd1)];

const PUPIL: Rgb = Rgb::hex(0x1a1410);
const LIP: Rgb = Rgb::hex(0xa0443f);

// ---------------------------------------------------------------------------------------------
// Randomness
// ---------------------------------------------------------------------------------------------

/// splitmix64 (Steele, Lea & Flood 2014): tiny, fast and well mixed; enough for picking traits.
struct SplitMix(u64);

impl SplitMix {
    /// A stream for one trait: the seed mixed with a per-trait salt.
    fn new(seed: u64, salt: u64) -> SplitMix {
        let mut s = SplitMix(seed ^ salt.wrapping_mul(0xd1b5_4a32_d192_ed03));
        s.next();
        s
    }

    fn next(&mut self) -> u64 {
        // the mix adds splitmix64's increment itself: output of the old state, then step it
        let out = crate::sample::mix(self.0);
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        out
    }

    /// Uniform in `0..n` (n > 0), by multiply-shift.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// True with probability `pct` percent.
    fn chance(&mut self, pct: usize) -> bool {
        self.below(100) < pct
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------------
// Traits
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum HairStyle {
    LongStraight,
    LongWavy,
    Bob,
    Bun,
    Curly,
    ShortCrop,
    SidePart,
    Buzz,
    CurlyShort,
    Receding,
    Bald,
    Medium,
    Undercut,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum FacialHair {
    Stubble,
    Beard,
    Moustache,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Neckline {
    Crew,
    Vee,
    Collar,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum GlassesShape {
    Round,
    Rect,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Traits {
    skin: Rgb,
    hair: Rgb,
    style: HairStyle,
    eyes: Rgb,
    /// Index into [`BROWS`].
    brows: usize,
    /// Index into [`NOSES`].
    nose: usize,
    /// Index into [`MOUTHS`].
    mouth: usize,
    /// Index into [`JAWS`].
    jaw: usize,
    neckline: Neckline,
    glasses: Option<(GlassesShape, Rgb)>,
    facial_hair: Option<FacialHair>,
    earrings: Option<Rgb>,
    blush: bool,
}

impl Traits {
    fn from_spec(spec: &AvatarSpec) -> Traits {
        let stream = |salt: u64| SplitMix::new(spec.seed, salt);
        let skin = stream(1).pick(&SKIN);
        let mut r = stream(2);
        let hair = match spec.age {
            AgeLook::Young | AgeLook::Adult => r.pick(&HAIR_NATURAL),
            AgeLook::Mature if r.chance(40) => r.pick(&HAIR_GREYING),
            AgeLook::Mature => r.pick(&HAIR_NATURAL),
            AgeLook::Senior => r.pick(&HAIR_SENIOR),
        };
        let mut r = stream(3);
        let style = match spec.presentation {
            Presentation::Feminine => r.pick(&[
                HairStyle::LongStraight,
                HairStyle::LongWavy,
                HairStyle::Bob,
                HairStyle::Bun,
                HairStyle::Curly,
            ]),
            Presentation::Masculine if spec.age.is_older() && r.chance(30) => {
                r.pick(&[HairStyle::Receding, HairStyle::Receding, HairStyle::Bald])
            }
            Presentation::Masculine => {
                r.pick(&[HairStyle::ShortCrop, HairStyle::SidePart, HairStyle::Buzz, HairStyle::CurlyShort])
            }
            Presentation::Neutral => {
                r.pick(&[HairStyle::Medium, HairStyle::CurlyShort, HairStyle::Undercut, HairStyle::Bob])
            }
        };
        let eyes = stream(4).pick(&EYES);
        let brows = stream(5).below(BROWS.len());
        let nose = stream(6).below(NOSES.len());
        let mouth = stream(7).below(MOUTHS.len());
        let jaw = stream(8).below(JAWS.len());
        let neckline = stream(9).pick(&[Neckline::Crew, Neckline::Vee, Neckline::Collar]);
        let mut r = stream(10);
        let glasses_pct = match spec.age {
            AgeLook::Young => 20,
            AgeLook::Adult => 22,
            AgeLook::Mature => 28,
            AgeLook::Senior => 35,
        };
        let glasses = if r.chance(glasses_pct) {
            Some((r.pick(&[GlassesShape::Round, GlassesShape::Rect]), r.pick(&FRAMES)))
        } else {
            None
        };
        let mut r = stream(11);
        let facial_hair = if spec.presentation == Presentation::Masculine && spec.age != AgeLook::Young && r.chance(30)
        {
            Some(r.pick(&[FacialHair::Stubble, FacialHair::Beard, FacialHair::Beard, FacialHair::Moustache]))
        } else {
            None
        };
        let mut r = stream(12);
        let earrings =
            if spec.presentation == Presentation::Feminine && r.chance(30) { Some(r.pick(&METALS)) } else { None };
        let blush = stream(13).chance(40);
        Traits { skin, hair, style, eyes, brows, nose, mouth, jaw, neckline, glasses, facial_hair, earrings, blush }
    }
}

// ---------------------------------------------------------------------------------------------
// Geometry
// ---------------------------------------------------------------------------------------------

/// Right half of the jaw, from (80,50) to the chin at (60, y): the two control points and the
/// chin height. The left half mirrors it about x = 60.
const JAWS: [[f64; 5]; 3] = [
    // oval
    [80.0, 66.0, 71.0, 79.0, 79.0],
    // softer, rounder
    [80.5, 68.0, 73.0, 78.0, 78.0],
    // longer, narrower chin
    [79.5, 65.0, 69.0, 80.0, 80.0],
];

/// Left brow as a quadratic curve (start, control, end); the right one is mirrored.
const BROWS: [[f64; 6]; 4] = [
    [45.5, 47.5, 50.0, 44.8, 55.0, 46.8],
    [45.5, 47.0, 49.5, 45.5, 55.0, 46.5],
    [45.0, 47.8, 50.5, 45.2, 55.5, 47.2],
    [46.0, 47.0, 51.0, 45.8, 55.0, 46.2],
];

/// Noses as a short stroke.
const NOSES: [&str; 3] =
    ["M59 56Q57.5 61.5 60.5 62.5", "M58.5 61.5Q60 63 61.5 61.5", "M59.5 56.5Q57 61 59 62.5Q60.5 63.2 62 62"];

/// Mouths: (path, filled). Filled mouths are an open smile with a strip of teeth.
const MOUTHS: [(&str, bool); 4] = [
    ("M54.5 68Q60 72.5 65.5 68", false),
    ("M55 68.5Q60 71.5 65 68.5", false),
    ("M54.5 67.5Q60 68.3 65.5 67.5Q60 74 54.5 67.5Z", true),
    ("M55.5 68.2Q61 72 65.5 67.5", false),
];

/// Writes `v` rounded to one decimal (half away from zero) without a trailing ".0", a leading "0" or "-0":
/// 3.0 → "3", 0.25 → ".3", -1.5 → "-1.5". Integer formatting only, so the text is the same everywhere.
struct N(f64);

impl fmt::Display for N {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = (self.0 * 10.0).round() as i64;
        let (sign, a) = if t < 0 { ("-", -t) } else { ("", t) };
        match (a / 10, a % 10) {
            (whole, 0) => write!(f, "{sign}{whole}"),
            (0, tenth) => write!(f, "{sign}.{tenth}"),
            (whole, tenth) => write!(f, "{sign}{whole}.{tenth}"),
        }
    }
}

/// A circle as a sub-path, so that several dots of one colour share one `<path>`.
fn dot(out: &mut String, cx: f64, cy: f64, r: f64) -> fmt::Result {
    write!(out, "M{} {}a{r} {r} 0 1 0 {d} 0a{r} {r} 0 1 0-{d} 0", N(cx - r), N(cy), r = N(r), d = N(2.0 * r))
}

/// Escapes text for an XML or HTML attribute value or element content (characters XML forbids
/// even escaped become spaces). The app escapes its HTML with it too.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids even escaped.
            c if (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The face outline for jaw `j`.
fn face_path(out: &mut String, j: usize) -> fmt::Result {
    let [c1x, c1y, c2x, c2y, chin] = JAWS[j % JAWS.len()];
    write!(
        out,
        "M40 50C40 35 48 27 60 27C72 27 80 35 80 50C{} {} {} {} 60 {}C{} {} {} {} 40 50Z",
        N(c1x),
        N(c1y),
        N(c2x),
        N(c2y),
        N(chin),
        N(120.0 - c2x),
        N(c2y),
        N(120.0 - c1x),
        N(c1y)
    )
}

// ---------------------------------------------------------------------------------------------
// Hair shapes
// ---------------------------------------------------------------------------------------------

/// Hair behind the head and shoulders, if the style has any.
fn hair_back(style: HairStyle) -> Option<&'static str> {
    match style {
        HairStyle::LongStraight => Some("M37 46C35 28 46 19 60 19C74 19 85 28 83 46L86 96H34Z"),
        HairStyle::LongWavy => Some(
            "M37 46C35 28 46 19 60 19C74 19 85 28 83 46C85 54 82 60 85 68C88 76 83 82 87 90L86 96H34L33 90C37 82 32 76 35 68C38 60 35 54 37 46Z",
        ),
        HairStyle::Bob => Some("M37 46C35 28 46 19 60 19C74 19 85 28 83 46L84 72Q80 75 74 73H46Q40 75 36 72Z"),
        HairStyle::Medium => Some("M38 46C36 28 46 20 60 20C74 20 84 28 82 46L82.5 64Q79 67 75 64H45Q41 67 37.5 64Z"),
        HairStyle::Bun => Some("M53 23a7 7 0 1 0 14 0a7 7 0 1 0-14 0"),
        HairStyle::Bald => Some(
            "M36.6 58C35.6 52 36 47 38.4 43.5C39.4 42.3 40.6 42.6 41.2 44L41.5 58ZM83.4 58C84.4 52 84 47 81.6 43.5C80.6 42.3 79.4 42.6 78.8 44L78.5 58Z",
        ),
        _ => None,
    }
}

/// Curl centres and radii for the curly styles: (x, y, r).
const CURLS_SHORT: [(f64, f64, f64); 9] = [
    (41.0, 42.0, 5.0),
    (43.0, 33.0, 6.0),
    (50.0, 26.0, 6.5),
    (60.0, 23.5, 6.5),
    (70.0, 26.0, 6.5),
    (77.0, 33.0, 6.0),
    (79.0, 42.0, 5.0),
    (54.0, 33.0, 5.0),
    (66.0, 33.0, 5.0),
];

const CURLS_LONG: [(f64, f64, f64); 10] = [
    (36.0, 50.0, 7.0),
    (35.0, 62.0, 7.0),
    (37.0, 73.0, 7.0),
    (41.0, 82.0, 6.5),
    (84.0, 50.0, 7.0),
    (85.0, 62.0, 7.0),
    (83.0, 73.0, 7.0),
    (79.0, 82.0, 6.5),
    (38.0, 38.0, 7.0),
    (82.0, 38.0, 7.0),
];

/// Hair in front of the face (fringe, hairline, side locks). `None` for styles without any.
fn hair_front(style: HairStyle) -> Option<&'static str> {
    let d = match style {
        HairStyle::Bald => return None,
        HairStyle::LongStraight => {
            "M38.5 51C37 34 46 21 60 21C74 21 83 34 81.5 51L79.7 51C79.5 47 78.5 44 77 42C71 38 62 37 53 37.5C47 40 42.5 45 40.5 51Z"
        }
        HairStyle::LongWavy => {
            "M38.5 51C37 34 46 21 60 21C74 21 83 34 81.5 51L79.7 51C79.5 47 78.5 44 77 42C73 40 70 37 64 38C60 39 57 36 53 37.5C47 40 42.5 45 40.5 51Z"
        }
        HairStyle::Bob => {
            "M38 70C35 50 38 22 60 21C82 22 85 50 82 70L79 69C80 58 80 50 78 43C70 41 50 41 42 43C40 50 40 58 41 69Z"
        }
        HairStyle::Bun => {
            "M39.5 52C38 36 46 24 60 24C74 24 82 36 80.5 52L79 52C79 43 76 38 71 36C64 34 56 34 49 36C44 38 41 43 41 52Z"
        }
        HairStyle::Curly | HairStyle::CurlyShort => {
            "M39 49C37 36 46 24 60 24C74 24 83 36 81 49L79 49C79 44 76 40 70 38C64 37 56 37 50 38C44 40 41 44 41 49Z"
        }
        HairStyle::ShortCrop => {
            "M38.5 55C36 38 45 23 60 23C75 23 84 38 81.5 55L79 55L78.5 46C76 40 70 37.5 60 37.5C50 37.5 44 40 41.5 46L41 55Z"
        }
        HairStyle::SidePart => {
            "M38.5 55C36 36 44 21 60 21C77 21 85 36 81.5 55L79 55L78.5 45C77 40 73 37 67 36C60 35 52 36 46 39C43 41 41.5 44 41 55Z"
        }
        HairStyle::Buzz => {
            "M39.3 53C38.5 37 46 25.5 60 25.5C74 25.5 81.5 37 80.7 53L79.2 53C79 44 75 39.5 60 39C45 39.5 41 44 40.8 53Z"
        }
        HairStyle::Receding => {
            "M38.5 55C36.5 40 44 25 60 25C76 25 83.5 40 81.5 55L79 55L78.5 44C77 36 73 32 68 33C64 34 62 35 60 35C58 35 56 34 52 33C47 32 43 36 41.5 44L41 55Z"
        }
        HairStyle::Medium => {
            "M38 62C35 44 40 22 60 22C80 22 85 44 82 62L79 62C80 54 79.5 48 78.5 44C74 38 64 37 55 38C49 40 44 42 41.5 46C40.5 52 41 56 41 62Z"
        }
        HairStyle::Undercut => {
            "M42 40C40 30 48 20 61 19.5C73 19.5 81 26 80.5 36C80.5 39 80 41 79 43C74 38 66 36.5 58 37.5C51 38.5 46 40 42 40Z"
        }
    };
    Some(d)
}

// ---------------------------------------------------------------------------------------------
// Drawing
// ---------------------------------------------------------------------------------------------

fn draw(out: &mut String, spec: &AvatarSpec, t: &Traits, title: &str) -> fmt::Result {
    let accent = ACCENTS[usize::from(spec.colour) % ACCENTS.len()];
    let skin_shade = t.skin.darker(12);
    let line = t.skin.darker(30);
    let lip = t.skin.mix(LIP, 55).darker(10);
    let light_hair = u32::from(t.hair.0) + u32::from(t.hair.1) + u32::from(t.hair.2) > 420;
    // Light hair gets a thin darker edge so that it stands out from the pale background.
    let hair_edge =
        if light_hair { format!(r#" stroke="{}" stroke-width=".6""#, t.hair.darker(22)) } else { String::new() };
    // Curls overlap each other, so their edge is fainter: it reads as texture.
    let curl_edge =
        if light_hair { format!(r#" stroke="{}" stroke-width=".5""#, t.hair.darker(10)) } else { String::new() };
    // Light hair has darker brows; mixing towards a warm dark keeps them from turning olive.
    let brow = if light_hair { t.hair.mix(Rgb::hex(0x4a3a30), 45) } else { t.hair };

    write!(
        out,
        r#"<svg viewBox="0 0 120 120" width="120" height="120" role="img" aria-label="{title}"><title>{title}</title>"#
    )?;
    // Background disc.
    write!(out, r#"<circle cx="60" cy="60" r="60" fill="{}"/>"#, accent.mix(Rgb::WHITE, 82))?;

    // The head is drawn on a 120-unit grid and scaled up by a fifth around the chin line; the
    // shoulders are drawn unscaled so that their lower edge can follow the background circle.
    const HEAD: &str = r#"<g transform="matrix(1.2 0 0 1.2 -12 -10.8)">"#;
    out.push_str(HEAD);
    // Hair behind the head.
    if let Some(d) = hair_back(t.style) {
        write!(out, r#"<path d="{d}" fill="{}"{hair_edge}/>"#, t.hair)?;
    }
    if t.style == HairStyle::Curly {
        write!(out, r#"<path d=""#)?;
        for &(x, y, r) in &CURLS_LONG {
            dot(out, x, y, r)?;
        }
        write!(out, r#"" fill="{}"{curl_edge}/>"#, t.hair)?;
    }
    // Neck, in the chin's shadow.
    write!(out, r#"<path d="M51.5 64V86H68.5V64Z" fill="{}"/></g>"#, skin_shade)?;

    // Shoulders: the lower edge follows the background circle, so nothing spills out of it.
    write!(
        out,
        r#"<path d="M9.5 92.4C14 86 24 85 36 84C44 83.5 48 82 50 80.5Q60 90 70 80.5C72 82 76 83.5 84 84C96 85 106 86 110.5 92.4A60 60 0 0 1 9.5 92.4Z" fill="{accent}"/>"#
    )?;
    let trim = accent.darker(22);
    match t.neckline {
        Neckline::Crew => {
            write!(out, r#"<path d="M50 80.5Q60 90 70 80.5" fill="none" stroke="{trim}" stroke-width="2.2"/>"#)?
        }
        Neckline::Vee => write!(
            out,
            r#"<path d="M50.5 80.5L60 94L69.5 80.5Z" fill="{skin_shade}"/><path d="M50.5 80.5L60 94L69.5 80.5" fill="none" stroke="{trim}" stroke-width="2" stroke-linejoin="round"/>"#
        )?,
        Neckline::Collar => write!(
            out,
            r#"<path d="M50.5 80.5L60 91L69.5 80.5Z" fill="{skin_shade}"/><path d="M48.5 79.5L59.5 91L51 93.5ZM71.5 79.5L60.5 91L69 93.5Z" fill="{}" stroke="{trim}" stroke-width="1.2" stroke-linejoin="round"/>"#,
            accent.mix(Rgb::WHITE, 30)
        )?,
    }

    out.push_str(HEAD);
    // Ears (unless the hair covers them), then the head over them.
    let ears_visible = !matches!(t.style, HairStyle::Bob | HairStyle::Medium);
    if ears_visible {
        write!(
            out,
            r#"<path d="M41 50.5C36 48 34.5 52 35.5 56C36.5 61 38.5 62.5 41.5 62ZM79 50.5C84 48 85.5 52 84.5 56C83.5 61 81.5 62.5 78.5 62Z" fill="{}"/><path d="M38.5 53Q37 56 39.5 59M81.5 53Q83 56 80.5 59" fill="none" stroke="{skin_shade}" stroke-width="1" stroke-linecap="round"/>"#,
            t.skin
        )?;
    }
    write!(out, r#"<path d=""#)?;
    face_path(out, t.jaw)?;
    write!(out, r#"" fill="{}"/>"#, t.skin)?;

    // Soft cheeks.
    if t.blush {
        write!(out, r#"<path d=""#)?;
        dot(out, 47.5, 62.0, 3.5)?;
        dot(out, 72.5, 62.0, 3.5)?;
        // A redder version of the skin: pink on light skin, a deeper warm tone on dark skin.
        let deep = u32::from(t.skin.0) + u32::from(t.skin.1) + u32::from(t.skin.2) < 420;
        let blush = t.skin.mix(if deep { Rgb::hex(0x8a3228) } else { Rgb::hex(0xee8a7c) }, 20);
        write!(out, r#"" fill="{blush}"/>"#)?;
    }

    // Facial hair sits on the skin, under the mouth.
    if let Some(fh) = t.facial_hair {
        let [c1x, c1y, c2x, c2y, chin] = JAWS[t.jaw % JAWS.len()];
        let moustache =
            "M52.5 66.5C55 63.5 58 64 60 65C62 64 65 63.5 67.5 66.5C65 66.5 62 66 60 66.5C58 66 55 66.5 52.5 66.5Z";
        match fh {
            FacialHair::Stubble | FacialHair::Beard => {
                write!(
                    out,
                    r#"<path d="M80 52C{} {} {} {} 60 {}C{} {} {} {} 40 52L42.5 52C43 60 46 64 52 65C56 63 64 63 68 65C74 64 77 60 77.5 52Z{moustache}" fill="{}"{}/>"#,
                    N(c1x + 0.5),
                    N(c1y),
                    N(c2x),
                    N(c2y + 1.0),
                    N(chin + 1.0),
                    N(120.0 - c2x),
                    N(c2y + 1.0),
                    N(119.5 - c1x),
                    N(c1y),
                    t.hair,
                    if fh == FacialHair::Stubble { r#" opacity=".2""# } else { "" }
                )?;
            }
            FacialHair::Moustache => write!(out, r#"<path d="{moustache}" fill="{}"/>"#, t.hair)?,
        }
    }

    // Smile lines for the older looks.
    if spec.age.is_older() {
        write!(
            out,
            r#"<path d="M51.5 63Q49.5 66.5 51.5 70M68.5 63Q70.5 66.5 68.5 70" fill="none" stroke="{line}" stroke-width=".8" stroke-linecap="round" opacity=".5"/>"#
        )?;
    }

    // Nose.
    write!(
        out,
        r#"<path d="{}" fill="none" stroke="{line}" stroke-width="1.2" stroke-linecap="round" opacity=".6"/>"#,
        NOSES[t.nose % NOSES.len()]
    )?;

    // Mouth.
    let (mouth, open) = MOUTHS[t.mouth % MOUTHS.len()];
    let lip_on = if t.facial_hair == Some(FacialHair::Beard) { lip.mix(Rgb::WHITE, 25) } else { lip };
    if open {
        write!(
            out,
            r##"<path d="{mouth}" fill="{}"/><path d="M55.8 68.2Q60 68.9 64.2 68.2L63.5 69.3Q60 69.8 56.5 69.3Z" fill="#fff"/>"##,
            lip.darker(25)
        )?;
    } else {
        write!(out, r#"<path d="{mouth}" fill="none" stroke="{lip_on}" stroke-width="1.6" stroke-linecap="round"/>"#)?;
    }

    // Eyes: iris, pupil, highlight.
    let eye = |out: &mut String, r: f64, dx: f64, dy: f64| -> fmt::Result {
        dot(out, 51.0 + dx, 53.5 + dy, r)?;
        dot(out, 69.0 + dx, 53.5 + dy, r)
    };
    write!(out, r#"<path d=""#)?;
    eye(out, 2.2, 0.0, 0.0)?;
    write!(out, r#"" fill="{}"/><path d=""#, t.eyes)?;
    eye(out, 1.2, 0.0, 0.0)?;
    write!(out, r#"" fill="{PUPIL}"/><path d=""#)?;
    eye(out, 0.7, 0.7, -0.8)?;
    write!(out, r##"" fill="#fff"/>"##)?;

    // Brows.
    let b = BROWS[t.brows % BROWS.len()];
    let width = match spec.presentation {
        Presentation::Feminine => 1.5,
        Presentation::Neutral => 1.8,
        Presentation::Masculine => 2.1,
    };
    write!(
        out,
        r#"<path d="M{} {}Q{} {} {} {}M{} {}Q{} {} {} {}" fill="none" stroke="{brow}" stroke-width="{}" stroke-linecap="round"/>"#,
        N(b[0]),
        N(b[1]),
        N(b[2]),
        N(b[3]),
        N(b[4]),
        N(b[5]),
        N(120.0 - b[0]),
        N(b[1]),
        N(120.0 - b[2]),
        N(b[3]),
        N(120.0 - b[4]),
        N(b[5]),
        N(width)
    )?;

    // Hair in front.
    if t.style == HairStyle::Undercut {
        // Clipped sides, under the longer top.
        write!(
            out,
            r#"<path d="M39.3 53C38.8 45 40 38 44 33L46 38C43 41 41.5 47 41 53ZM80.7 53C81.2 45 80 38 76 33L74 38C77 41 78.5 47 79 53Z" fill="{}" opacity=".6"/>"#,
            t.hair
        )?;
    }
    if let Some(front) = hair_front(t.style) {
        let extra = if t.style == HairStyle::Buzz { r#" opacity=".8""# } else { "" };
        // The edge would show where the fringe overlaps hair behind the head: only outline it alone.
        let covered = (hair_back(t.style).is_some() && t.style != HairStyle::Bun)
            || matches!(t.style, HairStyle::Curly | HairStyle::CurlyShort);
        let edge = if covered { "" } else { hair_edge.as_str() };
        write!(out, r#"<path d="{front}" fill="{}"{edge}{extra}/>"#, t.hair)?;
    }
    if matches!(t.style, HairStyle::Curly | HairStyle::CurlyShort) {
        write!(out, r#"<path d=""#)?;
        for &(x, y, r) in &CURLS_SHORT {
            dot(out, x, y, r)?;
        }
        write!(out, r#"" fill="{}"{curl_edge}/>"#, t.hair)?;
    }

    // Glasses over everything on the face.
    if let Some((shape, frame)) = t.glasses {
        match shape {
            GlassesShape::Round => {
                write!(out, r#"<path d=""#)?;
                eye(out, 5.6, 0.0, 0.3)?;
                write!(out, r#"M56.6 53Q60 51.5 63.4 53""#)?;
            }
            GlassesShape::Rect => write!(
                out,
                r#"<path d="M44.5 49.5H57.5V55.5Q57.5 58.5 54.5 58.5H47.5Q44.5 58.5 44.5 55.5ZM62.5 49.5H75.5V55.5Q75.5 58.5 72.5 58.5H65.5Q62.5 58.5 62.5 55.5ZM57.5 52Q60 50.5 62.5 52""#
            )?,
        }
        write!(out, r##" fill="#fff" fill-opacity=".1" stroke="{frame}" stroke-width="1.3"/>"##)?;
    }

    // Earrings on visible ear lobes.
    if let (Some(metal), true) = (t.earrings, ears_visible) {
        write!(out, r#"<path d=""#)?;
        dot(out, 37.8, 61.8, 1.3)?;
        dot(out, 82.2, 61.8, 1.3)?;
        write!(out, r#"" fill="{metal}"/>"#)?;
    }

    out.push_str("</g></svg>");
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    const AGES: [AgeLook; 4] = [AgeLook::Young, AgeLook::Adult, AgeLook::Mature, AgeLook::Senior];
    const PRESENTATIONS: [Presentation; 3] = [Presentation::Feminine, Presentation::Masculine, Presentation::Neutral];

    fn spec(seed: u64, age: AgeLook, presentation: Presentation) -> AvatarSpec {
        AvatarSpec { seed, age, presentation, colour: (seed % 8) as u8 }
    }

    /// Every (seed, age, presentation) combination for `n` seeds.
    fn all_specs(n: u64) -> impl Iterator<Item = AvatarSpec> {
        (0..n).flat_map(|seed| {
            AGES.into_iter().flat_map(move |age| PRESENTATIONS.into_iter().map(move |p| spec(seed, age, p)))
        })
    }

    /// A minimal well-formedness check: balanced and properly nested tags, quoted and unique
    /// attributes, valid entity references, a single root element and no stray markup.
    fn check_xml(doc: &str) -> Result<(), String> {
        fn check_text(text: &str) -> Result<(), String> {
            let mut rest = text;
            while let Some(i) = rest.find('&') {
                let tail = &rest[i + 1..];
                let end = tail.find(';').ok_or_else(|| format!("unterminated entity in {text:?}"))?;
                let name = &tail[..end];
                let ok = matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
                    || name
                        .strip_prefix("#x")
                        .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
                    || name.strip_prefix('#').is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
                if !ok {
                    return Err(format!("bad entity &{name};"));
                }
                rest = &tail[end + 1..];
            }
            if text.contains('>') {
                return Err(format!("stray '>' in {text:?}"));
            }
            Ok(())
        }
        let is_name = |s: &str| {
            !s.is_empty()
                && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
                && s.starts_with(|c: char| c.is_ascii_alphabetic())
        };

        let mut stack: Vec<&str> = Vec::new();
        let mut roots = 0;
        let mut rest = doc;
        loop {
            let Some(lt) = rest.find('<') else {
                check_text(rest)?;
                if !stack.is_empty() || !rest.trim().is_empty() {
                    return Err(format!("unclosed elements {stack:?} or trailing text"));
                }
                break;
            };
            let text = &rest[..lt];
            if stack.is_empty() && !text.trim().is_empty() {
                return Err("text outside the root element".into());
            }
            check_text(text)?;
            // Attribute values may not contain '<' or '>' here (the writer escapes them), so the
            // tag ends at the next '>'.
            let tag_end = rest[lt..].find('>').ok_or("unterminated tag")? + lt;
            let tag = &rest[lt + 1..tag_end];
            rest = &rest[tag_end + 1..];
            if tag.contains('<') {
                return Err(format!("'<' inside tag {tag:?}"));
            }
            if let Some(name) = tag.strip_prefix('/') {
                match stack.pop() {
                    Some(open) if open == name.trim_end() => continue,
                    other => return Err(format!("</{name}> closes {other:?}")),
                }
            }
            let (body, self_closing) = match tag.strip_suffix('/') {
                Some(b) => (b, true),
                None => (tag, false),
            };
            let name_end = body.find(|c: char| c.is_whitespace()).unwrap_or(body.len());
            let name = &body[..name_end];
            if !is_name(name) {
                return Err(format!("bad element name {name:?}"));
            }
            // Attributes: name="value" separated by whitespace, no duplicates.
            let mut attrs = &body[name_end..];
            let mut seen = HashSet::new();
            loop {
                let trimmed = attrs.trim_start();
                if trimmed.is_empty() {
                    break;
                }
                if trimmed.len() == attrs.len() {
                    return Err(format!("missing space before attribute in {tag:?}"));
                }
                let eq = trimmed.find('=').ok_or_else(|| format!("attribute without value in {tag:?}"))?;
                let attr = &trimmed[..eq];
                if !is_name(attr) || !seen.insert(attr) {
                    return Err(format!("bad or repeated attribute {attr:?}"));
                }
                let value = trimmed[eq + 1..].strip_prefix('"').ok_or_else(|| format!("unquoted {attr}"))?;
                let close = value.find('"').ok_or_else(|| format!("unterminated value of {attr}"))?;
                check_text(&value[..close])?;
                attrs = &value[close + 1..];
            }
            if stack.is_empty() {
                roots += 1;
                if roots > 1 {
                    return Err("more than one root element".into());
                }
            }
            if !self_closing {
                stack.push(name);
            }
        }
        if roots == 1 { Ok(()) } else { Err("no root element".into()) }
    }

    #[test]
    fn xml_checker_rejects_malformed_documents() {
        assert_eq!(check_xml(r#"<a x="1"><b/>t &amp; u</a>"#), Ok(()));
        for bad in [
            "<a><b></a></b>",
            "<a>",
            "<a></a><b/>",
            r#"<a x=1/>"#,
            r#"<a x="1" x="2"/>"#,
            r#"<a x="1"y="2"/>"#,
            "<a>A & B</a>",
            "<a>&bogus;</a>",
            "text<a/>",
            "<a/>trailing",
            "<a>x > y</a>",
            r#"<a t="<"/>"#,
            "</a>",
            "",
        ] {
            assert!(check_xml(bad).is_err(), "accepted {bad:?}");
        }
    }

    #[test]
    fn output_is_well_formed_xml() {
        for s in all_specs(60) {
            let out = svg(&s, "Persona <\"Ann\"> & 'co'");
            if let Err(e) = check_xml(&out) {
                panic!("{s:?}: {e}\n{out}");
            }
        }
    }

    #[test]
    fn same_spec_gives_same_string() {
        for s in all_specs(20) {
            assert_eq!(svg(&s, "x"), svg(&s, "x"));
            assert_eq!(svg(&s, "x"), svg(&AvatarSpec { ..s }, "x"));
        }
    }

    #[test]
    fn seeds_vary_the_portrait_and_every_trait() {
        let mut outputs = HashSet::new();
        let (mut skins, mut hairs, mut styles, mut eyes, mut brows, mut noses, mut mouths, mut jaws, mut necks) =
            Default::default();
        let (mut glasses, mut facial, mut earrings, mut blush) = Default::default();
        fn add<T: std::hash::Hash + Eq>(set: &mut HashSet<T>, v: T) {
            set.insert(v);
        }
        for seed in 0..200 {
            let s = spec(seed, AGES[seed as usize % 4], PRESENTATIONS[seed as usize % 3]);
            outputs.insert(svg(&s, "p"));
            let t = Traits::from_spec(&s);
            add(&mut skins, t.skin.to_string());
            add(&mut hairs, t.hair.to_string());
            add(&mut styles, t.style);
            add(&mut eyes, t.eyes.to_string());
            add(&mut brows, t.brows);
            add(&mut noses, t.nose);
            add(&mut mouths, t.mouth);
            add(&mut jaws, t.jaw);
            add(&mut necks, t.neckline);
            add(&mut glasses, t.glasses.map(|(shape, frame)| (shape, frame.to_string())));
            add(&mut facial, t.facial_hair);
            add(&mut earrings, t.earrings.map(|m| m.to_string()));
            add(&mut blush, t.blush);
        }
        assert!(outputs.len() >= 190, "only {} distinct portraits", outputs.len());
        assert!(skins.len() >= 6, "skins {skins:?}");
        assert!(hairs.len() >= 8, "hair colours {hairs:?}");
        assert!(styles.len() >= 10, "hair styles {styles:?}");
        assert!(eyes.len() >= 4, "eyes {eyes:?}");
        assert_eq!(brows.len(), BROWS.len());
        assert_eq!(noses.len(), NOSES.len());
        assert_eq!(mouths.len(), MOUTHS.len());
        assert_eq!(jaws.len(), JAWS.len());
        assert_eq!(necks.len(), 3);
        assert!(glasses.len() >= 5, "glasses {glasses:?}");
        assert_eq!(facial.len(), 4, "facial hair {facial:?}");
        assert_eq!(earrings.len(), 3, "earrings {earrings:?}");
        assert_eq!(blush.len(), 2);
    }

    #[test]
    fn hair_styles_follow_presentation_and_age() {
        for s in all_specs(300) {
            let style = Traits::from_spec(&s).style;
            let allowed: &[HairStyle] = match (s.presentation, s.age.is_older()) {
                (Presentation::Feminine, _) => {
                    &[HairStyle::LongStraight, HairStyle::LongWavy, HairStyle::Bob, HairStyle::Bun, HairStyle::Curly]
                }
                (Presentation::Masculine, false) => {
                    &[HairStyle::ShortCrop, HairStyle::SidePart, HairStyle::Buzz, HairStyle::CurlyShort]
                }
                (Presentation::Masculine, true) => &[
                    HairStyle::ShortCrop,
                    HairStyle::SidePart,
                    HairStyle::Buzz,
                    HairStyle::CurlyShort,
                    HairStyle::Receding,
                    HairStyle::Bald,
                ],
                (Presentation::Neutral, _) => {
                    &[HairStyle::Medium, HairStyle::CurlyShort, HairStyle::Undercut, HairStyle::Bob]
                }
            };
            assert!(allowed.contains(&style), "{s:?} got {style:?}");
        }
    }

    #[test]
    fn senior_hair_is_always_grey_or_white() {
        for c in HAIR_SENIOR {
            let (lo, hi) = (c.0.min(c.1).min(c.2), c.0.max(c.1).max(c.2));
            assert!(hi - lo <= 12 && lo >= 0x80, "{c} is not grey or white");
        }
        for s in all_specs(500).filter(|s| s.age == AgeLook::Senior) {
            let hair = Traits::from_spec(&s).hair;
            assert!(HAIR_SENIOR.contains(&hair), "{s:?} has hair {hair}");
            assert!(svg(&s, "t").contains(&hair.to_string()), "{s:?} does not draw its hair colour");
            let out = svg(&s, "t");
            for natural in HAIR_NATURAL {
                assert!(!out.contains(&natural.to_string()), "{s:?} uses {natural}");
            }
        }
    }

    #[test]
    fn mature_hair_is_sometimes_grey_and_young_hair_never() {
        let greying = |age| {
            (0..400)
                .filter(|&seed| HAIR_GREYING.contains(&Traits::from_spec(&spec(seed, age, Presentation::Neutral)).hair))
                .count()
        };
        assert!((80..=240).contains(&greying(AgeLook::Mature)), "{}", greying(AgeLook::Mature));
        assert_eq!(greying(AgeLook::Young), 0);
        assert_eq!(greying(AgeLook::Adult), 0);
    }

    #[test]
    fn facial_hair_only_on_masculine_adults_and_older() {
        let moustache = "M52.5 66.5C55";
        let mut with = 0;
        let mut eligible = 0;
        for s in all_specs(500) {
            let t = Traits::from_spec(&s);
            let out = svg(&s, "t");
            if s.presentation == Presentation::Masculine && s.age != AgeLook::Young {
                eligible += 1;
                with += usize::from(t.facial_hair.is_some());
                assert_eq!(t.facial_hair.is_some(), out.contains(moustache), "{s:?}");
            } else {
                assert_eq!(t.facial_hair, None, "{s:?}");
                assert!(!out.contains(moustache), "{s:?} draws facial hair");
            }
        }
        let pct = with * 100 / eligible;
        assert!((22..=38).contains(&pct), "facial hair on {pct}%");
    }

    #[test]
    fn accessories_appear_at_about_the_intended_rates() {
        let n = 2000;
        let rate = |f: &dyn Fn(&Traits) -> bool, p: Presentation| {
            (0..n).filter(|&seed| f(&Traits::from_spec(&spec(seed, AGES[seed as usize % 4], p)))).count() * 100
                / n as usize
        };
        let glasses = rate(&|t| t.glasses.is_some(), Presentation::Neutral);
        assert!((20..=32).contains(&glasses), "glasses on {glasses}%");
        let earrings = rate(&|t| t.earrings.is_some(), Presentation::Feminine);
        assert!((25..=35).contains(&earrings), "earrings on {earrings}%");
        assert_eq!(rate(&|t| t.earrings.is_some(), Presentation::Masculine), 0);
        assert_eq!(rate(&|t| t.earrings.is_some(), Presentation::Neutral), 0);
    }

    #[test]
    fn output_is_inline_safe_and_compact() {
        let mut sizes = Vec::new();
        for s in all_specs(100) {
            let out = svg(&s, "Persona");
            for banned in ["id=", "http", "<image", "href", "url(", "<style", "<script", "NaN", "inf"] {
                assert!(!out.contains(banned), "{s:?} contains {banned:?}");
            }
            assert!(out.starts_with(r#"<svg viewBox="0 0 120 120" width="120" height="120" role="img" aria-label="Persona"><title>Persona</title>"#));
            assert!(out.ends_with("</svg>"));
            assert!(out.is_ascii());
            assert!(!out.contains("  ") && !out.contains('\n'), "{s:?} has padding");
            // At most one decimal in every number.
            let mut digits_after_dot = None;
            for c in out.chars() {
                digits_after_dot = match (c, digits_after_dot) {
                    ('.', _) => Some(0),
                    (d, Some(k)) if d.is_ascii_digit() => Some(k + 1),
                    _ => None,
                };
                assert!(digits_after_dot.unwrap_or(0) <= 1, "{s:?}: long number in {out}");
            }
            sizes.push(out.len());
        }
        let max = sizes.iter().copied().max().unwrap_or(0);
        assert!(max < 3500, "largest portrait is {max} bytes");
    }

    #[test]
    fn title_is_escaped() {
        let s = spec(7, AgeLook::Adult, Presentation::Neutral);
        let out = svg(&s, "A & B");
        assert!(out.contains(r#"aria-label="A &amp; B""#));
        assert!(out.contains("<title>A &amp; B</title>"));
        let out = svg(&s, r#"<b>"x"</b> 'y'"#);
        assert!(out.contains("<title>&lt;b&gt;&quot;x&quot;&lt;/b&gt; &apos;y&apos;</title>"));
        assert!(!out.contains("<b>"));
        assert_eq!(check_xml(&svg(&s, "tab\tbell\u{7}")), Ok(()));
    }

    #[test]
    fn colour_index_wraps_and_drives_clothing() {
        let a = AvatarSpec { seed: 3, age: AgeLook::Young, presentation: Presentation::Feminine, colour: 2 };
        assert_eq!(svg(&a, "t"), svg(&AvatarSpec { colour: 10, ..a }, "t"));
        assert_ne!(svg(&a, "t"), svg(&AvatarSpec { colour: 3, ..a }, "t"));
        let _ = svg(&AvatarSpec { colour: u8::MAX, ..a }, "t");
        for (i, c) in COLOURS.iter().enumerate() {
            assert!(svg(&AvatarSpec { colour: i as u8, ..a }, "t").contains(&format!(r#"fill="{c}""#)));
        }
    }

    #[test]
    fn colours_are_valid_distinct_and_accessible() {
        fn luminance(hex: &str) -> f64 {
            let channel = |i: usize| {
                let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0)) / 255.0;
                if v <= 0.03928 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
            };
            0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
        }
        for c in COLOURS {
            assert_eq!(c.len(), 7, "{c}");
            assert!(c.starts_with('#'), "{c}");
            assert!(c[1..].chars().all(|ch| ch.is_ascii_digit() || ('a'..='f').contains(&ch)), "{c}");
            let contrast = 1.05 / (luminance(c) + 0.05);
            assert!(contrast >= 4.5, "{c} has contrast {contrast:.2} against white");
        }
        for (c, parsed) in COLOURS.iter().zip(ACCENTS) {
            assert_eq!(parsed.to_string(), *c);
        }
        assert_eq!(COLOURS.iter().collect::<HashSet<_>>().len(), COLOURS.len());
        assert_eq!(COLOUR_NAMES.iter().collect::<HashSet<_>>().len(), COLOUR_NAMES.len());
        assert!(COLOUR_NAMES.iter().all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_lowercase())));
    }

    #[test]
    fn age_bands() {
        assert_eq!(AgeLook::from_age(0.0), AgeLook::Young);
        assert_eq!(AgeLook::from_age(29.9), AgeLook::Young);
        assert_eq!(AgeLook::from_age(30.0), AgeLook::Adult);
        assert_eq!(AgeLook::from_age(44.9), AgeLook::Adult);
        assert_eq!(AgeLook::from_age(45.0), AgeLook::Mature);
        assert_eq!(AgeLook::from_age(59.99), AgeLook::Mature);
        assert_eq!(AgeLook::from_age(60.0), AgeLook::Senior);
        assert_eq!(AgeLook::from_age(f64::INFINITY), AgeLook::Senior);
        assert_eq!(AgeLook::from_age(f64::NAN), AgeLook::Adult);
    }

    #[test]
    fn numbers_round_to_one_decimal() {
        let f = |v: f64| N(v).to_string();
        assert_eq!(f(3.0), "3");
        assert_eq!(f(2.25), "2.3");
        assert_eq!(f(0.04), "0");
        assert_eq!(f(-0.04), "0");
        assert_eq!(f(-1.5), "-1.5");
        assert_eq!(f(119.96), "120");
        assert_eq!(f(0.7), ".7");
        assert_eq!(f(-0.46), "-.5");
        assert_eq!(f(12.34), "12.3");
    }

    #[test]
    fn splitmix_matches_reference() {
        // Reference values of splitmix64 seeded with 0 (first three outputs).
        let mut r = SplitMix(0);
        assert_eq!(r.next(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(r.next(), 0x6e78_9e6a_a1b9_65f4);
        assert_eq!(r.next(), 0x06c4_5d18_8009_454f);
    }

    #[test]
    fn snapshots() {
        // Seeds chosen to show many features: bun, glasses and earrings; curls and a full beard;
        // undercut, glasses and smile lines; receding grey hair and a moustache.
        let cases = [
            ("young_feminine", 24, AgeLook::Young, Presentation::Feminine, 0),
            ("adult_masculine", 15, AgeLook::Adult, Presentation::Masculine, 1),
            ("mature_neutral", 5, AgeLook::Mature, Presentation::Neutral, 4),
            ("senior_masculine", 2, AgeLook::Senior, Presentation::Masculine, 6),
        ]
        .map(|(name, seed, age, presentation, colour)| (name, AvatarSpec { seed, age, presentation, colour }));
        // Without the module path in the file name the snapshots do not depend on the crate's name.
        let mut settings = insta::Settings::clone_current();
        settings.set_prepend_module_to_snapshot(false);
        settings.bind(|| {
            for (name, s) in cases {
                insta::assert_snapshot!(format!("avatar_{name}"), svg(&s, &format!("Persona {name}")));
            }
        });
    }
}
