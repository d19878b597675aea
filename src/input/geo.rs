//! Boundary files: GeoJSON and TopoJSON polygons, projected and simplified at build time so a
//! map of all provinces stays small.

use serde_json::Value;

mod error;

use error::Step;
pub use error::{GeoError, GeoProblem};

/// A ring of (x, y) points: longitude/latitude before projection, map units after.
pub type Ring = Vec<(f64, f64)>;

/// One feature: its properties and its polygons (each an outer ring followed by holes).
#[derive(Debug, Clone)]
pub struct Feature {
    pub properties: serde_json::Map<String, Value>,
    pub polygons: Vec<Vec<Ring>>,
}

impl Feature {
    pub fn property(&self, name: &str) -> Option<String> {
        match self.properties.get(name)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
}

/// Reads a GeoJSON FeatureCollection (or single Feature) or a TopoJSON Topology.
pub fn parse(text: &str) -> Result<Vec<Feature>, GeoError> {
    let root: Value = serde_json::from_str(text).map_err(|e| GeoProblem::InvalidJson {
        message: e.to_string(),
        line: e.line(),
        column: e.column(),
    })?;
    match root.get("type").and_then(Value::as_str) {
        Some("Topology") => topojson(&root),
        Some("FeatureCollection") => {
            let features = root
                .get("features")
                .and_then(Value::as_array)
                .ok_or(GeoProblem::NoFeatureList)?;
            each(features, geojson_feature).map_err(|e| e.within(Step::Key("features")))
        }
        Some("Feature") => Ok(vec![geojson_feature(&root)?]),
        other => Err(GeoProblem::NotABoundaryFile {
            found: other.map(str::to_string),
        }
        .into()),
    }
}

/// `read` applied to every item of a list; an error says which item.
fn each<T>(
    items: &[Value],
    mut read: impl FnMut(&Value) -> Result<T, GeoError>,
) -> Result<Vec<T>, GeoError> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| read(item).map_err(|e| e.within_index(i)))
        .collect()
}

fn list(value: &Value, problem: GeoProblem) -> Result<&Vec<Value>, GeoError> {
    value.as_array().ok_or_else(|| problem.into())
}

fn point(value: &Value) -> Result<(f64, f64), GeoError> {
    let pair = list(value, GeoProblem::NotAPosition)?;
    match (
        pair.first().and_then(Value::as_f64),
        pair.get(1).and_then(Value::as_f64),
    ) {
        (Some(x), Some(y)) if x.is_finite() && y.is_finite() => Ok((x, y)),
        _ => Err(GeoProblem::NotAPosition.into()),
    }
}

fn ring(value: &Value) -> Result<Ring, GeoError> {
    each(list(value, GeoProblem::NotARing)?, point)
}

fn polygon(value: &Value) -> Result<Vec<Ring>, GeoError> {
    each(list(value, GeoProblem::NotAListOfRings)?, ring)
}

fn properties(feature: &Value) -> serde_json::Map<String, Value> {
    feature
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

fn geojson_feature(feature: &Value) -> Result<Feature, GeoError> {
    let geometry = feature.get("geometry").ok_or(GeoProblem::NoGeometry)?;
    let polygons = geojson_polygons(geometry).map_err(|e| e.within(Step::Key("geometry")))?;
    Ok(Feature {
        properties: properties(feature),
        polygons,
    })
}

fn geojson_polygons(geometry: &Value) -> Result<Vec<Vec<Ring>>, GeoError> {
    let coordinates = geometry
        .get("coordinates")
        .ok_or(GeoProblem::NoCoordinates)?;
    let in_coordinates = |e: GeoError| e.within(Step::Key("coordinates"));
    match geometry.get("type").and_then(Value::as_str) {
        Some("Polygon") => Ok(vec![polygon(coordinates).map_err(in_coordinates)?]),
        Some("MultiPolygon") => {
            each(list(coordinates, GeoProblem::NotAPolygonList)?, polygon).map_err(in_coordinates)
        }
        other => Err(GeoError::new(GeoProblem::NotAPolygon {
            found: other.map(str::to_string),
        })
        .within(Step::Key("type"))),
    }
}

/// TopoJSON: arcs shared between neighbours, quantised and delta-encoded.
fn topojson(root: &Value) -> Result<Vec<Feature>, GeoError> {
    let arcs = decoded_arcs(root)?;
    let mut resolver = ArcResolver::new(arcs);
    let objects = root
        .get("objects")
        .and_then(Value::as_object)
        .ok_or(GeoProblem::NoObjects)?;
    let mut features = Vec::new();
    for (name, object) in objects {
        let in_object = |e: GeoError| {
            e.within(Step::Name(name.clone()))
                .within(Step::Key("objects"))
        };
        for (index, geometry) in geometries(object) {
            let polygons = topology_polygons(geometry, &mut resolver);
            let polygons = match index {
                Some(i) => polygons.map_err(|e| e.within_index(i).within(Step::Key("geometries"))),
                None => polygons,
            }
            .map_err(in_object)?;
            if let Some(polygons) = polygons {
                features.push(Feature {
                    properties: properties(geometry),
                    polygons,
                });
            }
        }
    }
    Ok(features)
}

/// The geometries of one object, each with its index when the object is a collection.
fn geometries(object: &Value) -> Vec<(Option<usize>, &Value)> {
    match object.get("type").and_then(Value::as_str) {
        Some("GeometryCollection") => object
            .get("geometries")
            .and_then(Value::as_array)
            .map(|g| g.iter().enumerate().map(|(i, g)| (Some(i), g)).collect())
            .unwrap_or_default(),
        _ => vec![(None, object)],
    }
}

/// A quantised file's `transform`: positions are whole numbers, scaled then moved.
#[derive(Clone, Copy)]
struct Transform {
    scale: (f64, f64),
    translate: (f64, f64),
}

fn transform(root: &Value) -> Result<Option<Transform>, GeoError> {
    let Some(transform) = root.get("transform") else {
        return Ok(None);
    };
    // Both errors say they are inside `transform`.
    let part = |key: &'static str| -> Result<(f64, f64), GeoError> {
        let value = transform
            .get(key)
            .ok_or_else(|| GeoError::new(GeoProblem::TransformNeeds(key)))?;
        point(value).map_err(|e| e.within(Step::Key(key)))
    };
    let in_transform = |e: GeoError| e.within(Step::Key("transform"));
    Ok(Some(Transform {
        scale: part("scale").map_err(in_transform)?,
        translate: part("translate").map_err(in_transform)?,
    }))
}

/// The arcs in the file's coordinates: quantised positions are delta-decoded and transformed.
fn decoded_arcs(root: &Value) -> Result<Vec<Ring>, GeoError> {
    let transform = transform(root)?;
    let arcs = root
        .get("arcs")
        .and_then(Value::as_array)
        .ok_or(GeoProblem::NoArcs)?;
    let decode = |arc: &Value| -> Result<Ring, GeoError> {
        let points = ring(arc)?;
        let Some(Transform { scale, translate }) = transform else {
            return Ok(points);
        };
        let mut position = (0.0, 0.0);
        Ok(points
            .into_iter()
            .map(|(x, y)| {
                position = (position.0 + x, position.1 + y);
                (
                    position.0 * scale.0 + translate.0,
                    position.1 * scale.1 + translate.1,
                )
            })
            .collect())
    };
    each(arcs, decode).map_err(|e| e.within(Step::Key("arcs")))
}

/// Joins arcs into rings, within a budget of points.
struct ArcResolver {
    arcs: Vec<Ring>,
    /// Points the rings may still take. Each arc is shared by at most a few rings in a real
    /// topology; a file that refers to its arcs far more often would expand to more points
    /// than memory holds.
    budget: usize,
}

impl ArcResolver {
    fn new(arcs: Vec<Ring>) -> Self {
        let arc_points: usize = arcs.iter().map(Vec::len).sum();
        ArcResolver {
            arcs,
            budget: arc_points.saturating_mul(8).max(1_000_000),
        }
    }

    /// A ring from its arc indexes; `!i` (a negative index) is arc `i` reversed.
    fn ring(&mut self, indexes: &Value) -> Result<Ring, GeoError> {
        let mut out: Ring = Vec::new();
        let indexes = list(indexes, GeoProblem::NotArcIndexes)?;
        for (position, index) in indexes.iter().enumerate() {
            let points = self
                .arc(index)
                .map_err(|e| GeoError::new(e).within_index(position))?;
            // Consecutive arcs share their joining point.
            let skip = usize::from(!out.is_empty());
            out.extend(points.into_iter().skip(skip));
        }
        Ok(out)
    }

    fn arc(&mut self, index: &Value) -> Result<Ring, GeoProblem> {
        let i = index.as_i64().ok_or(GeoProblem::NotAWholeNumber)?;
        let (arc, reversed) = if i >= 0 {
            (i as usize, false)
        } else {
            ((!i) as usize, true)
        };
        let points = self
            .arcs
            .get(arc)
            .ok_or(GeoProblem::NoSuchArc { index: i })?;
        self.budget = self
            .budget
            .checked_sub(points.len())
            .ok_or(GeoProblem::TooManyArcReferences)?;
        let mut points = points.clone();
        if reversed {
            points.reverse();
        }
        Ok(points)
    }

    fn polygon(&mut self, rings: &Value, problem: GeoProblem) -> Result<Vec<Ring>, GeoError> {
        each(list(rings, problem)?, |r| self.ring(r))
    }
}

/// A TopoJSON geometry's polygons, or `None` for a geometry that is not a polygon.
fn topology_polygons(
    geometry: &Value,
    resolver: &mut ArcResolver,
) -> Result<Option<Vec<Vec<Ring>>>, GeoError> {
    let kind = geometry.get("type").and_then(Value::as_str);
    let polygons = match (kind, geometry.get("arcs")) {
        (Some("Polygon"), Some(rings)) => resolver
            .polygon(rings, GeoProblem::PolygonArcsNotRings)
            .map(|rings| vec![rings]),
        (Some("MultiPolygon"), Some(polygons)) => {
            list(polygons, GeoProblem::MultiPolygonArcsNotPolygons).and_then(|polygons| {
                each(polygons, |p| {
                    resolver.polygon(p, GeoProblem::NotAListOfRings)
                })
            })
        }
        _ => return Ok(None),
    };
    polygons.map(Some).map_err(|e| e.within(Step::Key("arcs")))
}

/// The first position of a feature that cannot be a longitude and latitude in degrees (a file
/// exported in metres, such as Web Mercator, has values in the millions).
pub fn first_non_degree_position(feature: &Feature) -> Option<(f64, f64)> {
    feature
        .polygons
        .iter()
        .flatten()
        .flatten()
        .copied()
        .find(|&(lon, lat)| !(lon.abs() <= 180.0 && lat.abs() <= 90.0))
}

/// An equirectangular projection with the longitude scaled at the map's middle latitude:
/// distances stay true at Vietnam's latitudes within a few per cent, and it is simple to check.
#[derive(Debug, Clone, Copy)]
pub struct Projection {
    min_lon: f64,
    max_lat: f64,
    x_scale: f64,
    /// Map units per degree of latitude.
    scale: f64,
    pub height: f64,
}

impl Projection {
    /// Fits all rings into `width` map units wide.
    pub fn fit<'a>(rings: impl Iterator<Item = &'a Ring>, width: f64) -> Projection {
        let (mut min_lon, mut max_lon, mut min_lat, mut max_lat) =
            (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for ring in rings {
            for &(lon, lat) in ring {
                min_lon = min_lon.min(lon);
                max_lon = max_lon.max(lon);
                min_lat = min_lat.min(lat);
                max_lat = max_lat.max(lat);
            }
        }
        if min_lon > max_lon {
            (min_lon, max_lon, min_lat, max_lat) = (0.0, 1.0, 0.0, 1.0);
        }
        // Near a pole the cosine vanishes; a floor keeps the scale finite for any input.
        let x_scale = ((min_lat + max_lat) / 2.0).to_radians().cos().max(0.05);
        let span = ((max_lon - min_lon) * x_scale).max(1e-9);
        // A map at most four times as tall as wide, however thin the area is.
        let scale = (width / span).min(4.0 * width / (max_lat - min_lat).max(1e-9));
        Projection {
            min_lon,
            max_lat,
            x_scale,
            scale,
            height: (max_lat - min_lat) * scale,
        }
    }

    pub fn project(&self, (lon, lat): (f64, f64)) -> (f64, f64) {
        (
            (lon - self.min_lon) * self.x_scale * self.scale,
            (self.max_lat - lat) * self.scale,
        )
    }
}

/// Douglas–Peucker simplification: drops points closer than `tolerance` to the line through
/// their neighbours. The first and last points are always kept, so shared borders stay joined.
pub fn simplify(points: &[(f64, f64)], tolerance: f64) -> Vec<(f64, f64)> {
    if points.len() < 3 {
        return points.to_vec();
    }
    let mut keep = vec![false; points.len()];
    keep[0] = true;
    keep[points.len() - 1] = true;
    let mut stack = vec![(0, points.len() - 1)];
    while let Some((first, last)) = stack.pop() {
        let (a, b) = (points[first], points[last]);
        let (mut farthest, mut distance) = (first, 0.0);
        for (i, p) in points.iter().enumerate().take(last).skip(first + 1) {
            let d = segment_distance(*p, a, b);
            if d > distance {
                (farthest, distance) = (i, d);
            }
        }
        if distance > tolerance {
            keep[farthest] = true;
            stack.push((first, farthest));
            stack.push((farthest, last));
        }
    }
    points
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(p, _)| *p)
        .collect()
}

fn segment_distance(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length = dx * dx + dy * dy;
    if length == 0.0 {
        return ((p.0 - a.0).powi(2) + (p.1 - a.1).powi(2)).sqrt();
    }
    let t = (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / length).clamp(0.0, 1.0);
    ((p.0 - a.0 - t * dx).powi(2) + (p.1 - a.1 - t * dy).powi(2)).sqrt()
}

/// Signed area of a ring (positive when counter-clockwise in x-right, y-up coordinates).
pub fn area(ring: &[(f64, f64)]) -> f64 {
    ring.iter()
        .zip(ring.iter().cycle().skip(1))
        .map(|(a, b)| a.0 * b.1 - b.0 * a.1)
        .sum::<f64>()
        / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::diagnostics::Location;

    const SQUARE: &str = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ten_tinh":"Hà Tĩnh"},
        "geometry":{"type":"Polygon","coordinates":[[[105,18],[106,18],[106,19],[105,19],[105,18]]]}}]}"#;

    #[test]
    fn reads_geojson() {
        let features = parse(SQUARE).unwrap();
        assert_eq!(features.len(), 1);
        assert_eq!(features[0].property("ten_tinh").as_deref(), Some("Hà Tĩnh"));
        assert_eq!(features[0].polygons[0][0].len(), 5);
    }

    #[test]
    fn reads_quantised_topojson_with_shared_and_reversed_arcs() {
        // Two unit squares sharing the arc 0 (x = 1 from y 0 to 1), the second one reversed.
        let topo = r#"{"type":"Topology","transform":{"scale":[1,1],"translate":[100,10]},
          "arcs":[[[1,0],[0,1]],[[1,1],[-1,0],[0,-1],[1,0]],[[1,0],[1,0],[0,1],[-1,0]]],
          "objects":{"p":{"type":"GeometryCollection","geometries":[
            {"type":"Polygon","properties":{"name":"A"},"arcs":[[0,1]]},
            {"type":"Polygon","properties":{"name":"B"},"arcs":[[2,-1]]}]}}}"#;
        let features = parse(topo).unwrap();
        assert_eq!(features.len(), 2);
        let a = &features[0].polygons[0][0];
        assert_eq!(a[0], (101.0, 10.0));
        assert_eq!(a[1], (101.0, 11.0));
        assert!(a.contains(&(100.0, 10.0)));
        let b = &features[1].polygons[0][0];
        assert_eq!(b.first(), Some(&(101.0, 10.0)));
        assert_eq!(b.last(), Some(&(101.0, 10.0)));
    }

    #[test]
    fn rejects_what_is_not_a_boundary_file() {
        assert!(parse("[]")
            .unwrap_err()
            .to_string()
            .contains("FeatureCollection"));
        assert!(parse("{").unwrap_err().to_string().contains("JSON"));
        let point =
            r#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}"#;
        assert!(parse(point)
            .unwrap_err()
            .to_string()
            .contains("not a polygon"));
    }

    #[test]
    fn projection_keeps_north_up_and_fits_the_width() {
        let ring: Ring = vec![(102.0, 8.0), (110.0, 8.0), (110.0, 23.0), (102.0, 23.0)];
        let projection = Projection::fit(std::iter::once(&ring), 300.0);
        let (x0, y0) = projection.project((102.0, 23.0));
        let (x1, y1) = projection.project((110.0, 8.0));
        assert!((x0 - 0.0).abs() < 1e-9 && (y0 - 0.0).abs() < 1e-9);
        assert!((x1 - 300.0).abs() < 1e-6);
        assert!(y1 > 300.0, "Vietnam is taller than wide: {y1}");
    }

    #[test]
    fn simplification_keeps_corners_and_drops_collinear_points() {
        let line: Vec<(f64, f64)> = (0..=10)
            .map(|i| (i as f64, 0.0))
            .chain([(10.0, 5.0)])
            .collect();
        let simple = simplify(&line, 0.1);
        assert_eq!(simple, vec![(0.0, 0.0), (10.0, 0.0), (10.0, 5.0)]);
        let wiggly: Vec<(f64, f64)> = (0..100)
            .map(|i| (i as f64, if i % 2 == 0 { 0.0 } else { 0.05 }))
            .collect();
        assert_eq!(simplify(&wiggly, 0.1).len(), 2);
        assert_eq!(simplify(&wiggly, 0.01).len(), 100);
    }

    #[test]
    fn ring_area_sign() {
        assert_eq!(area(&[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]), 1.0);
    }

    #[test]
    fn errors_say_where_in_the_file() {
        let bad_position = SQUARE.replace("[106,19]", "[106,\"19\"]");
        let error = parse(&bad_position).unwrap_err();
        assert_eq!(error.problem, GeoProblem::NotAPosition);
        assert_eq!(error.path(), "features[0].geometry.coordinates[0][2]");
        assert_eq!(
            error.to_string(),
            "a position must be [longitude, latitude] (at features[0].geometry.coordinates[0][2])"
        );
        let diagnostic = error.diagnostic(Location::file("maps/vn.geojson"));
        assert_eq!(
            diagnostic.message,
            "the boundary file cannot be read: a position must be [longitude, latitude]"
        );
        assert_eq!(
            diagnostic.location.unwrap().to_string(),
            "maps/vn.geojson (features[0].geometry.coordinates[0][2])"
        );
        let point = r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]}}"#;
        assert_eq!(
            parse(point).unwrap_err().to_string(),
            "geometry type `Point` is not a polygon (at geometry.type)"
        );
    }

    #[test]
    fn errors_speak_vietnamese() {
        crate::common::messages::with_lang(crate::common::locale::Lang::Vi, || {
            let bad_position = SQUARE.replace("[106,19]", "[106,\"19\"]");
            let error = parse(&bad_position).unwrap_err();
            assert_eq!(
                error.to_string(),
                "một điểm phải được ghi là [kinh độ, vĩ độ] (tại features[0].geometry.coordinates[0][2])"
            );
            let diagnostic = error.diagnostic(Location::file("maps/vn.geojson"));
            assert_eq!(
                diagnostic.message,
                "không đọc được tệp ranh giới: một điểm phải được ghi là [kinh độ, vĩ độ]"
            );
        });
    }

    #[test]
    fn topology_errors_name_the_object_geometry_and_arc() {
        let topo = |objects: &str| {
            format!(
                r#"{{"type":"Topology","arcs":[[[0,0],[1,0],[1,1],[0,0]]],"objects":{objects}}}"#
            )
        };
        let missing_arc = topo(
            r#"{"tỉnh":{"type":"GeometryCollection","geometries":[
                {"type":"Polygon","arcs":[[0]]},{"type":"MultiPolygon","arcs":[[[0,5]]]}]}}"#,
        );
        let error = parse(&missing_arc).unwrap_err();
        assert_eq!(error.problem, GeoProblem::NoSuchArc { index: 5 });
        assert_eq!(error.path(), "objects.tỉnh.geometries[1].arcs[0][0][1]");
        let odd_name = topo(r#"{"a b":{"type":"Polygon","arcs":[[1.5]]}}"#);
        let error = parse(&odd_name).unwrap_err();
        assert_eq!(
            error.to_string(),
            "an arc index must be a whole number (at objects[`a b`].arcs[0][0])"
        );
        let bad_scale = r#"{"type":"Topology","transform":{"scale":[1]},"arcs":[],"objects":{}}"#;
        assert_eq!(parse(bad_scale).unwrap_err().path(), "transform.scale");
    }

    #[test]
    fn invalid_json_points_at_its_line_and_column() {
        let error = parse("{\n  \"type\": }").unwrap_err();
        let diagnostic = error.diagnostic(Location::file("maps/vn.geojson"));
        assert!(
            diagnostic
                .message
                .starts_with("the boundary file cannot be read: not valid JSON: "),
            "{diagnostic}"
        );
        assert_eq!(
            diagnostic.location.unwrap().to_string(),
            "maps/vn.geojson:2:11"
        );
    }
}
