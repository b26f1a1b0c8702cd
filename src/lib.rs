//! Kosovo Briefing: France's statement at the UN Security Council on UNMIK.
//!
//! The pure modules (`dataset`, `timeline`, `comments`) hold the logic and
//! are tested natively; `views` and `browser` are thin layers over them.

pub mod comments;
pub mod dataset;
pub mod json;
pub mod timeline;

pub mod app;
pub mod browser;
pub mod views;
