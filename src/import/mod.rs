//! Importers of sources that are not record formats: pages people save from
//! digital archives, read into the model as well as their text allows.

pub mod archive_page;
