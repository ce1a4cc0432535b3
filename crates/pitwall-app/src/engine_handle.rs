//! The local engine, reloaded when the F1 database is replaced by a
//! re-import (its entity index is built from the data it answers from).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use arc_swap::ArcSwap;
use pitwall_engine::Engine;
use pitwall_f1data::F1Db;

use crate::AppError;

struct Loaded {
    generation: u64,
    engine: Arc<Engine>,
}

/// An engine tied to the F1 database generation it was loaded from.
pub(crate) struct EngineHandle {
    current: ArcSwap<Loaded>,
    /// One reload at a time: after a swap, concurrent requests would
    /// otherwise each rebuild the index.
    reload: Mutex<()>,
    /// A background reload is running (see `reload_in_background`).
    reloading: AtomicBool,
}

impl EngineHandle {
    /// Loads the engine from the current database.
    pub(crate) fn load(f1: &F1Db) -> Result<Self, AppError> {
        let loaded = Self::load_generation(f1)?;
        Ok(Self {
            current: ArcSwap::from_pointee(loaded),
            reload: Mutex::new(()),
            reloading: AtomicBool::new(false),
        })
    }

    fn load_generation(f1: &F1Db) -> Result<Loaded, AppError> {
        let generation = f1.generation();
        let engine = f1.with_conn(Engine::load)??;
        Ok(Loaded {
            generation,
            engine: Arc::new(engine),
        })
    }

    /// The loaded engine if it matches the database's current generation
    /// (the common case, and cheap); `None` when a re-import means it must
    /// be reloaded with [`engine_for`](Self::engine_for) first. Also
    /// returns that generation, so a caller need not look again.
    pub(crate) fn current(&self, f1: &F1Db) -> Option<(Arc<Engine>, u64)> {
        let current = self.current.load();
        (current.generation == f1.generation())
            .then(|| (Arc::clone(&current.engine), current.generation))
    }

    /// The loaded engine and the database generation it was loaded from,
    /// which after a re-import is older than the current one.
    pub(crate) fn loaded(&self) -> (Arc<Engine>, u64) {
        let current = self.current.load();
        (Arc::clone(&current.engine), current.generation)
    }

    /// Loads the engine of the database's current generation on a blocking
    /// thread, unless a load is already running; requests meanwhile answer
    /// with the loaded engine from its own generation (`F1Db::with_conn_at`).
    pub(crate) fn reload_in_background(self: &Arc<Self>, f1: &Arc<F1Db>) {
        if self.reloading.swap(true, Ordering::AcqRel) {
            return;
        }
        /// Clears the flag even if the load panics.
        struct Done(Arc<EngineHandle>);
        impl Drop for Done {
            fn drop(&mut self) {
                self.0.reloading.store(false, Ordering::Release);
            }
        }
        let (done, f1) = (Done(Arc::clone(self)), Arc::clone(f1));
        tokio::task::spawn_blocking(move || {
            done.0.engine_for(&f1);
        });
    }

    /// The engine matching the database's current generation. Blocking: call
    /// it on a blocking thread. If a reload fails the previous engine keeps
    /// answering (and the reload is retried on the next question).
    pub(crate) fn engine_for(&self, f1: &F1Db) -> Arc<Engine> {
        let current = self.current.load();
        if current.generation == f1.generation() {
            return Arc::clone(&current.engine);
        }
        let _one_at_a_time = self
            .reload
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let current = self.current.load();
        if current.generation == f1.generation() {
            return Arc::clone(&current.engine);
        }
        match Self::load_generation(f1) {
            Ok(fresh) => {
                tracing::info!(
                    generation = fresh.generation,
                    "F1 data replaced; entity index reloaded"
                );
                let engine = Arc::clone(&fresh.engine);
                let generation = fresh.generation;
                self.current.store(Arc::new(fresh));
                // Nothing answers from older data now: close its file.
                f1.retire_before(generation);
                engine
            }
            Err(e) => {
                tracing::error!(error = %e, "reloading the entity index failed; answering with the previous one");
                Arc::clone(&current.engine)
            }
        }
    }
}
