//! Why a boundary file cannot be read, and where in it.

use std::fmt;

use crate::common::diagnostics::{quote, Diagnostic, Location};

/// One step from a value to a value inside it: a key, an object's name, a list index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Step {
    Key(&'static str),
    Name(String),
    Index(usize),
}

/// What is wrong in a boundary file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GeoProblem {
    /// The serde_json message, which says the line and column as well.
    InvalidJson {
        message: String,
        line: usize,
        column: usize,
    },
    /// The root `type` is none of GeoJSON's or TopoJSON's.
    NotABoundaryFile {
        found: Option<String>,
    },
    NoFeatureList,
    NoGeometry,
    NoCoordinates,
    NotAPolygon {
        found: Option<String>,
    },
    NotAPolygonList,
    NotAPosition,
    NotARing,
    NotAListOfRings,
    TransformNeeds(&'static str),
    NoArcs,
    NoObjects,
    NotArcIndexes,
    NotAWholeNumber,
    NoSuchArc {
        index: i64,
    },
    /// The rings refer to the arcs far more often than a real topology does.
    TooManyArcReferences,
    PolygonArcsNotRings,
    MultiPolygonArcsNotPolygons,
}

impl fmt::Display for GeoProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GeoProblem::InvalidJson { message, .. } => write!(f, "not valid JSON: {message}"),
            GeoProblem::NotABoundaryFile { found } => write!(
                f,
                "expected a GeoJSON FeatureCollection or a TopoJSON Topology, found type {}",
                found
                    .as_ref()
                    .map_or("(none)".to_string(), |t| format!("`{t}`"))
            ),
            GeoProblem::NoFeatureList => f.write_str("a FeatureCollection needs a `features` list"),
            GeoProblem::NoGeometry => f.write_str("a feature has no geometry"),
            GeoProblem::NoCoordinates => f.write_str("a geometry has no coordinates"),
            GeoProblem::NotAPolygon { found } => {
                write!(f, "geometry type {:?} is not a polygon", found.as_deref())
            }
            GeoProblem::NotAPolygonList => f.write_str("a MultiPolygon must be a list of polygons"),
            GeoProblem::NotAPosition => f.write_str("a position must be [longitude, latitude]"),
            GeoProblem::NotARing => f.write_str("a ring must be a list of positions"),
            GeoProblem::NotAListOfRings => f.write_str("a polygon must be a list of rings"),
            GeoProblem::TransformNeeds(key) => write!(f, "a transform needs `{key}`"),
            GeoProblem::NoArcs => f.write_str("a Topology needs `arcs`"),
            GeoProblem::NoObjects => f.write_str("a Topology needs `objects`"),
            GeoProblem::NotArcIndexes => f.write_str("a ring must be a list of arc indexes"),
            GeoProblem::NotAWholeNumber => f.write_str("an arc index must be a whole number"),
            GeoProblem::NoSuchArc { index } => write!(f, "arc {index} does not exist"),
            GeoProblem::TooManyArcReferences => {
                f.write_str("the file refers to its arcs far more often than a boundary file does")
            }
            GeoProblem::PolygonArcsNotRings => {
                f.write_str("a Polygon's arcs must be a list of rings")
            }
            GeoProblem::MultiPolygonArcsNotPolygons => {
                f.write_str("a MultiPolygon's arcs must be a list of polygons")
            }
        }
    }
}

/// Why a boundary file cannot be read, and where in it: the path from the top of the file to
/// the value at fault, such as `features[3].geometry.coordinates[0][2]` (counted from 0, as
/// the file's own indexes are).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeoError {
    pub problem: GeoProblem,
    /// Innermost step first: each level adds its own step as the error passes out.
    inside_out: Vec<Step>,
}

impl GeoError {
    pub(super) fn new(problem: GeoProblem) -> Self {
        GeoError {
            problem,
            inside_out: Vec::new(),
        }
    }

    /// The error as seen from the value holding this one at `step`.
    pub(super) fn within(mut self, step: Step) -> Self {
        self.inside_out.push(step);
        self
    }

    pub(super) fn within_index(self, index: usize) -> Self {
        self.within(Step::Index(index))
    }

    /// The path to the value at fault, outermost step first; empty for the whole file.
    pub fn path(&self) -> String {
        let mut path = String::new();
        for step in self.inside_out.iter().rev() {
            match step {
                Step::Key(key) if path.is_empty() => path.push_str(key),
                Step::Key(key) => path.push_str(&format!(".{key}")),
                Step::Name(name) if is_plain_name(name) => path.push_str(&format!(".{name}")),
                Step::Name(name) => path.push_str(&format!("[{}]", quote(name))),
                Step::Index(i) => path.push_str(&format!("[{i}]")),
            }
        }
        path
    }

    /// The finding for the boundary file at `location`: the path inside the file becomes the
    /// location's label, and the line and column of a JSON mistake its position.
    pub fn diagnostic(&self, mut location: Location) -> Diagnostic {
        if let GeoProblem::InvalidJson { line, column, .. } = self.problem {
            location.line = Some(line);
            location.column = Some(column);
        }
        let path = self.path();
        if !path.is_empty() {
            location = location.with_label(path);
        }
        Diagnostic::error(format!(
            "the boundary file cannot be read: {}",
            self.problem
        ))
        .at(location)
    }
}

/// An object name written after a dot: letters, digits, `_` and `-`, and not long.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= 40
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

impl fmt::Display for GeoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.problem)?;
        let path = self.path();
        if !path.is_empty() {
            write!(f, " (at {path})")?;
        }
        Ok(())
    }
}

impl std::error::Error for GeoError {}

impl From<GeoProblem> for GeoError {
    fn from(problem: GeoProblem) -> Self {
        GeoError::new(problem)
    }
}
