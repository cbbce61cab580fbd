//! The Web Worker binary: Trunk builds it next to the app and the page starts it on first use.

fn main() {
    persona_studio::worker::run();
}
