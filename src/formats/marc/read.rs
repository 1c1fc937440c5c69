//! Reading MARCXML records into the model (see the module docs for the mapping).
//!
//! Fields archcite derives (`008`, `264`, `300`, `524`, `536`, `541`, `546`,
//! `561`) are read only where the field they come from is missing, so a
//! record written by archcite reads back from its own homes.

use std::collections::HashMap;

use url::Url;

use super::{control_number, DataField, MARC_NS as NS, ROOTS};
use crate::error::RecordError;
use crate::formats::catalogue::{
    person_of_heading, repository_named, role_of_relator, role_of_term, shelf_levels,
};
use crate::formats::xml::{self, Context, Element};
use crate::formats::{Reader, Records, Source};
use crate::model::{
    Agent, ArchivalReference, Contributor, DocumentType, EdtfDate, Event, EventKind, LanguageTag, NonEmpty,
    Note, NoteKind, Organization, PartialDate, Person, Publication, Record, Related, Rights, Role,
};

/// Reads a MARCXML `<collection>` or a lone `<record>`.
pub struct MarcReader;

impl Reader for MarcReader {
    fn read(&self, source: Source) -> Records {
        xml::read_records(source, &ROOTS, record)
    }
}

type Result<T> = std::result::Result<T, RecordError>;

/// A data field as read, with the offset of each subfield for errors.
struct Field {
    inner: DataField,
    offset: usize,
    tag: String,
}

impl Field {
    fn get(&self, code: char) -> Option<&str> {
        self.inner.subfields.iter().find(|(c, _)| *c == code).map(|(_, v)| v.as_str())
    }

    fn all(&self, code: char) -> impl Iterator<Item = &str> {
        self.inner.subfields.iter().filter(move |(c, _)| *c == code).map(|(_, v)| v.as_str())
    }

    fn ne(&self, code: char) -> Option<NonEmpty> {
        self.get(code).and_then(|v| NonEmpty::try_from(v.to_string()).ok())
    }
}

struct Marc {
    control: Vec<(String, String)>,
    fields: Vec<Field>,
}

impl Marc {
    fn tagged<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = &'a Field> + 'a {
        self.fields.iter().filter(move |f| f.tag == tag)
    }

    fn first(&self, tag: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.tag == tag)
    }

    fn control(&self, tag: &str) -> Option<&str> {
        self.control.iter().find(|(t, _)| t == tag).map(|(_, v)| v.as_str())
    }
}

fn parse(e: &Element) -> Marc {
    let mut control = Vec::new();
    let mut fields = Vec::new();
    let leader = e.first(NS, "leader").map(Element::text).unwrap_or_default();
    // Leader/18 `a` or `i`: the text carries ISBD punctuation, which is not data.
    let isbd = matches!(leader.chars().nth(18), Some('a' | 'i'));
    for child in e.elements() {
        let tag = child.attr("tag").unwrap_or("").to_string();
        if child.is(NS, "controlfield") {
            control.push((tag, child.text()));
        } else if child.is(NS, "datafield") {
            let ind = |name: &str| child.attr(name).and_then(|s| s.chars().next()).unwrap_or(' ');
            let subfields = child
                .all(NS, "subfield")
                .map(|s| (s.attr("code").and_then(|c| c.chars().next()).unwrap_or(' '), s.text()))
                .map(|(c, v)| if isbd { (c, unpunctuated(&v)) } else { (c, v) })
                .collect();
            let inner = DataField { tag: "", ind1: ind("ind1"), ind2: ind("ind2"), subfields };
            fields.push(Field { inner, offset: child.offset, tag });
        }
    }
    Marc { control, fields }
}

/// A subfield without the ISBD punctuation that ends it ("Herder," → "Herder").
fn unpunctuated(v: &str) -> String {
    let t = v.trim_end();
    let t = t.strip_suffix([',', ':', ';', '/', '=']).unwrap_or(t);
    // A full stop ends abbreviations too ("N."): drop it only after a word.
    let t = match t.strip_suffix('.') {
        Some(s) if s.chars().rev().take_while(|c| c.is_alphabetic()).count() > 1 => s,
        _ => t,
    };
    t.trim_end().to_string()
}

pub(crate) fn record(e: &Element, ctx: &Context) -> Result<Record> {
    let m = parse(e);
    let title_field = m.first("245").ok_or_else(|| {
        ctx.error(e.offset, "<record> has no title field 245").help("add a datafield tag=\"245\" with $a")
    })?;
    let title =
        [title_field.get('a'), title_field.get('b')].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let title = NonEmpty::try_from(title)
        .map_err(|_| ctx.error(title_field.offset, "the title (245 $a) is empty"))?;
    let mut r = Record::new(title);
    r.key = m.control("001").and_then(|v| NonEmpty::try_from(v.to_string()).ok());
    r.original_title = m
        .tagged("246")
        .find(|f| f.get('i').is_some_and(|i| i.starts_with("Original title")))
        .and_then(|f| f.ne('a'));
    r.document_type = m.first("655").and_then(|f| f.get('a')).and_then(DocumentType::parse_loose);
    r.date = date(ctx, &m)?;
    r.languages = languages(ctx, &m)?;
    let originals = originals(&m);
    r.agents = agents(&m, &originals);
    r.events = events(ctx, &m)?;
    r.references = m.tagged("852").map(reference).collect();
    r.publication = publication(ctx, &m)?;
    r.rights = rights(ctx, &m)?;
    r.summary = m.first("520").and_then(|f| f.ne('a'));
    r.notes = m.tagged("500").filter_map(|f| f.get('a')).filter_map(note).collect();
    r.subjects = m.tagged("650").filter_map(|f| f.ne('a')).collect();
    r.places = m.tagged("651").filter_map(|f| f.ne('a')).collect();
    r.people = m.tagged("600").filter_map(|f| person(f, &originals)).collect();
    r.related = m.tagged("787").map(|f| related(ctx, f)).collect::<Result<_>>()?;
    r.published_sources = m.tagged("581").filter_map(|f| f.ne('a')).collect();
    // A number archcite made up for a record without a key is not a key.
    if r.key.as_deref().is_some_and(|k| k == control_number(&r)) {
        r.key = None;
    }
    Ok(r)
}

/// `046 $k/$l` when present, else the dates of `008`.
fn date(ctx: &Context, m: &Marc) -> Result<Option<EdtfDate>> {
    let Some(f) = m.first("046").filter(|f| f.get('k').is_some() || f.get('l').is_some()) else {
        return Ok(m.control("008").and_then(fixed_date));
    };
    let text = match (f.get('k'), f.get('l')) {
        (Some(k), None) => k.trim().to_string(),
        (k, l) => format!("{}/{}", k.unwrap_or("..").trim(), l.unwrap_or("..").trim()),
    };
    text.parse().map(Some).map_err(|e| {
        ctx.error(f.offset, format!("046: {e}")).help("write EDTF dates in $k and $l, e.g. 1969-04-14")
    })
}

/// A single or detailed date from `008/06-14`.
fn fixed_date(f: &str) -> Option<EdtfDate> {
    let f: Vec<char> = f.chars().collect();
    let part = |a: usize, b: usize| f.get(a..b).map(|s| s.iter().collect::<String>());
    let year: i32 = part(7, 11)?.parse().ok()?;
    let date = match f.get(6)? {
        'e' => {
            let month = part(11, 13).and_then(|m| m.parse().ok());
            let day = part(13, 15).and_then(|d| d.parse().ok()).filter(|_| month.is_some());
            PartialDate::new(year, month, day, Default::default()).ok()?
        }
        's' => PartialDate::new(year, None, None, Default::default()).ok()?,
        _ => return None,
    };
    Some(EdtfDate::Single(date))
}

fn languages(ctx: &Context, m: &Marc) -> Result<crate::model::Languages> {
    let mut l = crate::model::Languages::default();
    let Some(f) = m.first("041") else {
        // Without 041, the language of 008/35-37.
        let code: String = m.control("008").map(|f| f.chars().skip(35).take(3).collect()).unwrap_or_default();
        l.original.extend(LanguageTag::from_code_or_name(&code));
        return Ok(l);
    };
    let tag = |code: &str| -> Result<LanguageTag> {
        LanguageTag::from_code_or_name(code)
            .or_else(|| code.trim().parse().ok())
            .ok_or_else(|| ctx.error(f.offset, format!("041: `{code}` is not a language code")))
    };
    let text: Vec<LanguageTag> = f.all('a').map(tag).collect::<Result<_>>()?;
    let original: Vec<LanguageTag> = f.all('h').map(tag).collect::<Result<_>>()?;
    if original.is_empty() {
        l.original = text;
    } else {
        l.original = original;
        l.translation = text;
    }
    Ok(l)
}

/// Original-script names from `880`, by the tag and link number of their field.
fn originals(m: &Marc) -> HashMap<String, NonEmpty> {
    m.tagged("880")
        .filter_map(|f| {
            let link = f.get('6')?;
            let key = link.split('/').next()?.to_string();
            Some((key, f.ne('a')?))
        })
        .collect()
}

/// The original-script name linked from a field's `$6 880-NN`.
fn original_of(f: &Field, originals: &HashMap<String, NonEmpty>) -> Option<NonEmpty> {
    let n = f.get('6')?.strip_prefix("880-")?;
    originals.get(&format!("{}-{}", f.tag, n.split('/').next()?)).cloned()
}

fn person(f: &Field, originals: &HashMap<String, NonEmpty>) -> Option<Person> {
    let heading = f.get('a')?.trim_end_matches(',');
    let mut p = person_of_heading(heading, f.inner.ind1 == '0')?;
    p.original_script = original_of(f, originals);
    Some(p)
}

/// Agents from `100`/`110`, then `700`, then `710` (`700`/`710` are
/// written in record order); funders named only in `536` are added.
fn agents(m: &Marc, originals: &HashMap<String, NonEmpty>) -> Vec<Contributor> {
    let mut out = Vec::new();
    for tag in ["100", "110", "700", "710"] {
        for f in m.tagged(tag) {
            let agent = if tag.ends_with("00") {
                person(f, originals).map(Agent::Person)
            } else {
                f.ne('a').map(|n| Agent::Organization(Organization::new(n)))
            };
            let Some(agent) = agent else { continue };
            let default = if tag.starts_with('1') { Role::Author } else { Role::Contributor };
            let role = f.get('4').and_then(role_of_relator).or_else(|| f.get('e').and_then(role_of_term));
            let mut c = Contributor::new(role.unwrap_or(default), agent);
            c.on_behalf_of = f.ne('u');
            out.push(c);
        }
    }
    let mut r = Record::new(crate::ne!("-"));
    r.agents = out;
    for f in m.tagged("536") {
        if let Some(name) =
            f.get('a').map(|a| a.strip_prefix("Funded by ").unwrap_or(a)).and_then(NonEmpty::new)
        {
            r.add_funder(name);
        }
    }
    r.agents
}

fn events(ctx: &Context, m: &Marc) -> Result<Vec<Event>> {
    let mut out = Vec::new();
    for f in m.tagged("518") {
        let (Some(kind), Some(d)) = (f.get('o').and_then(EventKind::parse_loose), f.get('d')) else {
            continue;
        };
        let date = d.trim().parse().map_err(|e| ctx.error(f.offset, format!("518 $d: {e}")))?;
        out.push(Event { kind, date, note: f.ne('a') });
    }
    Ok(out)
}

/// A `500` note: "Label: text" for the note kinds archcite knows.
fn note(text: &str) -> Option<Note> {
    let (kind, body) = match text.split_once(": ") {
        Some((label, body)) => match NoteKind::parse_loose(label) {
            Some(k) if !matches!(k, NoteKind::Other(_) | NoteKind::General) => (k, body),
            _ => (NoteKind::General, text),
        },
        None => (NoteKind::General, text),
    };
    Some(Note { kind, text: NonEmpty::try_from(body.to_string()).ok()? })
}

/// An `852` back into a reference: the repository from the registry (else
/// by name and place), the levels by parsing `$j`.
fn reference(f: &Field) -> ArchivalReference {
    let repository = f.ne('a').map(|name| repository_named(name, f.ne('e')));
    let mut reference = ArchivalReference { repository, levels: Vec::new(), raw: f.ne('z') };
    // Other catalogues put the call number in $h (classification) and $i (item).
    let call_number = || {
        let parts: Vec<&str> = f.get('h').into_iter().chain(f.get('i')).collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    };
    let shelf = f.get('j').map(str::to_string).or_else(call_number).filter(|s| !s.trim().is_empty());
    if let Some(shelf) = shelf {
        reference.levels = shelf_levels(reference.repository.as_ref(), &shelf);
    }
    reference
}

fn url(ctx: &Context, offset: usize, what: &str, value: &str) -> Result<Url> {
    Url::parse(value.trim())
        .map_err(|e| ctx.error(offset, format!("{what}: `{value}` is not an absolute URL: {e}")))
}

fn publication(ctx: &Context, m: &Marc) -> Result<Option<Publication>> {
    let host = m.first("773");
    let mut p = Publication { collection: None, publisher: None, place: None, url: None, record_id: None };
    if let Some(h) = host {
        p.collection = h.ne('t');
        if let Some(d) = h.get('d') {
            let (place, publisher) = match d.split_once(" : ") {
                Some((pl, pb)) => (Some(pl), Some(pb)),
                None => match d.strip_suffix(" :") {
                    Some(pl) => (Some(pl), None),
                    None => (None, Some(d)),
                },
            };
            p.place = place.and_then(NonEmpty::new);
            p.publisher = publisher.and_then(NonEmpty::new);
        }
    }
    p.record_id = m.tagged("024").find(|f| f.inner.ind1 == '8').and_then(|f| f.ne('a'));
    if let Some(f) = m.tagged("856").find(|f| f.get('u').is_some()) {
        p.url = Some(url(ctx, f.offset, "856 $u", f.get('u').unwrap_or_default())?);
    }
    Ok(p.non_empty())
}

fn rights(ctx: &Context, m: &Marc) -> Result<Option<Rights>> {
    let terms = m.first("540");
    let license = match terms.and_then(|f| f.get('u').map(|u| (f.offset, u))) {
        Some((offset, u)) => Some(url(ctx, offset, "540 $u", u)?),
        None => None,
    };
    let rights = Rights {
        statement: terms.and_then(|f| f.ne('a')),
        license,
        holder: m.first("542").and_then(|f| f.ne('d')),
    };
    Ok(rights.non_empty())
}

fn related(ctx: &Context, f: &Field) -> Result<Related> {
    let url = f.get('o').map(|u| url(ctx, f.offset, "787 $o", u)).transpose()?;
    Ok(Related { title: f.ne('t'), url, record_id: f.ne('w') })
}
