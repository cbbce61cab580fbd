//! A seeded synthetic customer base with planted segments: the "Try with sample data" button,
//! the tests (the planted truth is known, so clustering can be scored) and the benchmarks.
//!
//! Four CSV files are written row by row: `customers.csv` (demographics, interests, signup),
//! `orders.csv`, `events.csv` (touchpoints) and `feedback.csv` (NPS and a comment). They cover
//! 2024-01-01 to 2025-12-31. Every random draw comes from a PCG generator (`rand_pcg`, the same stream on every platform, wasm included) seeded from
//! [`SampleConfig::seed`] and the customer's number (no clock, no OS entropy), so the same config
//! gives byte-identical files, and the first customers of a large run equal a small run's.
//! Memory stays bounded: only one customer's orders and events are held at a time.
//!
//! The planted segments (share of customers) differ, with overlap, in every behaviour:
//!
//! | segment | who | buying | touchpoints | NPS, comments |
//! |---|---|---|---|---|
//! | Young urban deal-seekers (30%) | 18–30, low income, students and service jobs, fashion/gaming/music | many small orders, most with a discount code, app and marketplace | ad views and comparisons on social and display, late in the evening | middling; prices and coupons |
//! | Affluent loyal regulars (20%) | 45–65, high income, managers and retirees, long-time customers | frequent large orders, rarely discounted, store and web | direct and store, many purchases and referrals | high; service and quality |
//! | Busy families (20%) | 30–45, family with kids, medium income | regular mid-size orders of groceries, household and kids' goods | email and search, mornings and evenings | fair; bundles, school season, stock |
//! | Careful researchers (12%) | 25–65, engineers and consultants, technology/photography | few but large orders, electronics, web | product views, reviews and comparisons from search | good; specifications and reviews |
//! | Lapsed one-timers (10%) | any age, modest income | one or two orders at the start of 2024, then nothing | a few ad views and visits, early only | low; late delivery, refunds |
//! | Eco-minded professionals (8%) | 25–50, good income, sustainability/yoga/cycling | medium orders, sports and beauty, few discounts | social, email, referrals | high; packaging, sustainable products |
//!
//! About 2.5% of incomes and occupations are missing, and about 27% of customers leave feedback.
//! [`SampleTruth::segment_of`] records each customer's planted segment.
//!
//! **Planted journeys.** Each segment's events also follow a journey through the stages its
//! event types belong to ([`JOURNEY_STAGES`]: ad views and visits are awareness; product views,
//! reviews read, comparisons and carts consideration; purchases purchase; reviews written and
//! referrals advocacy). A customer goes on from one stage to the next with the segment's
//! chance, after a log-normal time with the segment's median, within the 30-day window, as far
//! as their events allow (a step needs an event of its stage): the lapsed one-timers mostly
//! stop at consideration, the affluent regulars buy within hours, the careful researchers take
//! days. Which events a customer has is drawn as before; only when they happen follows the
//! journey, from a stream of its own. [`SampleTruth::journeys`] records how far each customer
//! went and how long each step took: what a funnel "in order" must find.

use std::io::{self, Write};

use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Poisson, StandardNormal};
use rand_pcg::Pcg64Mcg as SampleRng;

use crate::ingest::value::{civil_from_days, days_from_civil};

/// Settings for the generator.
#[derive(Clone, Debug)]
pub struct SampleConfig {
    pub customers: usize,
    pub seed: u64,
}

impl Default for SampleConfig {
    fn default() -> Self {
        SampleConfig { customers: 2_000, seed: 42 }
    }
}

/// The planted truth, for tests (adjusted Rand index later) and benchmarks.
pub struct SampleTruth {
    /// Planted segment of each customer, in file order (an index into `segment_names`).
    pub segment_of: Vec<u8>,
    pub segment_names: Vec<&'static str>,
    /// Data rows written to orders.csv, events.csv and feedback.csv.
    pub orders: u64,
    pub events: u64,
    pub feedback: u64,
    /// Each customer's planted journey through [`JOURNEY_STAGES`], in file order.
    pub journeys: Vec<PlantedJourney>,
}

/// The stages the sample's event types belong to (those a suggested stage mapping gives them;
/// the sample has no event of the default "Retention" stage).
pub const JOURNEY_STAGES: [&str; 4] = ["Awareness", "Consideration", "Purchase", "Advocacy"];

/// The stage (in [`JOURNEY_STAGES`]) of each of the sample's event types.
const EVENT_STAGE: [usize; 9] = [0, 0, 1, 1, 1, 1, 2, 3, 3];

/// The conversion window the planted journeys keep to: the funnel's default, 30 days.
pub const JOURNEY_WINDOW: i64 = 30 * 86_400;

/// Seeds the planted journeys' stream apart from each customer's main one.
const JOURNEY_STREAM: u64 = 0x6a6f_7572_6e65_7973;

/// How far one customer went, stage by stage in order within [`JOURNEY_WINDOW`] of their first
/// awareness event (what a funnel "in order, other events between" counts), and how long each
/// step took.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PlantedJourney {
    /// Stages reached: 0 when the customer never entered (no awareness event).
    pub stages: u8,
    /// Seconds from each stage reached to the next (0 where not reached).
    pub gaps: [u32; 3],
}

/// A segment's planted journey: the chance to go on from each stage to the next, and the
/// median time it takes (hours; log-normal).
struct Journey {
    convert: [f64; 3],
    median_hours: [f64; 3],
}

/// Puts a customer's events (kind, channel) in time between `from` and `until` (seconds) so
/// that they follow the segment's planted journey, as far as their events allow: a step needs
/// an event of its stage. The events of the stage not reached come before the entry, the
/// events not on the path after its end; `out` gets them in time order.
fn plant(
    rng: &mut SampleRng,
    journey: &Journey,
    from: i64,
    until: i64,
    events: &[(usize, &'static str)],
    out: &mut Vec<(i64, usize, &'static str)>,
) -> PlantedJourney {
    const BEFORE: i64 = 10 * 86_400;
    out.clear();
    let mut by_stage: [Vec<usize>; 4] = Default::default();
    for (j, &(kind, _)) in events.iter().enumerate() {
        by_stage[EVENT_STAGE[kind]].push(j);
    }
    let possible = by_stage.iter().take_while(|s| !s.is_empty()).count();
    let mut planted = PlantedJourney::default();
    let start = from + rng.random_range(0..(until - from - JOURNEY_WINDOW).max(1));
    let mut path = vec![start];
    if possible > 0 {
        let mut total = 0;
        while path.len() < possible && rng.random_bool(journey.convert[path.len() - 1]) {
            let step = path.len() - 1;
            let gap = (lognormal(rng, journey.median_hours[step] * 3600.0, 0.9).round() as i64).max(60);
            // past the window the step does not count: the journey ends there
            if total + gap > JOURNEY_WINDOW - 60 {
                break;
            }
            total += gap;
            planted.gaps[step] = gap as u32;
            path.push(start + total);
        }
        planted.stages = path.len() as u8;
    }
    let mut on_path = vec![false; events.len()];
    if possible > 0 {
        for (stage, &t) in path.iter().enumerate() {
            let j = by_stage[stage][0];
            on_path[j] = true;
            out.push((t, events[j].0, events[j].1));
        }
    }
    let blocked = if possible > 0 { by_stage.get(path.len()) } else { None };
    let end = *path.last().unwrap_or(&start);
    for (j, &(kind, channel)) in events.iter().enumerate() {
        if on_path[j] {
            continue;
        }
        let t = if blocked.is_some_and(|b| b.contains(&j)) {
            start - rng.random_range(1..BEFORE)
        } else if possible == 0 {
            rng.random_range(from..until.max(from + 1))
        } else {
            end + rng.random_range(1..(until - end).max(86_400))
        };
        out.push((t, kind, channel));
    }
    out.sort_unstable();
    planted
}

const FLUSH_AT: usize = 64 * 1024;
const SPAN_DAYS: i64 = 731; // 2024-01-01 ..= 2025-12-31

const GENDERS: [&str; 3] = ["female", "male", "non-binary"];
#[rustfmt::skip]
const FEMALE: &[&str] = &[
    "Anna", "Sophie", "Marie", "Laura", "Julia", "Emma", "Lucía", "Giulia", "Chiara", "Léa", "Camille", "Inès",
    "Sara", "Elena", "Zoë", "Freja", "Ingrid", "Maja", "Beatriz", "Agnieszka",
];
#[rustfmt::skip]
const MALE: &[&str] = &[
    "Lukas", "Jonas", "Felix", "Paul", "Luca", "Marco", "Matteo", "Hugo", "Louis", "Mathis", "Pablo", "Javier",
    "Daniel", "Thomas", "Søren", "Björn", "João", "Tiago", "Jan", "Mikkel",
];
#[rustfmt::skip]
const CITIES: [(&str, &str); 12] = [
    ("Berlin", "Germany"), ("Munich", "Germany"), ("Paris", "France"), ("Lyon", "France"),
    ("Madrid", "Spain"), ("Barcelona", "Spain"), ("Milan", "Italy"), ("Amsterdam", "Netherlands"),
    ("Vienna", "Austria"), ("Lisbon", "Portugal"), ("Copenhagen", "Denmark"), ("Warsaw", "Poland"),
];
const CITY_WEIGHTS: [f64; 12] = [14.0, 8.0, 14.0, 6.0, 10.0, 9.0, 8.0, 7.0, 6.0, 6.0, 5.0, 7.0];
#[rustfmt::skip]
const OCCUPATIONS: [&str; 13] = [
    "Student", "Retail worker", "Hospitality worker", "Office clerk", "Nurse", "Teacher", "Software engineer",
    "Engineer", "Manager", "Consultant", "Self-employed", "Designer", "Retired",
];
const EDUCATION: [&str; 5] = ["Secondary", "Vocational", "Bachelor", "Master", "Doctorate"];
const HOUSEHOLDS: [&str; 6] = ["single", "couple", "family with kids", "shared flat", "single parent", "empty nest"];
#[rustfmt::skip]
const INTERESTS: [&str; 20] = [
    "fashion", "gaming", "music", "travel", "fitness", "cooking", "gardening", "home decor", "technology",
    "photography", "reading", "sustainability", "yoga", "cycling", "hiking", "wine", "art", "parenting", "DIY",
    "movies",
];
const ORDER_CHANNELS: [&str; 4] = ["web", "app", "store", "marketplace"];
#[rustfmt::skip]
const CATEGORIES: [&str; 8] = [
    "Electronics", "Fashion", "Home & Kitchen", "Groceries", "Beauty & Care", "Sports & Outdoors", "Kids & Toys",
    "Books & Media",
];
#[rustfmt::skip]
const EVENT_TYPES: [&str; 9] = [
    "ad_view", "site_visit", "product_view", "review_read", "compare", "add_to_cart", "purchase", "review_written",
    "referral",
];
const EVENT_CHANNELS: [&str; 8] = ["search", "social", "email", "display", "direct", "app", "store", "referral"];

const PRAISE: &[&str] = &[
    "Everything arrived on time and exactly as described in the shop.",
    "The whole ordering process was quick and easy, I will come back.",
    "Good selection of products and the prices feel fair to me.",
    "Friendly support team that answered my question within an hour.",
];
const COMPLAINTS: &[&str] = &[
    "The website was slow and checkout failed twice before it worked.",
    "Customer service took days to answer a simple question about my order.",
    "Some items were out of stock again, which is getting frustrating.",
    "Prices went up noticeably this year and I am now comparing other shops.",
];

/// One planted segment: the distributions its customers are drawn from.
struct Segment {
    name: &'static str,
    share: f64,
    /// Mean, standard deviation, min, max.
    age: (f64, f64, f64, f64),
    gender: [f64; 3],
    /// Median annual income (EUR) and log-scale spread.
    income: (f64, f64),
    occupation: [f64; 13],
    education: [f64; 5],
    household: [f64; 6],
    interests: [f64; 20],
    /// Cities (indices into `CITIES`) this segment over-represents.
    city_boost: &'static [usize],
    /// Signup date range, in years relative to 2024-01-01.
    signup: (f64, f64),
    newsletter: f64,
    /// Orders over the full two years: Poisson mean, then clamped to min..=max.
    orders: (f64, u32, u32),
    /// Days after the customer's start in which all activity happens (lapsed customers stop early).
    active_days: i64,
    /// Median order value (EUR) and log-scale spread.
    order_value: (f64, f64),
    /// Mean extra items per order.
    quantity: f64,
    discount: f64,
    order_channel: [f64; 4],
    category: [f64; 8],
    /// Mean events per customer (5..=30).
    events: f64,
    event_type: [f64; 9],
    event_channel: [f64; 8],
    /// Typical hour of activity.
    hour: f64,
    /// The planted journey through the event stages.
    journey: Journey,
    /// NPS mean and standard deviation.
    nps: (f64, f64),
    feedback: f64,
    praise: &'static [&'static str],
    pain: &'static [&'static str],
}

const SEGMENTS: [Segment; 6] = [
    Segment {
        name: "Young urban deal-seekers",
        share: 0.30,
        age: (24.0, 3.5, 18.0, 34.0),
        gender: [50.0, 46.0, 4.0],
        income: (24_000.0, 0.35),
        occupation: [30.0, 16.0, 14.0, 10.0, 4.0, 2.0, 8.0, 2.0, 1.0, 1.0, 5.0, 7.0, 0.0],
        education: [30.0, 20.0, 38.0, 11.0, 1.0],
        household: [35.0, 20.0, 3.0, 38.0, 4.0, 0.0],
        interests: [9.0, 9.0, 9.0, 6.0, 6.0, 2.0, 0.5, 1.0, 5.0, 3.0, 1.0, 1.0, 1.0, 1.5, 1.0, 0.5, 2.0, 0.2, 0.5, 7.0],
        city_boost: &[0, 2, 5, 7, 9],
        signup: (-2.0, 1.9),
        newsletter: 0.45,
        orders: (9.0, 0, 60),
        active_days: SPAN_DAYS,
        order_value: (27.0, 0.45),
        quantity: 0.6,
        discount: 0.65,
        order_channel: [22.0, 50.0, 5.0, 23.0],
        category: [16.0, 38.0, 5.0, 6.0, 16.0, 7.0, 1.0, 11.0],
        events: 19.0,
        event_type: [30.0, 14.0, 14.0, 3.0, 16.0, 11.0, 8.0, 2.0, 2.0],
        event_channel: [14.0, 36.0, 5.0, 17.0, 5.0, 20.0, 1.0, 2.0],
        hour: 21.5,
        journey: Journey { convert: [0.80, 0.45, 0.30], median_hours: [20.0, 36.0, 120.0] },
        nps: (6.8, 1.8),
        feedback: 0.2,
        praise: &[
            "Love the discount codes in the app, they make trying new brands affordable.",
            "Great deals during the flash sales, I check the app for coupons every week.",
            "Cheaper than most shops I compared, and returns were free.",
        ],
        pain: &[
            "The coupon did not work at checkout, so I almost bought it somewhere else.",
            "Shipping costs are too high for small orders, I only buy with a discount.",
            "Prices were lower on the marketplace, I compared before ordering.",
        ],
    },
    Segment {
        name: "Affluent loyal regulars",
        share: 0.20,
        age: (55.0, 6.0, 42.0, 78.0),
        gender: [45.0, 54.0, 1.0],
        income: (95_000.0, 0.35),
        occupation: [0.0, 1.0, 0.0, 4.0, 3.0, 5.0, 6.0, 12.0, 28.0, 14.0, 12.0, 3.0, 12.0],
        education: [8.0, 10.0, 30.0, 40.0, 12.0],
        household: [14.0, 46.0, 14.0, 0.0, 2.0, 24.0],
        interests: [3.0, 0.3, 4.0, 9.0, 3.0, 6.0, 6.0, 6.0, 2.0, 3.0, 5.0, 1.0, 1.0, 2.0, 3.0, 9.0, 5.0, 0.5, 1.0, 2.0],
        city_boost: &[1, 6, 8],
        signup: (-8.0, -1.0),
        newsletter: 0.7,
        orders: (15.0, 1, 60),
        active_days: SPAN_DAYS,
        order_value: (135.0, 0.4),
        quantity: 1.0,
        discount: 0.05,
        order_channel: [38.0, 10.0, 47.0, 5.0],
        category: [14.0, 18.0, 22.0, 8.0, 12.0, 8.0, 3.0, 15.0],
        events: 14.0,
        event_type: [5.0, 20.0, 14.0, 5.0, 3.0, 14.0, 20.0, 8.0, 11.0],
        event_channel: [8.0, 3.0, 18.0, 2.0, 28.0, 5.0, 26.0, 10.0],
        hour: 11.0,
        journey: Journey { convert: [0.90, 0.85, 0.50], median_hours: [6.0, 2.0, 72.0] },
        nps: (9.1, 0.9),
        feedback: 0.35,
        praise: &[
            "The staff in the store know me by name and the service is always excellent.",
            "Consistently high quality, I have recommended you to several friends.",
            "I have been a customer for years and the quality never disappoints.",
        ],
        pain: &[
            "The quality of the last order was below what I am used to from you.",
            "The store felt understaffed on Saturday, I had to wait far too long.",
        ],
    },
    Segment {
        name: "Busy families",
        share: 0.20,
        age: (38.0, 4.5, 28.0, 52.0),
        gender: [56.0, 42.0, 2.0],
        income: (54_000.0, 0.3),
        occupation: [0.0, 8.0, 4.0, 14.0, 12.0, 13.0, 9.0, 10.0, 10.0, 5.0, 8.0, 4.0, 0.0],
        education: [14.0, 26.0, 36.0, 21.0, 3.0],
        household: [2.0, 8.0, 75.0, 0.0, 15.0, 0.0],
        interests: [
            2.0, 2.0, 2.0, 4.0, 3.0, 9.0, 5.0, 6.0, 1.0, 2.0, 2.0, 2.0, 1.0, 2.0, 4.0, 1.0, 1.0, 12.0, 5.0, 4.0,
        ],
        city_boost: &[1, 3, 8, 11],
        signup: (-5.0, 1.0),
        newsletter: 0.6,
        orders: (11.0, 0, 60),
        active_days: SPAN_DAYS,
        order_value: (68.0, 0.35),
        quantity: 2.5,
        discount: 0.3,
        order_channel: [46.0, 24.0, 20.0, 10.0],
        category: [5.0, 12.0, 22.0, 28.0, 8.0, 5.0, 18.0, 2.0],
        events: 12.0,
        event_type: [12.0, 24.0, 20.0, 5.0, 5.0, 15.0, 14.0, 3.0, 2.0],
        event_channel: [20.0, 9.0, 34.0, 5.0, 15.0, 12.0, 4.0, 1.0],
        hour: 19.0,
        journey: Journey { convert: [0.75, 0.60, 0.25], median_hours: [12.0, 8.0, 144.0] },
        nps: (7.5, 1.5),
        feedback: 0.25,
        praise: &[
            "The bundle offers for school supplies saved us a lot of time and money.",
            "Ordering groceries for the whole family takes me five minutes, a real time saver.",
            "The reminder email before the kids' birthday was genuinely helpful.",
        ],
        pain: &[
            "Half of the family order was missing, so I had to drive to the supermarket anyway.",
            "Delivery slots in the evening are always full, which is hard with two jobs and kids.",
        ],
    },
    Segment {
        name: "Careful researchers",
        share: 0.12,
        age: (41.0, 10.0, 22.0, 70.0),
        gender: [38.0, 60.0, 2.0],
        income: (62_000.0, 0.35),
        occupation: [4.0, 2.0, 1.0, 8.0, 3.0, 8.0, 22.0, 20.0, 8.0, 12.0, 6.0, 4.0, 2.0],
        education: [6.0, 12.0, 36.0, 36.0, 10.0],
        household: [30.0, 36.0, 18.0, 8.0, 3.0, 5.0],
        interests: [
            1.0, 5.0, 3.0, 4.0, 3.0, 2.0, 2.0, 2.0, 12.0, 9.0, 7.0, 2.0, 1.0, 3.0, 3.0, 1.0, 1.0, 1.0, 5.0, 3.0,
        ],
        city_boost: &[0, 1, 8],
        signup: (-4.0, 1.5),
        newsletter: 0.3,
        orders: (3.0, 0, 20),
        active_days: SPAN_DAYS,
        order_value: (230.0, 0.5),
        quantity: 0.2,
        discount: 0.15,
        order_channel: [72.0, 5.0, 9.0, 14.0],
        category: [46.0, 6.0, 18.0, 1.0, 3.0, 14.0, 2.0, 10.0],
        events: 24.0,
        event_type: [4.0, 14.0, 30.0, 20.0, 20.0, 5.0, 3.0, 3.0, 1.0],
        event_channel: [46.0, 4.0, 5.0, 4.0, 32.0, 3.0, 3.0, 3.0],
        hour: 20.0,
        journey: Journey { convert: [0.90, 0.55, 0.40], median_hours: [72.0, 144.0, 192.0] },
        nps: (7.8, 1.4),
        feedback: 0.3,
        praise: &[
            "The detailed specifications and honest customer reviews helped me decide.",
            "The comparison table is excellent, I read every review before buying.",
        ],
        pain: &[
            "The product page lacked technical specifications, so I had to look them up elsewhere.",
            "Some reviews look fake, which makes it hard to trust the ratings.",
        ],
    },
    Segment {
        name: "Lapsed one-timers",
        share: 0.10,
        age: (36.0, 12.0, 18.0, 75.0),
        gender: [52.0, 46.0, 2.0],
        income: (36_000.0, 0.4),
        occupation: [8.0, 12.0, 10.0, 14.0, 6.0, 6.0, 5.0, 6.0, 5.0, 4.0, 8.0, 4.0, 8.0],
        education: [24.0, 30.0, 30.0, 14.0, 2.0],
        household: [30.0, 26.0, 16.0, 14.0, 8.0, 6.0],
        interests: [5.0, 4.0, 5.0, 6.0, 4.0, 4.0, 3.0, 4.0, 3.0, 2.0, 3.0, 1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 2.0, 3.0, 6.0],
        city_boost: &[],
        signup: (-0.3, 0.2),
        newsletter: 0.2,
        orders: (0.4, 1, 2),
        active_days: 100,
        order_value: (45.0, 0.5),
        quantity: 0.5,
        discount: 0.35,
        order_channel: [34.0, 10.0, 10.0, 46.0],
        category: [14.0, 20.0, 16.0, 10.0, 12.0, 10.0, 10.0, 8.0],
        events: 7.0,
        event_type: [36.0, 26.0, 16.0, 4.0, 4.0, 9.0, 5.0, 0.0, 0.0],
        event_channel: [24.0, 16.0, 8.0, 32.0, 10.0, 2.0, 3.0, 5.0],
        hour: 15.0,
        journey: Journey { convert: [0.60, 0.12, 0.05], median_hours: [48.0, 96.0, 240.0] },
        nps: (3.2, 2.0),
        feedback: 0.3,
        praise: &["The product itself was fine, but I have not needed anything since then."],
        pain: &[
            "My parcel arrived two weeks late and nobody told me why.",
            "The delivery was late, the box was damaged, and the refund took a month.",
            "I waited ages for a refund after returning a damaged item.",
            "Tracking said delivered but the parcel never arrived at my door.",
        ],
    },
    Segment {
        name: "Eco-minded professionals",
        share: 0.08,
        age: (36.0, 6.0, 25.0, 55.0),
        gender: [60.0, 36.0, 4.0],
        income: (64_000.0, 0.3),
        occupation: [1.0, 2.0, 2.0, 6.0, 8.0, 12.0, 14.0, 10.0, 10.0, 12.0, 10.0, 13.0, 0.0],
        education: [3.0, 7.0, 35.0, 45.0, 10.0],
        household: [28.0, 44.0, 14.0, 8.0, 3.0, 3.0],
        interests: [
            2.0, 0.5, 3.0, 5.0, 4.0, 5.0, 5.0, 2.0, 1.0, 2.0, 4.0, 30.0, 14.0, 14.0, 7.0, 1.0, 3.0, 1.0, 2.0, 1.0,
        ],
        city_boost: &[7, 10, 0],
        signup: (-3.0, 1.5),
        newsletter: 0.55,
        orders: (6.0, 0, 40),
        active_days: SPAN_DAYS,
        order_value: (88.0, 0.35),
        quantity: 0.6,
        discount: 0.08,
        order_channel: [44.0, 26.0, 25.0, 5.0],
        category: [5.0, 20.0, 12.0, 16.0, 20.0, 22.0, 2.0, 3.0],
        events: 12.0,
        event_type: [8.0, 20.0, 20.0, 12.0, 8.0, 10.0, 9.0, 7.0, 6.0],
        event_channel: [18.0, 22.0, 16.0, 3.0, 14.0, 10.0, 7.0, 10.0],
        hour: 8.0,
        journey: Journey { convert: [0.85, 0.60, 0.45], median_hours: [24.0, 48.0, 96.0] },
        nps: (8.0, 1.5),
        feedback: 0.3,
        praise: &[
            "I appreciate the plastic-free packaging and the clear labels on sustainable products.",
            "Finally a shop that takes sustainability seriously, the repair service is a great idea.",
            "The organic and fair trade range is why I keep coming back.",
        ],
        pain: &[
            "Far too much plastic packaging for one small item, that does not match your values.",
            "I would like to know more about where the products come from and how they are made.",
        ],
    },
];

fn pick(rng: &mut SampleRng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut x = rng.random::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
}

fn normal(rng: &mut SampleRng, mean: f64, sd: f64) -> f64 {
    let z: f64 = rng.sample(StandardNormal);
    mean + sd * z
}

fn lognormal(rng: &mut SampleRng, median: f64, sigma: f64) -> f64 {
    median * (sigma * rng.sample::<f64, _>(StandardNormal)).exp()
}

fn poisson(rng: &mut SampleRng, mean: f64) -> u32 {
    match Poisson::new(mean) {
        Ok(p) => p.sample(rng) as u32,
        Err(_) => 0,
    }
}

/// A 64-bit mix (splitmix64's step and finaliser): derives a seed from a seed, here each
/// customer's; the personas' names, wording and faces derive theirs with it too.
pub fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn date(buf: &mut Vec<u8>, day: i64) -> io::Result<()> {
    let (y, m, d) = civil_from_days(day);
    write!(buf, "{y:04}-{m:02}-{d:02}")
}

/// Writes a text field, quoted (with doubled quotes) when it holds a comma, a quote or a newline.
fn text(buf: &mut Vec<u8>, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        buf.push(b'"');
        buf.extend_from_slice(s.replace('"', "\"\"").as_bytes());
        buf.push(b'"');
    } else {
        buf.extend_from_slice(s.as_bytes());
    }
}

fn discount_code(rng: &mut SampleRng, day: i64) -> &'static str {
    let (_, m, _) = civil_from_days(day);
    match (m, rng.random_range(0..3u8)) {
        (3..=5, 0 | 1) => "SPRING10",
        (6..=8, 0 | 1) => "SUMMER15",
        (11, 0 | 1) => "BLACKFRIDAY20",
        (12, 0) => "XMAS10",
        (_, 0) => "WELCOME10",
        (_, 1) => "APP5",
        _ => "FREESHIP",
    }
}

/// Streams the four CSV files to the writers (customers, orders, events, feedback).
pub fn write_sample<C: Write, O: Write, E: Write, F: Write>(
    cfg: &SampleConfig,
    customers: &mut C,
    orders: &mut O,
    events: &mut E,
    feedback: &mut F,
) -> io::Result<SampleTruth> {
    let start = days_from_civil(2024, 1, 1);
    let end = start + SPAN_DAYS; // exclusive
    let shares: Vec<f64> = SEGMENTS.iter().map(|s| s.share).collect();
    let mut truth = SampleTruth {
        segment_of: Vec::with_capacity(cfg.customers),
        segment_names: SEGMENTS.iter().map(|s| s.name).collect(),
        orders: 0,
        events: 0,
        feedback: 0,
        journeys: Vec::with_capacity(cfg.customers),
    };
    let mut cb = b"customer_id,first_name,age,gender,city,country,income,occupation,education,household,interests,signup_date,newsletter\n".to_vec();
    let mut ob = b"order_id,customer_id,order_date,amount,quantity,discount_code,channel,category\n".to_vec();
    let mut eb = b"customer_id,timestamp,event_type,channel\n".to_vec();
    let mut fb = b"customer_id,date,nps,comment\n".to_vec();
    let mut days: Vec<i64> = Vec::new();
    let mut drawn: Vec<(usize, &'static str)> = Vec::new();
    let mut timed: Vec<(i64, usize, &'static str)> = Vec::new();
    let mut city_w = CITY_WEIGHTS;
    let mut interest_w = [0.0; 20];
    for i in 0..cfg.customers {
        let rng = &mut SampleRng::seed_from_u64(mix(cfg.seed ^ mix(i as u64)));
        let si = pick(rng, &shares);
        let seg = &SEGMENTS[si];
        truth.segment_of.push(si as u8);
        let id = format!("C{:06}", i + 1);

        // customers.csv
        let (mean, sd, lo, hi) = seg.age;
        let age = normal(rng, mean, sd).round().clamp(lo, hi) as u32;
        let gender = pick(rng, &seg.gender);
        let names = match gender {
            0 => FEMALE,
            1 => MALE,
            _ if rng.random_bool(0.5) => FEMALE,
            _ => MALE,
        };
        city_w.copy_from_slice(&CITY_WEIGHTS);
        for &c in seg.city_boost {
            city_w[c] *= 2.5;
        }
        let (city, country) = CITIES[pick(rng, &city_w)];
        write!(cb, "{id},{},{age},{},{city},{country},", names[rng.random_range(0..names.len())], GENDERS[gender])?;
        if rng.random_bool(0.975) {
            let income = (lognormal(rng, seg.income.0, seg.income.1) / 100.0).round().max(60.0) as u64 * 100;
            write!(cb, "{income}")?;
        }
        cb.push(b',');
        let mut occupation = seg.occupation;
        if age >= 30 {
            occupation[0] = 0.0; // students
        }
        if age < 60 {
            occupation[12] = 0.0; // retired
        }
        if rng.random_bool(0.975) {
            text(&mut cb, OCCUPATIONS[pick(rng, &occupation)]);
        }
        write!(cb, ",{},{},", EDUCATION[pick(rng, &seg.education)], HOUSEHOLDS[pick(rng, &seg.household)])?;
        interest_w.copy_from_slice(&seg.interests);
        for k in 0..[1, 2, 2, 3, 3, 4][rng.random_range(0..6)] {
            let j = pick(rng, &interest_w);
            interest_w[j] = 0.0;
            if k > 0 {
                cb.extend_from_slice(b"; ");
            }
            cb.extend_from_slice(INTERESTS[j].as_bytes());
        }
        let signup = start + (rng.random_range(seg.signup.0..seg.signup.1) * 365.25) as i64;
        cb.push(b',');
        date(&mut cb, signup)?;
        writeln!(cb, ",{}", if rng.random_bool(seg.newsletter) { "yes" } else { "no" })?;

        // orders.csv: activity runs from signup (or 2024-01-01) for `active_days`
        let from = signup.clamp(start, end - 30);
        let until = (from + seg.active_days).min(end);
        // the Poisson mean is for a full active period; late signups get their share of it
        let window = (until - from) as f64 / seg.active_days.min(SPAN_DAYS) as f64;
        let (mean, min, max) = seg.orders;
        let n = (min + poisson(rng, mean * window)).min(max);
        days.clear();
        days.extend((0..n).map(|_| rng.random_range(from..until)));
        days.sort_unstable();
        for &day in &days {
            truth.orders += 1;
            let quantity = 1 + poisson(rng, seg.quantity).min(11);
            let mut amount =
                lognormal(rng, seg.order_value.0, seg.order_value.1) * (1.0 + 0.25 * (quantity - 1) as f64);
            let code = if rng.random_bool(seg.discount) { discount_code(rng, day) } else { "" };
            if !code.is_empty() {
                amount *= 0.88;
            }
            let cents = (amount.max(2.0) * 100.0).round() as u64;
            write!(ob, "{},{id},", truth.orders)?;
            date(&mut ob, day)?;
            writeln!(
                ob,
                ",{}.{:02},{quantity},{code},{},{}",
                cents / 100,
                cents % 100,
                ORDER_CHANNELS[pick(rng, &seg.order_channel)],
                CATEGORIES[pick(rng, &seg.category)]
            )?;
        }

        // events.csv: how many and which come from the segment's mix as before; when they
        // happen comes from the planted journey, drawn from a stream of its own so that nothing
        // else in the sample depends on it
        let n = (5 + poisson(rng, seg.events - 5.0)).min(30);
        for _ in 0..n {
            // (the times once drawn here are still drawn, to keep the stream of what follows)
            let _hour = normal(rng, seg.hour, 3.0);
            let _day = rng.random_range(from..until);
            let _second = rng.random_range(0..3600);
        }
        drawn.clear();
        for _ in 0..n {
            let kind = pick(rng, &seg.event_type);
            let channel = if kind == 8 && rng.random_bool(0.8) {
                "referral"
            } else {
                EVENT_CHANNELS[pick(rng, &seg.event_channel)]
            };
            drawn.push((kind, channel));
        }
        let journey_rng = &mut SampleRng::seed_from_u64(mix(cfg.seed ^ mix(i as u64) ^ JOURNEY_STREAM));
        truth.journeys.push(plant(journey_rng, &seg.journey, from * 86_400, until * 86_400, &drawn, &mut timed));
        for &(t, kind, channel) in &timed {
            truth.events += 1;
            let (day, secs) = (t.div_euclid(86_400), t.rem_euclid(86_400));
            write!(eb, "{id},")?;
            date(&mut eb, day)?;
            writeln!(eb, " {:02}:{:02}:{:02},{},{channel}", secs / 3600, secs / 60 % 60, secs % 60, EVENT_TYPES[kind])?;
        }

        // feedback.csv: lapsed customers write after their last order
        if rng.random_bool(seg.feedback) {
            truth.feedback += 1;
            let day = match days.last() {
                Some(&last) if seg.active_days < SPAN_DAYS => (last + rng.random_range(3..45)).min(end - 1),
                _ => rng.random_range(from..until),
            };
            let nps = normal(rng, seg.nps.0, seg.nps.1).round().clamp(0.0, 10.0) as u32;
            let (own, generic) = if nps >= 7 { (seg.praise, PRAISE) } else { (seg.pain, COMPLAINTS) };
            let first = if rng.random_bool(0.7) { own } else { generic };
            let mut comment = first[rng.random_range(0..first.len())].to_owned();
            if rng.random_bool(0.35) {
                let second = generic[rng.random_range(0..generic.len())];
                if second != comment {
                    comment.push(' ');
                    comment.push_str(second);
                }
            }
            write!(fb, "{id},")?;
            date(&mut fb, day)?;
            write!(fb, ",{nps},")?;
            text(&mut fb, &comment);
            fb.push(b'\n');
        }

        if cb.len() + ob.len() + eb.len() + fb.len() >= FLUSH_AT {
            flush(customers, &mut cb)?;
            flush(orders, &mut ob)?;
            flush(events, &mut eb)?;
            flush(feedback, &mut fb)?;
        }
    }
    flush(customers, &mut cb)?;
    flush(orders, &mut ob)?;
    flush(events, &mut eb)?;
    flush(feedback, &mut fb)?;
    customers.flush()?;
    orders.flush()?;
    events.flush()?;
    feedback.flush()?;
    Ok(truth)
}

fn flush<W: Write>(w: &mut W, buf: &mut Vec<u8>) -> io::Result<()> {
    w.write_all(buf)?;
    buf.clear();
    Ok(())
}

/// The same, into memory: `[("customers.csv", bytes), ("orders.csv", bytes), ("events.csv", bytes),
/// ("feedback.csv", bytes)]`.
pub fn generate(cfg: &SampleConfig) -> (Vec<(&'static str, Vec<u8>)>, SampleTruth) {
    let (mut c, mut o, mut e, mut f) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let truth = write_sample(cfg, &mut c, &mut o, &mut e, &mut f).expect("writing to memory cannot fail");
    (vec![("customers.csv", c), ("orders.csv", o), ("events.csv", e), ("feedback.csv", f)], truth)
}

/// Settings for [`write_log`]: a transaction log of `rows` order lines by `customers` customers.
#[derive(Clone, Debug)]
pub struct LogConfig {
    pub rows: usize,
    pub customers: usize,
    pub seed: u64,
}

/// A transaction log shaped like an RFM user's export: one row per order line, in date order
/// (customers interleaved, as a shop system writes them), with a unique order id per row
/// (`order_id,customer_id,order_date,amount,quantity,channel,category,product,discount_code`).
/// Customers order with unequal frequency (a few often, most rarely); amounts are log-normal;
/// a fifth of the lines carry a discount code. Seeded: the same config gives the same bytes.
/// Returns the number of distinct customers written.
pub fn write_log<W: Write>(cfg: &LogConfig, out: &mut W) -> io::Result<usize> {
    const PRODUCTS: usize = 2_400;
    const CODES: [&str; 10] =
        ["WELCOME10", "SPRING15", "SUMMER20", "AUTUMN10", "WINTER25", "VIP5", "APP5", "FRIEND10", "BACK15", "FLASH30"];
    let mut rng = SampleRng::seed_from_u64(mix(cfg.seed ^ 0x106_f11e));
    let customers = cfg.customers.max(1);
    // each customer's weight: a long tail, so a few order often and most rarely
    let weights: Vec<f64> = (0..customers).map(|_| lognormal(&mut rng, 1.0, 1.0)).collect();
    let total: f64 = weights.iter().sum();
    let mut cumulative = Vec::with_capacity(customers);
    let mut acc = 0.0;
    for w in &weights {
        acc += w / total;
        cumulative.push(acc);
    }
    let mut seen = vec![false; customers];
    let mut distinct = 0;
    let mut buf = Vec::with_capacity(FLUSH_AT + 256);
    buf.extend_from_slice(b"order_id,customer_id,order_date,amount,quantity,channel,category,product,discount_code\n");
    let start = days_from_civil(2024, 1, 1);
    for i in 0..cfg.rows {
        let u: f64 = rng.random();
        let c = cumulative.partition_point(|&x| x < u).min(customers - 1);
        if !seen[c] {
            seen[c] = true;
            distinct += 1;
        }
        // rows in date order over two years
        let day = start + (i as i64 * SPAN_DAYS) / cfg.rows.max(1) as i64;
        let amount = lognormal(&mut rng, 45.0, 0.8).min(5_000.0);
        let quantity = 1 + poisson(&mut rng, 0.6);
        let channel = ORDER_CHANNELS[rng.random_range(0..ORDER_CHANNELS.len())];
        let category = rng.random_range(0..CATEGORIES.len());
        let product = category * (PRODUCTS / CATEGORIES.len()) + rng.random_range(0..PRODUCTS / CATEGORIES.len());
        write!(buf, "O{:08},C{:07},", i + 1, c + 1)?;
        date(&mut buf, day)?;
        write!(buf, ",{amount:.2},{quantity},{channel},")?;
        text(&mut buf, CATEGORIES[category]);
        write!(buf, ",SKU-{product:05},")?;
        if rng.random_bool(0.2) {
            buf.extend_from_slice(CODES[rng.random_range(0..CODES.len())].as_bytes());
        }
        buf.push(b'\n');
        if buf.len() >= FLUSH_AT {
            flush(out, &mut buf)?;
        }
    }
    flush(out, &mut buf)?;
    out.flush()?;
    Ok(distinct)
}

/// A customers file with planted groups of the given sizes (a CRM export with attributes only,
/// no orders): `customer_id`, four numbers (`monthly_spend`, `visits`, `tenure_months`, `age`),
/// two categories (`plan`, `region`), a yes/no (`newsletter`) and two columns that say nothing
/// of the groups (`shoe_size`, `favourite_colour`). Each group has its own centre on the numbers
/// (at least five standard deviations from any other group's), its own usual plan and region
/// (85% of its customers) and its own newsletter rate (15% or 85%); rows are shuffled. With one size, every
/// column varies on its own: data with no segments. Returns the file and each row's group.
pub fn planted_groups(sizes: &[usize], seed: u64) -> (Vec<u8>, Vec<u32>) {
    const PLANS: [&str; 4] = ["basic", "plus", "premium", "family"];
    const REGIONS: [&str; 5] = ["north", "south", "east", "west", "central"];
    const COLOURS: [&str; 6] = ["red", "blue", "green", "black", "white", "yellow"];
    let mut rng = SampleRng::seed_from_u64(mix(seed ^ 0x5eed_f9a0));
    let groups = sizes.len();
    // centres in standard deviations, far enough apart to be told apart
    let mut centres: Vec<[f64; 4]> = Vec::new();
    while centres.len() < groups {
        let c: [f64; 4] = std::array::from_fn(|_| if groups == 1 { 0.0 } else { rng.random_range(-4.5..4.5) });
        let far = centres.iter().all(|o| o.iter().zip(&c).map(|(a, b)| (a - b).powi(2)).sum::<f64>().sqrt() >= 5.0);
        if far {
            centres.push(c);
        }
    }
    let prefs: Vec<(usize, usize, f64)> = (0..groups)
        .map(|g| (g % PLANS.len(), (g * 3 + 1) % REGIONS.len(), if rng.random_bool(0.5) { 0.15 } else { 0.85 }))
        .collect();
    let mut rows: Vec<u32> = sizes.iter().enumerate().flat_map(|(g, &n)| std::iter::repeat_n(g as u32, n)).collect();
    for i in (1..rows.len()).rev() {
        let j = rng.random_range(0..=i);
        rows.swap(i, j);
    }
    let mut out = String::from(
        "customer_id,monthly_spend,visits,tenure_months,age,plan,region,newsletter,shoe_size,favourite_colour\n",
    );
    for (i, &g) in rows.iter().enumerate() {
        let g = g as usize;
        let c = centres[g];
        let structured = groups > 1;
        let (plan, region, news) = prefs[g];
        let choose = |rng: &mut SampleRng, usual: usize, n: usize| {
            if structured && rng.random_bool(0.85) { usual } else { rng.random_range(0..n) }
        };
        let spend = 60.0 + 15.0 * (c[0] + normal(&mut rng, 0.0, 1.0));
        let visits = (12.0 + 3.0 * (c[1] + normal(&mut rng, 0.0, 1.0))).round().max(0.0);
        let tenure = (40.0 + 10.0 * (c[2] + normal(&mut rng, 0.0, 1.0))).round().max(0.0);
        let age = (45.0 + 6.0 * (c[3] + normal(&mut rng, 0.0, 1.0))).round().clamp(18.0, 95.0);
        let p = choose(&mut rng, plan, PLANS.len());
        let r = choose(&mut rng, region, REGIONS.len());
        let yes = rng.random_bool(if structured { news } else { 0.5 });
        let shoe = (41.0 + normal(&mut rng, 0.0, 2.0)).round();
        let colour = COLOURS[rng.random_range(0..COLOURS.len())];
        out.push_str(&format!(
            "P{:05},{spend:.2},{visits},{tenure},{age},{},{},{},{shoe},{colour}\n",
            i + 1,
            PLANS[p],
            REGIONS[r],
            if yes { "yes" } else { "no" }
        ));
    }
    (out.into_bytes(), rows)
}

/// The groups of [`drifting_months`], in the order of their planted index.
pub const DRIFT_GROUPS: [&str; 6] = ["Steady", "Growing", "Splitting", "Vanishing", "Spending less", "Split off"];

/// Two monthly exports of one CRM (the columns of [`planted_groups`]) with controlled drift
/// between them, for the refresh tests. Last month has five groups: steady (1,500 customers),
/// growing (1,000), splitting (1,500), vanishing (800) and spending less (1,200). This month:
/// - the steady group is the same customers, their values drawn again;
/// - the growing group keeps its customers and gains 1,000 new ones (17% → 32% of everyone);
/// - the splitting group's customers part into two halves, one younger and one older (±2.5
///   standard deviations of age), the older half mostly on another plan ("Split off");
/// - the vanishing group's customers are gone (their ids are not in the file);
/// - the group spending less keeps its customers, whose monthly spend falls by 1.2 standard
///   deviations (about 17%).
///
/// Customer ids persist (`M00001`…; new customers get new ids). Returns each month's file and
/// each row's group (an index into [`DRIFT_GROUPS`]). Seeded: the same seed gives the same bytes.
pub fn drifting_months(seed: u64) -> [(Vec<u8>, Vec<u32>); 2] {
    const PLANS: [&str; 4] = ["basic", "plus", "premium", "family"];
    const REGIONS: [&str; 5] = ["north", "south", "east", "west", "central"];
    const COLOURS: [&str; 6] = ["red", "blue", "green", "black", "white", "yellow"];
    // centres on (spend, visits, tenure, age) in standard deviations; usual plan and region;
    // newsletter rate
    let centres: [[f64; 4]; 6] = [
        [-3.0, 0.0, 2.0, 0.0],
        [2.0, -3.0, 0.0, 1.0],
        [0.0, 3.0, -2.0, -2.5],
        [-2.0, -2.0, -3.0, -3.0],
        [3.5, 1.0, 3.0, -1.0],
        [0.0, 3.0, -2.0, 2.5],
    ];
    let prefs: [(usize, usize, f64); 6] =
        [(0, 1, 0.85), (1, 4, 0.15), (2, 2, 0.85), (3, 0, 0.15), (2, 3, 0.15), (3, 2, 0.85)];
    // (id number, group, spend shift) per customer and month
    let mut last: Vec<(usize, u32)> = Vec::new();
    let mut next_id = 0;
    for (g, n) in [(0u32, 1500), (1, 1000), (2, 1500), (3, 800), (4, 1200)] {
        for _ in 0..n {
            next_id += 1;
            last.push((next_id, g));
        }
    }
    let mut this: Vec<(usize, u32)> = Vec::new();
    let mut splitting = 0;
    for &(id, g) in &last {
        match g {
            3 => {}
            2 => {
                // the older half takes every other customer: halves of equal size
                this.push((id, if splitting % 2 == 1 { 5 } else { 2 }));
                splitting += 1;
            }
            _ => this.push((id, g)),
        }
    }
    for _ in 0..1000 {
        next_id += 1;
        this.push((next_id, 1));
    }
    let write = |rows: &mut Vec<(usize, u32)>, month: u64| {
        let mut rng = SampleRng::seed_from_u64(mix(seed ^ 0xd71f_7000 ^ month));
        for i in (1..rows.len()).rev() {
            let j = rng.random_range(0..=i);
            rows.swap(i, j);
        }
        let mut out = String::from(
            "customer_id,monthly_spend,visits,tenure_months,age,plan,region,newsletter,shoe_size,favourite_colour\n",
        );
        for &(id, g) in rows.iter() {
            let g = g as usize;
            let mut c = centres[g];
            if g == 4 && month == 1 {
                c[0] -= 1.2;
            }
            if g == 2 && month == 0 {
                // before the split: between the two halves
                c[3] = 0.0;
            }
            let (plan, region, news) = prefs[g];
            let choose = |rng: &mut SampleRng, usual: usize, n: usize| {
                if rng.random_bool(0.85) { usual } else { rng.random_range(0..n) }
            };
            let spend = 60.0 + 15.0 * (c[0] + normal(&mut rng, 0.0, 1.0));
            let visits = (12.0 + 3.0 * (c[1] + normal(&mut rng, 0.0, 1.0))).round().max(0.0);
            let tenure = (40.0 + 10.0 * (c[2] + normal(&mut rng, 0.0, 1.0)) + month as f64).round().max(0.0);
            let age = (45.0 + 6.0 * (c[3] + normal(&mut rng, 0.0, 1.0))).round().clamp(18.0, 95.0);
            let p = choose(&mut rng, plan, PLANS.len());
            let r = choose(&mut rng, region, REGIONS.len());
            let yes = rng.random_bool(news);
            let shoe = (41.0 + normal(&mut rng, 0.0, 2.0)).round();
            let colour = COLOURS[rng.random_range(0..COLOURS.len())];
            out.push_str(&format!(
                "M{id:05},{spend:.2},{visits},{tenure},{age},{},{},{},{shoe},{colour}\n",
                PLANS[p],
                REGIONS[r],
                if yes { "yes" } else { "no" }
            ));
        }
        (out.into_bytes(), rows.iter().map(|r| r.1).collect())
    };
    [write(&mut last, 0), write(&mut this, 1)]
}

/// FNV-1a over every generated file, to compare generator output across platforms in tests.
pub fn fingerprint(files: &[(&'static str, Vec<u8>)]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, bytes) in files {
        for b in name.bytes().chain(bytes.iter().copied()) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ColumnType, profile_bytes};

    fn rows(bytes: &[u8]) -> Vec<&str> {
        std::str::from_utf8(bytes).unwrap().lines().skip(1).collect()
    }

    /// Customer index (0-based) from an id like `C000042`.
    fn index(id: &str) -> usize {
        id[1..].parse::<usize>().unwrap() - 1
    }

    fn day(iso: &str) -> i64 {
        let p = |r: std::ops::Range<usize>| iso[r].parse::<u32>().unwrap();
        days_from_civil(p(0..4) as i64, p(5..7), p(8..10))
    }

    /// Mean of `value` per planted segment, over the rows that have one.
    fn per_segment(truth: &SampleTruth, items: impl Iterator<Item = (usize, f64)>) -> Vec<f64> {
        let mut sums = vec![(0.0, 0u32); truth.segment_names.len()];
        for (customer, v) in items {
            let s = &mut sums[truth.segment_of[customer] as usize];
            s.0 += v;
            s.1 += 1;
        }
        sums.iter().map(|(sum, n)| sum / f64::from(*n).max(1.0)).collect()
    }

    const DEAL: usize = 0;
    const LOYAL: usize = 1;
    const FAMILY: usize = 2;
    const RESEARCH: usize = 3;
    const LAPSED: usize = 4;
    const ECO: usize = 5;

    #[test]
    fn sample_is_deterministic_and_seed_dependent() {
        let cfg = SampleConfig { customers: 300, seed: 7 };
        let (a, _) = generate(&cfg);
        let (b, _) = generate(&cfg);
        assert_eq!(a, b);
        let (c, _) = generate(&SampleConfig { customers: 300, seed: 8 });
        for ((_, x), (_, y)) in a.iter().zip(&c) {
            assert_ne!(x, y);
        }
        // a smaller run is a prefix of a larger one
        let (small, _) = generate(&SampleConfig { customers: 100, seed: 7 });
        assert!(a[0].1.starts_with(&small[0].1));
        assert!(a[1].1.starts_with(&small[1].1));
    }

    #[test]
    fn sample_counts_and_links_hold() {
        let cfg = SampleConfig::default();
        let (files, truth) = generate(&cfg);
        let names: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["customers.csv", "orders.csv", "events.csv", "feedback.csv"]);
        let customers = rows(&files[0].1);
        assert_eq!(customers.len(), cfg.customers);
        assert_eq!(truth.segment_of.len(), cfg.customers);
        for (i, row) in customers.iter().enumerate() {
            assert_eq!(index(row.split(',').next().unwrap()), i);
        }
        let orders = rows(&files[1].1);
        let events = rows(&files[2].1);
        let feedback = rows(&files[3].1);
        assert_eq!(orders.len() as u64, truth.orders);
        assert_eq!(events.len() as u64, truth.events);
        assert_eq!(feedback.len() as u64, truth.feedback);
        for (row, column) in orders.iter().map(|r| (r, 1)).chain(events.iter().chain(&feedback).map(|r| (r, 0))) {
            assert!(index(row.split(',').nth(column).unwrap()) < cfg.customers, "{row}");
        }
        for (k, row) in orders.iter().enumerate() {
            assert_eq!(row.split(',').next().unwrap(), (k + 1).to_string());
        }
        let per_customer = truth.events as f64 / cfg.customers as f64;
        assert!((5.0..=30.0).contains(&per_customer));
        let with_feedback = truth.feedback as f64 / cfg.customers as f64;
        assert!((0.2..=0.35).contains(&with_feedback), "{with_feedback}");
        // segment sizes near the planted shares
        for (s, seg) in SEGMENTS.iter().enumerate() {
            let share = truth.segment_of.iter().filter(|&&x| x as usize == s).count() as f64 / cfg.customers as f64;
            assert!((share - seg.share).abs() < 0.03, "{} {share}", seg.name);
        }
    }

    #[test]
    fn sample_segments_differ_as_planted() {
        let (files, truth) = generate(&SampleConfig::default());
        let customers = rows(&files[0].1);
        let field = |i: usize| customers.iter().enumerate().map(move |(c, r)| (c, r.split(',').nth(i).unwrap()));
        let age = per_segment(&truth, field(2).map(|(c, v)| (c, v.parse().unwrap())));
        let income = per_segment(&truth, field(6).filter(|(_, v)| !v.is_empty()).map(|(c, v)| (c, v.parse().unwrap())));
        let family = per_segment(&truth, field(9).map(|(c, v)| (c, f64::from(u8::from(v == "family with kids")))));
        let eco = per_segment(&truth, field(10).map(|(c, v)| (c, f64::from(u8::from(v.contains("sustainability"))))));
        assert!(age[DEAL] < 28.0 && age[LOYAL] > 50.0 && age[DEAL] + 10.0 < age[FAMILY], "{age:?}");
        assert!(income[LOYAL] > 2.5 * income[DEAL], "{income:?}");
        assert!(family[FAMILY] > 0.6 && family[DEAL] < 0.1, "{family:?}");
        assert!(eco[ECO] > 0.5 && eco[LOYAL] < 0.2, "{eco:?}");

        let orders = rows(&files[1].1);
        let mut last = vec![None; customers.len()];
        let mut count = vec![0.0; customers.len()];
        let (mut value, mut discount) = (Vec::new(), Vec::new());
        for row in &orders {
            let f: Vec<&str> = row.split(',').collect();
            let c = index(f[1]);
            last[c] = last[c].max(Some(day(f[2])));
            count[c] += 1.0;
            value.push((c, f[3].parse::<f64>().unwrap()));
            discount.push((c, f64::from(u8::from(!f[5].is_empty()))));
        }
        let recency = per_segment(&truth, last.iter().enumerate().filter_map(|(c, d)| Some((c, (*d)? as f64))));
        let frequency = per_segment(&truth, count.into_iter().enumerate());
        let value = per_segment(&truth, value.into_iter());
        let discount = per_segment(&truth, discount.into_iter());
        assert!(recency[LAPSED] + 300.0 < recency[LOYAL], "{recency:?}");
        assert!(frequency[LOYAL] > 3.0 * frequency[RESEARCH] && frequency[LAPSED] < 2.0, "{frequency:?}");
        assert!(value[RESEARCH] > 3.0 * value[DEAL] && value[LOYAL] > 2.0 * value[DEAL], "{value:?}");
        assert!(discount[DEAL] > 0.5 && discount[LOYAL] < 0.1, "{discount:?}");

        let events = rows(&files[2].1);
        let kind = |k: &'static str| {
            per_segment(
                &truth,
                events.iter().map(move |r| {
                    let f: Vec<&str> = r.splitn(4, ',').collect();
                    (index(f[0]), f64::from(u8::from(f[2] == k)))
                }),
            )
        };
        let reviews = kind("review_read");
        let ads = kind("ad_view");
        let referrals = kind("referral");
        assert!(reviews[RESEARCH] > 2.0 * reviews[DEAL], "{reviews:?}");
        assert!(ads[DEAL] > 3.0 * ads[LOYAL], "{ads:?}");
        assert!(referrals[LOYAL] > 3.0 * referrals[DEAL], "{referrals:?}");

        let feedback = rows(&files[3].1);
        let nps = per_segment(
            &truth,
            feedback.iter().map(|r| {
                let f: Vec<&str> = r.splitn(4, ',').collect();
                (index(f[0]), f[2].parse().unwrap())
            }),
        );
        assert!(nps[LOYAL] > 8.0 && nps[LAPSED] < 5.0, "{nps:?}");
    }

    #[test]
    fn sample_files_profile_cleanly() {
        let (files, truth) = generate(&SampleConfig::default());
        let expected = [truth.segment_of.len() as u64, truth.orders, truth.events, truth.feedback];
        for ((name, bytes), rows) in files.iter().zip(expected) {
            let f = profile_bytes(name, bytes).unwrap();
            assert_eq!(f.profile.rows, rows, "{name}");
            assert_eq!(f.profile.problem_total(), 0, "{name}: {:?}", f.profile.problems);
            let ty = |c: &str| f.profile.columns.iter().find(|p| p.name == c).unwrap().column_type;
            match *name {
                "customers.csv" => {
                    assert_eq!(ty("interests"), ColumnType::MultiValue);
                    assert_eq!(ty("age"), ColumnType::Integer);
                    assert_eq!(ty("income"), ColumnType::Integer);
                    assert_eq!(ty("signup_date"), ColumnType::Date);
                    assert_eq!(ty("newsletter"), ColumnType::Boolean);
                }
                "orders.csv" => {
                    assert_eq!(ty("order_date"), ColumnType::Date);
                    assert_eq!(ty("amount"), ColumnType::Number);
                }
                "events.csv" => assert_eq!(ty("timestamp"), ColumnType::Date),
                _ => {
                    assert_eq!(ty("comment"), ColumnType::FreeText);
                    assert_eq!(ty("nps"), ColumnType::Integer);
                }
            }
        }
    }
}
