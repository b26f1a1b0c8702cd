//! Thin components over the pure modules: they render state and forward
//! the reader's actions, nothing more.

pub mod article;
pub mod chrome;
pub mod comments;
pub mod cross_link;
pub mod ids;
pub mod page;
pub mod paragraph;
pub mod status;
pub mod timeline;
