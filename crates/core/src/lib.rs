//! Persona Studio's analysis core: everything that turns customer CSVs into profiles, segments,
//! personas and journeys, with no web dependency. The web app (in a Web Worker) and the CLI are
//! thin front ends over it; the core never prints and never touches a network or a clock.
//!
//! - [`ingest`]: streaming CSV reading — encoding, dialect, values, column types and statistics.
//! - [`schema`]: the shared types of a profile (column types, roles, file kinds).
//! - [`roles`]: what each column means (customer id, age, order value, ...), from headers in six
//!   languages and from the values.
//! - [`import`]: a set of files, their kinds and their links by customer id.
//! - [`sample`]: a seeded synthetic customer base with planted segments, for the "Try with
//!   sample data" button, the tests and the benchmarks.
//! - [`features`], [`duplicates`], [`rfm`], [`cluster`], [`segment`]: customers' features (and
//!   which of them repeat another), RFM scores, k-means and the segments' profiles.
//! - [`persona`], [`text`], [`avatar`], [`deck`]: persona drafts with their evidence, the words
//!   that set a segment's feedback apart, generated faces, and the editable deck of personas.
//! - [`matching`], [`drift`]: which new segment continues which old one (an optimal assignment
//!   with a threshold), and what changed between two runs; [`refresh`]: what a run keeps for
//!   the next month's (its fitted model, and with consent a hashed record) and the comparison.
//! - [`activation`]: what goes to other tools (the personalisation CSV, safe in spreadsheets).
//! - [`journey`], [`journey_plan`]: stages, which events belong to them, and funnels with order modes, a
//!   conversion window and times as quantiles.
//! - [`workspace`], [`share`]: what the browser keeps of a user's work (aggregates and personas,
//!   never a customer row), and personas as links whose payload lives in the URL.

pub mod activation;
pub mod avatar;
pub mod cluster;
pub mod deck;
pub mod drift;
pub mod duplicates;
pub mod features;
/// Numbers as people read them (the `persona-format` crate).
pub use persona_format as format;
pub mod import;
pub mod ingest;
pub mod journey;
pub mod journey_plan;
pub mod matching;
pub mod persona;
pub mod refresh;
pub mod rfm;
pub mod roles;
pub mod sample;
pub mod schema;
pub mod segment;
pub mod share;
pub mod sql;
pub mod text;
pub mod workspace;
