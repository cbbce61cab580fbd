//! One persona as a finished document (printable, readable on a phone) with the segment's chart
//! beside the story. "Edit" turns every field into a text box: a text, or a list with one item
//! per line. Edits go to the worker's deck, apart from what the data says, and "Back to what the
//! data says" drops one.
//!
//! The document is HTML the worker wrote ([`crate::persona_doc`]); the edit form is one loop
//! over the fields with one delegated change listener, so the page's code stays small.

use leptos::prelude::*;
use persona_core::avatar::COLOUR_NAMES;
use wasm_bindgen::JsCast;

use crate::app::AppState;
use crate::digest::{DeckAction, PersonaView};
use crate::persona_doc::esc;
use crate::protocol::WorkerRequest;

#[component]
pub fn PersonaPage(id: u64) -> impl IntoView {
    let state = expect_context::<AppState>();
    let editing = RwSignal::new(false);
    let persona = move || state.deck.with(|d| d.personas.iter().find(|p| p.id == id).cloned());
    let exists = move || state.deck.with(|d| d.personas.iter().any(|p| p.id == id));
    view! {
        <Show
            when=exists
            fallback=|| view! {
                <section class="page" data-testid="persona-missing">
                    <h1>"No such persona"</h1>
                    <p>"It may have been deleted, or it belongs to another workspace. "
                    <a href="#/personas">"All personas"</a></p>
                </section>
            }
        >
            <article class="page persona-doc" data-testid="persona-doc">
                <div class="doc-toolbar no-print" role="toolbar" aria-label="Persona">
                    <a href="#/personas" class="button small">"← All personas"</a>
                    <button
                        type="button"
                        class="button small primary"
                        data-testid="edit-toggle"
                        aria-pressed=move || editing.get().to_string()
                        on:click=move |_| editing.update(|e| *e = !*e)
                    >
                        {move || if editing.get() { "Done" } else { "Edit" }}
                    </button>
                    <button type="button" class="button small" data-testid="print" on:click=move |_| { let _ = window().print(); }>
                        "Print or save as PDF"
                    </button>
                    <button type="button" class="button small" data-testid="export-html" on:click=move |_| state.send(&WorkerRequest::ExportPersona { id }, &[])>
                        "Download HTML"
                    </button>
                    <button type="button" class="button small" data-testid="share" on:click=move |_| {
                        state.link.set(None);
                        state.send(&WorkerRequest::ShareLink { id }, &[]);
                    }>
                        "Share link"
                    </button>
                </div>
                <ShareLink id />
                <Show
                    when=move || editing.get()
                    fallback=move || view! { <div class="doc-view" inner_html=move || persona().map(|p| p.document).unwrap_or_default()></div> }
                >
                    <EditForm id />
                </Show>
                <History id />
            </article>
        </Show>
    }
}

/// The share link of the persona once asked for: the whole URL to copy, or why there is none.
#[component]
fn ShareLink(id: u64) -> impl IntoView {
    let state = expect_context::<AppState>();
    let html = move || match state.link.get() {
        Some(Ok((for_id, text))) if for_id == id => {
            let loc = window().location();
            let url =
                format!("{}{}#/share/{text}", loc.origin().unwrap_or_default(), loc.pathname().unwrap_or_default());
            format!(
                r#"<div class="share-panel" data-testid="share-panel"><label for="share-url">Link to this persona as it is now. Everything is in the link itself; nothing is stored on a server.</label><input id="share-url" type="text" readonly data-testid="share-url" value="{u}"><button type="button" class="button small" data-testid="copy-link">Copy</button><span class="muted" data-testid="share-length">{n} characters</span> <span role="status" data-testid="copy-state"></span></div>"#,
                u = esc(&url),
                n = url.len()
            )
        }
        Some(Err(why)) => {
            format!(r#"<p class="notice error" role="alert" data-testid="share-error">No link: {}.</p>"#, esc(&why))
        }
        _ => String::new(),
    };
    // "Copy": select the link and put it on the clipboard
    let copy = |ev: leptos::ev::MouseEvent| {
        let on_copy = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| el.get_attribute("data-testid").as_deref() == Some("copy-link"));
        if !on_copy {
            return;
        }
        if let Some(input) =
            document().get_element_by_id("share-url").and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            input.select();
            let written = window().navigator().clipboard().write_text(&input.value());
            // said when the clipboard has it, or why not (a page in an iframe may not write to it)
            wasm_bindgen_futures::spawn_local(async move {
                let said = match wasm_bindgen_futures::JsFuture::from(written).await {
                    Ok(_) => "Copied.",
                    Err(_) => {
                        "Not copied: this page may not use the clipboard. The link is selected: copy it with Ctrl+C."
                    }
                };
                if let Ok(Some(state)) = document().query_selector("[data-testid=copy-state]") {
                    state.set_text_content(Some(said));
                }
            });
        }
    };
    view! { <div class="no-print" on:click=copy inner_html=html></div> }
}

/// Every field as a text box, and the face with "New face" and a colour.
#[component]
fn EditForm(id: u64) -> impl IntoView {
    let state = expect_context::<AppState>();
    let persona = Memo::new(move |_| state.deck.with(|d| d.personas.iter().find(|p| p.id == id).cloned()));
    let get = move |f: fn(&PersonaView) -> String| persona.with(|p| p.as_ref().map(f).unwrap_or_default());
    let on_change = move |ev: leptos::ev::Event| {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) else { return };
        if let Some(field) = target.get_attribute("data-field") {
            state.deck(DeckAction::SetField { id, field, value: target.value() });
        }
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let target: Option<web_sys::Element> = ev.target().and_then(|t| t.dyn_into().ok());
        let key =
            target.and_then(|t| t.closest("[data-revert]").ok().flatten()).and_then(|b| b.get_attribute("data-revert"));
        if let Some(field) = key {
            crate::pages::personas::focus_after_deck(format!("#edit-{field}"));
            state.deck(DeckAction::Revert { id, field });
        }
    };
    crate::pages::personas::focus_on_deck_change(state);
    // the fields, in the worker's order; the boxes stay while their values change
    let fields = persona.with_untracked(|p| p.as_ref().map(|p| p.fields.clone()).unwrap_or_default());
    view! {
        <form class="edit-form" data-testid="edit-form" on:submit=|ev| ev.prevent_default() on:change=on_change on:click=on_click>
            // (the name is a text box here: the page's heading says what is edited)
            <h1 class="visually-hidden">{move || format!("Editing {}", get(|p| p.name.clone()))}</h1>
            <div class="doc-face">
                <div class="avatar large-avatar" data-testid="avatar" inner_html=move || get(|p| p.face.clone())></div>
                <button type="button" class="button small" data-testid="reroll" on:click=move |_| state.deck(DeckAction::Reroll { id })>
                    "New face"
                </button>
                <label>
                    "Colour "
                    <select
                        data-testid="colour"
                        prop:value=move || get(|p| p.colour.to_string())
                        on:change=move |ev| {
                            ev.stop_propagation();
                            if let Ok(colour) = event_target_value(&ev).parse::<u8>() {
                                state.deck(DeckAction::Colour { id, colour });
                            }
                        }
                    >
                        {COLOUR_NAMES.iter().enumerate().map(|(i, n)| view! { <option value=i.to_string()>{*n}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            {fields.into_iter().enumerate().map(|(i, f)| {
                let shown = move || persona.with(|p| p.as_ref().and_then(|p| p.fields.get(i)).map(|f| (f.value.clone(), f.edited)));
                let drafted = move || persona.with(|p| p.as_ref().is_some_and(|p| p.drafted));
                let input = format!("edit-{}", f.key);
                let testid = format!("field-{}", f.key);
                let data_field = f.key.clone();
                view! {
                    <div class="field-edit" data-testid=testid data-edited=move || shown().is_some_and(|s| s.1).to_string()>
                        <label for=input.clone()>{f.label}</label>
                        <textarea
                            id=input
                            data-field=data_field
                            data-testid="field-input"
                            rows=f.rows.to_string()
                            prop:value=move || shown().map(|s| s.0).unwrap_or_default()
                        ></textarea>
                        <button type="button" class="button small" data-revert=f.key data-testid="field-revert" hidden=move || !(shown().is_some_and(|s| s.1) && drafted())>
                            "Back to what the data says"
                        </button>
                    </div>
                }
            }).collect_view()}
        </form>
    }
}

/// The edits the latest data contradicts, the versions with "Restore", and the changes between
/// any two versions (or a version and now), worked out by the worker.
#[component]
fn History(id: u64) -> impl IntoView {
    let state = expect_context::<AppState>();
    let versions = move || {
        state.deck.with(|d| d.personas.iter().find(|p| p.id == id).map(|p| p.versions.clone()).unwrap_or_default())
    };
    let html = move || {
        state.deck.with(|d| d.personas.iter().find(|p| p.id == id).map(|p| p.history.clone()).unwrap_or_default())
    };
    let from = RwSignal::new(0u32);
    let to = RwSignal::new(0u32);
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        // the section is drawn again: the focus goes back to it, not to the top of the page
        if let Some(n) = el.get_attribute("data-restore").and_then(|n| n.parse().ok()) {
            crate::pages::personas::focus_after_deck(format!("[data-restore=\"{n}\"]"));
            state.deck(DeckAction::RestoreVersion { id, number: n });
        } else if let Some(i) = el.get_attribute("data-flag").and_then(|n| n.parse().ok()) {
            let keep = el.get_attribute("data-keep").as_deref() == Some("true");
            crate::pages::personas::focus_after_deck("#persona-history".to_owned());
            state.deck(DeckAction::Resolve { id, index: i, keep });
        }
    };
    let compare = move |_| {
        // the first time: the version before the latest, against now
        let vs = versions();
        let a = if from.get_untracked() == 0 && to.get_untracked() == 0 {
            vs.iter().rev().nth(1).or(vs.last()).map_or(0, |v| v.0)
        } else {
            from.get_untracked()
        };
        from.set(a);
        state.diff.set(None);
        state.send(&WorkerRequest::Diff { id, from: a, to: to.get_untracked() }, &[]);
    };
    let options = move |selected: RwSignal<u32>| {
        let mut o: Vec<(u32, String)> =
            versions().into_iter().map(|(n, l)| (n, format!("Version {n} · {l}"))).collect();
        o.push((0, "Now".to_owned()));
        o.into_iter()
            .map(|(n, l)| view! { <option value=n.to_string() selected=move || selected.get() == n>{l}</option> })
            .collect_view()
    };
    let pick = move |s: RwSignal<u32>| move |ev: leptos::ev::Event| s.set(event_target_value(&ev).parse().unwrap_or(0));
    crate::pages::personas::focus_on_deck_change(state);
    let diff = move || {
        state.diff.with(|d| d.as_ref().filter(|(for_id, _)| *for_id == id).map(|(_, h)| h.clone()).unwrap_or_default())
    };
    view! {
        <div id="persona-history" tabindex="-1" class="history no-print" data-testid="history" on:click=on_click inner_html=html></div>
        <Show when=move || !versions().is_empty()>
            <section class="compare no-print" data-testid="compare-versions">
                <h2>"Compare versions"</h2>
                <label>"From " <select data-testid="diff-from" on:change=pick(from)>{move || options(from)}</select></label>
                " "
                <label>"to " <select data-testid="diff-to" on:change=pick(to)>{move || options(to)}</select></label>
                " "
                <button type="button" class="button small" data-testid="diff-show" on:click=compare>"Show the changes"</button>
                <div data-testid="diff-result" role="region" aria-live="polite" inner_html=diff></div>
            </section>
        </Show>
    }
}
