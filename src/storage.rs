//! The one module that touches the browser's storage.
//!
//! Keys are versioned (`persona-studio/v1/...`). Only aggregates, settings and personas are ever
//! stored, never customer rows: a workspace's text is written by the worker from
//! `persona_core::workspace`, which strips anything that could name one customer; this module
//! only moves strings.
//!
//! - `…/workspaces`: the [`Index`] of named workspaces, the current one, and each one's
//!   revision (bumped by every save, so that a tab notices another tab's save).
//! - `…/workspace/<id>`: a workspace's stored text. A save replaces it in one `setItem`: the
//!   browser writes the new value whole or keeps the old one (a full storage keeps the old).
//! - `…/backup/<id>/<time>`: an entry that could not be opened, kept aside, never dropped.
//! - `…/roles/<hash>`: the roles a user chose for a header, applied to the next file with it.
//!
//! Every access goes through [`local`], which turns a disabled or throwing storage (private
//! modes, blocked cookies) into a message: the app then works for the session and says so.

use persona_core::roles::Role;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

const PREFIX: &str = "persona-studio/v1";
const INDEX: &str = "persona-studio/v1/workspaces";
/// What browsers give an origin's local storage (Chromium and Firefox: 5 million UTF-16 units;
/// Safari about as much).
pub const QUOTA_BYTES: f64 = 5.0 * 1024.0 * 1024.0;

/// One named workspace in the index.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub name: String,
    /// Bumped by every save.
    pub rev: u64,
    /// When it was last saved (ms since 1970), 0 before its first save.
    pub saved: f64,
    pub personas: usize,
}

/// The named workspaces and the one open in this tab (the last one opened in any tab).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Index {
    pub current: String,
    pub list: Vec<Entry>,
}

impl Index {
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.list.iter().find(|e| e.id == id)
    }

    pub fn entry_mut(&mut self, id: &str) -> Option<&mut Entry> {
        self.list.iter_mut().find(|e| e.id == id)
    }

    /// A name not yet in the list: `base`, or `base 2`, `base 3`, ...
    pub fn free_name(&self, base: &str) -> String {
        let taken = |n: &str| self.list.iter().any(|e| e.name == n);
        if !taken(base) {
            return base.to_owned();
        }
        (2..).map(|i| format!("{base} {i}")).find(|n| !taken(n)).unwrap_or_default()
    }

    /// Adds a workspace and returns its id (unique, from the time and the list's length).
    pub fn add(&mut self, name: String, now: f64) -> String {
        let mut id = format!("w{:x}", now as u64);
        while self.entry(&id).is_some() {
            id.push('x');
        }
        self.list.push(Entry { id: id.clone(), name, rev: 0, saved: 0.0, personas: 0 });
        id
    }
}

/// What a save found.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveError {
    /// The storage is full: nothing was changed.
    Full,
    /// Another tab saved this workspace since this tab last read or saved it.
    Conflict,
    /// Storage refused for another reason (disabled, an error); the message says which.
    Refused(String),
}

/// The page's local storage, or why there is none.
pub fn local() -> Result<web_sys::Storage, String> {
    let refused = || {
        "This browser does not let the app keep anything (storage is turned off or blocked). Your work stays in this tab until you close it; export it as a file to keep it.".to_owned()
    };
    match web_sys::window().map(|w| w.local_storage()) {
        Some(Ok(Some(s))) => Ok(s),
        _ => Err(refused()),
    }
}

pub fn get(key: &str) -> Result<Option<String>, String> {
    local()?.get_item(key).map_err(|e| format!("Storage could not be read: {}", describe(&e)))
}

fn set(key: &str, value: &str) -> Result<(), SaveError> {
    let storage = local().map_err(SaveError::Refused)?;
    storage.set_item(key, value).map_err(|e| {
        let name = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.name())).unwrap_or_default();
        if name == "QuotaExceededError" { SaveError::Full } else { SaveError::Refused(describe(&e)) }
    })
}

fn describe(e: &wasm_bindgen::JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_else(|| format!("{e:?}"))
}

pub fn remove(key: &str) {
    if let Ok(s) = local() {
        let _ = s.remove_item(key);
    }
}

pub fn entry_key(id: &str) -> String {
    format!("{PREFIX}/workspace/{id}")
}

/// The index as stored; an unreadable index is kept aside and read as empty.
pub fn index() -> Result<Index, String> {
    let Some(text) = get(INDEX)? else { return Ok(Index::default()) };
    match serde_json::from_str(&text) {
        Ok(index) => Ok(index),
        Err(_) => {
            let _ = set(&format!("{PREFIX}/backup/workspaces/{}", js_sys::Date::now() as u64), &text);
            Ok(Index::default())
        }
    }
}

pub fn write_index(index: &Index) -> Result<(), SaveError> {
    set(INDEX, &serde_json::to_string(index).unwrap_or_default())
}

/// Stores a workspace's text if this tab knows its latest revision (`known`); returns the new
/// revision. The entry is written before the index, and each in one `setItem`.
pub fn save(id: &str, name: &str, text: &str, personas: usize, known: u64) -> Result<u64, SaveError> {
    let mut index = index().map_err(SaveError::Refused)?;
    let stored = index.entry(id).map_or(0, |e| e.rev);
    if stored != known {
        return Err(SaveError::Conflict);
    }
    set(&entry_key(id), text)?;
    let now = js_sys::Date::now();
    match index.entry_mut(id) {
        Some(e) => {
            e.rev = known + 1;
            e.saved = now;
            e.personas = personas;
        }
        None => {
            index.list.push(Entry { id: id.to_owned(), name: name.to_owned(), rev: known + 1, saved: now, personas })
        }
    }
    // (the workspace opened last, in any tab, is the one reopening the app brings back: a
    // save in another tab does not change it)
    if index.entry(&index.current).is_none() {
        index.current = id.to_owned();
    }
    write_index(&index)?;
    Ok(known + 1)
}

/// Writes a workspace's text as it is (a copy, an import); the index is the caller's.
pub fn set_entry(id: &str, text: &str) -> Result<(), SaveError> {
    set(&entry_key(id), text)
}

/// Puts an entry that could not be opened aside under a backup key and removes it from its
/// place; returns the backup's key. When even that fails, the entry stays where it is.
pub fn keep_aside(id: &str) -> Result<String, SaveError> {
    let key = entry_key(id);
    let text = get(&key).map_err(SaveError::Refused)?.unwrap_or_default();
    let backup = format!("{PREFIX}/backup/{id}/{}", js_sys::Date::now() as u64);
    set(&backup, &text)?;
    remove(&key);
    Ok(backup)
}

/// Bytes this app keeps in local storage (UTF-16: two per character), for the usage meter.
pub fn usage() -> f64 {
    let Ok(s) = local() else { return 0.0 };
    let n = s.length().unwrap_or(0);
    let mut chars = 0usize;
    for i in 0..n {
        if let Ok(Some(key)) = s.key(i)
            && key.starts_with(PREFIX)
        {
            chars += key.len() + s.get_item(&key).ok().flatten().map_or(0, |v| v.encode_utf16().count());
        }
    }
    2.0 * chars as f64
}

fn roles_key(signature: &str) -> String {
    // FNV-1a keeps the key short and stable across sessions
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in signature.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{PREFIX}/roles/{h:016x}")
}

/// The remembered column → role mapping for a header signature, if any (a corrupt entry or a
/// storage that refuses reads as none).
pub fn remembered_roles(signature: &str) -> Option<Vec<(String, Role)>> {
    get(&roles_key(signature)).ok().flatten().and_then(|t| serde_json::from_str(&t).ok())
}

/// Remembers a mapping. Returns a message a user can read when storage refuses (quota, private
/// mode).
pub fn remember_roles(signature: &str, roles: &[(String, Role)]) -> Result<(), String> {
    set(&roles_key(signature), &serde_json::to_string(roles).unwrap_or_default())
        .map_err(|_| "Your role choices could not be saved in this browser.".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_workspaces_get_free_names_and_unique_ids() {
        let mut index = Index::default();
        let a = index.add(index.free_name("My workspace"), 1000.0);
        let b = index.add(index.free_name("My workspace"), 1000.0);
        assert_ne!(a, b);
        assert_eq!(index.entry(&b).unwrap().name, "My workspace 2");
        assert_eq!(index.free_name("Other"), "Other");
    }
}
