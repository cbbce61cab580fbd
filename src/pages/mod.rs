//! One page per file.

pub mod data;
