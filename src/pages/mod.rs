//! One page per file.

pub mod data;
pub mod segments;
