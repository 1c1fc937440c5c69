//! Published works in BibTeX and BibLaTeX, from real files
//! (tests/fixtures/bib-published, sources in its SOURCES.md): entry types and
//! fields land in the right model fields, what the model has no field for is
//! kept in `extra`, and bib → json → bib is byte-stable from the second cycle.

use archcite::model::{EventKind, IdScheme, Record, Role, WorkType};
use archcite::Format;

use crate::common::{read_with, root};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures/bib-published").join(name)).unwrap()
}

fn read(format: Format, text: &str) -> Vec<Record> {
    read_with(format, text).into_iter().collect::<Result<_, _>>().unwrap_or_else(|e| panic!("{e}"))
}

fn by_key<'a>(records: &'a [Record], key: &str) -> &'a Record {
    records.iter().find(|r| r.key.as_deref() == Some(key)).unwrap_or_else(|| panic!("{key}"))
}

fn extra<'a>(r: &'a Record, field: &str) -> Option<&'a str> {
    r.extra.iter().find(|e| e.field.as_str() == field).map(|e| e.value.as_str())
}

const FIXTURES: &[(&str, Format)] = &[
    ("biblatex-examples.bib", Format::Biblatex),
    ("bbt-zotero-biblatex.bib", Format::Biblatex),
    ("bbt-mendeley.bib", Format::Bibtex),
    ("epfl-paren.bib", Format::Bibtex),
];

#[test]
fn round_trips_are_stable_from_the_second_cycle() {
    for (name, format) in FIXTURES {
        let cycle = |text: &str| {
            let records = read(*format, text);
            let json = Format::Json.write_string(&records).unwrap();
            format.write_string(&Format::Json.read_str(&json).unwrap()).unwrap()
        };
        let first = cycle(&fixture(name));
        let second = cycle(&first);
        assert_eq!(second, cycle(&second), "{name}");
        assert_eq!(read(*format, &first).len(), read(*format, &fixture(name)).len(), "{name}");
    }
}

#[test]
fn biblatex_entries_land_in_their_fields() {
    let records = read(Format::Biblatex, &fixture("biblatex-examples.bib"));
    let aksin = by_key(&records, "aksin");
    assert_eq!(aksin.work_type, Some(WorkType::ArticleJournal));
    let c = aksin.container.as_ref().unwrap();
    assert_eq!(c.title.as_deref(), Some("J.\u{a0}Organomet. Chem."), "a tie is a no-break space");
    assert_eq!((c.volume.as_deref(), c.issue.as_deref()), (Some("691"), Some("13")));

    let geer = by_key(&records, "geer");
    assert_eq!(geer.work_type, Some(WorkType::Thesis));
    assert_eq!(geer.document_type.as_ref().map(|t| t.label()), Some("PhD thesis"));
    assert_eq!(geer.publication.as_ref().unwrap().publisher.as_deref(), Some("Uppsala Universitet"));
    assert_eq!(geer.agents_in(Role::DegreeGrantor).count(), 1);

    let kowalik = by_key(&records, "kowalik");
    assert_eq!(kowalik.work_type, Some(WorkType::Patent));
    assert_eq!(kowalik.number.as_deref(), Some("9500261"));
    assert_eq!(kowalik.document_type.as_ref().map(|t| t.label()), Some("French patent request"));

    let baez = by_key(&records, "baez/article");
    assert_eq!(baez.identifier(&IdScheme::Arxiv).map(|v| v.as_str()), Some("math/0307200v3"));

    let iliad = by_key(&records, "iliad");
    assert_eq!(iliad.agents_in(Role::Translator).count(), 1);
    assert_eq!(iliad.publication.as_ref().unwrap().place.as_deref(), Some("Düsseldorf; Zürich"));
    assert_eq!(extra(iliad, "introduction"), Some("Latacz, Joachim"), "no role for it: kept");

    let collection = by_key(&records, "westfahl:frontier");
    assert_eq!(extra(collection, "entrytype"), Some("collection"));
    let written = Format::Biblatex.write_string(std::slice::from_ref(collection)).unwrap();
    assert!(written.starts_with("@collection{westfahl:frontier,"), "{written}");
    assert!(written.contains("location     = {Westport, Conn. and London}"), "{written}");
}

#[test]
fn zotero_biblatex_export_keeps_dates_urls_and_its_own_fields() {
    let records = read(Format::Biblatex, &fixture("bbt-zotero-biblatex.bib"));
    let r = by_key(&records, "Oldrup2009CityRural");
    assert_eq!(r.date.as_ref().map(|d| d.to_string()).as_deref(), Some("2009-04-21"));
    assert_eq!(r.event(&EventKind::Accessed).map(|d| d.to_string()).as_deref(), Some("2014-11-09"));
    assert_eq!(r.container.as_ref().unwrap().short_title.as_deref(), Some("Hous. Theory Soc."));
    assert_eq!(r.identifier(&IdScheme::Issn).map(|v| v.as_str()), Some("1403-6096"));
    assert_eq!(r.short_title.as_deref(), Some("Between the City and the Rural"));
    let timestamp = r.extra.iter().find(|e| e.field.as_str() == "timestamp").unwrap();
    assert_eq!(
        (timestamp.format.as_str(), timestamp.value.as_str()),
        ("biblatex", "2015-02-24 12:14:36 +0100")
    );
    // Extras of either bib dialect are written back by both writers.
    for format in [Format::Bibtex, Format::Biblatex] {
        let text = format.write_string(std::slice::from_ref(r)).unwrap();
        assert!(text.contains("timestamp") && text.contains("urldate"), "{text}");
    }
}

#[test]
fn bibtex_entries_keep_their_day_and_their_institution() {
    let epfl = read(Format::Bibtex, &fixture("epfl-paren.bib")).remove(0);
    assert_eq!(epfl.work_type, Some(WorkType::Chapter));
    assert_eq!(
        epfl.date.as_ref().map(|d| d.to_string()).as_deref(),
        Some("2016-05-21"),
        "month = \"May 21,\""
    );
    let series = epfl.series.as_ref().unwrap();
    assert_eq!(series.title.as_str(), "Advances in Anatomy, Embryology and Cell Biology");
    let c = epfl.container.as_ref().unwrap();
    assert_eq!(
        (c.title.as_deref(), c.chapter.as_deref()),
        (Some("Focus on Bio-Image Informatics"), Some("3"))
    );
    assert_eq!(epfl.agents_in(Role::Editor).count(), 3);
    let written = Format::Bibtex.write_string(std::slice::from_ref(&epfl)).unwrap();
    assert!(
        written.contains("month     = may,") && written.contains("date      = {2016-05-21}"),
        "{written}"
    );

    let mendeley = read(Format::Bibtex, &fixture("bbt-mendeley.bib"));
    let thesis = by_key(&mendeley, "Koster2006");
    assert_eq!(thesis.work_type, Some(WorkType::Thesis));
    assert_eq!(
        thesis.publication.as_ref().unwrap().publisher.as_deref(),
        Some("State University of New York at Binghamton")
    );
    let paper = by_key(&mendeley, "Lawrence2019");
    assert_eq!(paper.work_type, Some(WorkType::PaperConference));
    assert_eq!(paper.container.as_ref().unwrap().title.as_deref(), Some("ALISE 2019"));
}

/// Every consumer but biber's data-model check, which also warns about the
/// input's own fields (a `timestamp`, an `isbn` on a thesis) that are kept.
#[test]
fn published_outputs_pass_the_validators() {
    let Some(script) = crate::common::conformance_check() else { return };
    let dir = tempfile::tempdir().unwrap();
    for (name, format) in FIXTURES {
        let text = format.write_string(&read(*format, &fixture(name))).unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let out = std::process::Command::new("bash")
            .arg(&script)
            .arg(format.name())
            .arg(&path)
            .env("CHECK_SKIP", "biber-validate-datamodel")
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&out.stdout);
        if out.status.code() == Some(3) {
            eprintln!("notice: conformance tools missing:\n{report}");
            return;
        }
        assert!(out.status.success(), "{name}:\n{report}");
    }
}

#[test]
fn a_tie_is_a_no_break_space_but_a_date_keeps_its_approximation() {
    let text = "@book{a, title = {J.~Chem. Phys.}, date = {1969-04~}, file = {a~b.pdf}}\n";
    let r = read(Format::Biblatex, text).remove(0);
    assert_eq!(r.title.as_deref().unwrap(), "J.\u{a0}Chem. Phys.");
    assert_eq!(r.date.as_ref().map(|d| d.to_string()).as_deref(), Some("1969-04~"));
    assert_eq!(extra(&r, "file"), Some("a~b.pdf"));
    let written = Format::Biblatex.write_string(std::slice::from_ref(&r)).unwrap();
    assert!(written.contains("J.~Chem. Phys.") && written.contains("= {a~b.pdf}"), "{written}");
}

/// How the input spelled what the model holds comes back in the same format:
/// a journal in a Mendeley `@generic`, a language written "English", a
/// `date` with its day (BibTeX keeps `year` and `month` for its styles).
#[test]
fn a_bib_entry_is_written_back_as_it_was_spelled() {
    let text = "@generic{Miller2019,\n  author = {Laura Miller},\n  journal = {Slate Magazine},\n  \
                title = {Young Adult Fiction},\n  language = {English},\n  date = {2019-12-03},\n}\n";
    let r = read(Format::Bibtex, text).remove(0);
    assert_eq!(r.container.as_ref().unwrap().title.as_deref(), Some("Slate Magazine"));
    assert_eq!(r.languages.original.len(), 1);
    let written = Format::Bibtex.write_string(std::slice::from_ref(&r)).unwrap();
    for line in
        ["journal  = {Slate Magazine}", "language = {English}", "date     = {2019-12-03}", "month    = dec"]
    {
        assert!(written.contains(line), "{line} in\n{written}");
    }
    assert!(!written.contains("booktitle") && !written.contains("@container"), "{written}");
    // The spelling is no value of its own: RIS leaving it out loses nothing.
    let lost: Vec<String> = Format::Ris.losses(&r).iter().map(|l| l.field.to_string()).collect();
    assert!(lost.iter().all(|f| !f.contains("@") && !f.contains("entrytype")), "{lost:?}");
    // A spelling that no longer names the record's language is not written.
    let mut edited = r.clone();
    edited.languages.original = vec!["de".parse().unwrap()];
    let written = Format::Bibtex.write_string(std::slice::from_ref(&edited)).unwrap();
    assert!(written.contains("language = {german}"), "{written}");
}

/// Two backquotes or two apostrophes that a text holds are written apart
/// (`` `{}` ``), so that TeX, and archcite's reader, do not take them for
/// the double quotes they would otherwise be (a property test found "``").
#[test]
fn doubled_backquotes_and_apostrophes_survive_as_written() {
    for title in ["``", "''", "``quoted'' and it's"] {
        let mut r = Record::untitled();
        r.title = archcite::model::NonEmpty::new(title);
        for format in [Format::Bibtex, Format::Biblatex] {
            let written = format.write_string(std::slice::from_ref(&r)).unwrap();
            let back = read(format, &written).remove(0);
            assert_eq!(back.title.as_deref(), Some(title), "{}:\n{written}", format.name());
        }
    }
    // Written as TeX's ligatures, they are the quotes TeX prints.
    let r = read(Format::Biblatex, "@misc{a, title = {``Quoted''}}\n").remove(0);
    assert_eq!(r.title.as_deref(), Some("“Quoted”"));
}

/// A lone `$` is a dollar sign, as BibTeX reads it: the entry is not lost to
/// math that never closes, and paired `$...$` in the same entry stays math.
#[test]
fn a_lone_dollar_sign_is_text_and_the_entry_is_read() {
    let text = "@book{a, title = {The $\\alpha$ particle}, \
                abstract = {spent more than $70,000 a year {on $x$} and $5}}\n\
                @book{b, title = {Next}}\n";
    let records = read(Format::Bibtex, text);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].title.as_deref().unwrap(), "The $\\alpha$ particle");
    let abs = records[0].summary.as_ref().map(|s| s.as_str()).unwrap_or_default().to_string();
    assert!(abs.contains("$70,000 a year") && abs.ends_with("and $5"), "{abs}");
    // An entry broken besides keeps its error at the first reading's place.
    let broken = "@book{c, title = {Costs $5}\n";
    let err = read_with(Format::Bibtex, broken).into_iter().next().unwrap().unwrap_err();
    assert!(err.to_string().contains("1:"), "{err}");
}

/// Names as BibTeX reads them: a comma or space in braces is the name's own
/// ("Edwin V. {Bell, II}"), "Last, Jr, First" keeps its Jr with the family
/// name, and "First von Last" starts the family name at the particle. Each
/// survives a second cycle.
#[test]
fn bibtex_names_keep_braced_commas_suffixes_and_particles() {
    let text = "@article{a, title = {T}, author = {Edwin V. {Bell, II} and Bennett, Jr., Frank G. \
                and Jean de La Fontaine and Ludwig van Beethoven and Plato and {World Bank}}}\n";
    let r = read(Format::Bibtex, text).remove(0);
    let names: Vec<(String, Option<String>)> = r
        .agents
        .iter()
        .map(|a| match &a.agent {
            archcite::model::Agent::Person(p) => {
                (p.family.to_string(), p.given.as_ref().map(|g| g.to_string()))
            }
            other => (other.display_name(), None),
        })
        .collect();
    let expected = [
        ("Bell, II", Some("Edwin V.")),
        ("Bennett, Jr.", Some("Frank G.")),
        ("de La Fontaine", Some("Jean")),
        ("van Beethoven", Some("Ludwig")),
        ("Plato", None),
        ("World Bank", None),
    ];
    let expected: Vec<(String, Option<String>)> =
        expected.iter().map(|(f, g)| (f.to_string(), g.map(str::to_string))).collect();
    assert_eq!(names, expected);
    let once = Format::Bibtex.write_string(std::slice::from_ref(&r)).unwrap();
    let again = Format::Bibtex.write_string(&read(Format::Bibtex, &once)).unwrap();
    assert_eq!(once, again);
}

/// A `~` in `\url{...}` is part of the address, not a tie, and `\path|...|`
/// (Nelson Beebe's bibliographies write addresses so) is read as its text.
#[test]
fn urls_in_text_keep_their_tilde_and_path_is_read_as_its_text() {
    let text = "@misc{a, title = {T}, note = {see \\url{http://www.math.utah.edu/~beebe/} \
                or mail \\path|beebe@math.utah.edu|}}\n";
    let r = read(Format::Bibtex, text).remove(0);
    let note = r.notes[0].text.to_string();
    assert_eq!(note, "see http://www.math.utah.edu/~beebe/ or mail beebe@math.utah.edu");
    let once = Format::Bibtex.write_string(std::slice::from_ref(&r)).unwrap();
    let back = read(Format::Bibtex, &once).remove(0);
    assert_eq!(back.notes[0].text.to_string(), note, "{once}");
}
