//! Record pages saved as HTML: the page is turned into the text a browser's
//! "save as text" gives, and that text is read like any saved page.
//!
//! Block elements (`p`, `div`, `h1`–`h6`, `li`, `section`, `tr`, ...) become
//! their own lines with a blank line between blocks, `<br>` ends a line,
//! whitespace runs inside a block are one space (`<pre>` keeps its lines), and
//! character references are decoded by the parser. What a reader of the page
//! never sees as document text is dropped: `head`, scripts, styles,
//! navigation, forms, buttons, images drawn in SVG and `hidden` elements.
//! No-break spaces are kept as they are, as a browser keeps them.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

use crate::limits::{exceeded, Limits};

/// Elements whose contents never reach the text.
const DROPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "nav", "svg", "math", "button", "form", "select",
    "textarea", "iframe", "object", "canvas", "audio", "video", "dialog",
];

/// Elements that start and end a block of text.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "legend",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
];

/// Table cells: separated by a space inside their row.
const CELLS: &[&str] = &["td", "th"];

/// True when `page` is an HTML document rather than saved text: it opens with
/// `<!DOCTYPE html` or `<html`, or has a `<body` element.
pub fn is_html(page: &str) -> bool {
    let head = page.trim_start_matches('\u{feff}').trim_start();
    let opening = head.get(..14).unwrap_or(head).to_ascii_lowercase();
    opening.starts_with("<!doctype html")
        || opening.starts_with("<html")
        || contains_ignore_case(page, "<body")
}

fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    let needle = needle.as_bytes();
    haystack.as_bytes().windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle))
}

/// Refuse a page the HTML parser would take minutes or gigabytes over: larger
/// than the HTML size limit (the parser needs about 15 bytes of memory per byte
/// of page, so the default 16 MiB bounds it near 250 MB), or nesting deeper than
/// the nesting limit (its tree building slows with the square of the depth).
pub fn check_limits(page: &str) -> Result<(), (String, String)> {
    let limits = Limits::get();
    if page.len() > limits.html_bytes {
        return Err(exceeded("the HTML page's size in bytes", limits.html_bytes, "ARCHCITE_MAX_HTML_BYTES"));
    }
    if estimated_depth(page.as_bytes(), limits.nesting) > limits.nesting {
        return Err(exceeded("the depth of nested HTML elements", limits.nesting, "ARCHCITE_MAX_NESTING"));
    }
    Ok(())
}

/// Elements that never have content.
const VOID: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"param",
    b"source", b"track", b"wbr",
];

/// Elements whose end tag may be left out: they close themselves, so they are
/// not counted as depth (a page of a thousand unclosed `<p>` is not deep).
const OPTIONAL_END: &[&[u8]] = &[
    b"p",
    b"li",
    b"dt",
    b"dd",
    b"tr",
    b"td",
    b"th",
    b"option",
    b"optgroup",
    b"tbody",
    b"thead",
    b"tfoot",
    b"colgroup",
    b"caption",
    b"rb",
    b"rt",
    b"rtc",
    b"rp",
    b"html",
    b"head",
    b"body",
];

/// How deep the page's elements nest, counted from its tags alone (up to
/// `stop`: deeper than that is all the caller needs to know).
fn estimated_depth(page: &[u8], stop: usize) -> usize {
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while let Some(lt) = page[i..].iter().position(|&b| b == b'<') {
        i += lt + 1;
        let closing = page.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let len = page[start..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if len == 0 {
            continue;
        }
        let name = page[start..start + len].to_ascii_lowercase();
        let end = page[start..].iter().position(|&b| b == b'>').map_or(page.len(), |p| start + p);
        let self_closing = end > 0 && page.get(end - 1) == Some(&b'/');
        i = end.min(page.len());
        if VOID.contains(&name.as_slice()) || OPTIONAL_END.contains(&name.as_slice()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing {
            // Script and style text may hold `<`: skip to their end tag.
            if name == b"script" || name == b"style" {
                let close = [b"</".as_slice(), &name].concat();
                i = find_ignore_case(page, i, &close).unwrap_or(page.len());
                continue;
            }
            depth += 1;
            deepest = deepest.max(depth);
            if deepest > stop {
                break;
            }
        }
    }
    deepest
}

fn find_ignore_case(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle)).map(|p| from + p)
}

/// The page's text as a browser saves it: one line per line of a block, a blank
/// line between blocks.
pub fn to_text(page: &str) -> String {
    let document = Html::parse_document(page);
    let mut out = TextOut::default();
    // Depth inside dropped elements; an iterative walk, so deep nesting is safe.
    let mut dropped = 0usize;
    let mut pre = 0usize;
    for edge in document.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) if dropped > 0 || is_dropped(el) => dropped += 1,
                _ if dropped > 0 => {}
                Node::Element(el) => match el.name() {
                    "br" => out.line_break(),
                    name if BLOCKS.contains(&name) => {
                        out.block_break();
                        if name == "pre" {
                            pre += 1;
                        }
                    }
                    name if CELLS.contains(&name) => out.space(),
                    _ => {}
                },
                Node::Text(text) if pre > 0 => out.preformatted(text),
                Node::Text(text) => out.inline(text),
                _ => {}
            },
            Edge::Close(node) => match node.value() {
                Node::Element(_) if dropped > 0 => dropped -= 1,
                Node::Element(el) if BLOCKS.contains(&el.name()) => {
                    out.block_break();
                    if el.name() == "pre" {
                        pre -= 1;
                    }
                }
                Node::Element(el) if CELLS.contains(&el.name()) => out.space(),
                _ => {}
            },
        }
    }
    out.finish()
}

fn is_dropped(el: &scraper::node::Element) -> bool {
    DROPPED.contains(&el.name()) || el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true")
}

/// HTML's whitespace (no-break spaces are text, not whitespace).
fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}

/// The text being written: finished lines and the line being filled.
#[derive(Default)]
struct TextOut {
    lines: Vec<String>,
    line: String,
    /// A space is owed before the next character of this line.
    space: bool,
    /// A blank line is owed before the next line.
    blank: bool,
}

impl TextOut {
    /// Text in a block: whitespace runs are one space, none at a line's start.
    fn inline(&mut self, text: &str) {
        for c in text.chars() {
            if is_html_space(c) {
                self.space = !self.line.is_empty();
            } else {
                self.push(c);
            }
        }
    }

    /// Text in `<pre>`: spaces kept, line ends kept.
    fn preformatted(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n");
        for (i, part) in text.split('\n').enumerate() {
            if i > 0 {
                self.line_break();
            }
            for c in part.chars() {
                self.push(c);
            }
        }
    }

    fn push(&mut self, c: char) {
        if self.space {
            self.line.push(' ');
            self.space = false;
        }
        self.line.push(c);
    }

    /// A separator between table cells.
    fn space(&mut self) {
        self.space = !self.line.is_empty();
    }

    /// `<br>`: the line ends; on an empty line it makes a blank line.
    fn line_break(&mut self) {
        if self.line.trim().is_empty() {
            self.line.clear();
            self.space = false;
            self.blank = !self.lines.is_empty();
        } else {
            self.end_line();
        }
    }

    /// The edge of a block: the line ends and a blank line follows.
    fn block_break(&mut self) {
        self.end_line();
        self.blank = !self.lines.is_empty();
    }

    fn end_line(&mut self) {
        self.space = false;
        let line = std::mem::take(&mut self.line);
        let line = line.trim_end();
        if line.is_empty() {
            return;
        }
        if std::mem::take(&mut self.blank) && !self.lines.is_empty() {
            self.lines.push(String::new());
        }
        self.lines.push(line.to_string());
    }

    fn finish(mut self) -> String {
        self.end_line();
        let mut text = self.lines.join("\n");
        text.push('\n');
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_html() {
        assert!(is_html("\u{feff}  <!DOCTYPE html><p>x"));
        assert!(is_html("<HTML lang=en>"));
        assert!(is_html("<meta charset=utf-8>\n<BODY>x</BODY>"));
        assert!(!is_html("Skip to content\n\nApril 14, 1969\n"));
    }

    #[test]
    fn blocks_lines_and_whitespace() {
        let text = to_text(
            "<html><head><title>T</title></head><body><header><div>April 14, 1969</div>\
             <h1>  A   title\n here </h1></header><p>one<br>two<br><br>three</p>\
             <ul><li>a</li><li><b>b</b> c</li></ul><table><tr><th>Type</th><td>Cable</td></tr></table>\
             <pre>x  y\nz</pre></body></html>",
        );
        assert_eq!(
            text,
            "April 14, 1969\n\nA title here\n\none\ntwo\n\nthree\n\na\n\nb c\n\nType Cable\n\nx  y\nz\n"
        );
    }

    #[test]
    fn drops_what_is_not_text_and_decodes_references() {
        let text = to_text(
            "<!DOCTYPE html><body><nav>Menu</nav><script>var x = '<p>no</p>';</script>\
             <style>p{}</style><form><button>Go</button></form><div hidden>secret</div>\
             <p>A&amp;B&nbsp;C &#8211; D&rsquo;s</p></body>",
        );
        assert_eq!(text, "A&B\u{a0}C \u{2013} D\u{2019}s\n");
    }
}
