//! An in-process backend: for tests and for a single process that wants a
//! bounded, sealed cache without a database.

use std::collections::HashMap;
use std::sync::Mutex;

use zeroize::Zeroizing;

use crate::backend::{AsyncBackend, Backend, BackendError, Entry, EntryMeta};

/// Entries in a map behind a mutex, at most `max_entries` of them (slots and
/// list members together); when full, the entries expiring first are evicted.
#[derive(Debug)]
pub struct MemoryBackend {
    max_entries: usize,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    slots: HashMap<String, Item>,
    lists: HashMap<String, Vec<Item>>,
    /// Insertion counter: the tie-break "newest" of the list rules.
    clock: u64,
}

#[derive(Debug)]
struct Item {
    bytes: Zeroizing<Vec<u8>>,
    meta: EntryMeta,
    seq: u64,
}

/// Orders items by how long they stay usable: expiring last (never = last of
/// all), then newest. The list rules of [`Backend::push`] and [`Backend::pop`].
fn lifetime_rank(item: &Item) -> (i64, u64) {
    (item.meta.expires_at.unwrap_or(i64::MAX), item.seq)
}

impl MemoryBackend {
    /// A backend holding at most `max_entries` entries (at least 1).
    pub fn new(max_entries: usize) -> Self {
        MemoryBackend {
            max_entries: max_entries.max(1),
            state: Mutex::new(State::default()),
        }
    }

    /// How many entries it holds (expired ones included until purged).
    pub fn len(&self) -> usize {
        let state = self.lock();
        state.slots.len() + state.lists.values().map(Vec::len).sum::<usize>()
    }

    /// Whether it holds no entry.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the maps half-updated
        // in a way that matters (each operation is a few map edits), so a
        // poisoned lock is taken over rather than propagated.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl State {
    fn len(&self) -> usize {
        self.slots.len() + self.lists.values().map(Vec::len).sum::<usize>()
    }

    fn next_seq(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    /// Evicts entries expiring first until at most `max` remain.
    fn evict_to(&mut self, max: usize) -> u64 {
        let mut evicted = 0;
        while self.len() > max {
            let slot = self
                .slots
                .iter()
                .min_by_key(|(_, item)| lifetime_rank(item))
                .map(|(k, item)| (lifetime_rank(item), k.clone()));
            let member = self
                .lists
                .iter()
                .flat_map(|(k, items)| {
                    items
                        .iter()
                        .enumerate()
                        .map(move |(i, item)| (lifetime_rank(item), k, i))
                })
                .min_by_key(|(rank, _, _)| *rank)
                .map(|(rank, k, i)| (rank, k.clone(), i));
            match (slot, member) {
                (Some((rs, k)), Some((rm, _, _))) if rs <= rm => {
                    self.slots.remove(&k);
                }
                (_, Some((_, list, i))) => {
                    if let Some(items) = self.lists.get_mut(&list) {
                        items.remove(i);
                        if items.is_empty() {
                            self.lists.remove(&list);
                        }
                    }
                }
                (Some((_, k)), None) => {
                    self.slots.remove(&k);
                }
                (None, None) => break,
            }
            evicted += 1;
        }
        evicted
    }
}

impl Backend for MemoryBackend {
    fn put(&self, key: &str, entry: &Entry<'_>) -> Result<u64, BackendError> {
        let mut state = self.lock();
        let seq = state.next_seq();
        state.slots.insert(
            key.to_owned(),
            Item {
                bytes: Zeroizing::new(entry.sealed.to_vec()),
                meta: entry.meta,
                seq,
            },
        );
        Ok(state.evict_to(self.max_entries))
    }

    fn fetch(&self, key: &str, now: i64) -> Result<Option<Vec<u8>>, BackendError> {
        let mut state = self.lock();
        let Some(item) = state.slots.get(key) else {
            return Ok(None);
        };
        if item.meta.is_expired(now) {
            state.slots.remove(key);
            return Ok(None);
        }
        if item.meta.single_use {
            return Ok(state.slots.remove(key).map(|item| item.bytes.to_vec()));
        }
        Ok(Some(item.bytes.to_vec()))
    }

    fn remove(&self, key: &str) -> Result<bool, BackendError> {
        Ok(self.lock().slots.remove(key).is_some())
    }

    fn push(&self, list: &str, entry: &Entry<'_>, keep: usize) -> Result<u64, BackendError> {
        let mut state = self.lock();
        let seq = state.next_seq();
        let items = state.lists.entry(list.to_owned()).or_default();
        items.push(Item {
            bytes: Zeroizing::new(entry.sealed.to_vec()),
            meta: entry.meta,
            seq,
        });
        let mut evicted = 0;
        if items.len() > keep {
            items.sort_by_key(lifetime_rank);
            let excess = items.len() - keep;
            items.drain(..excess);
            evicted += excess as u64;
        }
        if items.is_empty() {
            state.lists.remove(list);
        }
        Ok(evicted + state.evict_to(self.max_entries))
    }

    fn pop(&self, list: &str, now: i64) -> Result<Option<Vec<u8>>, BackendError> {
        let mut state = self.lock();
        let Some(items) = state.lists.get_mut(list) else {
            return Ok(None);
        };
        items.retain(|item| !item.meta.is_expired(now));
        let best = items
            .iter()
            .enumerate()
            .max_by_key(|(_, item)| lifetime_rank(item))
            .map(|(i, item)| (i, item.meta.single_use));
        let found = match best {
            Some((i, true)) => Some(items.remove(i).bytes.to_vec()),
            Some((i, false)) => items.get(i).map(|item| item.bytes.to_vec()),
            None => None,
        };
        if items.is_empty() {
            state.lists.remove(list);
        }
        Ok(found)
    }

    fn purge_expired(&self, now: i64) -> Result<u64, BackendError> {
        let mut state = self.lock();
        let before = state.len();
        state.slots.retain(|_, item| !item.meta.is_expired(now));
        for items in state.lists.values_mut() {
            items.retain(|item| !item.meta.is_expired(now));
        }
        state.lists.retain(|_, items| !items.is_empty());
        Ok((before - state.len()) as u64)
    }
}

/// The same map serves async code directly: every operation is a few map
/// edits under a lock held for microseconds, never across an `.await`.
impl AsyncBackend for MemoryBackend {
    async fn put(&self, key: &str, entry: &Entry<'_>) -> Result<u64, BackendError> {
        Backend::put(self, key, entry)
    }
    async fn fetch(&self, key: &str, now: i64) -> Result<Option<Vec<u8>>, BackendError> {
        Backend::fetch(self, key, now)
    }
    async fn remove(&self, key: &str) -> Result<bool, BackendError> {
        Backend::remove(self, key)
    }
    async fn push(&self, list: &str, entry: &Entry<'_>, keep: usize) -> Result<u64, BackendError> {
        Backend::push(self, list, entry, keep)
    }
    async fn pop(&self, list: &str, now: i64) -> Result<Option<Vec<u8>>, BackendError> {
        Backend::pop(self, list, now)
    }
    async fn purge_expired(&self, now: i64) -> Result<u64, BackendError> {
        Backend::purge_expired(self, now)
    }
}
