//! The JSON Schema for editors (`public/data/briefing.schema.json`) and the
//! hand-written reader that really loads the dataset (`src/dataset/` over
//! `src/json.rs`) agree, checked by behaviour rather than by reading source.
//!
//! The shipped `briefing.json` is walked alongside the schema (`$ref`s into
//! `$defs` followed, `"type"` lists such as `["string", "null"]` understood).
//! At every object and every property the walk meets, the document is
//! changed in one place and handed to `Briefing::from_json`: a required field
//! removed, an optional one removed, an unknown field added, a value of each
//! wrong JSON type, null, "", a blank string, every enum value, integer
//! bounds. What the reader answers, and at which path, must be what the
//! schema says. Each test fails if the two drift apart.
//!
//! Where the two knowingly differ, the difference is listed in a constant
//! below and asserted exactly, so it cannot grow, shrink or go stale unseen.
//!
//!   cargo test --test native dataset_schema

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use kosovo_briefing::dataset::{Briefing, DatasetError, ProblemKind};
use serde_json::{json, Value};

const SCHEMA: &str = include_str!("../../public/data/briefing.schema.json");
const SHIPPED: &str = include_str!("../../public/data/briefing.json");

/// Properties the reader lets a file set to `null` (it reads null as
/// absent) although the schema refuses null there: `(schema object, name)`.
/// The schema says "may be left out (same as [])", not "may be null".
const NULL_ACCEPTED_BY_READER_ONLY: &[(&str, &str)] = &[];

/// Keywords that may sit beside a `$ref` without changing what it means.
const ANNOTATIONS: &[&str] = &["$ref", "title", "description", "$comment"];

// ---------------------------------------------------------------------------
// Documents, paths and the reader's answers.

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// A path written the way the app writes it: `article.lede[0].text`.
fn path_of(steps: &[Step]) -> String {
    let mut path = String::new();
    for step in steps {
        match step {
            Step::Key(key) if path.is_empty() => path.push_str(key),
            Step::Key(key) => {
                path.push('.');
                path.push_str(key);
            }
            Step::Index(i) => path.push_str(&format!("[{i}]")),
        }
    }
    path
}

/// The path with indices dropped: `article.sections[].paragraphs[]`.
fn pattern_of(steps: &[Step]) -> String {
    let wild: Vec<Step> = steps
        .iter()
        .map(|step| match step {
            Step::Index(_) => Step::Key("[]".into()),
            key => key.clone(),
        })
        .collect();
    path_of(&wild).replace(".[]", "[]")
}

fn child(steps: &[Step], step: Step) -> Vec<Step> {
    let mut steps = steps.to_vec();
    steps.push(step);
    steps
}

fn node_mut<'a>(doc: &'a mut Value, steps: &[Step]) -> &'a mut Value {
    steps.iter().fold(doc, |node, step| match step {
        Step::Key(key) => node.get_mut(key.as_str()).expect("the path exists"),
        Step::Index(i) => node.get_mut(*i).expect("the path exists"),
    })
}

fn object_mut<'a>(doc: &'a mut Value, steps: &[Step]) -> &'a mut serde_json::Map<String, Value> {
    node_mut(doc, steps).as_object_mut().expect("an object")
}

/// The optional fields the shipped file leaves out, because the source text
/// gives nothing for them: added to the document the tests walk, so that
/// every field of the schema is tried.
fn with_every_optional_field(mut doc: Value) -> Value {
    let article = doc["article"].as_object_mut().expect("an article");
    article.insert("date_published".into(), json!("2026-03-14"));
    article.insert(
        "image".into(),
        json!({"url": "images/example.jpg", "alt": "An image an editor could add"}),
    );
    doc
}

/// The shipped file, with every optional field (`with_every_optional_field`).
fn shipped() -> &'static Value {
    static SHIPPED_VALUE: OnceLock<Value> = OnceLock::new();
    SHIPPED_VALUE.get_or_init(|| {
        with_every_optional_field(serde_json::from_str(SHIPPED).expect("briefing.json is JSON"))
    })
}

type Outcome = Result<Briefing, DatasetError>;

/// The shipped document with one change, as the app would read it.
fn read_with(change: impl FnOnce(&mut Value)) -> Outcome {
    let mut doc = shipped().clone();
    change(&mut doc);
    Briefing::from_json(&serde_json::to_string(&doc).expect("serialisable"))
}

/// The reader refuses the document because of the value at `path`.
fn refused_at(outcome: &Outcome, path: &str) -> bool {
    match outcome {
        Err(DatasetError::Missing { path: at } | DatasetError::Shape { path: at, .. }) => {
            at == path
        }
        Err(DatasetError::Invalid(problems)) => problems.iter().any(|p| p.path == path),
        Err(DatasetError::Syntax { .. }) | Ok(_) => false,
    }
}

/// The reader refuses the value at `path` as having the wrong shape: for
/// `schema_version`, which is read first, as an unsupported version.
fn refused_as_wrong_type(outcome: &Outcome, path: &str) -> bool {
    match outcome {
        Err(DatasetError::Shape { path: at, .. }) => at == path,
        Err(DatasetError::Invalid(problems)) if path == "schema_version" => {
            matches!(
                problems.as_slice(),
                [problem] if problem.path == path
                    && matches!(problem.kind, ProblemKind::UnsupportedVersion(_))
            )
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------
// The schema, walked alongside the document.

fn schema() -> &'static Value {
    static SCHEMA_VALUE: OnceLock<Value> = OnceLock::new();
    SCHEMA_VALUE.get_or_init(|| serde_json::from_str(SCHEMA).expect("the schema is JSON"))
}

/// Follows `$ref`s into `$defs`; the name is the last `$ref` followed.
fn resolve(mut node: &'static Value, mut name: &'static str) -> (&'static str, &'static Value) {
    while let Some(reference) = node.get("$ref").and_then(Value::as_str) {
        for key in node.as_object().expect("a schema object").keys() {
            assert!(
                ANNOTATIONS.contains(&key.as_str()),
                "{name}: \"{key}\" beside \"$ref\" is not modelled by this test"
            );
        }
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("only local $ref: {reference}"));
        node = schema()
            .pointer(pointer)
            .unwrap_or_else(|| panic!("$ref {reference} resolves"));
        name = reference;
    }
    (name, node)
}

/// The JSON types a schema node allows: `"type"` as a string or a list.
fn types(node: &Value) -> Vec<&str> {
    match &node["type"] {
        Value::String(one) => vec![one.as_str()],
        Value::Array(many) => many.iter().map(|t| t.as_str().expect("a type")).collect(),
        other => panic!("a schema node without a type: {other} in {node}"),
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// JSON Schema's reading of `type`: an integer is also a number.
fn allows(types: &[&str], value: &Value) -> bool {
    let actual = json_type(value);
    types.contains(&actual) || (actual == "integer" && types.contains(&"number"))
}

/// One value of each JSON type but null (null is read as absent: see its test).
fn samples() -> [Value; 6] {
    [
        json!("zz"),
        json!(7),
        json!(1.5),
        json!(true),
        json!([]),
        json!({}),
    ]
}

/// An object of the document with the schema object that describes it.
struct ObjectPlace {
    steps: Vec<Step>,
    /// `#` for the root, else the `$ref` it was reached by: `#/$defs/Event`.
    def: &'static str,
    node: &'static Value,
}

impl ObjectPlace {
    fn path(&self) -> String {
        path_of(&self.steps)
    }

    fn properties(&self) -> &'static serde_json::Map<String, Value> {
        self.node["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{}: properties", self.def))
    }

    fn required(&self) -> BTreeSet<&'static str> {
        self.node["required"]
            .as_array()
            .map(|names| names.iter().map(|n| n.as_str().expect("a name")).collect())
            .unwrap_or_default()
    }

    fn instance(&self) -> &'static serde_json::Map<String, Value> {
        let mut doc = shipped();
        for step in &self.steps {
            doc = match step {
                Step::Key(key) => &doc[key.as_str()],
                Step::Index(i) => &doc[*i],
            };
        }
        doc.as_object().expect("an object")
    }

    /// Each property present in this object: name, resolved schema, path.
    fn present(&self) -> Vec<Property<'_>> {
        self.instance()
            .keys()
            .map(|name| {
                let (_, node) = resolve(&self.properties()[name.as_str()], "(property)");
                Property {
                    place: self,
                    name: name.clone(),
                    node,
                    steps: child(&self.steps, Step::Key(name.clone())),
                }
            })
            .collect()
    }
}

struct Property<'p> {
    place: &'p ObjectPlace,
    name: String,
    node: &'static Value,
    steps: Vec<Step>,
}

impl Property<'_> {
    fn path(&self) -> String {
        path_of(&self.steps)
    }

    fn required(&self) -> bool {
        self.place.required().contains(self.name.as_str())
    }

    fn types(&self) -> Vec<&'static str> {
        types(self.node)
    }

    fn read_as(&self, value: Value) -> Outcome {
        read_with(|doc| *node_mut(doc, &self.steps) = value)
    }
}

fn walk(
    node: &'static Value,
    name: &'static str,
    value: &Value,
    steps: Vec<Step>,
    out: &mut Vec<ObjectPlace>,
) {
    let (name, node) = resolve(node, name);
    let where_ = path_of(&steps);
    assert!(
        allows(&types(node), value),
        "{where_}: the shipped {} is not allowed by {name}",
        json_type(value)
    );
    match value {
        Value::Object(map) => {
            assert!(
                name == "#" || name.starts_with("#/$defs/"),
                "{where_}: an object schema that is not in $defs is not modelled by this test"
            );
            for (key, item) in map {
                let property = &node["properties"][key.as_str()];
                assert!(!property.is_null(), "{where_}: {key} is not in {name}");
                walk(
                    property,
                    "(property)",
                    item,
                    child(&steps, Step::Key(key.clone())),
                    out,
                );
            }
            out.push(ObjectPlace {
                steps,
                def: name,
                node,
            });
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(
                    &node["items"],
                    "(items)",
                    item,
                    child(&steps, Step::Index(i)),
                    out,
                );
            }
        }
        _ => {}
    }
}

/// Every object of the shipped document, outermost last.
fn objects() -> &'static [ObjectPlace] {
    static OBJECTS: OnceLock<Vec<ObjectPlace>> = OnceLock::new();
    OBJECTS.get_or_init(|| {
        let mut out = Vec::new();
        walk(schema(), "#", shipped(), Vec::new(), &mut out);
        out
    })
}

/// The first object at each place of the document (`events[]`, `article`…).
fn one_per_place() -> Vec<&'static ObjectPlace> {
    let mut seen = BTreeSet::new();
    objects()
        .iter()
        .filter(|place| seen.insert(pattern_of(&place.steps)))
        .collect()
}

/// The ids of the objects inside a removed value (paragraphs, say).
fn ids_in(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(id)) = map.get("id") {
                out.insert(id.clone());
            }
            map.values().for_each(|v| ids_in(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| ids_in(v, out)),
        _ => {}
    }
}

/// Removing a value is accepted: or refused only because events point at
/// paragraphs that went with it (the app's own cross-check, not a shape rule).
fn accepted_but_for_references(outcome: &Outcome, removed: &Value) -> Result<(), String> {
    let mut ids = BTreeSet::new();
    ids_in(removed, &mut ids);
    match outcome {
        Ok(_) => Ok(()),
        Err(DatasetError::Invalid(problems))
            if problems.iter().all(
                |p| matches!(&p.kind, ProblemKind::UnknownParagraph(id) if ids.contains(id)),
            ) =>
        {
            Ok(())
        }
        Err(other) => Err(format!("{other:?}")),
    }
}

// ---------------------------------------------------------------------------
// The walk itself.

#[test]
fn the_walk_meets_every_object_and_property_of_the_schema() {
    Briefing::from_json(SHIPPED).expect("the shipped dataset is valid");
    Briefing::from_json(&shipped().to_string()).expect("and with every optional field");
    assert!(objects().len() > 30, "walked the whole document");

    let object_defs: BTreeSet<&str> = schema()["$defs"]
        .as_object()
        .expect("$defs")
        .iter()
        .filter(|(_, def)| types(def).contains(&"object"))
        .map(|(name, _)| name.as_str())
        .collect();
    let mut expected: BTreeSet<String> = object_defs
        .iter()
        .map(|name| format!("#/$defs/{name}"))
        .collect();
    expected.insert("#".into());
    let met: BTreeSet<String> = objects().iter().map(|p| p.def.to_string()).collect();
    assert_eq!(
        met, expected,
        "every object schema describes part of the file"
    );

    // Each property of each object schema occurs at least once, so that
    // every test below has something to try it on.
    let mut occurring: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for place in objects() {
        occurring
            .entry(place.def)
            .or_default()
            .extend(place.instance().keys().map(String::as_str));
        for required in place.required() {
            assert!(
                place.instance().contains_key(required),
                "{}: the shipped file has {required}",
                place.path()
            );
        }
    }
    for place in objects() {
        let declared: BTreeSet<&str> = place.properties().keys().map(String::as_str).collect();
        assert_eq!(
            occurring[place.def], declared,
            "{}: the shipped file uses every property",
            place.def
        );
    }
}

// ---------------------------------------------------------------------------
// Fields: which exist, which are required.

#[test]
fn removing_a_required_field_is_reported_missing_at_its_path() {
    let mut checked = 0;
    for place in objects() {
        for name in place.required() {
            let steps = child(&place.steps, Step::Key(name.into()));
            let path = path_of(&steps);
            let outcome = read_with(|doc| {
                object_mut(doc, &place.steps).remove(name);
            });
            assert_eq!(
                outcome.err(),
                Some(DatasetError::Missing { path: path.clone() }),
                "{path} is required by {}",
                place.def
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} required fields tried");
}

#[test]
fn removing_an_optional_field_is_accepted() {
    let mut checked = BTreeSet::new();
    for place in objects() {
        let required = place.required();
        for (name, value) in place.instance() {
            if required.contains(name.as_str()) {
                continue;
            }
            let outcome = read_with(|doc| {
                object_mut(doc, &place.steps).remove(name);
            });
            // A section's paragraphs may be left out, but not while events
            // still point at them: that is `problems()`, not the shape.
            if let Err(error) = accepted_but_for_references(&outcome, value) {
                panic!(
                    "{}.{name} is optional in {}, but the reader says {error}",
                    place.path(),
                    place.def
                );
            }
            checked.insert(format!("{}.{name}", place.def));
        }
    }
    let optional: BTreeSet<String> = objects()
        .iter()
        .flat_map(|place| {
            let required = place.required();
            place
                .properties()
                .keys()
                .filter(move |name| !required.contains(name.as_str()))
                .map(move |name| format!("{}.{name}", place.def))
        })
        .collect();
    assert_eq!(checked, optional, "every optional property was tried");
}

#[test]
fn an_unknown_field_is_refused_in_every_object() {
    for place in objects() {
        assert_eq!(
            place.node["additionalProperties"],
            json!(false),
            "{}: the reader refuses unknown fields, so must the schema",
            place.def
        );
        let path = path_of(&child(&place.steps, Step::Key("zz_unknown".into())));
        match read_with(|doc| {
            object_mut(doc, &place.steps).insert("zz_unknown".into(), json!("x"));
        }) {
            Err(DatasetError::Shape { path: at, message }) => {
                assert_eq!(at, path);
                assert!(message.contains("zz_unknown"), "{path}: {message}");
            }
            other => panic!("{path}: expected a shape error, got {other:?}"),
        }
    }
}

/// The reader's source, only as a list of names to ask it about: every file
/// of `src/dataset/` (`every_file_of_the_reader_is_asked_about` keeps the
/// list whole) and `src/json.rs`.
const READER: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../../src/dataset/mod.rs")),
    ("types.rs", include_str!("../../src/dataset/types.rs")),
    ("error.rs", include_str!("../../src/dataset/error.rs")),
    ("check.rs", include_str!("../../src/dataset/check.rs")),
    ("read.rs", include_str!("../../src/dataset/read.rs")),
];
const READER_JSON: &str = include_str!("../../src/json.rs");

#[test]
fn every_file_of_the_reader_is_asked_about() {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/src/dataset");
    let on_disk: BTreeSet<String> = std::fs::read_dir(folder)
        .expect("src/dataset/ is readable")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .into_string()
                .expect("UTF-8")
        })
        .collect();
    let listed: BTreeSet<String> = READER.iter().map(|(name, _)| name.to_string()).collect();
    assert_eq!(on_disk, listed, "list every file of src/dataset/ in READER");
}

/// The contents of the `"…"` literals of Rust source, outside `//` comments
/// (roughly: enough to list the names the source spells).
fn string_literals(source: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in source.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        let line = line.replace("'\"'", "");
        let mut chars = line.chars();
        let mut literal: Option<String> = None;
        while let Some(c) = chars.next() {
            match (&mut literal, c) {
                (None, '"') => literal = Some(String::new()),
                (None, '/') if chars.as_str().starts_with('/') => break,
                (None, _) => {}
                (Some(text), '"') => {
                    found.push(std::mem::take(text));
                    literal = None;
                }
                (Some(text), '\\') => text.extend(chars.next()),
                (Some(text), c) => text.push(c),
            }
        }
    }
    found
}

/// Whether the reader knows the field `name` of the object at `place`.
/// The reader refuses an unknown field at its own path whatever its value;
/// it reads a known one set to null as absent (`null_reads_as_absent`
/// checks that), so it then answers Ok, Missing, or an error elsewhere.
/// A second value confirms a refusal.
fn reader_accepts_field(place: &ObjectPlace, name: &str) -> bool {
    let path = path_of(&child(&place.steps, Step::Key(name.into())));
    [Value::Null, json!("zz")].into_iter().any(|value| {
        let outcome = read_with(|doc| {
            object_mut(doc, &place.steps).insert(name.into(), value);
        });
        !matches!(&outcome, Err(DatasetError::Shape { path: at, .. }) if *at == path)
    })
}

#[test]
fn the_reader_accepts_exactly_the_properties_of_the_schema() {
    // Behaviour can only answer for the names asked about. Asked: every
    // property name in the schema and its camelCase spelling, every
    // identifier-like string literal of the reader's source (so that a field
    // added to a list in `read_*` is asked about, whatever its name), and a
    // few names an editor might try.
    let mut candidates: BTreeSet<String> = [
        "zz_unknown",
        "$schema",
        "$comment",
        "type",
        "name",
        "notes",
        "comment",
        "source",
        "url",
        "author",
        "summary",
        "tags",
        "order",
        "year",
        "html",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    candidates.extend(
        READER
            .iter()
            .map(|(_, source)| *source)
            .chain([READER_JSON])
            .flat_map(string_literals)
            .filter(|s| {
                s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                    && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            }),
    );
    for place in objects() {
        for name in place.properties().keys() {
            candidates.insert(name.clone());
            let mut camel = String::new();
            let mut upper = false;
            for c in name.chars() {
                if c == '_' {
                    upper = true;
                } else if upper {
                    camel.extend(c.to_uppercase());
                    upper = false;
                } else {
                    camel.push(c);
                }
            }
            candidates.insert(camel);
        }
    }
    assert!(candidates.len() > 40, "{candidates:?}");
    for place in one_per_place() {
        let accepted: BTreeSet<&str> = candidates
            .iter()
            .map(String::as_str)
            .filter(|name| reader_accepts_field(place, name))
            .collect();
        let declared: BTreeSet<&str> = place.properties().keys().map(String::as_str).collect();
        assert_eq!(
            accepted,
            declared,
            "{} ({}): fields the reader accepts vs properties of the schema",
            pattern_of(&place.steps),
            place.def
        );
    }
}

// ---------------------------------------------------------------------------
// Values: types, null, enums, strings, integers.

/// The wrong values to try at a place: all of them at the first object of
/// each place in the document (`events[0]`), the first one elsewhere, which
/// keeps the test fast and still reaches every field of every object.
fn wrong_values(allowed: &[&str], everything: bool) -> Vec<Value> {
    let wrong = samples()
        .into_iter()
        .filter(|value| !allows(allowed, value));
    if everything {
        wrong.collect()
    } else {
        wrong.take(1).collect()
    }
}

#[test]
fn a_value_of_a_wrong_type_is_refused_at_its_path() {
    let firsts = one_per_place();
    let mut checked = 0;
    for place in objects() {
        let everything = firsts.iter().any(|first| std::ptr::eq(*first, place));
        for property in place.present() {
            let allowed = property.types();
            let path = property.path();
            for value in wrong_values(&allowed, everything) {
                let outcome = property.read_as(value.clone());
                assert!(
                    refused_as_wrong_type(&outcome, &path),
                    "{path}: {value} is not {allowed:?}, but the reader says {outcome:?}"
                );
                checked += 1;
            }
            // Another type the schema allows: a string date where the file
            // has null, or null where it has a string (see also
            // null_reads_as_absent). Enum values have their own test.
            let current = json_type(&place.instance()[&property.name]);
            for value in samples() {
                if allows(&allowed, &value)
                    && json_type(&value) != current
                    && property.node.get("enum").is_none()
                {
                    let outcome = property.read_as(value.clone());
                    assert!(
                        !refused_at(&outcome, &path),
                        "{path}: {value} has a type the schema allows ({allowed:?}): {outcome:?}"
                    );
                }
            }
            // Each element of a list, likewise.
            let Some(items) = place.instance()[&property.name].as_array() else {
                continue;
            };
            let (_, item_node) = resolve(&property.node["items"], "(items)");
            for i in 0..items.len() {
                let steps = child(&property.steps, Step::Index(i));
                let path = path_of(&steps);
                for value in wrong_values(&types(item_node), everything) {
                    let outcome = read_with(|doc| *node_mut(doc, &steps) = value.clone());
                    assert!(
                        refused_as_wrong_type(&outcome, &path),
                        "{path}: {value} is not an item of {}, but the reader says {outcome:?}",
                        property.name
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 200, "{checked} wrong values tried");
}

#[test]
fn null_reads_as_absent() {
    let mut reader_only = BTreeSet::new();
    for place in objects() {
        for property in place.present() {
            let path = property.path();
            let outcome = property.read_as(Value::Null);
            if property.types().contains(&"null") {
                // Null reads as absent; emptying a list may leave references dangling.
                let removed = &place.instance()[&property.name];
                if let Err(error) = accepted_but_for_references(&outcome, removed) {
                    panic!("{path} may be null: {error}");
                }
            } else if property.required() {
                // The schema refuses null as a wrong type; the reader refuses
                // it too, as a missing field.
                assert_eq!(
                    outcome.err(),
                    Some(DatasetError::Missing { path: path.clone() }),
                    "{path}: null for a required field"
                );
            } else if refused_at(&outcome, &path) {
                assert!(
                    refused_as_wrong_type(&outcome, &path),
                    "{path}: {outcome:?}"
                );
            } else {
                let removed = &place.instance()[&property.name];
                if let Err(error) = accepted_but_for_references(&outcome, removed) {
                    panic!("{path}: null: {error}");
                }
                reader_only.insert((place.def, property.name.clone()));
            }
        }
    }
    let listed: BTreeSet<(&str, String)> = NULL_ACCEPTED_BY_READER_ONLY
        .iter()
        .map(|&(def, name)| (def, name.to_string()))
        .collect();
    assert_eq!(
        reader_only, listed,
        "optional fields the reader lets be null although the schema refuses null \
         (update NULL_ACCEPTED_BY_READER_ONLY if this was fixed on purpose)"
    );
}

#[test]
fn enum_and_const_values_are_the_ones_the_reader_accepts() {
    let mut checked = 0;
    for place in objects() {
        for property in place.present() {
            let path = property.path();
            let allowed: Vec<Value> = match (property.node.get("enum"), property.node.get("const"))
            {
                (Some(Value::Array(values)), None) => values.clone(),
                (None, Some(value)) => vec![value.clone()],
                (None, None) => continue,
                _ => panic!("{path}: an enum or const this test does not model"),
            };
            let mut tried = allowed.clone();
            for value in &allowed {
                match value {
                    Value::String(s) => {
                        tried.push(json!(s.to_uppercase()));
                        tried.push(json!(format!("{s} ")));
                        tried.push(json!(""));
                        tried.push(json!("table"));
                    }
                    Value::Number(n) => {
                        let n = n.as_i64().expect("a whole number");
                        tried.push(json!(n - 1));
                        tried.push(json!(n + 1));
                        tried.push(json!(0));
                    }
                    other => panic!("{path}: an enum value this test does not model: {other}"),
                }
            }
            for value in tried {
                let outcome = property.read_as(value.clone());
                let schema_accepts = allowed.contains(&value);
                if schema_accepts {
                    // Changing a section's kind may leave the article with no
                    // timeline or two: that is problems(), not the shape.
                    let located = matches!(
                        &outcome,
                        Err(DatasetError::Invalid(problems)) if problems.iter().any(|p| p.path == path)
                    ) || matches!(
                        &outcome,
                        Err(DatasetError::Missing { .. } | DatasetError::Shape { .. })
                    );
                    assert!(!located, "{path}: {value} is allowed: {outcome:?}");
                } else {
                    assert!(
                        refused_as_wrong_type(&outcome, &path),
                        "{path}: {value} is not among {allowed:?}: {outcome:?}"
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 20, "{checked} values tried");
}

/// The string properties of the document that are free text or ids (no enum).
fn string_properties() -> Vec<(&'static ObjectPlace, String, &'static Value, Vec<Step>)> {
    objects()
        .iter()
        .flat_map(|place| {
            place
                .present()
                .into_iter()
                .filter(|p| p.types().contains(&"string") && p.node.get("enum").is_none())
                .map(move |p| (place, p.name, p.node, p.steps))
        })
        .collect()
}

#[test]
fn an_empty_string_is_refused_exactly_where_the_schema_sets_min_length() {
    let properties = string_properties();
    assert!(properties.len() > 100);
    for (_, _, node, steps) in properties {
        let path = path_of(&steps);
        let schema_refuses = node["minLength"].as_u64().unwrap_or(0) >= 1;
        let outcome = read_with(|doc| *node_mut(doc, &steps) = json!(""));
        assert_eq!(
            refused_at(&outcome, &path),
            schema_refuses,
            "{path}: \"\" (schema minLength {}): {outcome:?}",
            node["minLength"]
        );
    }
}

#[test]
fn a_blank_string_is_refused_exactly_where_the_schema_has_a_pattern() {
    // Each pattern of the schema (text, identifier, slug) refuses a string of
    // white space only; tests/tooling/dataset-schema.test.mjs checks the patterns
    // themselves against trim() and is_identifier().
    for (_, _, node, steps) in string_properties() {
        let path = path_of(&steps);
        let outcome = read_with(|doc| *node_mut(doc, &steps) = json!(" \u{a0}\t\u{3000}"));
        assert_eq!(
            refused_at(&outcome, &path),
            node.get("pattern").is_some(),
            "{path}: a blank string: {outcome:?}"
        );
    }
}

fn as_i128(value: &Value) -> i128 {
    value
        .as_i64()
        .map(i128::from)
        .or_else(|| value.as_u64().map(i128::from))
        .unwrap_or_else(|| panic!("a whole number: {value}"))
}

#[test]
fn integers_are_refused_exactly_outside_the_schema_bounds() {
    let mut checked = 0;
    for place in objects() {
        for property in place.present() {
            if property.types() != ["integer"] || property.node.get("const").is_some() {
                continue;
            }
            let path = property.path();
            let min = property.node.get("minimum").map(as_i128);
            let max = property.node.get("maximum").map(as_i128);
            // serde_json keeps whole numbers from i64::MIN to u64::MAX exact.
            for value in [
                json!(i64::MIN),
                json!(-1),
                json!(0),
                json!(i64::MAX),
                json!(i64::MAX as u64 + 1),
                json!(u64::MAX),
            ] {
                let n = as_i128(&value);
                let schema_accepts = min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m);
                let outcome = property.read_as(value.clone());
                if schema_accepts {
                    assert!(outcome.is_ok(), "{path}: {value} is in range: {outcome:?}");
                } else {
                    assert!(
                        refused_as_wrong_type(&outcome, &path),
                        "{path}: {value} is out of range: {outcome:?}"
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 40, "{checked} integers tried");
}

#[test]
fn a_whole_number_written_with_a_decimal_point_is_refused_by_the_reader_only() {
    // JSON Schema counts 40.0 as the integer 40 and cannot refuse it; the
    // reader does (the schema's $comment and docs/dataset.md say so).
    let mut checked = 0;
    for place in objects() {
        for property in place.present() {
            if !property.types().contains(&"integer") {
                continue;
            }
            let path = property.path();
            let whole = as_i128(&place.instance()[&property.name]) as f64;
            let outcome = property.read_as(json!(whole));
            assert!(
                refused_as_wrong_type(&outcome, &path),
                "{path}: {whole:?}: {outcome:?}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "{checked} tried");
}
