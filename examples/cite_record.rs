//! Cite the example record `examples/rgani-5-61-462.json` as a Chicago note
//! and as a GOST bibliography entry in Russian.
//!
//! `cargo run --example cite_record`

use archcite::cite::{style, Citer, Mode, OutputFormat};
use archcite::Format;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/rgani-5-61-462.json");
    let record = &Format::Json.read_str(&std::fs::read_to_string(path)?)?[0];
    let chicago = Citer::new(style::load("chicago-notes")?, None, None)?;
    println!("{}", chicago.cite(record, 0, OutputFormat::Text)?);
    let gost = Citer::new(style::load("gost-r-705-2008-numeric")?, Some("ru-RU"), Some(Mode::Bibliography))?;
    println!("{}", gost.cite(record, 0, OutputFormat::Text)?);
    Ok(())
}
