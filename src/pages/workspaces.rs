//! The Workspaces page: every named workspace kept in this browser, with create, rename,
//! duplicate, delete (with undo), open, export to a file and import from one, and how much of
//! the browser's storage they use.
//!
//! The list is HTML written here ([`rows_html`], every text escaped) and handled by one
//! delegated click and one change listener: a Leptos view costs code for every element, and
//! the first page load has a budget.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::app::AppState;
use crate::persona_doc::esc;
use crate::storage::{self, Index};

/// One row per workspace: its name (an input that renames), persona count, when it was saved,
/// and its buttons (`data-action`, `data-id`).
pub fn rows_html(index: &Index, current: &str, date: impl Fn(f64) -> String) -> String {
    let mut out = String::new();
    for e in &index.list {
        let here = e.id == current;
        let saved = if e.saved > 0.0 { format!("saved {}", date(e.saved)) } else { "not saved yet".to_owned() };
        let button = |action: &str, label: &str, extra: &str| {
            format!(
                r#"<button type="button" class="button small {extra}" data-action="{action}" data-id="{id}" data-testid="workspace-{action}" aria-label="{label} {name}"{dis}>{label}</button>"#,
                id = esc(&e.id),
                name = esc(&e.name),
                dis = if here && action == "open" { " disabled" } else { "" },
            )
        };
        out.push_str(&format!(
            r#"<li class="workspace-row" data-testid="workspace-row" data-current="{here}"><input type="text" class="workspace-name" data-id="{id}" data-testid="workspace-rename" aria-label="Name of workspace {name}" value="{name}"><span class="muted">{n} persona{s} · {saved}</span>{badge}<span class="row-actions">{open}{dup}{del}</span></li>"#,
            id = esc(&e.id),
            name = esc(&e.name),
            n = e.personas,
            s = if e.personas == 1 { "" } else { "s" },
            saved = esc(&saved),
            badge = if here { r#"<strong data-testid="workspace-current">open here</strong>"# } else { "" },
            open = button("open", "Open", ""),
            dup = button("duplicate", "Duplicate", ""),
            del = button("delete", "Delete", "danger"),
        ));
    }
    out
}

fn target_data(ev: &web_sys::Event, attr: &str) -> Option<(web_sys::Element, String)> {
    let el: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let el = el.closest(&format!("[{attr}]")).ok()??;
    let value = el.get_attribute(attr)?;
    Some((el, value))
}

/// The whole page as HTML: the list, the undo toast (of the last of the workspaces deleted,
/// with how many more Undo can bring back), the file buttons and the storage used.
pub fn page_html(deleted: &[&str], rows: &str, used: f64, link: Option<&Result<String, String>>) -> String {
    let undo = match deleted.split_last() {
        Some((name, before)) => format!(
            r#"<div class="toast" role="status" data-testid="workspace-undo">Deleted “{}”.{} <button type="button" class="button small" data-action="undo" data-testid="undo-workspace">Undo</button></div>"#,
            esc(name),
            match before.len() {
                0 => String::new(),
                1 => format!(" Undo again brings back “{}”.", esc(before[0])),
                n => format!(" Undo again brings back the {n} deleted before it, one at a time."),
            }
        ),
        None => String::new(),
    };
    format!(
        r#"<div class="page-head"><h1>Workspaces</h1><button type="button" class="button primary" data-action="new" data-testid="new-workspace">New workspace</button></div><p class="lede">Each workspace keeps its file profiles, role choices, segments and personas in this browser, never your customers' rows. Reopening the app brings back the one you had open.</p>{undo}<ul class="workspace-list" data-testid="workspace-list">{rows}</ul><div class="workspace-files"><button type="button" class="button" data-action="export" data-testid="export-current">Export the open workspace as a file</button><button type="button" class="button" data-action="share-workspace" data-testid="share-workspace">Share the open workspace as a link</button><label class="button">Import a workspace file<input type="file" class="visually-hidden" data-testid="import-workspace" accept=".persona-workspace,.txt"></label></div>{link}<p data-testid="storage-usage"><meter min="0" max="{max}" value="{used}" aria-label="Storage used"></meter> {kb} KB of this browser's storage used, of about {mb} MB.</p>"#,
        // (whole numbers: the page carries no float formatting)
        max = storage::QUOTA_BYTES as u64,
        used = used.round() as u64,
        kb = (used / 1024.0).round() as u64,
        mb = (storage::QUOTA_BYTES / 1_048_576.0).round() as u64,
        link = match link {
            Some(Ok(text)) => format!(
                r#"<div class="share-panel" data-testid="workspace-link"><label for="workspace-url">Link to the whole workspace as it is now; everything is in the link itself.</label><input id="workspace-url" type="text" readonly data-testid="share-url" value="{}"></div>"#,
                esc(&link_url(text))
            ),
            Some(Err(why)) =>
                format!(r#"<p class="notice error" role="alert" data-testid="share-error">No link: {}.</p>"#, esc(why)),
            None => String::new(),
        }
    )
}

/// The whole URL of a link's text on this site.
pub fn link_url(text: &str) -> String {
    let loc = window().location();
    format!("{}{}#/share/{text}", loc.origin().unwrap_or_default(), loc.pathname().unwrap_or_default())
}

/// Reads a workspace file the user picked and imports it.
fn import(state: AppState, input: web_sys::HtmlInputElement) {
    let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
    input.set_value("");
    let name = file.name();
    wasm_bindgen_futures::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|t| t.as_string()) {
            Some(text) => state.import_workspace(&name, text),
            None => state.ws_notice.set(Some(format!("“{name}” could not be read."))),
        }
    });
}

#[component]
pub fn WorkspacesPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    // where the keyboard goes after the next redraw, when not back to the control it was on
    let focus_next = StoredValue::new(None::<&'static [&'static str]>);
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some((el, action)) = target_data(&ev, "data-action") else { return };
        let id = el.get_attribute("data-id").unwrap_or_default();
        match action.as_str() {
            "open" => {
                state.open(&id);
                // (the button goes with the page: the keyboard goes on in the new one, as the
                // change of route takes it there, `crate::app::focus_main`)
                let _ = window().location().set_hash("#/personas");
            }
            "duplicate" => state.duplicate(&id),
            // the row is gone: the keyboard goes on at "Undo", not at the next row's Delete
            "delete" => {
                focus_next.set_value(Some(&[r#"[data-testid="undo-workspace"]"#]));
                state.delete(&id)
            }
            "undo" => {
                // (Undo stays while there is more to bring back)
                focus_next.set_value(Some(&[r#"[data-testid="undo-workspace"]"#, r#"[data-testid="new-workspace"]"#]));
                state.undo_delete()
            }
            "new" => state.new_workspace(),
            "export" => state.export(),
            "share-workspace" => {
                state.ws_link.set(None);
                state.send(&crate::protocol::WorkerRequest::WorkspaceLink, &[]);
            }
            _ => {}
        }
    };
    // a name typed in (renames) or a file picked (imports)
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        if input.type_() == "file" {
            import(state, input);
        } else if let Some(id) = input.get_attribute("data-id") {
            state.rename(&id, &input.value());
        }
    };
    let date = |ms: f64| String::from(js_sys::Date::new(&ms.into()).to_locale_string("default", &JsValue::UNDEFINED));
    let html = move || {
        state.save.track();
        let rows = state.index.with(|i| rows_html(i, &state.current.get(), date));
        let link = state.ws_link.get();
        state.deleted.with(|d| {
            let names: Vec<&str> = d.iter().map(|(e, _)| e.name.as_str()).collect();
            page_html(&names, &rows, storage::usage(), link.as_ref())
        })
    };
    // drawn again on every change; the keyboard's place (a control's test id and workspace id)
    // is kept across the redraw
    let section = NodeRef::<leptos::html::Section>::new();
    let drawn = StoredValue::new(0u64);
    Effect::new(move |_| {
        let html = html();
        let this = drawn.get_value() + 1;
        drawn.set_value(this);
        // a frame later: a change event (a rename left with Tab) has moved the focus by then
        request_animation_frame(move || {
            // (only the last of the redraws asked for in one frame: an earlier one would draw
            // the page as it was, and lose the keyboard's place)
            if drawn.try_get_value() != Some(this) {
                return;
            }
            let Some(Some(el)) = section.try_get_untracked() else { return };
            let place = document()
                .active_element()
                .filter(|a| el.contains(Some(a)))
                .and_then(|a| Some((a.get_attribute("data-testid")?, a.get_attribute("data-id").unwrap_or_default())));
            el.set_inner_html(&html);
            // (kept until a redraw has it: one asked for before the click may come first)
            let next = focus_next.try_with_value(|f| {
                f.and_then(|selectors| selectors.iter().find_map(|s| el.query_selector(s).ok().flatten()))
            });
            if let Some(found) = next.flatten().and_then(|f| f.dyn_into::<web_sys::HtmlElement>().ok()) {
                focus_next.set_value(None);
                let _ = found.focus();
            } else if let Some((testid, id)) = place {
                let exact = format!(r#"[data-testid="{testid}"][data-id="{id}"]"#);
                let any = format!(r#"[data-testid="{testid}"]"#);
                let found = el.query_selector(&exact).ok().flatten().or_else(|| el.query_selector(&any).ok().flatten());
                if let Some(found) = found.and_then(|f| f.dyn_into::<web_sys::HtmlElement>().ok()) {
                    let _ = found.focus();
                }
            }
        });
    });
    view! {
        <section class="page workspaces-page" data-testid="workspaces-page" node_ref=section on:click=on_click on:change=on_change></section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::Entry;

    #[test]
    fn rows_escape_names_and_mark_the_open_workspace() {
        let index = Index {
            current: "a".into(),
            list: vec![
                Entry { id: "a".into(), name: "Q3 <b>\"x\"".into(), rev: 2, saved: 1.0, personas: 6 },
                Entry { id: "b".into(), name: "Other".into(), rev: 0, saved: 0.0, personas: 0 },
            ],
        };
        let html = rows_html(&index, "a", |_| "today".into());
        assert!(html.contains("Q3 &lt;b&gt;&quot;x&quot;") && !html.contains("<b>"));
        assert!(html.contains(r#"data-current="true""#) && html.contains("6 personas · saved today"));
        assert!(html.contains(r#"data-action="open" data-id="a" data-testid="workspace-open" aria-label="Open Q3 &lt;b&gt;&quot;x&quot;" disabled"#));
        assert!(html.contains("not saved yet"));
        let one = Index { list: vec![Entry { personas: 1, ..index.list[0].clone() }], ..index };
        assert!(rows_html(&one, "a", |_| "today".into()).contains("1 persona · saved today"));
    }

    #[test]
    fn every_workspace_deleted_can_be_brought_back() {
        assert!(!page_html(&[], "", 0.0, None).contains("workspace-undo"));
        let last = page_html(&["Scratch"], "", 0.0, None);
        assert!(last.contains("Deleted “Scratch”. <button"), "{last}");
        let two = page_html(&["Client <A>", "Scratch"], "", 0.0, None);
        assert!(two.contains("Deleted “Scratch”. Undo again brings back “Client &lt;A&gt;”."), "{two}");
        let three = page_html(&["A", "B", "C"], "", 0.0, None);
        assert!(three.contains("Deleted “C”. Undo again brings back the 2 deleted before it, one at a time."));
    }
}
