//! A share link opened: the persona it holds, read-only, with "Save to my workspace"; or, for
//! a link that fails any check, a clear error and nothing else. In an iframe (`#/embed/...`)
//! the same document without the app's chrome, which tells its parent page its height.
//!
//! The link's text never leaves the browser: it is in the URL fragment, which is not sent to
//! the server, and the worker decodes it (`persona_core::share`). The document is HTML the
//! worker wrote with every text escaped, so a hostile link shows its text as text.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::app::AppState;
use crate::persona_doc::esc;
use crate::protocol::WorkerRequest;

/// What the embed view posts to its parent page: `{ type: "persona-studio:size", height }`.
pub const SIZE_MESSAGE: &str = "persona-studio:size";

fn post_height() {
    let height = document().document_element().map_or(0, |e| e.scroll_height());
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"type".into(), &SIZE_MESSAGE.into());
    let _ = js_sys::Reflect::set(&msg, &"height".into(), &JsValue::from(height));
    if let Ok(Some(parent)) = window().parent() {
        // only a height travels: any page may embed a link it was given
        let _ = parent.post_message(&msg, "*");
    }
}

/// What an opened link holds: (name, document, a workspace's stored text, whether it is a
/// journey map), or why not.
pub type Opened = Result<(String, String, Option<String>, bool), String>;

/// The page for what a link holds (`None`: still opening).
pub fn shared_html(shared: Option<&Opened>, embed: bool) -> String {
    match shared {
        None => r#"<p class="muted" role="status">Opening the link…</p>"#.to_owned(),
        Some(Err(why)) => format!(
            r#"<div class="notice error" role="alert" data-testid="link-error"><h1>This link cannot be opened</h1><p>{}.</p></div>"#,
            esc(&capitalised(why))
        ),
        Some(Ok((name, doc, workspace, journey))) => {
            let (what, save) = match (workspace, journey) {
                (Some(_), _) => ("A workspace", "Save as a new workspace"),
                (None, true) => ("A journey map", ""),
                (None, false) => ("A persona", "Save to my workspace"),
            };
            let save = if save.is_empty() {
                String::new()
            } else {
                format!(r#"<button type="button" class="button primary" data-testid="save-shared">{save}</button>"#)
            };
            let banner = if embed {
                String::new()
            } else {
                format!(
                    r#"<div class="notice no-print" data-testid="shared-banner"><p>{what} shared with you: {}, read-only. It came whole in the link; nothing was sent to a server.</p>{save}</div>"#,
                    esc(name)
                )
            };
            format!(r#"{banner}<article class="persona-doc" data-testid="persona-doc">{doc}</article>"#)
        }
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

#[component]
pub fn SharePage(text: String, embed: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    state.shared.set(None);
    state.send(&WorkerRequest::OpenLink { text: text.clone() }, &[]);
    let text = StoredValue::new(text);
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let on_save = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|el| el.closest("[data-testid=\"save-shared\"]").ok().flatten().is_some());
        if !on_save {
            return;
        }
        let workspace = state.shared.with_untracked(|s| match s {
            Some(Ok((name, _, Some(stored), _))) => Some((name.clone(), stored.clone())),
            _ => None,
        });
        match workspace {
            Some((name, stored)) => {
                state.import_workspace(&format!("{name}.persona-workspace"), stored);
                let _ = window().location().set_hash("#/personas");
            }
            None => state.send(&WorkerRequest::SaveShared { text: text.get_value() }, &[]),
        }
    };
    Effect::new(move |_| {
        if embed && state.shared.with(|s| s.is_some()) {
            request_animation_frame(post_height);
        }
    });
    view! {
        <section
            class="page share-page"
            data-testid="share-page"
            on:click=on_click
            inner_html=move || state.shared.with(|s| shared_html(s.as_ref(), embed))
        ></section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_link_shows_only_its_error_and_a_hostile_name_is_text() {
        let err = shared_html(Some(&Err("this link is damaged <b>".into())), false);
        assert!(err.contains("This link is damaged &lt;b&gt;.") && !err.contains("persona-doc"));
        let ok =
            shared_html(Some(&Ok(("<img src=x onerror=alert(1)>".into(), "<p>doc</p>".into(), None, false))), false);
        assert!(ok.contains("&lt;img src=x onerror=alert(1)&gt;") && ok.contains("Save to my workspace"));
        assert!(!shared_html(Some(&Ok(("A".into(), String::new(), None, false))), true).contains("save-shared"));
        let ws = shared_html(Some(&Ok(("Q3".into(), String::new(), Some("psw1.x".into()), false))), false);
        assert!(ws.contains("A workspace shared with you: Q3") && ws.contains("Save as a new workspace"));
    }
}
