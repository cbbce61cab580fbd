//! The Personas page: one card per persona in the user's order, with the deck's actions (add
//! from a template, duplicate, move, archive, delete with undo) and the archived ones apart.
//!
//! The worker keeps the deck and draws the cards as HTML ([`crate::persona_doc`]); their
//! buttons are handled by one delegated click listener, and after a click the focus goes back
//! to the same button of the same persona (or to "Undo" after a delete), so a keyboard user
//! keeps their place.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::AppState;
use crate::digest::DeckAction;

/// The action and persona id of the button a click landed on.
fn action_of(ev: &leptos::ev::MouseEvent) -> Option<(String, u64)> {
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let button = target.closest("[data-action]").ok()??;
    Some((button.get_attribute("data-action")?, button.get_attribute("data-id")?.parse().ok()?))
}

/// The deck action of a card's button, and where the focus goes once the cards are redrawn.
pub fn card_action(action: &str, id: u64) -> Option<(DeckAction, String)> {
    let same = format!("[data-action=\"{action}\"][data-id=\"{id}\"]");
    Some(match action {
        "up" => (DeckAction::Move { id, by: -1 }, same),
        "down" => (DeckAction::Move { id, by: 1 }, same),
        "duplicate" => (DeckAction::Duplicate { id }, same),
        "archive" => (DeckAction::Archive { id, archived: true }, "[data-testid=\"archived\"] > summary".to_owned()),
        "restore" => (DeckAction::Archive { id, archived: false }, same.replace("restore", "archive")),
        "delete" => (DeckAction::Delete { id }, "[data-testid=\"undo-delete\"]".to_owned()),
        _ => return None,
    })
}

thread_local! {
    /// Where the focus goes once the worker's next deck has been drawn.
    static PENDING_FOCUS: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Focuses what `selector` finds once the worker's answer to the action just sent is drawn.
pub fn focus_after_deck(selector: String) {
    PENDING_FOCUS.with(|p| *p.borrow_mut() = Some(selector));
}

/// Moves the focus as asked when the deck changes; one per page that sends deck actions.
pub fn focus_on_deck_change(state: AppState) {
    Effect::new(move |_| {
        state.deck.track();
        if let Some(selector) = PENDING_FOCUS.with(|p| p.borrow_mut().take()) {
            // after the frame that draws the new deck
            request_animation_frame(move || {
                let el = document().query_selector(&selector).ok().flatten();
                if let Some(el) = el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                    let _ = el.focus();
                }
            });
        }
    });
}

#[component]
pub fn PersonasPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let cards = move |archived: bool| {
        state
            .deck
            .with(|d| d.personas.iter().filter(|p| p.archived == archived).map(|p| p.card.as_str()).collect::<String>())
    };
    let archived_count = move || state.deck.with(|d| d.personas.iter().filter(|p| p.archived).count());
    // what a card's button did, said to a screen reader (a delete says it with its Undo)
    let said = RwSignal::new(String::new());
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if let Some((a, id)) = action_of(&ev)
            && let Some((action, focus)) = card_action(&a, id)
        {
            let name = state.deck.with(|d| d.personas.iter().find(|p| p.id == id).map(|p| p.name.clone()));
            said.set(match (a.as_str(), name) {
                ("duplicate", Some(n)) => format!("Duplicated \u{201c}{n}\u{201d}."),
                ("archive", Some(n)) => format!("Archived \u{201c}{n}\u{201d}: it is under Archived."),
                ("restore", Some(n)) => format!("Restored \u{201c}{n}\u{201d}."),
                _ => String::new(),
            });
            focus_after_deck(focus);
            state.deck(action);
        }
    };
    let undo = move |_| {
        // the restored card is drawn only once the worker answers; the focus goes to the page's button
        focus_after_deck("[data-testid=\"add-persona\"]".to_owned());
        state.deck(DeckAction::Undo);
    };
    let deleted = move || state.deck.with(|d| d.last_deleted.clone());
    focus_on_deck_change(state);
    view! {
        <section class="page personas-page" data-testid="personas-page">
            <div class="page-head">
                <h1>"Personas"</h1>
                <button type="button" class="button" data-testid="add-persona" on:click=move |_| state.deck(DeckAction::Add)>
                    "Add a persona from a template"
                </button>
            </div>
            <p class="lede" data-testid="personas-empty" hidden=move || state.deck.with(|d| !d.personas.is_empty())>
                {move || {
                    if state.segmentation.with(|v| v.as_ref().is_some_and(|v| v.all_small)) {
                        "Every segment is smaller than the smallest segment for a persona: lower it on the "
                    } else {
                        "Personas are drafted from your segments: find them on the "
                    }
                }}
                <a href="#/segments">"Segments page"</a>
                ", or add one by hand."
            </p>
            <p class="muted" role="status">
                {move || state.segmenting.get().then_some("Segments are being found; the personas follow.")}
            </p>
            <p class="visually-hidden" role="status" data-testid="card-said">{move || said.get()}</p>
            <div class="toast" role="status" data-testid="undo-toast" hidden=move || deleted().is_none()>
                {move || format!("Deleted “{}”.", deleted().unwrap_or_default())}
                " "
                <button type="button" class="button small" data-testid="undo-delete" on:click=undo>"Undo"</button>
            </div>
            <ol class="persona-grid" data-testid="persona-list" on:click=on_click inner_html=move || cards(false)></ol>
            <details class="archived" data-testid="archived" hidden=move || archived_count() == 0>
                <summary>{move || format!("Archived ({})", archived_count())}</summary>
                <ol class="persona-grid" on:click=on_click inner_html=move || cards(true)></ol>
            </details>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_buttons_map_to_deck_actions() {
        assert_eq!(card_action("up", 3).unwrap().0, DeckAction::Move { id: 3, by: -1 });
        assert_eq!(
            card_action("restore", 3).unwrap(),
            (DeckAction::Archive { id: 3, archived: false }, "[data-action=\"archive\"][data-id=\"3\"]".to_owned())
        );
        assert_eq!(card_action("delete", 4).unwrap().1, "[data-testid=\"undo-delete\"]");
        assert!(card_action("explode", 1).is_none());
    }
}
