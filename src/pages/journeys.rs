//! The Journeys and Activation pages: HTML the worker draws ([`crate::journey_doc`]), placed
//! here, with one delegated listener per kind of event that sends back what the user did.
//!
//! A redraw keeps the focus on the control that had it (every control has a stable `id`), so
//! that a keyboard user who changes a stage's name or a map's cell stays where they were.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::AppState;
use crate::protocol::{HtmlView, Input, WorkerRequest};

/// The element `ev` happened on, or its closest ancestor with `attr`.
fn closest(ev: &web_sys::Event, attr: &str) -> Option<web_sys::Element> {
    let el: web_sys::Element = ev.target()?.dyn_into().ok()?;
    el.closest(&format!("[{attr}]")).ok()?
}

/// A control's value: an input's, a select's or a text area's.
fn value_of(el: &web_sys::Element) -> String {
    if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        i.value()
    } else if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        s.value()
    } else if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        t.value()
    } else {
        String::new()
    }
}

/// What the user did with `el`, whose action is in `attr`: its `data-*` values and its value.
fn input_of(el: &web_sys::Element, attr: &str) -> Input {
    let mut input = Input { action: el.get_attribute(attr).unwrap_or_default(), ..Default::default() };
    let names = el.get_attribute_names();
    for name in names.iter().filter_map(|n| n.as_string()) {
        if let Some(key) = name.strip_prefix("data-")
            && let Some(v) = el.get_attribute(&name)
        {
            input.data.insert(key.to_owned(), v);
        }
    }
    let doc = document();
    input.value = if let Some(with) = el.get_attribute("data-with") {
        // the fields a button goes with, by id, one value per line
        with.split(',')
            .filter_map(|id| doc.get_element_by_id(id.trim()))
            .map(|e| value_of(&e))
            .collect::<Vec<_>>()
            .join("\n")
    } else if input.action == "compare" {
        // every ticked box of the group
        let boxes = doc.query_selector_all("[data-input=compare]:checked").ok();
        let mut ids = Vec::new();
        for i in 0..boxes.as_ref().map_or(0, |b| b.length()) {
            if let Some(el) = boxes.as_ref().and_then(|b| b.item(i)).and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                ids.push(value_of(&el));
            }
        }
        ids.join("\n")
    } else {
        value_of(el)
    };
    input
}

/// A worker-drawn page: its HTML, then its charts one per frame; what the user does goes back
/// to the worker as an [`Input`].
#[component]
pub fn WorkerHtml(view: RwSignal<Option<HtmlView>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let body = NodeRef::<leptos::html::Div>::new();
    let charts = NodeRef::<leptos::html::Div>::new();
    let drawn = std::rc::Rc::new(std::cell::Cell::new(0u64));
    // where the keyboard goes after the next redraw, when a button says (`data-focus-next`:
    // a stage moved, and the focus follows it)
    let focus_next = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        let html = view.with(|v| v.as_ref().map(|v| v.html.clone()).unwrap_or_default());
        let count = view.with(|v| v.as_ref().map_or(0, |v| v.charts.len()));
        let (Some(div), Some(chart_div)) = (body.get(), charts.get_untracked()) else { return };
        let doc = document();
        let focused = focus_next
            .try_update_value(Option::take)
            .flatten()
            .or_else(|| doc.active_element().map(|e| e.id()).filter(|id| !id.is_empty() && id != "main"));
        div.set_inner_html(&html);
        if let Some(el) = focused.and_then(|id| doc.get_element_by_id(&id))
            && let Some(el) = el.dyn_ref::<web_sys::HtmlElement>()
        {
            let _ = el.focus();
        }
        chart_div.set_inner_html(if count > 0 { "<h2>Charts</h2>" } else { "" });
        let this = drawn.get() + 1;
        drawn.set(this);
        for i in 0..count {
            let drawn = drawn.clone();
            crate::frames::one_per_frame(move || {
                if drawn.get() != this {
                    return;
                }
                let figure = view.try_with_untracked(|v| v.as_ref().and_then(|v| v.charts.get(i).cloned()));
                if let (Some(Some(figure)), Some(Some(div))) = (figure, charts.try_get_untracked()) {
                    let _ = div.insert_adjacent_html("beforeend", &figure);
                }
            });
        }
    });
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if let Some(el) = closest(&ev, "data-act") {
            focus_next.set_value(el.get_attribute("data-focus-next"));
            state.send(&WorkerRequest::Input(input_of(&el, "data-act")), &[]);
        }
    };
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(el) = closest(&ev, "data-input") {
            state.send(&WorkerRequest::Input(input_of(&el, "data-input")), &[]);
        }
    };
    // Enter in a "new stage" or "rule" field presses its button
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() != "Enter" {
            return;
        }
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let button = match target.id().as_str() {
            "new-stage" => "add-stage",
            "rule-word" => "add-rule",
            _ => return,
        };
        ev.prevent_default();
        if let Some(b) = document().get_element_by_id(button).and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()) {
            b.click();
        }
    };
    view! {
        <div class="worker-html" node_ref=body on:click=on_click on:change=on_change on:keydown=on_key></div>
        <div class="segment-results charts" node_ref=charts></div>
    }
}

/// Progress and errors of the journeys, shared by both pages.
#[component]
fn JourneyStatus() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <p class="progress-text" role="status" data-testid="journey-progress" hidden=move || state.journey_progress.with(Option::is_none)>
            {move || state.journey_progress.get().unwrap_or_default()}
        </p>
        <p class="error" role="alert" data-testid="journey-error" hidden=move || state.journey_error.with(Option::is_none)>
            {move || state.journey_error.get().unwrap_or_default()}
        </p>
    }
}

/// The journey map's link, or why there is none.
fn link_html(link: Option<Result<String, String>>) -> String {
    use crate::persona_doc::esc;
    match link {
        None => String::new(),
        Some(Ok(text)) => format!(
            r#"<div class="share-panel" data-testid="journey-link"><label for="journey-url">Link to this journey map as it is now ({} characters); everything is in the link itself, and the part after # is never sent to a server.</label><input id="journey-url" type="text" readonly data-testid="journey-url" value="{}"></div>"#,
            text.len(),
            esc(&crate::pages::workspaces::link_url(&text))
        ),
        Some(Err(why)) => format!(
            r#"<p class="notice error" role="alert" data-testid="journey-link-error">No link: {}.</p>"#,
            esc(&why)
        ),
    }
}

#[component]
pub fn JourneysPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    state.journey_link.set(None);
    state.send(&WorkerRequest::Journeys, &[]);
    view! {
        <section class="page journeys-page" data-testid="journeys-page">
            <h1>"Journeys"</h1>
            <p class="lede">
                "How customers move from awareness to advocacy, from your events: the stages, which events belong to them, the funnel of each segment or persona side by side, their paths, and a journey map per persona."
            </p>
            <JourneyStatus />
            <div inner_html=move || link_html(state.journey_link.get())></div>
            <WorkerHtml view=state.journeys />
        </section>
    }
}

#[component]
pub fn ActivationPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    state.send(&WorkerRequest::Activation, &[]);
    view! {
        <section class="page activation-page" data-testid="activation-page">
            <h1>"Activation"</h1>
            <p class="lede">
                "What to say to each persona at each stage, what to offer each segment, and a file for your e-mail or CRM tool."
            </p>
            <JourneyStatus />
            <WorkerHtml view=state.activation />
        </section>
    }
}
