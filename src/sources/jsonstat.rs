//! A small JSON-stat decoder (no Rust crate exists). It reads JSON-stat 2.0 datasets as
//! Eurostat's dissemination API returns them (top-level `version`, `class: "dataset"`, `id`,
//! `size`, `dimension`, a sparse `value` object keyed by the row-major linear index, an optional
//! `status`), and the older 1.x envelope (`{"name": {dataset}}` with `dimension.id` and
//! `dimension.size`), which the conformance files exercise.
//!
//! Handled: dense (array) and sparse (object) `value` and `status`; `status` as one string for
//! every cell; `size` as numbers or strings; category `index` as an object, an array, or absent
//! (a single category named by its `label`). The linear index of a cell is row-major: the last
//! dimension varies fastest.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// One dimension and its categories in index order.
#[derive(Debug, Clone, PartialEq)]
pub struct Dimension {
    pub id: String,
    pub label: String,
    /// (code, label), in the dimension's index order.
    pub categories: Vec<(String, String)>,
}

/// A decoded dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    pub label: Option<String>,
    pub source: Option<String>,
    pub updated: Option<String>,
    pub dimensions: Vec<Dimension>,
    /// Values by linear index; absent = missing.
    pub values: BTreeMap<usize, f64>,
    /// Status flags by linear index.
    pub status: BTreeMap<usize, String>,
    /// True when the dataset had a `status` member at all.
    pub has_status: bool,
    /// Meanings of the status flags (Eurostat: `extension.status.label`).
    pub status_labels: BTreeMap<String, String>,
}

/// One cell: its position in every dimension, value and status.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub index: usize,
    /// Category position in each dimension (same order as `Dataset::dimensions`).
    pub positions: Vec<usize>,
    pub value: Option<f64>,
    pub status: Option<String>,
}

impl Dataset {
    pub fn sizes(&self) -> Vec<usize> {
        self.dimensions.iter().map(|d| d.categories.len()).collect()
    }

    /// Number of cells of the cube.
    pub fn len(&self) -> usize {
        self.sizes().iter().product()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn dimension(&self, id: &str) -> Option<(usize, &Dimension)> {
        self.dimensions
            .iter()
            .enumerate()
            .find(|(_, d)| d.id.eq_ignore_ascii_case(id))
    }

    /// Category positions of a linear index (row-major, last dimension fastest).
    pub fn positions(&self, mut index: usize) -> Vec<usize> {
        let sizes = self.sizes();
        let mut pos = vec![0; sizes.len()];
        for (i, &s) in sizes.iter().enumerate().rev() {
            if s == 0 {
                continue;
            }
            pos[i] = index % s;
            index /= s;
        }
        pos
    }

    /// Every cell of the cube, in row-major order.
    pub fn all_cells(&self) -> Vec<Cell> {
        (0..self.len()).map(|i| self.cell(i)).collect()
    }

    /// The cells that have a value or a status (what a sparse response carries).
    pub fn cells(&self) -> Vec<Cell> {
        let mut indices: Vec<usize> = self
            .values
            .keys()
            .chain(self.status.keys())
            .copied()
            .collect();
        indices.sort_unstable();
        indices.dedup();
        indices.into_iter().map(|i| self.cell(i)).collect()
    }

    fn cell(&self, index: usize) -> Cell {
        Cell {
            index,
            positions: self.positions(index),
            value: self.values.get(&index).copied(),
            status: self.status.get(&index).cloned(),
        }
    }
}

/// Decodes a JSON-stat document (2.0 dataset, or a 1.x bundle holding one dataset).
pub fn parse(text: &str) -> Result<Dataset, String> {
    let root: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON ({e})"))?;
    decode(&root)
}

/// Decodes an already parsed JSON-stat document.
pub fn decode(root: &Value) -> Result<Dataset, String> {
    let obj = root
        .as_object()
        .ok_or("a JSON-stat document is an object; this is not one")?;
    if let Some(err) = error_message(obj) {
        return Err(err);
    }
    // 2.0 (or a bare 1.x dataset): `dimension` at the top level.
    if obj.contains_key("dimension") {
        return decode_dataset(obj);
    }
    // 1.x bundle: the first member that is a dataset.
    for (_, v) in obj {
        if let Some(ds) = v.as_object().filter(|o| o.contains_key("dimension")) {
            return decode_dataset(ds);
        }
    }
    Err("no `dimension` member: this is not a JSON-stat dataset".into())
}

/// A JSON-stat or Eurostat error object, in words.
fn error_message(obj: &Map<String, Value>) -> Option<String> {
    let is_error = obj.get("class").and_then(Value::as_str) == Some("error");
    let err = obj.get("error");
    if !is_error && err.is_none() {
        return None;
    }
    let pick = |v: &Value| -> String {
        let o = match v {
            Value::Array(a) => a.first().cloned().unwrap_or(Value::Null),
            other => other.clone(),
        };
        let label = o
            .get("label")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| o.to_string());
        match o.get("status") {
            Some(s) => format!(
                "{label} (status {})",
                s.as_str().map_or(s.to_string(), str::to_string)
            ),
            None => label,
        }
    };
    Some(match err {
        Some(e) => format!("the service returned an error: {}", pick(e)),
        None => format!(
            "the service returned an error: {}",
            pick(&Value::Object(obj.clone()))
        ),
    })
}

fn as_usize(v: &Value) -> Option<usize> {
    match v {
        Value::Number(n) => n.as_u64().map(|n| n as usize),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn decode_dataset(ds: &Map<String, Value>) -> Result<Dataset, String> {
    let dimensions = decode_dimensions(ds)?;
    let len: usize = dimensions
        .iter()
        .map(|d| d.categories.len())
        .try_fold(1usize, |acc, n| acc.checked_mul(n))
        .ok_or("the cube is too large")?;
    let values = decode_values(ds.get("value"), len)?;
    let status_v = ds.get("status").map(|s| match s {
        // Eurostat's former web service: {"value": [...], "category": ...}.
        Value::Object(o) if o.get("value").is_some_and(Value::is_array) => &o["value"],
        other => other,
    });
    let has_status = status_v.is_some_and(|s| !s.is_null());
    let status = decode_status(status_v, len)?;
    let text = |k: &str| ds.get(k).and_then(Value::as_str).map(str::to_string);
    Ok(Dataset {
        label: text("label").or_else(|| text("title")),
        source: text("source"),
        updated: text("updated"),
        dimensions,
        values,
        status,
        has_status,
        status_labels: status_labels(ds),
    })
}

/// The dimensions named by `id`, each with as many categories as `size` says.
fn decode_dimensions(ds: &Map<String, Value>) -> Result<Vec<Dimension>, String> {
    let dim_obj = ds
        .get("dimension")
        .and_then(Value::as_object)
        .ok_or("`dimension` is not an object")?;
    // 2.0: `id` and `size` at the top; 1.x: inside `dimension`.
    let ids_v = ds
        .get("id")
        .or_else(|| dim_obj.get("id"))
        .and_then(Value::as_array)
        .ok_or("no `id` array naming the dimensions")?;
    let sizes_v = ds
        .get("size")
        .or_else(|| dim_obj.get("size"))
        .and_then(Value::as_array)
        .ok_or("no `size` array")?;
    if ids_v.len() != sizes_v.len() {
        return Err(format!(
            "`id` names {} dimensions but `size` gives {}",
            ids_v.len(),
            sizes_v.len()
        ));
    }
    let mut dimensions = Vec::with_capacity(ids_v.len());
    for (id_v, size_v) in ids_v.iter().zip(sizes_v) {
        let id = id_v.as_str().ok_or("a dimension id is not a string")?;
        let size = as_usize(size_v).ok_or_else(|| format!("size of `{id}` is not a number"))?;
        let d = dim_obj
            .get(id)
            .and_then(Value::as_object)
            .ok_or_else(|| format!("dimension `{id}` is listed in `id` but not described"))?;
        let dimension = decode_dimension(id, d)?;
        if dimension.categories.len() != size {
            return Err(format!(
                "dimension `{id}` has {} categories but `size` says {size}",
                dimension.categories.len()
            ));
        }
        dimensions.push(dimension);
    }
    Ok(dimensions)
}

/// `value`, dense (an array of every cell) or sparse (an object keyed by cell index), of a cube
/// of `len` cells.
fn decode_values(value: Option<&Value>, len: usize) -> Result<BTreeMap<usize, f64>, String> {
    let mut values = BTreeMap::new();
    match value {
        Some(Value::Array(a)) => {
            if a.len() != len {
                return Err(format!(
                    "`value` has {} entries but the dimensions make {len} cells",
                    a.len()
                ));
            }
            for (i, v) in a.iter().enumerate() {
                if let Some(x) = number(v).map_err(|e| format!("value {i}: {e}"))? {
                    values.insert(i, x);
                }
            }
        }
        Some(Value::Object(o)) => {
            for (k, v) in o {
                let i: usize = k
                    .parse()
                    .map_err(|_| format!("`value` key `{k}` is not a cell index"))?;
                if i >= len {
                    return Err(format!(
                        "`value` has cell {i} but the dimensions make only {len} cells"
                    ));
                }
                if let Some(x) = number(v).map_err(|e| format!("value {i}: {e}"))? {
                    values.insert(i, x);
                }
            }
        }
        Some(Value::Null) | None => {}
        Some(_) => return Err("`value` is neither an array nor an object".into()),
    }
    Ok(values)
}

/// `status`: one string for every cell, a dense array (one element: for every cell) or a
/// sparse object; empty flags and cells outside the cube are left out.
fn decode_status(status: Option<&Value>, len: usize) -> Result<BTreeMap<usize, String>, String> {
    let mut flags = BTreeMap::new();
    match status {
        Some(Value::String(s)) => {
            for i in 0..len {
                flags.insert(i, s.clone());
            }
        }
        Some(Value::Array(a)) => {
            if a.len() == 1 {
                if let Some(s) = a[0].as_str() {
                    for i in 0..len {
                        flags.insert(i, s.to_string());
                    }
                }
            } else {
                for (i, v) in a.iter().enumerate().take(len) {
                    if let Some(s) = v.as_str().filter(|s| !s.is_empty()) {
                        flags.insert(i, s.to_string());
                    }
                }
            }
        }
        Some(Value::Object(o)) => {
            for (k, v) in o {
                let i: usize = k
                    .parse()
                    .map_err(|_| format!("`status` key `{k}` is not a cell index"))?;
                if let Some(s) = v.as_str().filter(|s| !s.is_empty()) {
                    if i < len {
                        flags.insert(i, s.to_string());
                    }
                }
            }
        }
        _ => {}
    }
    Ok(flags)
}

/// The meanings of the status flags (Eurostat: `extension.status.label`).
fn status_labels(ds: &Map<String, Value>) -> BTreeMap<String, String> {
    let mut status_labels = BTreeMap::new();
    if let Some(labels) = ds
        .get("extension")
        .and_then(|e| e.get("status"))
        .and_then(|s| s.get("label"))
        .and_then(Value::as_object)
    {
        for (k, v) in labels {
            if let Some(s) = v.as_str() {
                status_labels.insert(k.clone(), s.to_string());
            }
        }
    }
    status_labels
}

/// A cell value; `:`, `..` and `.` mark a missing one.
fn number(v: &Value) -> Result<Option<f64>, String> {
    super::json_number(Some(v), &[":", "..", "."], false)
}

fn decode_dimension(id: &str, d: &Map<String, Value>) -> Result<Dimension, String> {
    let label = d
        .get("label")
        .and_then(Value::as_str)
        .unwrap_or(id)
        .to_string();
    let category = d
        .get("category")
        .and_then(Value::as_object)
        .ok_or_else(|| format!("dimension `{id}` has no `category`"))?;
    let labels = category.get("label").and_then(Value::as_object);
    let codes: Vec<String> = match category.get("index") {
        Some(Value::Array(a)) => a
            .iter()
            .map(|c| {
                c.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("dimension `{id}`: a category code is not a string"))
            })
            .collect::<Result<_, _>>()?,
        Some(Value::Object(o)) => {
            let mut pairs: Vec<(usize, String)> = o
                .iter()
                .map(|(code, pos)| {
                    as_usize(pos).map(|p| (p, code.clone())).ok_or_else(|| {
                        format!("dimension `{id}`: the index of `{code}` is not a number")
                    })
                })
                .collect::<Result<_, _>>()?;
            pairs.sort();
            for (expected, (p, code)) in pairs.iter().enumerate() {
                if *p != expected {
                    return Err(format!(
                        "dimension `{id}`: category `{code}` has index {p}, expected {expected} (indices must run 0..n)"
                    ));
                }
            }
            pairs.into_iter().map(|(_, c)| c).collect()
        }
        None => match labels {
            Some(l) if l.len() == 1 => l.keys().cloned().collect(),
            _ => {
                return Err(format!(
                    "dimension `{id}` has no category `index` (allowed only for a single category)"
                ))
            }
        },
        Some(_) => {
            return Err(format!(
                "dimension `{id}`: `index` is neither an array nor an object"
            ))
        }
    };
    let categories = codes
        .into_iter()
        .map(|code| {
            let label = labels
                .and_then(|l| l.get(&code))
                .and_then(Value::as_str)
                .unwrap_or(&code)
                .to_string();
            (code, label)
        })
        .collect();
    Ok(Dimension {
        id: id.to_string(),
        label,
        categories,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_value_and_status() {
        let text = r#"{"version":"2.0","class":"dataset","id":["a","b"],"size":[2,3],
            "dimension":{"a":{"category":{"index":{"x":0,"y":1}}},
                         "b":{"category":{"index":["p","q","r"],"label":{"p":"P"}}}},
            "value":{"1":5,"5":7.5},"status":{"2":":","5":"p"},
            "extension":{"status":{"label":{":":"not available","p":"provisional"}}}}"#;
        let ds = parse(text).expect("parse");
        assert_eq!(ds.len(), 6);
        let cells = ds.cells();
        assert_eq!(cells.len(), 3);
        assert_eq!(cells[0].positions, vec![0, 1]);
        assert_eq!(cells[0].value, Some(5.0));
        assert_eq!(cells[1].value, None);
        assert_eq!(cells[1].status.as_deref(), Some(":"));
        assert_eq!(cells[2].positions, vec![1, 2]);
        assert_eq!(ds.dimensions[1].categories[0].1, "P");
        assert_eq!(
            ds.status_labels.get("p").map(String::as_str),
            Some("provisional")
        );
    }

    #[test]
    fn missing_status_is_fine() {
        let text = r#"{"version":"2.0","class":"dataset","id":["t"],"size":["2"],
            "dimension":{"t":{"category":{"index":{"2020":0,"2021":1}}}},"value":[1,null]}"#;
        let ds = parse(text).expect("parse");
        assert!(!ds.has_status);
        assert_eq!(ds.cells().len(), 1);
    }

    #[test]
    fn errors_are_reported() {
        assert!(parse(r#"{"error":{"status":400,"label":"bad"}}"#)
            .unwrap_err()
            .contains("bad"));
        assert!(parse(r#"{"version":"2.0","id":["t"],"size":[3],"dimension":{"t":{"category":{"index":["a"]}}},"value":[]}"#).is_err());
        assert!(parse("[1,").is_err());
    }
}
