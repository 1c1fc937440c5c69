//! Read BibTeX from a string and write MARCXML to a `String`.
//!
//! `cargo run --example bibtex_to_marcxml`

use archcite::Format;

fn main() -> Result<(), archcite::Error> {
    let bibtex = r#"@misc{rgani-5-61-462,
  title        = {Record of a Conversation with Kim Il Sung},
  author       = {Sudarikov, N.},
  year         = {1969},
  month        = apr,
  organization = {Russian State Archive of Contemporary History (RGANI)},
  howpublished = {f. 5, op. 61, d. 462, ll. 95--101},
}"#;
    let records = Format::Bibtex.read_str(bibtex)?;
    let marcxml = Format::Marcxml.write_string(&records)?;
    print!("{marcxml}");
    Ok(())
}
