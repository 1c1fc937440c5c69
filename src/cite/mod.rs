//! Formatted citations in real CSL styles, rendered by hayagriva.
//!
//! A [`Citer`] holds one parsed style and the parsed locales for a whole run, so
//! a batch pays for parsing once. Each record is checked, turned into the
//! processor's input ([`entry`]), rendered in the requested mode and written as
//! text, HTML or Markdown ([`render`]).
//!
//! ```
//! use archcite::cite::{Citer, Mode, OutputFormat};
//! let record: archcite::model::Record = serde_json::from_str(r#"{
//!   "title": "Ciphered Telegram", "date": "1969-04-14",
//!   "references": [{"repository": {"abbreviation": "APRF"},
//!                   "levels": [{"kind": "fond", "value": "45"}]}]
//! }"#).unwrap();
//! let citer = Citer::new(archcite::cite::style::load("chicago-notes").unwrap(), None, None).unwrap();
//! let note = citer.cite(&record, 0, OutputFormat::Text).unwrap();
//! assert!(note.contains("“Ciphered Telegram,” April 14, 1969"), "{note}");
//! ```

pub mod archival;
pub mod dates;
pub mod entry;
pub mod render;
pub mod style;

use std::panic::AssertUnwindSafe;

use hayagriva::citationberg::json::Item;
use hayagriva::citationberg::{Locale, LocaleCode, StyleClass};
use hayagriva::{BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, ElemChildren};

use crate::model::Record;
pub use archival::{ArchiveForm, Convention};
pub use entry::LocationForm;
pub use render::OutputFormat;
pub use style::{LoadedStyle, StyleError};

/// Which part of the style is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mode {
    /// The citation layout as a first footnote (a full note in note styles).
    Note,
    /// The bibliography entry.
    Bibliography,
    /// The citation layout as an in-text citation: "(Sudarikov 1969)".
    InText,
}

/// Where a note stands among the notes of a run that cite the same document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Position {
    /// The first citation: the full note.
    #[default]
    First,
    /// A later citation, not directly after the last one: the style's short note.
    Subsequent,
    /// The same document as the note just before: "Ibid." / "Там же" where
    /// the style uses it, its short note otherwise.
    Ibid,
}

/// Why one record could not be cited. The run goes on with the next record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CiteError {
    /// The record lacks what any citation needs.
    #[error("cannot cite: {0}")]
    Missing(String),
    /// The style rendered nothing for the record.
    #[error("the style `{0}` renders nothing for this record: it lacks every variable the style prints")]
    Empty(String),
    /// The processor failed on this record.
    #[error("the citation processor failed on this record: {0}")]
    Processor(String),
}

/// Rendering is CPU-bound and a batch is independent records; more threads
/// than this only contend for memory bandwidth on the machines archcite targets.
const MAX_WORKERS: usize = 8;

/// A style, a locale and a mode, parsed once and used for every record of a run.
pub struct Citer {
    style: LoadedStyle,
    locale: Option<LocaleCode>,
    locales: Vec<Locale>,
    mode: Mode,
    location: LocationForm,
    /// The repository's form asked for; `None` lets the style choose.
    archive: Option<ArchiveForm>,
    /// The locale the citations are written in, for archcite's own date and
    /// location writing ("en-US" when neither the run nor the style says).
    tag: String,
    /// Month names after a day go into the genitive in the rendered text.
    inflected: bool,
    /// A full stop or comma after a closing quotation mark goes inside it (the
    /// locale's `punctuation-in-quote`, which hayagriva does not apply to a
    /// layout's suffix); archcite's archival styles only, so that other
    /// styles render as hayagriva renders them.
    punctuation_in_quote: bool,
}

impl Citer {
    /// Prepare a run. `locale` is a BCP 47 tag matched to a bundled locale;
    /// `mode` defaults to a note for note styles and a bibliography entry otherwise.
    pub fn new(style: LoadedStyle, locale: Option<&str>, mode: Option<Mode>) -> Result<Citer, StyleError> {
        let locales = style::locales();
        let locale = match locale {
            Some(tag) => Some(style::locale(tag, &locales)?),
            None => style.default_locale.clone(),
        };
        let mode = mode.unwrap_or(match style.csl.settings.class {
            StyleClass::Note => Mode::Note,
            StyleClass::InText => Mode::Bibliography,
        });
        if mode == Mode::Bibliography && style.csl.bibliography.is_none() {
            return Err(StyleError::NoBibliography { name: style.name.clone() });
        }
        let location = location_form(&style, locale.as_ref());
        let tag = locale
            .as_ref()
            .or(style.csl.default_locale.as_ref())
            .map_or_else(|| "en-US".to_string(), |l| l.0.clone());
        let inflected = dates::inflects(&tag);
        let punctuation_in_quote = style.convention.is_some()
            && locales.iter().any(|l| {
                l.lang.as_ref().is_some_and(|c| c.0 == tag)
                    && l.style_options.as_ref().and_then(|o| o.punctuation_in_quote) == Some(true)
            });
        let style = renderable_part(with_names_delimiter(style), mode);
        Ok(Citer {
            style,
            locale,
            locales,
            mode,
            location,
            archive: None,
            tag,
            inflected,
            punctuation_in_quote,
        })
    }

    /// Name the repository in `form` instead of the style's choice (archcite's
    /// archival styles choose; any other style gets "Name (ABBR)").
    pub fn with_archive_form(mut self, form: ArchiveForm) -> Citer {
        self.archive = Some(form);
        self
    }

    /// The mode in use.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Cite one record; `index` is its 0-based position in the run (for its id).
    pub fn cite(&self, record: &Record, index: usize, format: OutputFormat) -> Result<String, CiteError> {
        self.cite_at(record, index, format, Position::First)
    }

    /// Cite one record as a note at `position` among the notes citing it
    /// (only notes differ by position; other modes ignore it).
    pub fn cite_at(
        &self,
        record: &Record,
        index: usize,
        format: OutputFormat,
        position: Position,
    ) -> Result<String, CiteError> {
        let item = self.item(record, index)?;
        // `check` and `to_item` keep hayagriva's known panics out of reach (date
        // ranges, malformed date parts); this only turns an unknown one into an
        // error about this record instead of ending the run.
        let rendered = std::panic::catch_unwind(AssertUnwindSafe(|| self.render(&item, position)))
            .map_err(|p| CiteError::Processor(panic_message(p.as_ref())))??;
        self.written(&rendered, format)
    }

    fn item(&self, record: &Record, index: usize) -> Result<Item, CiteError> {
        entry::check(record).map_err(|m| CiteError::Missing(m.0))?;
        let prepare = entry::Prepare {
            location: self.location,
            archive: self.archive,
            convention: self.style.convention,
            locale: &self.tag,
        };
        entry::to_item_with(record, index, &prepare).map_err(CiteError::Processor)
    }

    fn written(&self, rendered: &ElemChildren, format: OutputFormat) -> Result<String, CiteError> {
        let text = render::render(rendered, format);
        if render::render(rendered, OutputFormat::Text).trim().is_empty() {
            return Err(CiteError::Empty(self.style.name.clone()));
        }
        let text = if self.inflected { dates::genitive_after_day(&text, &self.tag) } else { text };
        Ok(if self.punctuation_in_quote {
            text.replace("”.", ".”").replace("”,", ",”")
        } else {
            text
        })
    }

    /// The bibliography of a whole run, as the style prescribes it: sorted by
    /// its keys, each document once (records with the same key, or the same
    /// record twice, are one entry). Records that cannot be cited are returned
    /// with their 0-based index in `records`.
    pub fn bibliography_of(
        &self,
        records: &[&Record],
        first_index: usize,
        format: OutputFormat,
    ) -> (Vec<String>, Vec<(usize, CiteError)>) {
        let mut errors = Vec::new();
        let mut items = Vec::new();
        let mut seen = std::collections::HashMap::new();
        for (i, record) in records.iter().enumerate() {
            let id = identity(record);
            if seen.contains_key(&id) {
                continue;
            }
            match self.item(record, first_index + i) {
                Ok(item) => {
                    seen.insert(id, items.len());
                    items.push(item);
                }
                Err(e) => errors.push((i, e)),
            }
        }
        if items.is_empty() || self.mode != Mode::Bibliography {
            return (Vec::new(), errors);
        }
        let run = std::panic::catch_unwind(AssertUnwindSafe(|| {
            let mut driver = BibliographyDriver::new();
            let cited: Vec<_> = items.iter().map(CitationItem::with_entry).collect();
            driver.citation(CitationRequest::new(
                cited,
                &self.style.csl,
                self.locale.clone(),
                &self.locales,
                Some(1),
            ));
            driver.finish(BibliographyRequest::new(&self.style.csl, self.locale.clone(), &self.locales))
        }));
        let entries = match run {
            Ok(rendered) => rendered.bibliography.map(|b| b.items).unwrap_or_default(),
            Err(p) => {
                let e = CiteError::Processor(panic_message(p.as_ref()));
                errors.extend((0..records.len()).map(|i| (i, e.clone())));
                return (Vec::new(), errors);
            }
        };
        let texts = entries.iter().filter_map(|e| self.written(&e.content, format).ok()).collect();
        (texts, errors)
    }

    /// Cite a batch across the machine's cores, results in input order;
    /// `first_index` is the 0-based position of the batch's first record in the run.
    pub fn cite_batch(
        &self,
        records: &[&Record],
        first_index: usize,
        format: OutputFormat,
    ) -> Vec<Result<String, CiteError>> {
        let positioned: Vec<(&Record, Position)> = records.iter().map(|r| (*r, Position::First)).collect();
        self.cite_batch_at(&positioned, first_index, format)
    }

    /// [`Citer::cite_batch`] with each note's position among the notes of the run.
    pub fn cite_batch_at(
        &self,
        records: &[(&Record, Position)],
        first_index: usize,
        format: OutputFormat,
    ) -> Vec<Result<String, CiteError>> {
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(MAX_WORKERS);
        if workers == 1 || records.len() < 2 * workers {
            return records
                .iter()
                .enumerate()
                .map(|(i, (r, p))| self.cite_at(r, first_index + i, format, *p))
                .collect();
        }
        let size = records.len().div_ceil(workers);
        std::thread::scope(|scope| {
            let handles: Vec<_> = records
                .chunks(size)
                .enumerate()
                .map(|(c, chunk)| {
                    scope.spawn(move || {
                        chunk
                            .iter()
                            .enumerate()
                            .map(|(i, (r, p))| self.cite_at(r, first_index + c * size + i, format, *p))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            // `cite` catches the processor's panics, so a join fails only if the
            // thread itself could not run; its records are then reported, not lost.
            let lengths = records.chunks(size).map(<[_]>::len);
            handles
                .into_iter()
                .zip(lengths)
                .flat_map(|(h, len)| {
                    h.join().unwrap_or_else(|_| {
                        vec![Err(CiteError::Processor("worker thread failed".into())); len]
                    })
                })
                .collect()
        })
    }

    fn render(&self, item: &Item, position: Position) -> Result<ElemChildren, CiteError> {
        Ok(match self.mode {
            Mode::Note => self.citation(item, Some(1), position),
            Mode::InText => self.citation(item, None, Position::First),
            Mode::Bibliography => self.bibliography(item)?,
        })
    }

    /// Run the engine on the item as the last of a short run of notes that puts
    /// it at `position`: alone (first), twice (ibid), or after another
    /// document's note (subsequent). hayagriva gives positions only from the
    /// notes it has seen, so the run is replayed; a first note costs one render.
    fn run(&self, item: &Item, note: Option<usize>, position: Position) -> hayagriva::Rendered {
        // Built only for a subsequent note, so that a first note costs nothing more.
        let other = (position == Position::Subsequent).then(other_item);
        let sequence: Vec<&Item> = match (position, &other) {
            (Position::Subsequent, Some(other)) => vec![item, other, item],
            (Position::Ibid, _) => vec![item, item],
            _ => vec![item],
        };
        let mut driver = BibliographyDriver::new();
        for (n, entry) in sequence.into_iter().enumerate() {
            driver.citation(CitationRequest::new(
                vec![CitationItem::with_entry(entry)],
                &self.style.csl,
                self.locale.clone(),
                &self.locales,
                note.map(|first| first + n),
            ));
        }
        driver.finish(BibliographyRequest::new(&self.style.csl, self.locale.clone(), &self.locales))
    }

    /// The citation of the item at `position`.
    fn citation(&self, item: &Item, note: Option<usize>, position: Position) -> ElemChildren {
        let rendered = self.run(item, note, position);
        rendered.citations.into_iter().next_back().map(|c| c.citation).unwrap_or_default()
    }

    fn bibliography(&self, item: &Item) -> Result<ElemChildren, CiteError> {
        let rendered = self.run(item, Some(1), Position::First);
        let bib = rendered.bibliography.ok_or_else(|| CiteError::Empty(self.style.name.clone()))?;
        Ok(bib.items.into_iter().next().map(|i| i.content).unwrap_or_default())
    }
}

/// Keep only the layout `mode` shows. hayagriva's driver renders every citation
/// twice and then the bibliography entry; without the unused layout a note costs
/// two renders instead of three, and a bibliography entry one full render.
fn renderable_part(mut style: LoadedStyle, mode: Mode) -> LoadedStyle {
    match mode {
        Mode::Note | Mode::InText => style.csl.bibliography = None,
        Mode::Bibliography => style.csl.citation.layout.elements.clear(),
    }
    style
}

/// hayagriva separates the name lists of a `<names>` element with several
/// variables ("editor translator", a common substitute for a missing author)
/// by the inherited `name-delimiter`, and by nothing when a style sets none:
/// "J. Baev, K. BratanovaN. Dimitrov". The CSL default of a name delimiter is
/// ", ", so a style that sets none is given that, which changes nothing else.
fn with_names_delimiter(mut style: LoadedStyle) -> LoadedStyle {
    let comma = || Some(", ".to_string());
    if style.csl.settings.options.name_delimiter.is_none() {
        if style.csl.citation.name_options.name_delimiter.is_none() {
            style.csl.citation.name_options.name_delimiter = comma();
        }
        if let Some(b) = style.csl.bibliography.as_mut() {
            if b.name_options.name_delimiter.is_none() {
                b.name_options.name_delimiter = comma();
            }
        }
    }
    style
}

/// A placeholder document cited between two notes of the same one, so that the
/// second is a subsequent note and not "ibid.".
fn other_item() -> Item {
    let json = serde_json::json!({"id": "archcite-other-document", "type": "manuscript", "title": "Other"});
    serde_json::from_value(json).unwrap_or_else(|_| Item(Default::default()))
}

/// What makes two records the same document in a run: the citation key, else
/// the whole record.
pub fn identity(record: &Record) -> String {
    match &record.key {
        Some(k) => format!("key:{k}"),
        None => serde_json::to_string(record).unwrap_or_default(),
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unexpected failure".into())
}

/// Russian-language citations (ГОСТ and any style in a Russian locale) use the
/// abbreviated "f. 5, op. 61, d. 462, ll. 95–101"; the others spell levels out.
fn location_form(style: &LoadedStyle, locale: Option<&LocaleCode>) -> LocationForm {
    let russian = locale.or(style.csl.default_locale.as_ref()).is_some_and(|l| l.0.starts_with("ru"));
    if russian || style.name.starts_with("gost") {
        LocationForm::Short
    } else {
        LocationForm::Full
    }
}
