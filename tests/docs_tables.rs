//! The tables in docs/ that are printed from code stay in step with it:
//! `docs/work-types.md` (what each format calls each work type) and
//! `docs/carried-fields.md` (which model fields each format carries).
//! Run with `ARCHCITE_UPDATE_DOCS=1` to rewrite them after a change.

use crate::common::root;
use archcite::model::TYPE_TABLE;
use archcite::Format;

fn check(path: &str, expected: String) {
    let file = root().join(path);
    if std::env::var_os("ARCHCITE_UPDATE_DOCS").is_some() {
        std::fs::write(&file, &expected).unwrap();
        return;
    }
    let actual = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(actual == expected, "{path} is out of date: run `ARCHCITE_UPDATE_DOCS=1 cargo test --test integration docs_tables` and read the diff");
}

#[test]
fn work_type_table_is_documented() {
    let mut md = String::from(
        "# Work types\n\n\
         What each format calls each kind of work. Printed from `src/model/work_type.rs`\n\
         (`TYPE_TABLE`) by `tests/docs_tables.rs`; edit the table there, not here.\n\n\
         A record without a work type is an archival document: every format writes it as it\n\
         always has (CSL `manuscript`, BibTeX `@misc`, RIS `MANSCPT`, MARC Leader/06 `t`).\n\
         Readers also accept the other spellings listed in `READ_BIB`, `READ_RIS` and\n\
         `WorkType::parse_loose` (DCMI types, MARC genre terms, `info:eu-repo/semantics/*`).\n\n\
         | CSL 1.0.2 | BibTeX | BibLaTeX | RIS `TY` | MARC Leader/06–07 | MODS `typeOfResource` | MODS `genre` (marcgt) | DCMI Type |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    for row in TYPE_TABLE {
        let [l6, l7] = row.marc_leader;
        md.push_str(&format!(
            "| `{}` | `@{}` | `@{}` | `{}` | `{}{}` | {} | {} | {} |\n",
            row.work_type.csl(),
            row.bibtex,
            row.biblatex,
            row.ris,
            l6 as char,
            l7 as char,
            row.mods_resource,
            row.marcgt.unwrap_or("—"),
            row.dcmi
        ));
    }
    check("docs/work-types.md", md);
}

#[test]
fn carried_fields_are_documented() {
    let mut md = String::from(
        "# What each format carries\n\n\
         The model fields each format's writer writes so that its reader gives them back\n\
         (`Format::carried`). `convert` warns about every other field a record fills, naming\n\
         the record and the field; `validate --for FORMAT` reports them as `not-carried`.\n\
         `tests/carries.rs` checks each table against a real write and read. Printed by\n\
         `tests/docs_tables.rs`.\n\n\
         `*` stands for any rest of the name: `agents[*]` is every role.\n\n\
         JSON-LD, which archcite writes but does not read, lists the fields its writer\n\
         writes (`tests/carries.rs` checks each changes the output).\n\n\
         A `.bib` entry of a published work (a record with a `work_type`) carries more\n\
         than these: `publication.publisher` and `publication.place` in BibTeX, and\n\
         `keywords` and `notes[general]` too in BibLaTeX. An archival entry writes its\n\
         publication in a note line, so they are not carried there.\n",
    );
    for format in Format::ALL.iter().copied().filter(|f| f.writer().is_some()) {
        md.push_str(&format!("\n## {}\n\n", format.name()));
        let names: Vec<String> = format.carried().map(|p| format!("`{p}`")).collect();
        md.push_str(&names.join(", "));
        md.push('\n');
    }
    check("docs/carried-fields.md", md);
}

#[test]
fn json_ld_type_table_is_documented() {
    let path = "docs/mapping-jsonld.md";
    let (start, end) = ("<!-- types: printed by tests/docs_tables.rs -->\n", "<!-- end of types -->\n");
    let mut table = String::from("| CSL 1.0.2 (`work_type`) | schema.org `@type` |\n|---|---|\n");
    for &w in archcite::model::WORK_TYPES {
        table.push_str(&format!("| `{}` | `{}` |\n", w.csl(), archcite::formats::jsonld::schema_type(w)));
    }
    let doc = std::fs::read_to_string(root().join(path)).unwrap();
    let (before, rest) = doc.split_once(start).expect("the start marker");
    let (_, after) = rest.split_once(end).expect("the end marker");
    check(path, format!("{before}{start}{table}{end}{after}"));
}
