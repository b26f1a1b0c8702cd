//! The editor's check of a dataset file, with the app's own reader:
//!
//!     KB_DATASET=path/to/briefing.json cargo test --test native dataset_file
//!
//! passes for a file the app would show, and otherwise fails with the
//! sentence the app's alert would show. Without KB_DATASET it checks the
//! shipped public/data/briefing.json. Unlike tests/native/dataset.rs, it pins no
//! content: any valid briefing passes.

use kosovo_briefing::dataset::Briefing;

#[test]
fn the_dataset_file_loads() {
    let path = std::env::var("KB_DATASET").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/public/data/briefing.json").to_string()
    });
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{path} could not be read: {error}"));
    if let Err(error) = Briefing::from_json(&text) {
        panic!("{path}: The briefing data is invalid: {error}.");
    }
    println!("{path}: the app reads it");
}
