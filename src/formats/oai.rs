//! OAI-PMH responses as input: the records of a `ListRecords` or `GetRecord`
//! response, each read by the reader of its metadata format.
//!
//! Mapping: the `metadata` of each `record` is read as the format its root
//! element names — `oai_dc:dc` (simple Dublin Core), a `qualifieddc` (the
//! `oai_qdc` and DCMI containers), `marc:record` (MARCXML), `mods:mods`
//! (MODS). From the `header`: the OAI identifier becomes the publication's
//! record ID (when the record has none of its own) and the datestamp a
//! `modified` event; every header value (identifier, datestamp, setSpec) is
//! also kept as written in `extra` with format `oai-pmh`. A record whose header says
//! `status="deleted"` has no metadata and is skipped with a warning; a
//! `resumptionToken` is reported as a warning, since the response is then one
//! page of a longer harvest; an OAI-PMH `error` is reported as a warning too.
//! A metadata format archcite does not read is an error for that record.

use crate::error::RecordError;
use crate::formats::xml::{Context, Element, RecordElements, Roots};
use crate::formats::{dc, marc, mods, Reader, Records, Source, Warning};
use crate::model::{EdtfDate, Event, EventKind, Extra, NonEmpty, Record};

/// The OAI-PMH 2.0 namespace.
pub const OAI_NS: &str = "http://www.openarchives.org/OAI/2.0/";

pub(crate) static ROOTS: Roots = Roots {
    format: "OAI-PMH",
    ns: OAI_NS,
    record: "record",
    container: (OAI_NS, "OAI-PMH"),
    skip: &["responseDate", "request", "resumptionToken", "error"],
    transparent: &["ListRecords", "GetRecord"],
    notice: Some(notice),
    other_ns: &[],
    bare: None,
};

/// Reads the records of an OAI-PMH response.
pub struct OaiReader;

impl Reader for OaiReader {
    fn read(&self, source: Source) -> Records {
        let (name, warnings) = (source.name.clone(), source.warnings.clone());
        let elements = match RecordElements::new(source, &ROOTS) {
            Ok(e) => e,
            Err(e) => return Box::new(std::iter::once(Err(e))),
        };
        Box::new(elements.filter_map(move |item| {
            let (element, ctx) = match item {
                Ok(x) => x,
                Err(e) => return Some(Err(e)),
            };
            match record(&element, &ctx) {
                Ok(Read::Record(r)) => Some(Ok(*r)),
                Ok(Read::Deleted(id)) => {
                    let message = format!("{id} is deleted in the repository: no record to read");
                    warnings.push(Warning { source: name.clone(), record: Some(ctx.record), message });
                    None
                }
                Err(e) => Some(Err(e)),
            }
        }))
    }
}

/// The record an OAI `record` element holds; `None` for a deleted one.
pub(crate) fn record_from_element(e: &Element, ctx: &Context) -> Result<Option<Record>, RecordError> {
    Ok(match record(e, ctx)? {
        Read::Record(r) => Some(*r),
        Read::Deleted(_) => None,
    })
}

/// What one OAI `record` holds.
enum Read {
    Record(Box<Record>),
    /// A deleted record, by its OAI identifier.
    Deleted(String),
}

fn record(e: &Element, ctx: &Context) -> Result<Read, RecordError> {
    let header = e.first(OAI_NS, "header").ok_or_else(|| ctx.missing(e, "header"))?;
    let identifier =
        header.first(OAI_NS, "identifier").map(|i| i.text().trim().to_string()).unwrap_or_default();
    if header.attr("status") == Some("deleted") {
        return Ok(Read::Deleted(identifier));
    }
    let metadata = e.first(OAI_NS, "metadata").ok_or_else(|| ctx.missing(e, "metadata"))?;
    let inner = metadata.elements().next().ok_or_else(|| {
        ctx.error(metadata.offset, "the record's <metadata> is empty").help(
            "a record that is not deleted carries its metadata (oai_dc, marc21, mods, ...) inside <metadata>",
        )
    })?;
    let mut r = match (inner.ns.as_str(), inner.name.as_str()) {
        (dc::OAI_DC_NS, "dc") | (_, "qualifieddc") => dc::record_from_element(inner, ctx)?,
        (marc::MARC_NS, "record") => marc::record_from_element(inner, ctx)?,
        (mods::MODS_NS, "mods") => mods::record_from_element(inner, ctx)?,
        (ns, name) => {
            let message = format!("metadata in <{name}> ({ns}) is not a format archcite reads");
            return Err(ctx
                .error(inner.offset, message)
                .help("harvest with metadataPrefix=oai_dc, oai_qdc, marc21 or mods"));
        }
    };
    keep_header(&mut r, header, identifier);
    Ok(Read::Record(Box::new(r)))
}

/// The header kept on the record: the OAI identifier as its record ID (when
/// the metadata named none), the datestamp as a `modified` event, and every
/// header value as written in `extra` (format `oai-pmh`): identifier,
/// datestamp (with its time of day) and each setSpec.
fn keep_header(r: &mut Record, header: &Element, identifier: String) {
    if let Some(id) = NonEmpty::new(&identifier) {
        let publication = r.publication_mut();
        if publication.record_id.is_none() {
            publication.record_id = Some(id);
        }
    }
    let stamp = header.first(OAI_NS, "datestamp").map(|d| d.text());
    if let Some(date) = stamp.as_deref().and_then(EdtfDate::parse_loose) {
        let kind = EventKind::parse_loose("modified").unwrap_or(EventKind::Other("modified".into()));
        let note = NonEmpty::new("OAI-PMH datestamp");
        r.events.push(Event { kind, date, note });
    }
    for e in header.elements().filter(|e| e.ns == OAI_NS) {
        let value = e.text().trim().to_string();
        if !value.is_empty() {
            r.extra.extend(Extra::new("oai-pmh", &e.name, value));
        }
    }
}

/// Warnings for the parts of a response that are not records.
fn notice(e: &Element) -> Option<String> {
    let text = e.text();
    let text = text.trim();
    match e.name.as_str() {
        "resumptionToken" if !text.is_empty() => Some(format!(
            "the response is one page of a longer harvest (resumptionToken {text}); \
             ask the repository for the next page with it"
        )),
        "error" => {
            let code = e.attr("code").unwrap_or("error");
            Some(format!("the repository answered with an OAI-PMH error, {code}: {text}"))
        }
        _ => None,
    }
}
