//! Kosovo Briefing: France's statement at the UN Security Council on UNMIK.
//!
//! The pure modules (`dataset`, `timeline`, `comments`) hold the logic and
//! are tested natively; `views` and `browser` are thin layers over them.

pub mod comments;
pub mod dataset;
pub mod json;
pub mod text;
pub mod timeline;

pub mod app;
pub mod browser;
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
pub mod takeover;
pub mod views;
