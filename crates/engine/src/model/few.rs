//! A list most objects leave empty (a pod's init and ephemeral containers' records and
//! statuses, an object's finalizers): one word when empty, where a `Vec` takes three.

use std::ops::{Deref, DerefMut};

// The box is the point: an empty list is one null word, not a `Vec`'s three.
#[allow(clippy::box_collection)]
#[derive(Clone, Debug, PartialEq)]
pub struct Few<T>(Option<Box<Vec<T>>>);

impl<T> Default for Few<T> {
    fn default() -> Self {
        Few(None)
    }
}

impl<T> Few<T> {
    pub fn push(&mut self, item: T) {
        self.0.get_or_insert_default().push(item);
    }

    pub fn retain(&mut self, keep: impl FnMut(&T) -> bool) {
        if let Some(v) = &mut self.0 {
            v.retain(keep);
            if v.is_empty() {
                self.0 = None;
            }
        }
    }
}

impl<T> From<Vec<T>> for Few<T> {
    fn from(v: Vec<T>) -> Self {
        Few((!v.is_empty()).then(|| Box::new(v)))
    }
}

impl<T> Deref for Few<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }
}

impl<T> DerefMut for Few<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        self.0.as_deref_mut().map_or(&mut [], Vec::as_mut_slice)
    }
}

impl<T> IntoIterator for Few<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.map_or_else(Vec::new, |v| *v).into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Few<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_word_empty_and_a_list_when_not() {
        assert_eq!(std::mem::size_of::<Few<String>>(), std::mem::size_of::<usize>());
        let mut f: Few<u8> = Vec::new().into();
        assert!(f.is_empty() && f.0.is_none());
        f.push(1);
        f.push(2);
        f[1] = 3;
        assert_eq!((&f).into_iter().copied().collect::<Vec<_>>(), [1, 3]);
        assert_eq!(Few::from(vec![4u8]).first(), Some(&4));
        f.retain(|n| *n != 1);
        assert_eq!(&*f, [3]);
        f.retain(|_| false);
        assert!(f.0.is_none(), "emptied: the box goes");
    }
}
