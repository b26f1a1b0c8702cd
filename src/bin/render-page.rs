//! Renders the page for a dataset file, for the build and for publishing:
//!
//!   render-page [--site-url URL] [--base PATH] DATASET
//!
//! On success prints `{"head": …, "body": …, "dataset": …}` (JSON) to
//! standard output; for a dataset that is not right, says what is wrong,
//! where, on standard error, and exits with 1. (`scripts/post-build.mjs`
//! and `scripts/publish.mjs` run it; it changes no file.)

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use std::process::ExitCode;

    use kosovo_briefing::prerender::{prerender, Site};

    let mut site = Site {
        url: None,
        base: "/".to_string(),
    };
    let mut dataset = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--site-url" => site.url = args.next(),
            "--base" => site.base = args.next().unwrap_or_else(|| "/".into()),
            _ if dataset.is_none() && !arg.starts_with("--") => dataset = Some(arg),
            _ => {
                eprintln!("render-page: unknown argument {arg}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(path) = dataset else {
        eprintln!("usage: render-page [--site-url URL] [--base PATH] DATASET");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("{path}: cannot be read: {error}");
            return ExitCode::FAILURE;
        }
    };
    match prerender(&text, &site) {
        Ok(page) => {
            let out = serde_json::json!({
                "head": page.head,
                "body": page.body,
                "dataset": page.dataset,
            });
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{path}: the briefing data is invalid: {error}.");
            ExitCode::FAILURE
        }
    }
}

/// The page is rendered natively only; the wasm build has nothing to run.
#[cfg(target_arch = "wasm32")]
fn main() {}
