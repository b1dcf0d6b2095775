//! A borrowed view of the store's object keys, so that finding an object by kind,
//! namespace and name does not first copy the two names into a new key: the controllers
//! look objects up by name thousands of times a second of a busy cluster.

use crate::model::Kind;
use std::borrow::Borrow;
use std::cmp::Ordering;

/// The store's key, `(kind, namespace, name)`.
pub type Owned = (Kind, String, String);

pub trait ObjectKey {
    fn parts(&self) -> (Kind, &str, &str);
}

impl ObjectKey for Owned {
    fn parts(&self) -> (Kind, &str, &str) {
        (self.0, &self.1, &self.2)
    }
}

impl ObjectKey for (Kind, &str, &str) {
    fn parts(&self) -> (Kind, &str, &str) {
        *self
    }
}

// Ordered as the owned tuple is (kind, then namespace, then name, strings by bytes), which
// `Borrow` requires of a map's key and its borrowed form.
impl<'a> Borrow<dyn ObjectKey + 'a> for Owned {
    fn borrow(&self) -> &(dyn ObjectKey + 'a) {
        self
    }
}

impl PartialEq for dyn ObjectKey + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.parts() == other.parts()
    }
}

impl Eq for dyn ObjectKey + '_ {}

impl PartialOrd for dyn ObjectKey + '_ {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

// Hashed as the owned tuple is, which a hash map's key and its borrowed form require.
impl std::hash::Hash for dyn ObjectKey + '_ {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.parts().hash(h)
    }
}

impl Ord for dyn ObjectKey + '_ {
    fn cmp(&self, other: &Self) -> Ordering {
        self.parts().cmp(&other.parts())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn a_borrowed_key_finds_what_the_owned_one_stored_in_the_same_order() {
        let mut m: BTreeMap<Owned, u32> = BTreeMap::new();
        for (i, (k, ns, n)) in
            [(Kind::Pod, "b", "x"), (Kind::Pod, "a", "y"), (Kind::Service, "", "z"), (Kind::Pod, "a", "ab")].into_iter().enumerate()
        {
            m.insert((k, ns.to_string(), n.to_string()), i as u32);
        }
        assert_eq!(m.get(&(Kind::Pod, "a", "y") as &dyn ObjectKey), Some(&1));
        assert_eq!(m.get(&(Kind::Pod, "a", "ab") as &dyn ObjectKey), Some(&3));
        assert_eq!(m.get(&(Kind::Pod, "a", "z") as &dyn ObjectKey), None);
        let owned: Vec<_> = m.keys().collect();
        let mut views: Vec<(Kind, &str, &str)> = owned.iter().map(|k| k.parts()).collect();
        views.sort();
        assert_eq!(views, owned.iter().map(|k| k.parts()).collect::<Vec<_>>());
    }
}
