//! Writing the processor's output as plain text, HTML or Markdown.
//!
//! hayagriva's own HTML writer does not escape text or URLs, so a title with
//! `&` or `<` would break the page; the output is walked here instead and
//! every format escapes what it must.

use std::fmt::Write;

use hayagriva::citationberg::{Display, FontStyle, FontVariant, FontWeight, TextDecoration, VerticalAlign};
use hayagriva::{ElemChild, ElemChildren, Formatting};

/// How a citation is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum OutputFormat {
    /// Plain text, one citation per line.
    #[default]
    Text,
    /// One well-formed HTML fragment per citation: `<div class="csl-entry">…</div>`.
    Html,
    /// Markdown: `*italics*`, `**bold**`, `<url>` links, specials escaped.
    Markdown,
}

/// One run of output: text with its formatting, a link, or a block boundary.
enum Piece<'a> {
    Text(String, Formatting),
    Link(&'a str, Formatting, &'a str),
    Open(Display),
    Close,
}

/// Write `children` in `format` (without a trailing newline).
pub fn render(children: &ElemChildren, format: OutputFormat) -> String {
    let mut pieces = Vec::new();
    flatten(&children.0, &mut pieces);
    let mut out = String::new();
    match format {
        OutputFormat::Text => write_text(&pieces, &mut out),
        OutputFormat::Html => {
            out.push_str("<div class=\"csl-entry\">");
            write_html(&pieces, &mut out);
            out.push_str("</div>");
        }
        OutputFormat::Markdown => write_markdown(&pieces, &mut out),
    }
    out
}

fn flatten<'a>(children: &'a [ElemChild], out: &mut Vec<Piece<'a>>) {
    for child in children {
        match child {
            ElemChild::Text(t) => push_text(out, &t.text, t.formatting),
            ElemChild::Markup(m) => push_text(out, m, Formatting::default()),
            ElemChild::Link { text, url } => out.push(Piece::Link(&text.text, text.formatting, url)),
            ElemChild::Elem(e) => {
                if let Some(d) = e.display {
                    out.push(Piece::Open(d));
                    flatten(&e.children.0, out);
                    out.push(Piece::Close);
                } else {
                    flatten(&e.children.0, out);
                }
            }
            // Only produced for transparent locators, which archcite never passes.
            ElemChild::Transparent { .. } => {}
        }
    }
}

/// Append text, merging it into the previous run when the formatting is the same
/// (so Markdown gets `*one run*`, not `*one**run*`), and keeping one line.
fn push_text(out: &mut Vec<Piece<'_>>, text: &str, formatting: Formatting) {
    let clean: String = text.chars().map(|c| if matches!(c, '\n' | '\r' | '\t') { ' ' } else { c }).collect();
    if let Some(Piece::Text(prev, f)) = out.last_mut() {
        if *f == formatting {
            prev.push_str(&clean);
            return;
        }
    }
    out.push(Piece::Text(clean, formatting));
}

fn write_text(pieces: &[Piece<'_>], out: &mut String) {
    for p in pieces {
        match p {
            Piece::Text(t, _) => out.push_str(t),
            Piece::Link(t, _, _) => out.push_str(t),
            Piece::Open(_) | Piece::Close => {}
        }
    }
}

fn write_html(pieces: &[Piece<'_>], out: &mut String) {
    for p in pieces {
        match p {
            Piece::Text(t, f) => html_formatted(out, f, &escape_html(t)),
            Piece::Link(t, f, url) => {
                let _ = write!(out, "<a href=\"{}\">", escape_html(url));
                html_formatted(out, f, &escape_html(t));
                out.push_str("</a>");
            }
            Piece::Open(d) => {
                let class = match d {
                    Display::Block => "csl-block",
                    Display::LeftMargin => "csl-left-margin",
                    Display::RightInline => "csl-right-inline",
                    Display::Indent => "csl-indent",
                };
                let _ = write!(out, "<div class=\"{class}\">");
            }
            Piece::Close => out.push_str("</div>"),
        }
    }
}

/// Wrap `escaped` in the tags of its formatting, innermost last.
fn html_formatted(out: &mut String, f: &Formatting, escaped: &str) {
    let mut closes: Vec<&str> = Vec::new();
    let mut open = |tag: &str, close: &'static str| {
        out.push_str(tag);
        closes.push(close);
    };
    if f.font_style == FontStyle::Italic {
        open("<i>", "</i>");
    }
    match f.font_weight {
        FontWeight::Bold => open("<b>", "</b>"),
        FontWeight::Light => open("<span style=\"font-weight:lighter\">", "</span>"),
        FontWeight::Normal => {}
    }
    if f.font_variant == FontVariant::SmallCaps {
        open("<span style=\"font-variant:small-caps\">", "</span>");
    }
    if f.text_decoration == TextDecoration::Underline {
        open("<u>", "</u>");
    }
    match f.vertical_align {
        VerticalAlign::Sup => open("<sup>", "</sup>"),
        VerticalAlign::Sub => open("<sub>", "</sub>"),
        VerticalAlign::None | VerticalAlign::Baseline => {}
    }
    out.push_str(escaped);
    for c in closes.iter().rev() {
        out.push_str(c);
    }
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

fn write_markdown(pieces: &[Piece<'_>], out: &mut String) {
    for p in pieces {
        match p {
            Piece::Text(t, f) => markdown_formatted(out, f, t),
            Piece::Link(t, _, url) if t == url => {
                let _ = write!(out, "<{url}>");
            }
            Piece::Link(t, f, url) => {
                out.push('[');
                markdown_formatted(out, f, t);
                let _ = write!(out, "](<{url}>)");
            }
            Piece::Open(_) | Piece::Close => {}
        }
    }
}

/// Emphasis markers must touch the text, so surrounding spaces go outside them.
fn markdown_formatted(out: &mut String, f: &Formatting, text: &str) {
    let marker = match (f.font_style == FontStyle::Italic, f.font_weight == FontWeight::Bold) {
        (true, true) => "***",
        (true, false) => "*",
        (false, true) => "**",
        (false, false) => "",
    };
    let trimmed = text.trim();
    if marker.is_empty() || trimmed.is_empty() {
        out.push_str(&escape_markdown(text));
        return;
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    let _ = write!(out, "{lead}{marker}{}{marker}{trail}", escape_markdown(trimmed));
}

fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
