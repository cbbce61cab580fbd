//! Components shared by the pages. Each takes the smallest props it needs and reads
//! [`crate::app::AppState`] from context for the rest.

pub mod column_table;
pub mod drop_zone;
pub mod file_card;
pub mod import_progress;
pub mod mini_chart;
pub mod rfm_settings;
