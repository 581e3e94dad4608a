//! An in-process backend: for tests and for a single process that wants a
//! bounded, sealed cache without a database.

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

use zeroize::Zeroizing;

use crate::backend::{claim_entry, AsyncBackend, Backend, BackendError, Entry, EntryMeta};

/// Entries in maps behind a mutex, at most `max_entries` of them (slots and
/// list members together); when full, the entries expiring first are evicted
/// (an ordered index makes that `O(log n)`).
#[derive(Debug)]
pub struct MemoryBackend {
    max_entries: usize,
    state: Mutex<State>,
}

/// Where an entry lives: a slot, or a member of a list.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Slot(String),
    Member(String),
}

/// An entry's position in eviction order: expiring first (never = last of
/// all), then oldest; the sequence number also tells list members apart.
type Rank = (i64, u64);

#[derive(Debug, Default)]
struct State {
    slots: HashMap<String, Item>,
    lists: HashMap<String, Vec<Item>>,
    /// Every entry by rank, for eviction.
    by_rank: BTreeSet<(Rank, Place)>,
    /// Insertion counter: the tie-break "newest" of the list rules.
    clock: u64,
}

#[derive(Debug)]
struct Item {
    bytes: Zeroizing<Vec<u8>>,
    meta: EntryMeta,
    seq: u64,
}

impl Item {
    /// The list rules of [`Backend::push`] and [`Backend::pop`] and the
    /// eviction order: expiring last is best, then newest.
    fn rank(&self) -> Rank {
        (self.meta.expires_at.unwrap_or(i64::MAX), self.seq)
    }
}

impl MemoryBackend {
    /// A backend holding at most `max_entries` entries (at least 1).
    pub fn new(max_entries: usize) -> Self {
        MemoryBackend {
            max_entries: max_entries.max(1),
            state: Mutex::new(State::default()),
        }
    }

    /// How many entries it holds (expired ones included until purged or
    /// looked up).
    pub fn len(&self) -> usize {
        self.lock().by_rank.len()
    }

    /// Whether it holds no entry.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // Each operation leaves the maps consistent before anything that can
        // panic, so a poisoned lock (a panic elsewhere while holding it) is
        // taken over rather than propagated.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl State {
    fn next_seq(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    /// `entry` as an item, the newest so far.
    fn item(&mut self, entry: &Entry<'_>) -> Item {
        Item {
            bytes: Zeroizing::new(entry.sealed.to_vec()),
            meta: entry.meta,
            seq: self.next_seq(),
        }
    }

    fn remove_slot(&mut self, key: &str) -> Option<Item> {
        let item = self.slots.remove(key)?;
        self.by_rank
            .remove(&(item.rank(), Place::Slot(key.to_owned())));
        Some(item)
    }

    fn insert_slot(&mut self, key: &str, item: Item) {
        self.remove_slot(key);
        self.by_rank
            .insert((item.rank(), Place::Slot(key.to_owned())));
        self.slots.insert(key.to_owned(), item);
    }

    /// Removes member `index` of `list` (which must exist).
    fn remove_member(&mut self, list: &str, index: usize) -> Option<Item> {
        let items = self.lists.get_mut(list)?;
        if index >= items.len() {
            return None;
        }
        let item = items.remove(index);
        if items.is_empty() {
            self.lists.remove(list);
        }
        self.by_rank
            .remove(&(item.rank(), Place::Member(list.to_owned())));
        Some(item)
    }

    /// Evicts the entries expiring first until at most `max` remain.
    fn evict_to(&mut self, max: usize) -> u64 {
        let mut evicted = 0;
        while self.by_rank.len() > max {
            let Some((rank, place)) = self.by_rank.pop_first() else {
                break;
            };
            match place {
                Place::Slot(key) => {
                    self.slots.remove(&key);
                }
                Place::Member(list) => {
                    if let Some(items) = self.lists.get_mut(&list) {
                        items.retain(|item| item.rank() != rank);
                        if items.is_empty() {
                            self.lists.remove(&list);
                        }
                    }
                }
            }
            evicted += 1;
        }
        evicted
    }
}

impl Backend for MemoryBackend {
    fn put(&self, key: &str, entry: &Entry<'_>) -> Result<u64, BackendError> {
        let mut state = self.lock();
        let item = state.item(entry);
        state.insert_slot(key, item);
        Ok(state.evict_to(self.max_entries))
    }

    fn fetch(&self, key: &str, now: i64) -> Result<Option<Vec<u8>>, BackendError> {
        let mut state = self.lock();
        let Some(item) = state.slots.get(key) else {
            return Ok(None);
        };
        if item.meta.is_expired(now) {
            state.remove_slot(key);
            return Ok(None);
        }
        if item.meta.single_use {
            return Ok(state.remove_slot(key).map(|item| item.bytes.to_vec()));
        }
        Ok(Some(item.bytes.to_vec()))
    }

    fn remove(&self, key: &str) -> Result<bool, BackendError> {
        Ok(self.lock().remove_slot(key).is_some())
    }

    /// Under the lock: the check and the insert are one step for every
    /// caller of this process (the only callers a memory backend has).
    fn claim(&self, key: &str, meta: EntryMeta, now: i64) -> Result<bool, BackendError> {
        let mut state = self.lock();
        if state
            .slots
            .get(key)
            .is_some_and(|item| !item.meta.is_expired(now))
        {
            return Ok(false);
        }
        let item = state.item(&claim_entry(meta));
        // Replaces an expired entry; the bound is kept as `put` keeps it.
        state.insert_slot(key, item);
        state.evict_to(self.max_entries);
        Ok(true)
    }

    fn push(&self, list: &str, entry: &Entry<'_>, keep: usize) -> Result<u64, BackendError> {
        let mut state = self.lock();
        let item = state.item(entry);
        state
            .by_rank
            .insert((item.rank(), Place::Member(list.to_owned())));
        let items = state.lists.entry(list.to_owned()).or_default();
        items.push(item);
        // Members stay sorted by rank, best last.
        items.sort_by_key(Item::rank);
        let mut evicted = 0;
        while state
            .lists
            .get(list)
            .is_some_and(|items| items.len() > keep)
        {
            state.remove_member(list, 0);
            evicted += 1;
        }
        Ok(evicted + state.evict_to(self.max_entries))
    }

    fn pop(&self, list: &str, now: i64) -> Result<Option<Vec<u8>>, BackendError> {
        let mut state = self.lock();
        // Members are sorted by rank: expired ones (the lowest expiry) come
        // first, and the best is last.
        while state
            .lists
            .get(list)
            .and_then(|items| items.first())
            .is_some_and(|item| item.meta.is_expired(now))
        {
            state.remove_member(list, 0);
        }
        let Some(items) = state.lists.get(list) else {
            return Ok(None);
        };
        let last = items.len() - 1;
        let Some(best) = items.last() else {
            return Ok(None);
        };
        if best.meta.single_use {
            return Ok(state
                .remove_member(list, last)
                .map(|item| item.bytes.to_vec()));
        }
        Ok(Some(best.bytes.to_vec()))
    }

    fn purge_expired(&self, now: i64) -> Result<u64, BackendError> {
        let mut state = self.lock();
        let mut purged = 0;
        // The index is in expiry order: expired entries are a prefix.
        while let Some((rank, place)) = state.by_rank.first().cloned() {
            if !(EntryMeta {
                expires_at: (rank.0 != i64::MAX).then_some(rank.0),
                single_use: false,
            })
            .is_expired(now)
            {
                break;
            }
            state.by_rank.pop_first();
            match place {
                Place::Slot(key) => {
                    state.slots.remove(&key);
                }
                Place::Member(list) => {
                    if let Some(items) = state.lists.get_mut(&list) {
                        items.retain(|item| item.rank() != rank);
                        if items.is_empty() {
                            state.lists.remove(&list);
                        }
                    }
                }
            }
            purged += 1;
        }
        Ok(purged)
    }
}

/// The same maps serve async code directly: every operation is a few map
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
    async fn claim(&self, key: &str, meta: EntryMeta, now: i64) -> Result<bool, BackendError> {
        Backend::claim(self, key, meta, now)
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
