//! Persona Studio's web front end (Leptos, client-side rendered) and its Web Worker.
//!
//! `main.rs` only mounts [`app::App`]; the worker binary only calls [`worker::run`]. The page
//! renders; all analysis runs in the worker through `persona_core`, and the two talk through
//! [`protocol`].

pub mod app;
pub mod chart_export;
pub mod components;
pub mod digest;
pub mod drift_doc;
pub mod frames;
pub mod journey_doc;
pub mod pages;
pub mod persona_doc;
pub mod protocol;
pub mod storage;
pub mod worker;
