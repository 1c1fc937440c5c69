//! A published work as a `biblStruct` in `sourceDesc`: `analytic` for an
//! article or chapter, `monogr` for the journal or book (title, short title,
//! edition, `imprint` with the date, `biblScope` for volume, issue, pages and
//! chapter), `series`, and `@type` = the CSL work type.

use std::io;

use super::TEI_NS as NS;
use crate::formats::catalogue;
use crate::formats::xml::{leaf, Element, XmlWriter};
use crate::model::{NonEmpty, Record, Series, WorkType};

/// True when the record has something only a `biblStruct` carries.
pub(super) fn needed(r: &Record) -> bool {
    r.work_type.is_some() || r.container.is_some() || r.series.is_some() || r.edition.is_some()
}

fn ne(e: &Element) -> Option<NonEmpty> {
    NonEmpty::try_from(e.text()).ok()
}

/// The `biblStruct` archcite writes: nothing in it that [`read`] does not take.
pub(super) fn is_own_shape(b: &Element) -> bool {
    const OWN: &[&str] =
        &["analytic", "monogr", "title", "edition", "imprint", "date", "biblScope", "series"];
    fn own(e: &Element) -> bool {
        e.elements().all(|c| c.ns == NS && OWN.contains(&c.name.as_str()) && own(c))
    }
    own(b)
}

/// Read a `biblStruct` into the record's bibliographic fields (those still empty).
pub(super) fn read(b: &Element, r: &mut Record) {
    let archival = r.references.iter().any(|x| x.repository.is_some());
    if r.work_type.is_none() && !archival {
        r.work_type = b.attr("type").and_then(WorkType::parse_loose);
    }
    let analytic = b.first(NS, "analytic").is_some();
    for monogr in b.all(NS, "monogr").take(1) {
        for t in monogr.all(NS, "title") {
            match t.attr("type") {
                Some("short") if analytic && r.container.as_ref().is_none_or(|c| c.short_title.is_none()) => {
                    r.container_mut().short_title = ne(t);
                }
                Some("short") => {}
                _ if analytic && r.container.as_ref().is_none_or(|c| c.title.is_none()) => {
                    r.container_mut().title = ne(t)
                }
                _ => {}
            }
        }
        if r.edition.is_none() {
            r.edition = monogr.first(NS, "edition").and_then(ne);
        }
        let scopes =
            monogr.all(NS, "biblScope").chain(monogr.all(NS, "imprint").flat_map(|i| i.all(NS, "biblScope")));
        for s in scopes {
            let value = match (s.attr("from"), s.attr("to")) {
                (_, _) if !s.text().trim().is_empty() => ne(s),
                (Some(a), Some(b)) if a != b => NonEmpty::new(&format!("{a}–{b}")),
                (Some(a), _) => NonEmpty::new(a),
                _ => None,
            };
            let c = r.container_mut();
            let slot = match s.attr("unit") {
                Some("volume" | "vol") => &mut c.volume,
                Some("issue" | "number" | "no") => &mut c.issue,
                Some("page" | "pp" | "pages") => &mut c.pages,
                Some("chapter") => &mut c.chapter,
                _ => continue,
            };
            if slot.is_none() {
                *slot = value;
            }
        }
        if r.container.as_ref().is_some_and(|c| c.is_empty()) {
            r.container = None;
        }
    }
    if let Some(series) = b.first(NS, "series") {
        if let (None, Some(title)) = (&r.series, series.first(NS, "title").and_then(ne)) {
            let number = series.first(NS, "biblScope").and_then(ne);
            r.series = Some(Series { title, number });
        }
    }
}

/// Write the record's bibliographic fields as a `biblStruct`.
pub(super) fn write(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    let mut el = w.create_element("biblStruct");
    if let Some(t) = r.work_type {
        el = el.with_attribute(("type", t.csl()));
    }
    let container = r.container.clone().unwrap_or_default();
    el.write_inner_content(|w| {
        let analytic = container.title.is_some();
        if analytic {
            w.create_element("analytic").write_inner_content(|w| match &r.title {
                Some(t) => leaf(w, "title", &[("level", "a")], t),
                None => Ok(()),
            })?;
        }
        w.create_element("monogr").write_inner_content(|w| {
            let level = match r.work_type {
                Some(
                    WorkType::ArticleJournal
                    | WorkType::ArticleMagazine
                    | WorkType::ArticleNewspaper
                    | WorkType::Periodical,
                ) => "j",
                _ => "m",
            };
            match &container.title {
                Some(t) => leaf(w, "title", &[("level", level)], t)?,
                None => {
                    let title =
                        r.title.as_ref().map_or_else(|| catalogue::devised_title(r), |t| t.to_string());
                    leaf(w, "title", &[("level", level)], &title)?
                }
            }
            if let (Some(s), true) = (&container.short_title, analytic) {
                leaf(w, "title", &[("level", level), ("type", "short")], s)?;
            }
            if let Some(e) = &r.edition {
                leaf(w, "edition", &[], e)?;
            }
            w.create_element("imprint").write_inner_content(|w| match &r.date {
                Some(d) => super::write::dated(w, "date", d),
                None => {
                    w.create_element("date").write_empty()?;
                    Ok(())
                }
            })?;
            for (unit, v) in [
                ("volume", &container.volume),
                ("issue", &container.issue),
                ("page", &container.pages),
                ("chapter", &container.chapter),
            ] {
                if let Some(v) = v {
                    leaf(w, "biblScope", &[("unit", unit)], v)?;
                }
            }
            Ok(())
        })?;
        if let Some(s) = &r.series {
            w.create_element("series").write_inner_content(|w| {
                leaf(w, "title", &[("level", "s")], &s.title)?;
                if let Some(n) = &s.number {
                    leaf(w, "biblScope", &[("unit", "volume")], n)?;
                }
                Ok(())
            })?;
        }
        Ok(())
    })?;
    Ok(())
}
