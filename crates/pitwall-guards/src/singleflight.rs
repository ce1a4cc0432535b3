//! Singleflight: identical calls in flight at the same time share one execution.
//!
//! When many users ask the same question at once, only one upstream call is made and
//! everyone gets its answer. Coalescing is per process by nature (it shares a future, not a
//! value); across processes the answer cache plays that role.

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use tokio::sync::watch;

/// Coalesces concurrent calls by key. `V` is cloned to every caller sharing a result.
#[derive(Debug)]
pub struct Group<K, V> {
    flights: Mutex<HashMap<K, Flight<V>>>,
    next_id: AtomicU64,
}

#[derive(Debug)]
struct Flight<V> {
    id: u64,
    result: watch::Receiver<Option<V>>,
}

enum Role<V> {
    Leader(u64, watch::Sender<Option<V>>),
    Follower(watch::Receiver<Option<V>>),
}

/// Removes the leader's flight from the map when the leader finishes or is dropped; the
/// dropped sender then wakes the followers, so none of them can hang.
struct FlightGuard<'a, K: Eq + Hash, V> {
    group: &'a Group<K, V>,
    key: &'a K,
    id: u64,
}

impl<K: Eq + Hash, V> Drop for FlightGuard<'_, K, V> {
    fn drop(&mut self) {
        let mut flights = crate::lock(&self.group.flights);
        // Only remove our own flight: a later flight may already use the key.
        if flights.get(self.key).is_some_and(|f| f.id == self.id) {
            flights.remove(self.key);
        }
    }
}

impl<K, V> Group<K, V>
where
    K: Eq + Hash + Clone,
    V: Clone,
{
    /// An empty group.
    pub fn new() -> Self {
        Self {
            flights: Mutex::new(HashMap::new()),
            next_id: AtomicU64::new(0),
        }
    }

    /// Number of keys with a call in flight.
    pub fn in_flight(&self) -> usize {
        crate::lock(&self.flights).len()
    }

    /// Runs `f` unless a call for `key` is already in flight, in which case it waits for
    /// that call's result instead. Returns the value and whether it was shared (`true`
    /// when another caller's execution produced it).
    ///
    /// If the executing caller is cancelled, a waiting caller takes over and runs its own
    /// `f`, so waiters never hang and never see an error.
    pub async fn run<F>(&self, key: K, f: F) -> (V, bool)
    where
        F: Future<Output = V>,
    {
        loop {
            match self.join_or_lead(&key) {
                Role::Leader(id, sender) => {
                    let guard = FlightGuard {
                        group: self,
                        key: &key,
                        id,
                    };
                    let value = f.await;
                    // Publish before removing the flight: followers holding a receiver
                    // get the value; callers arriving after removal start a new flight.
                    sender.send_replace(Some(value.clone()));
                    drop(guard);
                    return (value, false);
                }
                Role::Follower(mut receiver) => {
                    if let Ok(value) = receiver.wait_for(Option::is_some).await {
                        if let Some(value) = value.as_ref() {
                            return (value.clone(), true);
                        }
                    }
                    // The leader was dropped without a result: try again, maybe as leader.
                }
            }
        }
    }

    fn join_or_lead(&self, key: &K) -> Role<V> {
        let mut flights = crate::lock(&self.flights);
        if let Some(flight) = flights.get(key) {
            return Role::Follower(flight.result.clone());
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (sender, result) = watch::channel(None);
        flights.insert(key.clone(), Flight { id, result });
        Role::Leader(id, sender)
    }
}

impl<K, V> Default for Group<K, V>
where
    K: Eq + Hash + Clone,
    V: Clone,
{
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests;
