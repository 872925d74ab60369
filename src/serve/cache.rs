//! A bounded cache of computed answers (packs, charts): each key has a slot that is filled
//! once, so a pack asked by a whole class at once is computed once; beyond `capacity` keys the
//! oldest is dropped. A failed computation leaves its slot empty, to be tried again.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;

pub type Slot<V> = Arc<OnceCell<Arc<V>>>;

/// The slots by key, and the keys oldest first.
struct Slots<K, V> {
    by_key: HashMap<K, Slot<V>>,
    order: VecDeque<K>,
}

pub struct Cache<K, V> {
    capacity: usize,
    slots: Mutex<Slots<K, V>>,
}

impl<K: Clone + Eq + Hash, V> Cache<K, V> {
    pub fn new(capacity: usize) -> Cache<K, V> {
        Cache {
            capacity: capacity.max(1),
            slots: Mutex::new(Slots {
                by_key: HashMap::new(),
                order: VecDeque::new(),
            }),
        }
    }

    /// The slot of a key (a new, empty one if the key has not been asked for).
    pub fn slot(&self, key: &K) -> Slot<V> {
        let mut guard = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        let Slots { by_key: map, order } = &mut *guard;
        if let Some(slot) = map.get(key) {
            return slot.clone();
        }
        let slot: Slot<V> = Arc::new(OnceCell::new());
        map.insert(key.clone(), slot.clone());
        order.push_back(key.clone());
        while order.len() > self.capacity {
            if let Some(old) = order.pop_front() {
                map.remove(&old);
            }
        }
        slot
    }

    /// How many keys are kept.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.slots.lock().map_or(0, |g| g.by_key.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_at_most_capacity() {
        let cache: Cache<u32, u32> = Cache::new(2);
        let a = cache.slot(&1);
        assert!(Arc::ptr_eq(&a, &cache.slot(&1)));
        cache.slot(&2);
        cache.slot(&3);
        assert_eq!(cache.len(), 2);
        assert!(!Arc::ptr_eq(&a, &cache.slot(&1)));
    }
}
