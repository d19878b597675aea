//! Why a boundary file cannot be read, and where in it.

use std::fmt;

use crate::common::diagnostics::{quote, Diagnostic, Location};
use crate::common::messages::msg;

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
        let type_name = |found: &Option<String>| match found {
            Some(name) => format!("`{name}`"),
            None => msg!("input.geo.no_type"),
        };
        let text = match self {
            GeoProblem::InvalidJson { message, .. } => {
                msg!("input.geo.invalid_json", reason = message)
            }
            GeoProblem::NotABoundaryFile { found } => {
                msg!("input.geo.not_a_boundary_file", found = type_name(found))
            }
            GeoProblem::NoFeatureList => msg!("input.geo.no_feature_list"),
            GeoProblem::NoGeometry => msg!("input.geo.no_geometry"),
            GeoProblem::NoCoordinates => msg!("input.geo.no_coordinates"),
            GeoProblem::NotAPolygon { found } => {
                msg!("input.geo.not_a_polygon", found = type_name(found))
            }
            GeoProblem::NotAPolygonList => msg!("input.geo.not_a_polygon_list"),
            GeoProblem::NotAPosition => msg!("input.geo.not_a_position"),
            GeoProblem::NotARing => msg!("input.geo.not_a_ring"),
            GeoProblem::NotAListOfRings => msg!("input.geo.not_a_list_of_rings"),
            GeoProblem::TransformNeeds(key) => msg!("input.geo.transform_needs", key = key),
            GeoProblem::NoArcs => msg!("input.geo.no_arcs"),
            GeoProblem::NoObjects => msg!("input.geo.no_objects"),
            GeoProblem::NotArcIndexes => msg!("input.geo.not_arc_indexes"),
            GeoProblem::NotAWholeNumber => msg!("input.geo.not_a_whole_number"),
            GeoProblem::NoSuchArc { index } => msg!("input.geo.no_such_arc", index = index),
            GeoProblem::TooManyArcReferences => msg!("input.geo.too_many_arc_references"),
            GeoProblem::PolygonArcsNotRings => msg!("input.geo.polygon_arcs_not_rings"),
            GeoProblem::MultiPolygonArcsNotPolygons => {
                msg!("input.geo.multi_polygon_arcs_not_polygons")
            }
        };
        f.write_str(&text)
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
        Diagnostic::error(msg!("input.geo.unreadable", problem = self.problem)).at(location)
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
        let path = self.path();
        if path.is_empty() {
            write!(f, "{}", self.problem)
        } else {
            let problem = self.problem.to_string();
            f.write_str(&msg!("input.geo.at_path", problem = problem, path = path))
        }
    }
}

impl std::error::Error for GeoError {}

impl From<GeoProblem> for GeoError {
    fn from(problem: GeoProblem) -> Self {
        GeoError::new(problem)
    }
}
