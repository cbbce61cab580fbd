//! One page per file.

pub mod changes;
pub mod data;
pub mod journeys;
pub mod persona;
pub mod personas;
pub mod segments;
pub mod share;
pub mod workspaces;
