//! People and organisations, and the roles they play for a document.

use serde::{Deserialize, Serialize};

use super::error::ValueError;
use std::fmt;

use super::text::NonEmpty;

/// The order in which a person's name is written in running text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NameOrder {
    /// "Gary Goldberg".
    #[default]
    GivenFirst,
    /// "Kim Il Sung", "Mao Zedong".
    FamilyFirst,
}

impl NameOrder {
    fn is_default(&self) -> bool {
        *self == NameOrder::GivenFirst
    }
}

/// A person's name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Family name (or the only name known).
    pub family: NonEmpty,
    /// Given names or initials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given: Option<NonEmpty>,
    /// How the name is written in running text.
    #[serde(default, skip_serializing_if = "NameOrder::is_default")]
    pub name_order: NameOrder,
    /// The full name in its original script, e.g. "Ким Ир Сен".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_script: Option<NonEmpty>,
}

impl Person {
    /// A person from family and given names.
    pub fn new(family: NonEmpty, given: Option<NonEmpty>) -> Self {
        Person { family, given, name_order: NameOrder::GivenFirst, original_script: None }
    }

    /// The name as written in running text: "Gary Goldberg", "Kim Il Sung".
    pub fn display_name(&self) -> String {
        match (&self.given, self.name_order) {
            (None, _) => self.family.to_string(),
            (Some(g), NameOrder::GivenFirst) => format!("{g} {}", self.family),
            (Some(g), NameOrder::FamilyFirst) => format!("{} {g}", self.family),
        }
    }

    /// The name inverted for sorting: "Goldberg, Gary"; family-first names stay as they are.
    pub fn sort_name(&self) -> String {
        match (&self.given, self.name_order) {
            (Some(g), NameOrder::GivenFirst) => format!("{}, {g}", self.family),
            _ => self.display_name(),
        }
    }
}

/// An organisation (funder, publisher, an institution that obtained a copy).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// Its name, e.g. "Institute for Korean Studies, Ohio State University".
    pub name: NonEmpty,
    /// A conventional abbreviation, e.g. "NKIDP".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abbreviation: Option<NonEmpty>,
}

impl Organization {
    /// An organisation known by its name.
    pub fn new(name: NonEmpty) -> Self {
        Organization { name, abbreviation: None }
    }
}

/// A person or an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Agent {
    /// A person.
    Person(Person),
    /// An organisation.
    Organization(Organization),
}

impl Agent {
    /// A name as catalogues and reference managers write it: "Family, Given" is a
    /// person, anything else an organisation. `None` when the name is blank.
    ///
    /// A comma with nothing before it (", X") cannot be a family name, so such a
    /// name is kept whole as an organisation rather than losing a part.
    pub fn from_inverted(name: &str) -> Option<Agent> {
        let whole = NonEmpty::new(name)?;
        if let Some((family, given)) = whole.split_once(", ") {
            if let Some(family) = NonEmpty::new(family) {
                return Some(Agent::Person(Person::new(family, NonEmpty::new(given))));
            }
        }
        Some(Agent::Organization(Organization::new(whole)))
    }

    /// The name as written in running text.
    pub fn display_name(&self) -> String {
        match self {
            Agent::Person(p) => p.display_name(),
            Agent::Organization(o) => o.name.to_string(),
        }
    }
}

/// What an agent did for the document or its publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Role {
    /// Wrote or signed the document.
    Author,
    /// The document is addressed to them.
    Recipient,
    /// Took part in the conversation or meeting recorded.
    Participant,
    /// Recorded the conversation (note-taker).
    Recorder,
    /// Translated the document.
    Translator,
    /// Obtained the copy from the archive.
    ObtainedBy,
    /// Contributed the document to the publication.
    Contributor,
    /// Transcribed the document.
    Transcriber,
    /// Edited the published document.
    Editor,
    /// Supplied the document (a credit line's "provided by").
    Provider,
    /// Funded the publication.
    Funder,
    /// Published the digital copy.
    Publisher,
    /// Holds rights in the document.
    RightsHolder,
    /// Chaired the session or committee.
    Chair,
    /// Compiled the work.
    Compiler,
    /// Composed the music.
    Composer,
    /// Wrote the book or work the item appeared in.
    ContainerAuthor,
    /// Edited the series.
    CollectionEditor,
    /// Curated the exhibition or collection.
    Curator,
    /// Directed the film or performance.
    Director,
    /// Directed the editorial work.
    EditorialDirector,
    /// Executive producer.
    ExecutiveProducer,
    /// Guest of a broadcast.
    Guest,
    /// Host of a broadcast.
    Host,
    /// Illustrated the work.
    Illustrator,
    /// Conducted the interview.
    Interviewer,
    /// Narrated the recording.
    Narrator,
    /// Organised the event or conference.
    Organizer,
    /// Wrote the original of an adapted or translated work.
    OriginalAuthor,
    /// Performed the work.
    Performer,
    /// Produced the work.
    Producer,
    /// Wrote the work under review.
    ReviewedAuthor,
    /// Wrote the script.
    ScriptWriter,
    /// Created the series.
    SeriesCreator,
    /// Granted the degree a thesis was written for.
    DegreeGrantor,
    /// Supervised the thesis.
    ThesisAdvisor,
}

/// Every role, in a stable order (for tables and tests): archcite's archival
/// roles first, then the name roles of CSL 1.0.2 and the MARC relators for theses.
pub const ROLES: [Role; 36] = [
    Role::Author,
    Role::Recipient,
    Role::Participant,
    Role::Recorder,
    Role::Translator,
    Role::ObtainedBy,
    Role::Contributor,
    Role::Transcriber,
    Role::Editor,
    Role::Provider,
    Role::Funder,
    Role::Publisher,
    Role::RightsHolder,
    Role::Chair,
    Role::Compiler,
    Role::Composer,
    Role::ContainerAuthor,
    Role::CollectionEditor,
    Role::Curator,
    Role::Director,
    Role::EditorialDirector,
    Role::ExecutiveProducer,
    Role::Guest,
    Role::Host,
    Role::Illustrator,
    Role::Interviewer,
    Role::Narrator,
    Role::Organizer,
    Role::OriginalAuthor,
    Role::Performer,
    Role::Producer,
    Role::ReviewedAuthor,
    Role::ScriptWriter,
    Role::SeriesCreator,
    Role::DegreeGrantor,
    Role::ThesisAdvisor,
];

impl Role {
    /// The kebab-case name used in every serialisation.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Author => "author",
            Role::Recipient => "recipient",
            Role::Participant => "participant",
            Role::Recorder => "recorder",
            Role::Translator => "translator",
            Role::ObtainedBy => "obtained-by",
            Role::Contributor => "contributor",
            Role::Transcriber => "transcriber",
            Role::Editor => "editor",
            Role::Provider => "provider",
            Role::Funder => "funder",
            Role::Publisher => "publisher",
            Role::RightsHolder => "rights-holder",
            Role::Chair => "chair",
            Role::Compiler => "compiler",
            Role::Composer => "composer",
            Role::ContainerAuthor => "container-author",
            Role::CollectionEditor => "collection-editor",
            Role::Curator => "curator",
            Role::Director => "director",
            Role::EditorialDirector => "editorial-director",
            Role::ExecutiveProducer => "executive-producer",
            Role::Guest => "guest",
            Role::Host => "host",
            Role::Illustrator => "illustrator",
            Role::Interviewer => "interviewer",
            Role::Narrator => "narrator",
            Role::Organizer => "organizer",
            Role::OriginalAuthor => "original-author",
            Role::Performer => "performer",
            Role::Producer => "producer",
            Role::ReviewedAuthor => "reviewed-author",
            Role::ScriptWriter => "script-writer",
            Role::SeriesCreator => "series-creator",
            Role::DegreeGrantor => "degree-grantor",
            Role::ThesisAdvisor => "thesis-advisor",
        }
    }

    /// The MARC relator code, where MARC has one that fits.
    ///
    /// A participant in a conversation and the person who obtained a copy have
    /// no relator of their own (MARC records acquisition in field 541 instead).
    pub fn marc_relator(self) -> Option<&'static str> {
        Some(match self {
            Role::Author => "aut",
            Role::Recipient => "rcp",
            Role::Recorder => "scr",
            Role::Translator => "trl",
            Role::Contributor => "ctb",
            Role::Transcriber => "trc",
            Role::Editor => "edt",
            Role::Provider => "prv",
            Role::Funder => "fnd",
            Role::Publisher => "pbl",
            Role::RightsHolder => "cph",
            Role::Compiler => "com",
            Role::Composer => "cmp",
            Role::Curator => "cur",
            Role::Director => "drt",
            Role::EditorialDirector => "edd",
            Role::Host => "hst",
            Role::Illustrator => "ill",
            Role::Interviewer => "ivr",
            Role::Narrator => "nrt",
            Role::Organizer => "orm",
            Role::Performer => "prf",
            Role::Producer => "pro",
            Role::ScriptWriter => "aus",
            Role::DegreeGrantor => "dgg",
            Role::ThesisAdvisor => "ths",
            Role::Participant
            | Role::ObtainedBy
            | Role::Chair
            | Role::ContainerAuthor
            | Role::CollectionEditor
            | Role::ExecutiveProducer
            | Role::Guest
            | Role::OriginalAuthor
            | Role::ReviewedAuthor
            | Role::SeriesCreator => return None,
        })
    }

    /// The MARC relator term (English label) matching [`Role::marc_relator`],
    /// or a plain label when MARC has none.
    pub fn label(self) -> &'static str {
        match self {
            Role::Author => "author",
            Role::Recipient => "addressee",
            Role::Participant => "participant",
            Role::Recorder => "scribe",
            Role::Translator => "translator",
            Role::ObtainedBy => "obtained by",
            Role::Contributor => "contributor",
            Role::Transcriber => "transcriber",
            Role::Editor => "editor",
            Role::Provider => "provider",
            Role::Funder => "funder",
            Role::Publisher => "publisher",
            Role::RightsHolder => "copyright holder",
            Role::Chair => "chair",
            Role::Compiler => "compiler",
            Role::Composer => "composer",
            Role::ContainerAuthor => "container author",
            Role::CollectionEditor => "series editor",
            Role::Curator => "curator",
            Role::Director => "director",
            Role::EditorialDirector => "editorial director",
            Role::ExecutiveProducer => "executive producer",
            Role::Guest => "guest",
            Role::Host => "host",
            Role::Illustrator => "illustrator",
            Role::Interviewer => "interviewer",
            Role::Narrator => "narrator",
            Role::Organizer => "organizer",
            Role::OriginalAuthor => "original author",
            Role::Performer => "performer",
            Role::Producer => "producer",
            Role::ReviewedAuthor => "reviewed author",
            Role::ScriptWriter => "screenwriter",
            Role::SeriesCreator => "series creator",
            Role::DegreeGrantor => "degree granting institution",
            Role::ThesisAdvisor => "thesis advisor",
        }
    }

    /// Parse the kebab-case name.
    pub fn from_name(s: &str) -> Option<Role> {
        ROLES.iter().copied().find(|r| r.as_str() == s)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An agent in a role, optionally working for an organisation
/// ("Translated for NKIDP by James F. Person").
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "RawContributor")]
pub struct Contributor {
    /// What they did.
    pub role: Role,
    /// Who they are.
    pub agent: Agent,
    /// The organisation the work was done for.
    pub on_behalf_of: Option<NonEmpty>,
}

/// The serialised shape: exactly one of `person` and `organization`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContributor {
    role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    person: Option<Person>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    organization: Option<Organization>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    on_behalf_of: Option<NonEmpty>,
}

impl TryFrom<RawContributor> for Contributor {
    type Error = ValueError;
    fn try_from(r: RawContributor) -> Result<Self, Self::Error> {
        let agent = match (r.person, r.organization) {
            (Some(p), None) => Agent::Person(p),
            (None, Some(o)) => Agent::Organization(o),
            _ => return Err(ValueError::AgentShape),
        };
        Ok(Contributor { role: r.role, agent, on_behalf_of: r.on_behalf_of })
    }
}

/// The serialised shape, borrowed from the contributor: no copy of it is
/// made to write it.
#[derive(Serialize)]
struct ContributorRef<'a> {
    role: Role,
    #[serde(skip_serializing_if = "Option::is_none")]
    person: Option<&'a Person>,
    #[serde(skip_serializing_if = "Option::is_none")]
    organization: Option<&'a Organization>,
    #[serde(skip_serializing_if = "Option::is_none")]
    on_behalf_of: Option<&'a NonEmpty>,
}

impl Serialize for Contributor {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (person, organization) = match &self.agent {
            Agent::Person(p) => (Some(p), None),
            Agent::Organization(o) => (None, Some(o)),
        };
        ContributorRef { role: self.role, person, organization, on_behalf_of: self.on_behalf_of.as_ref() }
            .serialize(s)
    }
}

impl Contributor {
    /// An agent in a role.
    pub fn new(role: Role, agent: Agent) -> Self {
        Contributor { role, agent, on_behalf_of: None }
    }
}
