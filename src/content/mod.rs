//! Walking `content/`, reading files safely, front matter, and the
//! [`Library`]: the tree of sections and pages with URLs, sorting,
//! neighbours, breadcrumbs and taxonomies. Knows nothing of templates.

mod date;
mod document;
mod front_matter;
mod library;
mod load;
mod read;

pub use date::Date;
pub use document::{Document, DocumentKind};
pub use front_matter::{
    find_line as find_line_of, parse_front_matter, split_front_matter, FrontMatter, LayoutName,
    QuizQuestion, SortBy, SourceLink,
};
pub use library::{Asset, Library, Page, Section, Taxonomy, Term, SEARCH_PAGE};
pub use load::{
    file_stamp, is_ignored as is_editor_leftover, load_content, load_content_cached, load_one,
    ContentFiles, MAX_FILE_BYTES,
};
pub use read::{normalize_text, read_text, utf8_diagnostic};
