//! "SVG" and "PNG" under every chart: the chart's own SVG as a file, or the same drawn on a
//! canvas at twice its size and saved as a PNG. Both are made in the page from what it shows;
//! nothing is fetched. One listener on the document serves the charts of every page.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use crate::app::download;

/// Listens for the charts' buttons (`data-chart-export="svg"` or `"png"`) for the app's life.
pub fn listen() {
    let handle = window_event_listener(leptos::ev::click, |ev| {
        let button = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("[data-chart-export]").ok().flatten());
        let Some(button) = button else { return };
        let figure = button.closest("figure").ok().flatten();
        let svg = figure.as_ref().and_then(|f| f.query_selector("svg").ok().flatten());
        let (Some(figure), Some(svg)) = (figure, svg) else { return };
        let name = figure.get_attribute("data-testid").unwrap_or_else(|| "chart".to_owned());
        match button.get_attribute("data-chart-export").as_deref() {
            Some("svg") => download(&format!("{name}.svg"), &svg.outer_html(), "image/svg+xml"),
            Some("png") => png(&svg.outer_html(), format!("{name}.png")),
            _ => {}
        }
    });
    // the app lives as long as the page
    std::mem::forget(handle);
}

fn png(svg: &str, name: String) {
    let Ok(img) = web_sys::HtmlImageElement::new() else { return };
    let source = img.clone();
    let onload = Closure::once_into_js(move || {
        let (w, h) = (source.natural_width().max(1), source.natural_height().max(1));
        let Some(canvas) =
            document().create_element("canvas").ok().and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        else {
            return;
        };
        canvas.set_width(2 * w);
        canvas.set_height(2 * h);
        let ctx = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok());
        let Some(ctx) = ctx else { return };
        ctx.set_fill_style_str("#fff");
        ctx.fill_rect(0.0, 0.0, f64::from(2 * w), f64::from(2 * h));
        let _ =
            ctx.draw_image_with_html_image_element_and_dw_and_dh(&source, 0.0, 0.0, f64::from(2 * w), f64::from(2 * h));
        if let Ok(url) = canvas.to_data_url_with_type("image/png")
            && let Ok(a) = document().create_element("a").map(|a| a.unchecked_into::<web_sys::HtmlAnchorElement>())
        {
            a.set_href(&url);
            a.set_download(&name);
            a.click();
        }
    });
    img.set_onload(Some(onload.unchecked_ref()));
    let encoded = String::from(js_sys::encode_uri_component(svg));
    img.set_src(&format!("data:image/svg+xml;charset=utf-8,{encoded}"));
}
