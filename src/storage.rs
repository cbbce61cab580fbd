//! The one module that touches the browser's storage.
//!
//! Keys are versioned (`persona-studio/v1/...`). Only aggregates and settings are ever stored,
//! never customer rows. Here: the role mapping a user chose for a header, so the next file with
//! the same header gets the same roles.

use gloo_storage::{LocalStorage, Storage};
use persona_core::roles::Role;

const PREFIX: &str = "persona-studio/v1";

fn roles_key(signature: &str) -> String {
    // FNV-1a keeps the key short and stable across sessions
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in signature.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{PREFIX}/roles/{h:016x}")
}

/// The remembered column → role mapping for a header signature, if any (a corrupt entry reads
/// as none).
pub fn remembered_roles(signature: &str) -> Option<Vec<(String, Role)>> {
    LocalStorage::get(roles_key(signature)).ok()
}

/// Remembers a mapping. Returns a message a user can read when storage refuses (quota, private
/// mode).
pub fn remember_roles(signature: &str, roles: &[(String, Role)]) -> Result<(), String> {
    LocalStorage::set(roles_key(signature), roles)
        .map_err(|e| format!("Your role choices could not be saved in this browser: {e}"))
}
