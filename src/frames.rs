//! Work spread over animation frames, one piece per frame, so that a large update (every file's
//! card and column table at the end of an import) is not drawn in one long task. While pieces
//! wait, the page's root element carries `data-drawing` (the end-to-end tests wait for it to go).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use leptos::prelude::request_animation_frame;

type Piece = Box<dyn FnOnce()>;

thread_local! {
    static QUEUE: RefCell<VecDeque<Piece>> = RefCell::new(VecDeque::new());
    static RUNNING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `piece` in a coming animation frame, after the pieces queued before it, one per frame.
/// The first piece waits a frame: the next one lays out what the current task changed.
pub fn one_per_frame(piece: impl FnOnce() + 'static) {
    QUEUE.with(|q| q.borrow_mut().push_back(Box::new(piece)));
    if !RUNNING.with(|r| r.replace(true)) {
        drawing(true);
        request_animation_frame(|| request_animation_frame(next));
    }
}

fn next() {
    let piece = QUEUE.with(|q| q.borrow_mut().pop_front());
    match piece {
        Some(piece) => {
            piece();
            request_animation_frame(next);
        }
        None => {
            RUNNING.with(|r| r.set(false));
            drawing(false);
        }
    }
}

fn drawing(on: bool) {
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = if on { root.set_attribute("data-drawing", "") } else { root.remove_attribute("data-drawing") };
    }
}
