//! Writing records as MARCXML (see the module docs for the mapping).

use std::io::{self, Write};

use super::{control_number, marc_script, DataField, MARC_NS, SCHEMA_LOCATION};
use crate::error::WriteError;
use crate::formats::catalogue::{self, heading_of_person};
use crate::formats::xml::{self, leaf, XmlWriter, DECLARATION, XSI_NS};
use crate::formats::Writer;
use crate::model::{
    Agent, Certainty, Contributor, EdtfDate, EventKind, LanguageTag, NoteKind, Person, Record, Role,
};
use crate::refparse::{self, RenderStyle};

/// Writes a MARCXML `<collection>`, one `<record>` per record, streaming.
#[derive(Default)]
pub struct MarcWriter;

/// The leader: see the module docs.
const LEADER: &str = "00000ntm a2200000 c 4500";

impl Writer for MarcWriter {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(DECLARATION.as_bytes())?;
        writeln!(
            out,
            "<collection xmlns=\"{MARC_NS}\" xmlns:xsi=\"{XSI_NS}\" xsi:schemaLocation=\"{SCHEMA_LOCATION}\">"
        )
    }

    fn write(&mut self, out: &mut dyn Write, record: &Record) -> Result<(), WriteError> {
        let mut buf = Vec::new();
        let mut w = xml::writer(&mut buf);
        write_record(&mut w, record).map_err(xml::write_error)?;
        buf.push(b'\n');
        out.write_all(&buf)?;
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"</collection>\n")
    }
}

fn write_record(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    let fields = data_fields(r);
    w.create_element("record").write_inner_content(|w| {
        leaf(w, "leader", &[], LEADER)?;
        let number = r.key.as_ref().map_or_else(|| control_number(r), |k| k.to_string());
        leaf(w, "controlfield", &[("tag", "001")], &number)?;
        leaf(w, "controlfield", &[("tag", "008")], &fixed_length(r))?;
        for f in &fields {
            let (i1, i2) = (f.ind1.to_string(), f.ind2.to_string());
            w.create_element("datafield")
                .with_attributes([("tag", f.tag), ("ind1", &i1), ("ind2", &i2)])
                .write_inner_content(|w| {
                    for (code, value) in &f.subfields {
                        leaf(w, "subfield", &[("code", &code.to_string())], value)?;
                    }
                    Ok(())
                })?;
        }
        Ok(())
    })?;
    Ok(())
}

// ---------------------------------------------------------------- 008

/// The 40 characters of `008` (books layout, which manuscripts share).
fn fixed_length(r: &Record) -> String {
    let entered = r
        .event(&EventKind::Uploaded)
        .and_then(|d| d.start())
        .and_then(|d| d.to_naive())
        .map_or("000000".to_string(), |d| d.format("%y%m%d").to_string());
    let dates = date_codes(r.date.as_ref());
    let language = r.languages.primary().and_then(LanguageTag::iso639_2).unwrap_or("und");
    // 18-34: no illustrations, audience, form, contents or government source
    // recorded; not a conference, festschrift or index; not fiction.
    let s = format!("{entered}{dates}xx {:4}{:1}{:1}{:4}{:1}000 0 {language} d", "", "", "", "", "");
    debug_assert_eq!(s.chars().count(), 40, "{s}");
    s
}

/// 008/06-14: the type of date and the two dates.
fn date_codes(date: Option<&EdtfDate>) -> String {
    let year = |d: Option<&crate::model::PartialDate>| d.map_or("uuuu".to_string(), |d| d.iso_year());
    let qualified =
        |d: Option<&crate::model::PartialDate>| d.is_some_and(|d| d.certainty() != Certainty::Exact);
    let bce = date.is_some_and(|d| d.start().or(d.end()).is_some_and(|p| p.year() < 0));
    match date {
        None => "nuuuuuuuu".to_string(),
        // 008 has four digits a date: a year before the common era is coded `b`
        // with both dates blank (the date in words in 260/264 still says it).
        Some(_) if bce => "b        ".to_string(),
        Some(EdtfDate::Single(d)) if d.certainty() != Certainty::Exact => {
            format!("q{0}{0}", d.iso_year())
        }
        Some(EdtfDate::Single(d)) => match (d.month(), d.day()) {
            (Some(m), Some(day)) => format!("e{}{m:02}{day:02}", d.iso_year()),
            (Some(m), None) => format!("e{}{m:02}uu", d.iso_year()),
            _ => format!("s{}    ", d.iso_year()),
        },
        Some(EdtfDate::Interval(a, b)) => {
            let kind = if qualified(a.as_ref()) || qualified(b.as_ref()) { 'q' } else { 'i' };
            format!("{kind}{}{}", year(a.as_ref()), year(b.as_ref()))
        }
    }
}

// ---------------------------------------------------------------- data fields

/// Every data field in tag order, `880`s last.
fn data_fields(r: &Record) -> Vec<DataField> {
    let mut links = Links::default();
    let mut f = Vec::new();
    if let Some(id) = r.publication.as_ref().and_then(|p| p.record_id.as_ref()) {
        f.push(DataField::new("024", '8', ' ').sub('a', id.as_str()));
    }
    f.extend(languages(r));
    if let Some(d) = &r.date {
        f.push(date_field(d));
    }
    let main = r.agents.iter().position(|c| c.role == Role::Author);
    if let Some(c) = main.map(|i| &r.agents[i]) {
        f.push(agent_field(c, "100", "110", &mut links));
    }
    f.push(
        DataField::new("245", if main.is_some() { '1' } else { '0' }, nonfiling(&r.title))
            .sub('a', r.title.as_str()),
    );
    if let Some(t) = &r.original_title {
        f.push(DataField::new("246", '1', ' ').sub('i', "Original title:").sub('a', t.as_str()));
    }
    if let Some(d) = &r.date {
        f.push(DataField::new("264", ' ', '0').sub('c', catalogue::date_in_words(d)));
    }
    if let Some(e) = catalogue::extent(r) {
        f.push(DataField::new("300", ' ', ' ').sub('a', e));
    }
    f.extend(notes(r));
    f.extend(r.people.iter().map(|p| person_field("600", p, '4', &mut links)));
    f.extend(r.subjects.iter().map(|s| DataField::new("650", ' ', '4').sub('a', s.as_str())));
    f.extend(r.places.iter().map(|s| DataField::new("651", ' ', '4').sub('a', s.as_str())));
    if let Some(t) = &r.document_type {
        f.push(DataField::new("655", ' ', '4').sub('a', t.label()));
    }
    let others = r.agents.iter().enumerate().filter(|(i, _)| Some(*i) != main).map(|(_, c)| c);
    let (persons, orgs): (Vec<_>, Vec<_>) = others.partition(|c| matches!(c.agent, Agent::Person(_)));
    f.extend(persons.into_iter().map(|c| agent_field(c, "700", "710", &mut links)));
    f.extend(orgs.into_iter().map(|c| agent_field(c, "700", "710", &mut links)));
    f.extend(links_out(r));
    f.extend(r.references.iter().map(location));
    if let Some(u) = r.publication.as_ref().and_then(|p| p.url.as_ref()) {
        f.push(DataField::new("856", '4', '0').sub('u', u.as_str()));
    }
    f.extend(links.fields);
    f
}

/// Leading articles a catalogue skips when filing an English title.
fn nonfiling(title: &str) -> char {
    ["The ", "An ", "A "]
        .iter()
        .find(|a| title.starts_with(*a))
        .map_or('0', |a| char::from_digit(a.len() as u32, 10).unwrap_or('0'))
}

fn languages(r: &Record) -> Option<DataField> {
    let l = &r.languages;
    if l.is_empty() {
        return None;
    }
    let all = l.original.iter().chain(&l.translation);
    let coded = all.clone().all(|t| t.iso639_2().is_some() && t.as_str() == t.primary());
    let code =
        |t: &LanguageTag| if coded { t.iso639_2().unwrap_or("und").to_string() } else { t.to_string() };
    let (text, original): (&[LanguageTag], &[LanguageTag]) =
        if l.translation.is_empty() { (&l.original, &[]) } else { (&l.translation, &l.original) };
    let mut f =
        DataField::new("041", if original.is_empty() { '0' } else { '1' }, if coded { ' ' } else { '7' });
    f.subfields.extend(text.iter().map(|t| ('a', code(t))));
    f.subfields.extend(original.iter().map(|t| ('h', code(t))));
    if !coded {
        f = f.sub('2', "rfc5646");
    }
    Some(f)
}

fn date_field(d: &EdtfDate) -> DataField {
    let f = DataField::new("046", ' ', ' ');
    let f = match d {
        EdtfDate::Single(one) => f.sub('k', one.to_string()),
        EdtfDate::Interval(a, b) => {
            let end = |p: &Option<crate::model::PartialDate>| p.map_or("..".to_string(), |p| p.to_string());
            f.sub('k', end(a)).sub('l', end(b))
        }
    };
    f.sub('2', "edtf")
}

/// `880` fields for names in another script, linked by `$6`.
#[derive(Default)]
struct Links {
    fields: Vec<DataField>,
}

impl Links {
    /// Link `field` to an `880` holding `original`.
    fn link(&mut self, field: &mut DataField, original: &str) {
        let n = self.fields.len() + 1;
        field.subfields.insert(0, ('6', format!("880-{n:02}")));
        let script =
            catalogue::script_of(original).and_then(marc_script).map(|s| format!("/{s}")).unwrap_or_default();
        self.fields.push(
            DataField::new("880", field.ind1, field.ind2)
                .sub('6', format!("{}-{n:02}{script}", field.tag))
                .sub('a', original),
        );
    }
}

fn person_field(tag: &'static str, p: &Person, ind2: char, links: &mut Links) -> DataField {
    let (heading, direct) = heading_of_person(p);
    let mut f = DataField::new(tag, if direct { '0' } else { '1' }, ind2).sub('a', heading);
    if let Some(o) = &p.original_script {
        links.link(&mut f, o);
    }
    f
}

fn agent_field(
    c: &Contributor,
    person_tag: &'static str,
    org_tag: &'static str,
    links: &mut Links,
) -> DataField {
    let f = match &c.agent {
        Agent::Person(p) => person_field(person_tag, p, ' ', links),
        Agent::Organization(o) => DataField::new(org_tag, '2', ' ').sub('a', o.name.as_str()),
    };
    f.sub('e', c.role.label())
        .opt('u', c.on_behalf_of.as_ref().map(|o| o.to_string()))
        .opt('4', c.role.marc_relator())
}

/// The 5XX notes, in tag order.
fn notes(r: &Record) -> Vec<DataField> {
    let mut f = Vec::new();
    for n in &r.notes {
        let text = match n.kind {
            NoteKind::General => n.text.to_string(),
            _ => format!("{}: {}", n.kind.label(), n.text),
        };
        f.push(DataField::new("500", ' ', ' ').sub('a', text));
    }
    for e in &r.events {
        let field = DataField::new("518", ' ', ' ').sub('o', e.kind.label()).sub('d', e.date.to_string());
        f.push(field.opt('a', e.note.as_ref().map(|n| n.to_string())));
    }
    if let Some(s) = &r.summary {
        f.push(DataField::new("520", ' ', ' ').sub('a', s.as_str()));
    }
    f.push(DataField::new("524", ' ', ' ').sub('a', catalogue::preferred_citation(r)));
    for funder in r.funders() {
        f.push(DataField::new("536", ' ', ' ').sub('a', format!("Funded by {}", funder.display_name())));
    }
    f.extend(rights(r));
    if let Some(note) = catalogue::language_note(r) {
        f.push(DataField::new("546", ' ', ' ').sub('a', note));
    }
    if let Some(note) = catalogue::custodial_history(r) {
        f.push(DataField::new("561", ' ', ' ').sub('a', note));
    }
    f.extend(r.published_sources.iter().map(|s| DataField::new("581", ' ', ' ').sub('a', s.as_str())));
    // 540-542 were pushed by `rights`; put them in tag order with the others.
    f.sort_by_key(|d| d.tag);
    f
}

/// `540` terms of use, `541` acquisition, `542` copyright holder.
fn rights(r: &Record) -> Vec<DataField> {
    let mut f = Vec::new();
    let rights = r.rights.as_ref();
    if let Some(x) = rights.filter(|x| x.statement.is_some() || x.license.is_some()) {
        let field = DataField::new("540", ' ', ' ').opt('a', x.statement.as_ref().map(|s| s.to_string()));
        f.push(field.opt('u', x.license.as_ref().map(|u| u.to_string())));
    }
    for c in r.agents_in(Role::ObtainedBy) {
        let heading = catalogue::heading_of_agent(&c.agent);
        f.push(
            DataField::new("541", '1', ' ')
                .sub('a', heading)
                .sub('c', "Copy obtained from the holding archive"),
        );
    }
    if let Some(h) = rights.and_then(|x| x.holder.as_ref()) {
        f.push(DataField::new("542", '1', ' ').sub('d', h.as_str()));
    }
    f
}

/// `773` host item and `787` related records.
fn links_out(r: &Record) -> Vec<DataField> {
    let mut f = Vec::new();
    if let Some(p) = &r.publication {
        let imprint = match (&p.place, &p.publisher) {
            (Some(pl), Some(pb)) => Some(format!("{pl} : {pb}")),
            (Some(pl), None) => Some(format!("{pl} :")),
            (None, Some(pb)) => Some(pb.to_string()),
            (None, None) => None,
        };
        if p.collection.is_some() || imprint.is_some() {
            let host = DataField::new("773", '0', ' ').opt('t', p.collection.as_ref().map(|c| c.to_string()));
            f.push(host.opt('d', imprint));
        }
    }
    for rel in &r.related {
        let field = DataField::new("787", '0', ' ')
            .opt('t', rel.title.as_ref().map(|t| t.to_string()))
            .opt('w', rel.record_id.as_ref().map(|t| t.to_string()));
        f.push(field.opt('o', rel.url.as_ref().map(|u| u.to_string())));
    }
    f
}

/// `852`: the repository, its place, the shelf mark and the reference as written.
fn location(reference: &crate::model::ArchivalReference) -> DataField {
    let repo = reference.repository.as_ref();
    let shelf = refparse::render_location(reference, RenderStyle::Short);
    DataField::new("852", '8', ' ')
        .opt('a', repo.map(|x| x.full_label().to_string()))
        .opt('e', repo.and_then(|x| x.place.as_ref()).map(|p| p.to_string()))
        .opt('j', (!shelf.is_empty()).then_some(shelf))
        .opt('z', reference.raw.as_ref().map(|s| s.to_string()))
}
