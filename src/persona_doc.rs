//! A persona as HTML: its card on the Personas page and its whole document.
//!
//! The page places these strings (`inner_html`) instead of building the same markup with view
//! macros: a Leptos view costs code for every element, and the first page load has a budget.
//! Every text is escaped here, the user's own included; the buttons carry `data-action` and
//! `data-id`, and the page handles their clicks in one delegated listener.

use persona_core::avatar;
use persona_core::deck::{Field, Persona};
use persona_core::persona::{Statement, num, pct};

use crate::digest::{SegmentChart, figure_html};

/// Text for HTML content and attribute values (the core's escaping, shared with its SVG).
pub use persona_core::avatar::escape as esc;

const EDITED: &str = r#"<span class="edited-badge" title="Written by you; a new run keeps it">edited</span>"#;

fn badge(edited: bool) -> &'static str {
    if edited { EDITED } else { "" }
}

/// Where the persona comes from, in a sentence.
pub fn origin(p: &Persona) -> String {
    match (&p.draft, p.detached) {
        (Some(d), false) => format!(
            "Drafted from segment {} “{}”: {} customers, {} of all.",
            d.segment + 1,
            d.segment_label,
            num(d.customers as f64),
            pct(d.share)
        ),
        (Some(d), true) => {
            format!("Its segment (“{}”) is not in the latest run: what the data said last is kept.", d.segment_label)
        }
        (None, _) => "Made by hand: nothing here comes from the data.".to_owned(),
    }
}

fn face(p: &Persona) -> String {
    avatar::svg(&p.avatar(), &format!("Face of {}", p.text(Field::Name).value))
}

fn button(action: &str, id: u64, label: &str, aria: &str, class: &str) -> String {
    format!(
        r#"<button type="button" class="button small {class}" data-action="{action}" data-id="{id}" data-testid="{action}" aria-label="{}">{}</button>"#,
        esc(aria),
        esc(label)
    )
}

/// One persona's card: face, name (a link to its document), title, summary, where it comes
/// from, and its actions.
pub fn card_html(p: &Persona) -> String {
    let name = p.text(Field::Name).value;
    let id = p.id;
    let mut actions = String::new();
    if !p.archived {
        actions.push_str(&button("up", id, "↑", &format!("Move {name} up"), ""));
        actions.push_str(&button("down", id, "↓", &format!("Move {name} down"), ""));
        actions.push_str(&button("duplicate", id, "Duplicate", &format!("Duplicate {name}"), ""));
        actions.push_str(&button("archive", id, "Archive", &format!("Archive {name}"), ""));
    } else {
        actions.push_str(&button("restore", id, "Restore", &format!("Restore {name}"), ""));
    }
    actions.push_str(&button("delete", id, "Delete", &format!("Delete {name}"), "danger"));
    format!(
        r##"<li class="persona-card" data-testid="persona-card" data-name="{n}"><div class="avatar small-avatar">{face}</div><div class="persona-card-body"><h2><a href="#/personas/{id}" data-testid="persona-link">{n}</a></h2><p class="persona-title">{title}</p><p class="persona-summary">{summary}</p><p class="muted">{origin}{edited}</p><div class="card-actions" role="group" aria-label="Actions for {n}">{actions}</div></div></li>"##,
        n = esc(&name),
        face = face(p),
        title = esc(&p.text(Field::Title).value),
        summary = esc(&p.text(Field::Summary).value),
        origin = esc(&origin(p)),
        edited = if p.edits.is_empty() { "" } else { EDITED },
    )
}

fn statements(items: &[Statement], testid: &str) -> String {
    if items.is_empty() {
        return r#"<p class="muted">Not in the data: add your own in the editor.</p>"#.to_owned();
    }
    let mut out = format!(r#"<ul class="statements" data-testid="{testid}">"#);
    for s in items {
        out.push_str(r#"<li class="statement"><span class="statement-text">"#);
        out.push_str(&esc(&s.text));
        out.push_str("</span>");
        if let Some(e) = &s.evidence {
            out.push_str(&format!(
                // (named as what it opens: a screen reader heard twenty bare figures in a row)
                r#" <details class="evidence"><summary class="figure" data-testid="figure" aria-label="Evidence: {0}">{0}</summary><p>{1}</p><p class="muted">Source: {2}</p></details>"#,
                esc(&e.figure),
                esc(&e.detail),
                esc(&e.source)
            ));
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    out
}

/// A list field's section; an empty one the user has not touched is left out, and its label
/// added to `missing` (said once at the end rather than as empty sections).
fn section_or_missing(p: &Persona, field: Field, missing: &mut Vec<&'static str>) -> String {
    let shown = p.list(field);
    if shown.value.is_empty() && !shown.edited {
        missing.push(field.label());
        return String::new();
    }
    section(p, field)
}

fn section(p: &Persona, field: Field) -> String {
    let shown = p.list(field);
    format!(
        r#"<section class="doc-section" data-testid="field-{key}" data-edited="{edited}"><h2>{label}{badge}</h2>{list}</section>"#,
        key = field.key(),
        edited = shown.edited,
        label = esc(field.label()),
        badge = badge(shown.edited),
        list = statements(&shown.value, &format!("list-{}", field.key())),
    )
}

fn text(p: &Persona, field: Field, tag: &str) -> String {
    let shown = p.text(field);
    format!(
        r#"<div class="field" data-testid="field-{key}" data-edited="{edited}"><{tag}>{value}</{tag}>{badge}</div>"#,
        key = field.key(),
        edited = shown.edited,
        value = esc(&shown.value),
        badge = badge(shown.edited),
    )
}

/// The whole document of a persona, with its segment's chart beside the story when there is one.
pub fn document_html(p: &Persona, chart: Option<&SegmentChart>) -> String {
    let mut main = String::new();
    main.push_str(r#"<section class="doc-section"><h2>Story</h2>"#);
    main.push_str(&text(p, Field::Story, "p"));
    main.push_str("</section>");
    let mut missing = Vec::new();
    for f in [Field::Motivations, Field::Goals, Field::PainPoints] {
        main.push_str(&section_or_missing(p, f, &mut missing));
    }
    // buying behaviour: the archetype (editable) with the rule and figures that decided it
    main.push_str(r#"<section class="doc-section" data-testid="behaviour"><h2>Buying behaviour</h2>"#);
    main.push_str(&text(p, Field::Archetype, "p"));
    if let Some(d) = &p.draft {
        let a = &d.archetype;
        main.push_str(&format!(r#"<p class="muted" data-testid="archetype-rule">Rule: {}</p>"#, esc(&a.rule)));
        main.push_str(&statements(&a.evidence, "archetype-evidence"));
        if !a.also.is_empty() {
            main.push_str(&format!(r#"<p class="muted">Also fits: {}</p>"#, esc(&a.also.join(", "))));
        }
    }
    main.push_str("</section>");
    for f in [Field::Demographics, Field::Attributes, Field::Psychographics, Field::Channels] {
        main.push_str(&section_or_missing(p, f, &mut missing));
    }
    if !missing.is_empty() {
        let list: Vec<String> = missing.iter().map(|l| l.to_lowercase()).collect();
        main.push_str(&format!(
            r#"<p class="muted" data-testid="not-in-data">The data says nothing of: {}. Add them in the editor if you know them.</p>"#,
            esc(&list.join("; "))
        ));
    }
    if let Some(d) = p.draft.as_ref().filter(|d| !d.terms.is_empty()) {
        main.push_str(
            r#"<section class="doc-section" data-testid="words"><h2>Words in their feedback</h2><ul class="chips">"#,
        );
        for t in &d.terms {
            main.push_str(&format!(
                r#"<li class="chip" title="In {} of {} of their comments, {} of {} of everyone else's (z {:.1})">{}</li>"#,
                t.group_docs,
                t.group_total,
                t.other_docs,
                t.other_total,
                t.z,
                esc(&t.term)
            ));
        }
        main.push_str("</ul></section>");
    }
    let notes = p.text(Field::Notes);
    if !notes.value.is_empty() {
        main.push_str(r#"<section class="doc-section"><h2>Notes</h2>"#);
        main.push_str(&text(p, Field::Notes, "p"));
        main.push_str("</section>");
    }
    let aside: String =
        chart.iter().flat_map(|c| &c.figures).map(|f| figure_html(&f.caption, &f.svg, &f.testid, &f.table)).collect();
    format!(
        r#"<header class="doc-head"><div class="avatar large-avatar" data-testid="avatar">{face}</div><div class="doc-titles">{name}{title}{summary}<p class="muted" data-testid="persona-facts">{origin}</p></div></header>{quote}<div class="doc-body"><div class="doc-main">{main}</div><aside class="doc-aside">{aside}</aside></div>"#,
        face = face(p),
        name = text(p, Field::Name, "h1"),
        title = text(p, Field::Title, "p"),
        summary = text(p, Field::Summary, "p"),
        origin = esc(&origin(p)),
        quote = text(p, Field::Quote, "blockquote"),
    )
}

/// What a workspace link holds, in a few lines: its name, its files, its segments and a card
/// per persona (without the cards' buttons).
pub fn workspace_html(ws: &persona_core::workspace::Workspace) -> String {
    let files: Vec<&str> = ws.files.files.iter().map(|f| f.name.as_str()).collect();
    let segments = ws.segmentation.as_ref().map_or("no segments yet".to_owned(), |s| format!("{} segments", s.k));
    let cards: String = ws
        .deck
        .personas
        .iter()
        .filter(|p| !p.archived)
        .map(|p| {
            format!(
                r#"<li class="persona-card" data-testid="persona-card"><div class="avatar small-avatar">{}</div><div class="persona-card-body"><h2>{}</h2><p class="persona-title">{}</p><p class="persona-summary">{}</p></div></li>"#,
                face(p),
                esc(&p.text(Field::Name).value),
                esc(&p.text(Field::Title).value),
                esc(&p.text(Field::Summary).value)
            )
        })
        .collect();
    format!(
        r#"<h1 data-testid="shared-workspace">{}</h1><p class="muted">A workspace: {} personas; {}; profiles of {}.</p><ol class="persona-grid">{cards}</ol>"#,
        esc(&ws.name),
        ws.persona_count(),
        esc(&segments),
        esc(&if files.is_empty() { "no files".to_owned() } else { files.join(", ") }),
    )
}

/// The app's stylesheet, inlined into exported documents.
const STYLE: &str = include_str!("../style/main.css");

/// A persona as one self-contained HTML file: its document with the segment's chart, the app's
/// stylesheet inline, faces and charts as inline SVG, no script and nothing fetched, so it
/// reads offline in any browser and prints with the print stylesheet.
pub fn standalone_html(p: &Persona, chart: Option<&SegmentChart>) -> String {
    let name = p.text(Field::Name).value;
    format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><title>{title} · persona</title><style>{STYLE} .chart-export {{ display: none; }}</style></head><body><main id="main"><article class="page persona-doc" data-testid="persona-doc">{doc}</article><p class="muted">Exported from Persona Studio. Every figure comes from the customer data it was drafted from; no customer's row is in this file.</p></main></body></html>"#,
        title = esc(&name),
        doc = document_html(p, chart),
    )
}

/// A file name for a persona's export: its name with only letters, digits, spaces and dashes.
pub fn file_name(p: &Persona, extension: &str) -> String {
    let name: String = p
        .text(Field::Name)
        .value
        .chars()
        .map(|c| if c.is_alphanumeric() || c == ' ' || c == '-' { c } else { '-' })
        .collect();
    let name = name.trim();
    format!("{}.{extension}", if name.is_empty() { "persona" } else { name })
}

/// A persona's history: the edits the latest data contradicts (each with "Keep my line" and
/// "Use the data's line"), and its versions with "Restore".
pub fn history_html(p: &Persona) -> String {
    let mut html = String::new();
    if !p.flags.is_empty() {
        html.push_str(r#"<section class="flags" data-testid="flags" role="status"><h2>The new data contradicts your edits</h2><ul>"#);
        for (i, f) in p.flags.iter().enumerate() {
            html.push_str(&format!(
                r#"<li data-testid="flag"><p><strong>{field}</strong>: you kept “{line}”, which the data said before and no longer says. {now}</p><button type="button" class="button small" data-flag="{i}" data-keep="true" data-testid="flag-keep">Keep my line</button> <button type="button" class="button small" data-flag="{i}" data-keep="false" data-testid="flag-drop">{drop}</button></li>"#,
                field = esc(f.field.label()),
                line = esc(&f.line),
                now = match f.now.first() {
                    Some(l) => format!("In its place the data now says “{}”.", esc(l)),
                    None => "The data now says nothing of the kind.".to_owned(),
                },
                drop = if f.now.is_empty() { "Take the line out" } else { "Use the data's line" },
            ));
        }
        html.push_str("</ul></section>");
    }
    if !p.versions.is_empty() {
        html.push_str(r#"<section class="versions" data-testid="versions"><h2>Versions</h2><p class="muted">One per run of the analysis, as the run left the persona; your edits are carried over and marked.</p><ul class="version-list">"#);
        for v in p.versions.iter().rev() {
            html.push_str(&format!(
                r#"<li data-testid="version" data-number="{n}"><strong>Version {n}</strong> · {label}{edited} <button type="button" class="button small" data-restore="{n}" data-testid="restore-version">Restore</button></li>"#,
                n = v.number,
                label = esc(&v.label),
                edited = if v.edited.is_empty() { String::new() } else { format!(" · {} edited by you", v.edited.len()) },
            ));
        }
        html.push_str("</ul></section>");
    }
    html
}

/// The changes between two versions of a persona, field by field: a text's value before and
/// after, a list's lines removed and added; each marked with who changed it.
pub fn diff_html(from: &str, to: &str, changes: &[persona_core::deck::FieldChange]) -> String {
    if changes.is_empty() {
        return format!(r#"<p data-testid="diff-none">No field differs between {} and {}.</p>"#, esc(from), esc(to));
    }
    let mut html = format!(
        r#"<table class="diff" data-testid="diff"><caption>From {} to {}</caption><thead><tr><th scope="col">Field</th><th scope="col">Before</th><th scope="col">After</th><th scope="col">By</th></tr></thead><tbody>"#,
        esc(from),
        esc(to)
    );
    for c in changes {
        let lines = |ls: &[String], class: &str| {
            ls.iter().map(|l| format!(r#"<span class="{class}">{}</span>"#, esc(l))).collect::<Vec<_>>().join("<br>")
        };
        let by = match c.edited {
            (false, false) => "the data",
            (_, true) => "you",
            (true, false) => "the data (your edit was dropped)",
        };
        html.push_str(&format!(
            r#"<tr data-testid="diff-row" data-field="{key}"><th scope="row">{label}</th><td>{before}</td><td>{after}</td><td>{by}</td></tr>"#,
            key = c.field.key(),
            label = esc(c.field.label()),
            before = lines(&c.before, "removed"),
            after = lines(&c.after, "added"),
        ));
    }
    html.push_str("</tbody></table>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use persona_core::deck::Deck;

    #[test]
    fn text_is_escaped() {
        assert_eq!(esc(r#"<b>"Tom" & 'Jo'</b>"#), "&lt;b&gt;&quot;Tom&quot; &amp; &apos;Jo&apos;&lt;/b&gt;");
        let mut deck = Deck::new();
        let id = deck.add_blank();
        let p = deck.get_mut(id).unwrap();
        p.set_text(Field::Name, "<script>alert(1)</script>");
        p.set_list(Field::Goals, "a < b\n\"quoted\"");
        let (card, doc) = (card_html(p), document_html(p, None));
        for html in [&card, &doc] {
            assert!(!html.contains("<script>"), "{html}");
            assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        }
        assert!(doc.contains("a &lt; b") && doc.contains("&quot;quoted&quot;"));
        assert!(doc.contains(r#"data-testid="field-goals" data-edited="true""#));
        assert!(card.contains(r#"data-action="delete" data-id="1""#));
    }

    /// A payload that would make an element, run a script or end an attribute if it were not
    /// escaped.
    const HOSTILE: &str = r#"<img src=x onerror=alert(1)>"><script>alert(2)</script>'"#;

    fn assert_inert(html: &str, what: &str) {
        assert!(!html.contains("<img src=x") && !html.contains("<script>"), "{what}: {html}");
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;&quot;&gt;&lt;script&gt;"),
            "{what} shows the text: {html}"
        );
    }

    #[test]
    fn history_versions_diffs_and_shared_workspaces_escape_every_text() {
        let mut deck = Deck::new();
        let id = deck.add_blank();
        let p = deck.get_mut(id).unwrap();
        p.set_text(Field::Name, HOSTILE);
        p.flags.push(persona_core::deck::Flag {
            field: Field::Goals,
            line: HOSTILE.to_owned(),
            now: vec![HOSTILE.to_owned()],
        });
        p.versions.push(persona_core::deck::Version {
            number: 1,
            label: HOSTILE.to_owned(),
            fields: Default::default(),
            edited: vec![],
        });
        assert_inert(&history_html(p), "history");
        let change = persona_core::deck::FieldChange {
            field: Field::Quote,
            before: vec![HOSTILE.to_owned()],
            after: vec![HOSTILE.to_owned()],
            edited: (false, true),
        };
        assert_inert(&diff_html(HOSTILE, HOSTILE, &[change]), "diff");
        assert_inert(&diff_html(HOSTILE, "now", &[]), "no diff");
        let mut files = persona_core::import::ImportSummary::default();
        files.files.push(persona_core::ingest::profile_bytes(HOSTILE, b"id,x\n1,2\n").expect("reads").profile);
        let ws = persona_core::workspace::Workspace::new(HOSTILE, &files, None, None, &deck);
        let html = workspace_html(&ws);
        assert_inert(&html, "shared workspace");
        // its name, a file's name, and a persona's in the card and in the face's label and title
        assert_eq!(html.matches("&lt;img src=x").count(), 5, "{html}");
    }

    #[test]
    fn sections_the_data_says_nothing_of_are_named_once_not_shown_empty() {
        let mut deck = Deck::new();
        let id = deck.add_blank();
        let p = deck.get_mut(id).unwrap();
        p.set_list(Field::Goals, "Keep their plan");
        let doc = document_html(p, None);
        assert!(doc.contains(r#"data-testid="field-goals""#));
        // a blank persona's lists the user has not touched
        assert!(!doc.contains(r#"data-testid="field-demographics""#), "{doc}");
        let note = "The data says nothing of: demographics; what sets them apart; interests and values; channels and touchpoints.";
        assert!(doc.contains(note), "{doc}");
    }

    #[test]
    fn an_exported_persona_needs_no_script_and_nothing_from_elsewhere() {
        let mut deck = Deck::new();
        let id = deck.add_blank();
        let p = deck.get_mut(id).unwrap();
        p.set_text(Field::Name, "Ana </style><script>x</script>");
        let html = standalone_html(p, None);
        assert!(!html.contains("<script"), "no script");
        assert!(!html.contains("http://") && !html.contains("https://"), "nothing fetched");
        assert!(html.contains("<svg") && html.contains("Ana &lt;/style&gt;"));
        assert_eq!(file_name(p, "html"), "Ana --style--script-x--script-.html");
    }

    #[test]
    fn archived_cards_offer_restore_not_reordering() {
        let mut deck = Deck::new();
        let id = deck.add_blank();
        deck.set_archived(id, true);
        let card = card_html(deck.get(id).unwrap());
        assert!(card.contains(r#"data-action="restore""#));
        assert!(!card.contains(r#"data-action="up""#) && !card.contains(r#"data-action="archive""#));
    }
}
