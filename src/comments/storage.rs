//! The little of `localStorage` the comment store needs, as a trait: the
//! browser implements it (`crate::browser`), tests use an in-memory one.

use super::error::StorageError;

pub trait Storage {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError>;
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError>;
}

/// Two stores over one storage stand for two tabs over one `localStorage`.
impl<S: Storage + ?Sized> Storage for &S {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        (**self).get(key)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        (**self).set(key, value)
    }
}
