//! Boundary files: GeoJSON and TopoJSON polygons, projected and simplified at build time so a
//! map of all provinces stays small.

use serde_json::Value;

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
pub fn parse(text: &str) -> Result<Vec<Feature>, String> {
    let root: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    match root.get("type").and_then(Value::as_str) {
        Some("Topology") => topojson(&root),
        Some("FeatureCollection") => root
            .get("features")
            .and_then(Value::as_array)
            .ok_or("a FeatureCollection needs a `features` list")?
            .iter()
            .map(geojson_feature)
            .collect(),
        Some("Feature") => Ok(vec![geojson_feature(&root)?]),
        other => Err(format!(
            "expected a GeoJSON FeatureCollection or a TopoJSON Topology, found type {}",
            other.map_or("(none)".to_string(), |t| format!("`{t}`"))
        )),
    }
}

fn point(value: &Value) -> Result<(f64, f64), String> {
    let pair = value
        .as_array()
        .ok_or("a position must be [longitude, latitude]")?;
    match (
        pair.first().and_then(Value::as_f64),
        pair.get(1).and_then(Value::as_f64),
    ) {
        (Some(x), Some(y)) if x.is_finite() && y.is_finite() => Ok((x, y)),
        _ => Err("a position must be [longitude, latitude]".to_string()),
    }
}

fn ring(value: &Value) -> Result<Ring, String> {
    value
        .as_array()
        .ok_or("a ring must be a list of positions")?
        .iter()
        .map(point)
        .collect()
}

fn polygon(value: &Value) -> Result<Vec<Ring>, String> {
    value
        .as_array()
        .ok_or("a polygon must be a list of rings")?
        .iter()
        .map(ring)
        .collect()
}

fn properties(feature: &Value) -> serde_json::Map<String, Value> {
    feature
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

fn geojson_feature(feature: &Value) -> Result<Feature, String> {
    let geometry = feature.get("geometry").ok_or("a feature has no geometry")?;
    let coordinates = geometry
        .get("coordinates")
        .ok_or("a geometry has no coordinates")?;
    let polygons = match geometry.get("type").and_then(Value::as_str) {
        Some("Polygon") => vec![polygon(coordinates)?],
        Some("MultiPolygon") => coordinates
            .as_array()
            .ok_or("a MultiPolygon must be a list of polygons")?
            .iter()
            .map(polygon)
            .collect::<Result<_, _>>()?,
        other => return Err(format!("geometry type {other:?} is not a polygon")),
    };
    Ok(Feature {
        properties: properties(feature),
        polygons,
    })
}

/// TopoJSON: arcs shared between neighbours, quantised and delta-encoded.
fn topojson(root: &Value) -> Result<Vec<Feature>, String> {
    let (scale, translate) = match root.get("transform") {
        Some(t) => (
            point(t.get("scale").ok_or("a transform needs `scale`")?)?,
            point(t.get("translate").ok_or("a transform needs `translate`")?)?,
        ),
        None => ((1.0, 1.0), (0.0, 0.0)),
    };
    let quantised = root.get("transform").is_some();
    let arcs: Vec<Ring> = root
        .get("arcs")
        .and_then(Value::as_array)
        .ok_or("a Topology needs `arcs`")?
        .iter()
        .map(|arc| {
            let mut position = (0.0, 0.0);
            ring(arc).map(|points| {
                points
                    .into_iter()
                    .map(|(x, y)| {
                        if quantised {
                            position = (position.0 + x, position.1 + y);
                            (
                                position.0 * scale.0 + translate.0,
                                position.1 * scale.1 + translate.1,
                            )
                        } else {
                            (x, y)
                        }
                    })
                    .collect()
            })
        })
        .collect::<Result<_, _>>()?;
    // Each arc is shared by at most a few rings in a real topology; a file that refers to its
    // arcs far more often would expand to more points than memory holds.
    let arc_points: usize = arcs.iter().map(Vec::len).sum();
    let budget = std::cell::Cell::new(arc_points.saturating_mul(8).max(1_000_000));
    let resolve_ring =
        |indexes: &Value| -> Result<Ring, String> {
            let mut out: Ring = Vec::new();
            for index in indexes
                .as_array()
                .ok_or("a ring must be a list of arc indexes")?
            {
                let i = index
                    .as_i64()
                    .ok_or("an arc index must be a whole number")?;
                let (arc, reversed) = if i >= 0 {
                    (i as usize, false)
                } else {
                    ((!i) as usize, true)
                };
                let points = arcs
                    .get(arc)
                    .ok_or_else(|| format!("arc {i} does not exist"))?;
                budget.set(budget.get().checked_sub(points.len()).ok_or(
                    "the file refers to its arcs far more often than a boundary file does",
                )?);
                let mut points: Ring = points.clone();
                if reversed {
                    points.reverse();
                }
                // Consecutive arcs share their joining point.
                let skip = usize::from(!out.is_empty());
                out.extend(points.into_iter().skip(skip));
            }
            Ok(out)
        };
    let mut features = Vec::new();
    let objects = root
        .get("objects")
        .and_then(Value::as_object)
        .ok_or("a Topology needs `objects`")?;
    for object in objects.values() {
        let geometries: Vec<&Value> = match object.get("type").and_then(Value::as_str) {
            Some("GeometryCollection") => object
                .get("geometries")
                .and_then(Value::as_array)
                .map(|g| g.iter().collect())
                .unwrap_or_default(),
            _ => vec![object],
        };
        for geometry in geometries {
            let arcs_of = geometry.get("arcs");
            let polygons = match (geometry.get("type").and_then(Value::as_str), arcs_of) {
                (Some("Polygon"), Some(rings)) => vec![rings
                    .as_array()
                    .ok_or("a Polygon's arcs must be a list of rings")?
                    .iter()
                    .map(resolve_ring)
                    .collect::<Result<Vec<_>, _>>()?],
                (Some("MultiPolygon"), Some(polygons)) => polygons
                    .as_array()
                    .ok_or("a MultiPolygon's arcs must be a list of polygons")?
                    .iter()
                    .map(|p| {
                        p.as_array()
                            .ok_or("a polygon must be a list of rings".to_string())?
                            .iter()
                            .map(resolve_ring)
                            .collect()
                    })
                    .collect::<Result<Vec<_>, _>>()?,
                _ => continue,
            };
            features.push(Feature {
                properties: properties(geometry),
                polygons,
            });
        }
    }
    Ok(features)
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
        assert!(parse("[]").unwrap_err().contains("FeatureCollection"));
        assert!(parse("{").unwrap_err().contains("JSON"));
        let point =
            r#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}"#;
        assert!(parse(point).unwrap_err().contains("not a polygon"));
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
}
