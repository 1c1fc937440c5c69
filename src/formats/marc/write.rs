//! Writing records as MARCXML (see the module docs for the mapping).

use std::io::{self, Write};

use super::{control_number, is_control, marc_script, DataField, MARC_NS, SCHEMA_LOCATION};
use crate::error::WriteError;
use crate::formats::catalogue::{self, heading_of_person};
use crate::formats::xml::{self, leaf, XmlWriter, DECLARATION, XSI_NS};
use crate::formats::{KeySlot, Writer};
use crate::model::{
    Agent, Certainty, Contributor, EdtfDate, EventKind, IdScheme, LanguageTag, NoteKind, Person, Record,
    Role, TitleKind, WorkType,
};
use crate::refparse::{self, RenderStyle};

/// Writes a MARCXML `<collection>`, one `<record>` per record, streaming.
#[derive(Default)]
pub struct MarcWriter {
    scratch: Vec<u8>,
}

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
        // One buffer for every record: a record's worth of XML is written
        // into it, so that a record that fails leaves nothing in `out`.
        crate::formats::render_and_place_reusing(self, out, record, |w| &mut w.scratch)
    }

    fn renderer(&self) -> Option<Box<dyn Writer + Send>> {
        Some(Box::new(MarcWriter::default()))
    }

    fn render(&mut self, out: &mut Vec<u8>, record: &Record) -> Result<Option<KeySlot>, WriteError> {
        write_record(&mut xml::writer(&mut *out), record).map_err(xml::write_error)?;
        out.push(b'\n');
        Ok(None)
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"</collection>\n")
    }
}

/// A record as MARC: leader, control fields and data fields, in output order.
pub(super) struct Parts {
    pub(super) leader: String,
    pub(super) control: Vec<(String, String)>,
    pub(super) fields: Vec<DataField>,
}

/// The record as archcite writes it from its model fields alone, without the
/// `extra` values kept from a MARC input.
pub(super) fn generated(r: &Record) -> Parts {
    let number = r.key.as_ref().map_or_else(|| control_number(r), |k| k.to_string());
    Parts {
        leader: leader(r.work_type),
        control: vec![("001".to_string(), number), ("008".to_string(), fixed_length(r))],
        fields: data_fields(r),
    }
}

/// The leader of a record of `work_type`: see the module docs.
pub(super) fn leader(work_type: Option<WorkType>) -> String {
    match work_type {
        None => LEADER.to_string(),
        Some(t) => {
            let [l6, l7] = t.row().marc_leader;
            format!("00000n{}{} a2200000 c 4500", l6 as char, l7 as char)
        }
    }
}

/// The record with the fields kept in `extra` put back: a kept leader or
/// control field replaces the generated one; a kept data field replaces the
/// generated field of the same tag it begins like (it holds what the model
/// could not: `$d` dates of a name, `$2` sources of a heading, indicators);
/// the other kept fields join in tag order.
pub(super) fn parts(r: &Record) -> Parts {
    let mut p = generated(r);
    let mut kept: Vec<(DataField, bool)> = Vec::new();
    for e in r.extra_of("marcxml") {
        let tag = e.field.as_str();
        if tag == "leader" {
            if e.value.chars().count() == 24 {
                p.leader = e.value.clone();
            }
        } else if is_control(tag) {
            match p.control.iter_mut().find(|(t, _)| t == tag && t == "008") {
                Some(slot) => slot.1 = e.value.clone(),
                None => p.control.push((tag.to_string(), e.value.clone())),
            }
        } else if let Some(f) = DataField::from_extra(tag, &e.value) {
            kept.push((f, false));
        }
    }
    p.control.sort_by(|a, b| a.0.cmp(&b.0));
    // Generated 880s whose field is replaced go: the kept field links its own.
    let mut dropped_links: Vec<String> = Vec::new();
    let mut covered = vec![false; p.fields.len()];
    for (i, g) in p.fields.iter_mut().enumerate().filter(|(_, g)| g.tag != "880") {
        let Some(slot) = kept.iter_mut().find(|(k, used)| !used && replaces(k, g)) else {
            // A kept field that holds several values (`653 $a war $a peace`)
            // stands for every generated field of one of them.
            covered[i] = kept.iter().any(|(k, used)| *used && replaces(k, g));
            continue;
        };
        slot.1 = true;
        if let Some((_, link)) = g.subfields.iter().find(|(c, _)| *c == '6') {
            dropped_links.push(format!("{}-{}", g.tag, link.trim_start_matches("880-")));
        }
        *g = slot.0.clone();
    }
    let mut i = 0;
    p.fields.retain(|_| {
        i += 1;
        !covered[i - 1]
    });
    p.fields.retain(|f| {
        f.tag != "880"
            || !f
                .subfields
                .iter()
                .any(|(c, v)| *c == '6' && dropped_links.iter().any(|l| v.starts_with(l.as_str())))
    });
    let (links, generated_fields): (Vec<_>, Vec<_>) = p.fields.into_iter().partition(|f| f.tag == "880");
    // A tag with kept fields is written as kept, in their order, then the
    // generated fields of that tag none of them stands for: the next reading
    // keeps the same fields in the same order.
    let kept_tags: Vec<String> =
        kept.iter().filter(|(k, _)| k.tag != "880").map(|(k, _)| k.tag.clone()).collect();
    let mut fields: Vec<DataField> =
        kept.iter().filter(|(k, _)| k.tag != "880").map(|(k, _)| k.clone()).collect();
    fields.extend(
        generated_fields
            .into_iter()
            .filter(|f| !(kept_tags.contains(&f.tag) && kept.iter().any(|(k, _)| k == f))),
    );
    fields.sort_by(|a, b| a.tag.cmp(&b.tag));
    fields.extend(links);
    fields.extend(kept.into_iter().filter(|(k, used)| !used && k.tag == "880").map(|(k, _)| k));
    p.fields = fields;
    p
}

/// Tags that hold the same kind of value, so a kept field of one replaces a
/// generated field of another: an imprint in `260` or `264`, a call number in
/// `050`, `090` or `099`, a person or an organisation or meeting as main or
/// added entry.
fn slot(tag: &str) -> &str {
    match tag {
        "260" => "264",
        "050" | "090" => "099",
        "100" => "700",
        "130" => "240",
        "110" | "111" | "711" => "710",
        t => t,
    }
}

/// Whether the kept field `k` stands for the generated field `g`: the same
/// slot, and the value of `g`'s first subfield (past `$6`) begins like the
/// value of `k`'s subfield of that code, or the other way round.
pub(super) fn replaces(k: &DataField, g: &DataField) -> bool {
    if slot(&k.tag) != slot(&g.tag) {
        return false;
    }
    let has = |code: char| k.subfields.iter().any(|(c, _)| *c == code);
    let Some((code, value)) = g.subfields.iter().find(|(c, _)| *c != '6' && has(*c)) else { return false };
    let norm = |s: &str| s.trim().trim_end_matches(['.', ',', ':', ';', '/', ' ']).to_lowercase();
    let (gv, code) = (norm(value), *code);
    k.subfields.iter().filter(|(c, _)| *c == code).any(|(_, v)| {
        let kv = norm(v);
        !kv.is_empty() && (gv.starts_with(&kv) || kv.starts_with(&gv))
    })
}

/// One record as a MARCXML `record` element of its own, declaring its
/// namespace and schema, for a document that embeds it (OAI-PMH `marc21`).
pub(crate) fn write_element(out: &mut Vec<u8>, r: &Record) -> Result<(), WriteError> {
    let attrs = [("xmlns", MARC_NS), ("xmlns:xsi", XSI_NS), ("xsi:schemaLocation", SCHEMA_LOCATION)];
    write_record_with(&mut xml::writer(&mut *out), r, &attrs).map_err(xml::write_error)
}

fn write_record(w: &mut XmlWriter, r: &Record) -> io::Result<()> {
    write_record_with(w, r, &[])
}

fn write_record_with(w: &mut XmlWriter, r: &Record, attrs: &[(&str, &str)]) -> io::Result<()> {
    let p = parts(r);
    w.create_element("record").with_attributes(attrs.iter().copied()).write_inner_content(|w| {
        leaf(w, "leader", &[], &p.leader)?;
        for (tag, value) in &p.control {
            leaf(w, "controlfield", &[("tag", tag)], value)?;
        }
        for f in &p.fields {
            let (i1, i2) = (f.ind1.to_string(), f.ind2.to_string());
            w.create_element("datafield")
                .with_attributes([("tag", f.tag.as_str()), ("ind1", &i1), ("ind2", &i2)])
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
    // Theses are nature of contents `m` (24), conference papers conference publication `1` (29).
    let contents = if r.work_type == Some(WorkType::Thesis) { "m" } else { "" };
    let conference = if r.work_type == Some(WorkType::PaperConference) { '1' } else { '0' };
    let s = format!(
        "{entered}{dates}xx {:4}{:1}{:1}{contents:4}{:1}{conference}00 0 {language} d",
        "", "", "", ""
    );
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
pub(super) fn data_fields(r: &Record) -> Vec<DataField> {
    let mut links = Links::default();
    let mut f = Vec::new();
    let published = published(r);
    for id in &r.identifiers {
        f.extend(identifier(&id.scheme, id.value.as_str()));
    }
    if let Some(id) = r.publication.as_ref().and_then(|p| p.record_id.as_ref()) {
        f.push(DataField::new("024", '8', ' ').sub('a', id.as_str()));
    }
    f.extend(languages(r));
    if let Some(d) = &r.date {
        f.push(date_field(d));
    }
    if let Some(n) = &r.number {
        f.push(DataField::new("088", ' ', ' ').sub('a', n.as_str()));
    }
    let main = r.agents.iter().position(|c| c.role == Role::Author);
    if let Some(c) = main.map(|i| &r.agents[i]) {
        f.push(agent_field(c, "100", "110", &mut links));
    }
    f.extend(titles(r, main.is_some(), &mut links));
    if let Some(e) = &r.edition {
        f.push(DataField::new("250", ' ', ' ').sub('a', e.as_str()));
    }
    f.extend(imprint(r, published));
    if let Some(e) = r.extent.as_ref().map(|e| e.to_string()).or_else(|| catalogue::extent(r)) {
        f.push(DataField::new("300", ' ', ' ').sub('a', e));
    }
    if let Some(m) = &r.medium {
        f.push(DataField::new("338", ' ', ' ').sub('a', m.as_str()));
    }
    if let Some(s) = &r.series {
        f.push(
            DataField::new("490", '0', ' ')
                .sub('a', s.title.as_str())
                .opt('v', s.number.as_ref().map(|n| n.to_string())),
        );
    }
    f.extend(notes(r, published));
    f.extend(r.original.as_ref().and_then(original));
    f.extend(r.people.iter().map(|p| person_field("600", p, '4', &mut links)));
    f.extend(r.subjects.iter().map(|s| DataField::new("650", ' ', '4').sub('a', s.as_str())));
    f.extend(r.places.iter().map(|s| DataField::new("651", ' ', '4').sub('a', s.as_str())));
    f.extend(r.keywords.iter().map(|s| DataField::new("653", ' ', ' ').sub('a', s.as_str())));
    if let Some(t) = &r.document_type {
        f.push(DataField::new("655", ' ', '4').sub('a', t.label()));
    }
    let others = r.agents.iter().enumerate().filter(|(i, _)| Some(*i) != main).map(|(_, c)| c);
    let (persons, orgs): (Vec<_>, Vec<_>) = others.partition(|c| matches!(c.agent, Agent::Person(_)));
    f.extend(persons.into_iter().map(|c| agent_field(c, "700", "710", &mut links)));
    f.extend(orgs.into_iter().map(|c| agent_field(c, "700", "710", &mut links)));
    f.extend(links_out(r, published));
    f.extend(r.references.iter().map(location));
    if let Some(u) = r.publication.as_ref().and_then(|p| p.url.as_ref()) {
        f.push(DataField::new("856", '4', '0').sub('u', u.as_str()));
    }
    f.sort_by(|a, b| a.tag.cmp(&b.tag));
    f.extend(links.fields);
    f
}

/// A published work (a type, or a place in a container) has its imprint in
/// `264 _1` and its host in `773`; an archival document has its date of
/// production in `264 _0` and the digital collection in `773`.
pub(super) fn published(r: &Record) -> bool {
    r.work_type.is_some() || r.container.is_some()
}

/// The field of an identifier: `010` LCCN, `020` ISBN, `022` ISSN, `024 7_`
/// with `$2` the source for DOIs, handles, URNs and other schemes, `035`
/// OCLC numbers as `(OCoLC)`, `099` a call number.
pub(super) fn identifier(scheme: &IdScheme, value: &str) -> Option<DataField> {
    Some(match scheme {
        IdScheme::Lccn => DataField::new("010", ' ', ' ').sub('a', value),
        IdScheme::Isbn => DataField::new("020", ' ', ' ').sub('a', value),
        IdScheme::Issn => DataField::new("022", ' ', ' ').sub('a', value),
        IdScheme::Oclc => DataField::new("035", ' ', ' ').sub('a', format!("(OCoLC){value}")),
        IdScheme::CallNumber => DataField::new("099", ' ', ' ').sub('a', value),
        IdScheme::Isrc => DataField::new("024", '0', ' ').sub('a', value),
        IdScheme::Ismn => DataField::new("024", '2', ' ').sub('a', value),
        IdScheme::Handle => DataField::new("024", '7', ' ').sub('a', value).sub('2', "hdl"),
        other => DataField::new("024", '7', ' ').sub('a', value).sub('2', other.as_str()),
    })
}

/// `130`/`240` uniform title, `210` abbreviated title, `245` title and
/// subtitle, `246` original, variant, parallel and short titles, `880` the
/// title in another script.
fn titles(r: &Record, main: bool, links: &mut Links) -> Vec<DataField> {
    let mut f = Vec::new();
    let kind = |t: &crate::model::AltTitle| t.kind.clone();
    for t in &r.alternate_titles {
        match kind(t) {
            Some(TitleKind::Uniform) => {
                let field =
                    if main { DataField::new("240", '1', '0') } else { DataField::new("130", '0', ' ') };
                f.push(field.sub('a', t.title.as_str()));
            }
            Some(TitleKind::Abbreviated) => {
                f.push(DataField::new("210", '0', ' ').sub('a', t.title.as_str()))
            }
            _ => {}
        }
    }
    // An untitled document gets a devised title in brackets (DACS 2.3.18),
    // which files under its first word (ind2 0) and is marked by a note.
    let title = match &r.title {
        Some(t) => DataField::new("245", if main { '1' } else { '0' }, nonfiling(t)).sub('a', t.as_str()),
        None => {
            DataField::new("245", if main { '1' } else { '0' }, '0').sub('a', catalogue::devised_title(r))
        }
    };
    let mut title = title.opt('b', r.subtitle.as_ref().map(|s| s.to_string()));
    for t in r.alternate_titles.iter().filter(|t| kind(t) == Some(TitleKind::OtherScript)) {
        links.link(&mut title, &t.title);
    }
    f.push(title);
    if let Some(t) = &r.original_title {
        f.push(DataField::new("246", '1', ' ').sub('i', "Original title:").sub('a', t.as_str()));
    }
    for t in &r.alternate_titles {
        let field = match kind(t) {
            Some(TitleKind::Alternative) => DataField::new("246", '3', ' '),
            Some(TitleKind::Translated) => DataField::new("246", '3', '1'),
            Some(TitleKind::Uniform | TitleKind::Abbreviated | TitleKind::OtherScript) => continue,
            Some(k) => DataField::new("246", '1', ' ').sub('i', format!("{}:", k.label())),
            None => DataField::new("246", '1', ' ').sub('i', "Title:"),
        };
        f.push(field.sub('a', t.title.as_str()));
    }
    if let Some(s) = &r.short_title {
        f.push(DataField::new("246", '1', ' ').sub('i', SHORT_TITLE).sub('a', s.as_str()));
    }
    f
}

/// `$i` of the `246` holding the short title.
pub(super) const SHORT_TITLE: &str = "Short title:";

/// `264`: the date of production of an archival document (`_0`), the date it
/// was printed (`_1 $c`, `issued`); for a published work its place,
/// publisher and date of publication (`_1`).
fn imprint(r: &Record, published: bool) -> Vec<DataField> {
    let mut f = Vec::new();
    let words = |d: &EdtfDate| catalogue::date_in_words(d);
    if published {
        let p = r.publication.as_ref();
        let field = DataField::new("264", ' ', '1')
            .opt('a', p.and_then(|p| p.place.as_ref()).map(|x| x.to_string()))
            .opt('b', p.and_then(|p| p.publisher.as_ref()).map(|x| x.to_string()))
            .opt('c', r.date.as_ref().map(words));
        if !field.subfields.is_empty() {
            f.push(field);
        }
        if let Some(i) = &r.issued {
            f.push(DataField::new("264", ' ', '2').sub('c', i.to_string()));
        }
        return f;
    }
    if let Some(d) = &r.date {
        f.push(DataField::new("264", ' ', '0').sub('c', words(d)));
    }
    if let Some(i) = &r.issued {
        f.push(DataField::new("264", ' ', '2').sub('c', i.to_string()));
    }
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

/// The note that marks the 245 of an untitled record as devised.
pub(super) const DEVISED_NOTE: &str = "Title devised by cataloguer.";

/// Whether a 500 note says the title was devised ("Title devised by
/// cataloger", "Title devised by archivist.", in either spelling).
pub(super) fn is_devised_note(text: &str) -> bool {
    let t = text.trim().trim_end_matches('.').to_lowercase();
    t.strip_prefix("title devised by ").is_some_and(|who| {
        matches!(
            who,
            "cataloguer" | "cataloger" | "archivist" | "the cataloguer" | "the cataloger" | "the archivist"
        )
    }) || t == "title devised"
}

/// The 5XX notes, in tag order.
fn notes(r: &Record, published: bool) -> Vec<DataField> {
    let mut f = Vec::new();
    if r.title.is_none() {
        f.push(DataField::new("500", ' ', ' ').sub('a', DEVISED_NOTE));
    }
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
    if !published {
        f.push(DataField::new("524", ' ', ' ').sub('a', catalogue::preferred_citation(r)));
    }
    for funder in r.funders() {
        f.push(DataField::new("536", ' ', ' ').sub('a', format!("Funded by {}", funder.display_name())));
    }
    f.extend(rights(r));
    if let Some(note) = catalogue::language_note(r).filter(|_| !published) {
        f.push(DataField::new("546", ' ', ' ').sub('a', note));
    }
    if let Some(note) = catalogue::custodial_history(r) {
        f.push(DataField::new("561", ' ', ' ').sub('a', note));
    }
    f.extend(r.published_sources.iter().map(|s| DataField::new("581", ' ', ' ').sub('a', s.as_str())));
    // 540-542 were pushed by `rights`; put them in tag order with the others.
    f.sort_by(|a, b| a.tag.cmp(&b.tag));
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
///
/// A container is the host: `$7` says what it is (`nnas` a serial, `nnam` a
/// book), `$t` its title, `$p` its short title, `$g` the work's place in it
/// ("Vol. 5, no. 2, ch. 3, p. 95-101"). Without a container, the digital
/// collection of an archival document is the host, `$d` its imprint.
fn links_out(r: &Record, published: bool) -> Vec<DataField> {
    let mut f = Vec::new();
    let p = r.publication.as_ref();
    if let Some(c) = &r.container {
        let serial = matches!(
            r.work_type,
            Some(
                WorkType::ArticleJournal
                    | WorkType::ArticleMagazine
                    | WorkType::ArticleNewspaper
                    | WorkType::Article
            )
        ) || r.work_type.is_none() && c.issue.is_some();
        let host = DataField::new("773", '0', ' ')
            .sub('7', if serial { "nnas" } else { "nnam" })
            .opt('t', c.title.as_ref().map(|t| t.to_string()))
            .opt('p', c.short_title.as_ref().map(|t| t.to_string()))
            .opt('g', related_parts(c));
        f.push(host);
    } else if let Some(p) = p {
        let imprint = match (&p.place, &p.publisher) {
            _ if published => None,
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

/// `534` original version: `$t` title, `$c` "Place : Publisher, date".
fn original(o: &crate::model::OriginalPublication) -> Option<DataField> {
    let mut imprint = match (&o.place, &o.publisher) {
        (Some(pl), Some(pb)) => format!("{pl} : {pb}"),
        (Some(pl), None) => format!("{pl} :"),
        (None, Some(pb)) => format!(": {pb}"),
        (None, None) => String::new(),
    };
    if let Some(d) = &o.date {
        imprint.push_str(if imprint.is_empty() { "" } else { ", " });
        imprint.push_str(&d.to_string());
    }
    let f = DataField::new("534", ' ', ' ')
        .sub('p', "Original version:")
        .opt('t', o.title.as_ref().map(|t| t.to_string()))
        .opt('c', (!imprint.is_empty()).then_some(imprint));
    (f.subfields.len() > 1).then_some(f)
}

/// `773 $g`: "Vol. 5, no. 2, ch. 3, p. 95-101".
pub(super) fn related_parts(c: &crate::model::Container) -> Option<String> {
    let mut parts = Vec::new();
    parts.extend(c.volume.as_ref().map(|v| format!("Vol. {v}")));
    parts.extend(c.issue.as_ref().map(|v| format!("no. {v}")));
    parts.extend(c.chapter.as_ref().map(|v| format!("ch. {v}")));
    parts.extend(c.pages.as_ref().map(|v| format!("p. {v}")));
    (!parts.is_empty()).then(|| parts.join(", "))
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
