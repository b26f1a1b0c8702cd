//! Thin components over the pure modules: they render state and forward
//! the reader's actions, nothing more.

pub mod article;
pub mod comments;
pub mod ids;
pub mod status;
pub mod timeline;
