//! The local engine, reloaded when the F1 database is replaced by a
//! re-import (its entity index is built from the data it answers from).

use std::sync::Arc;

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
}

impl EngineHandle {
    /// Loads the engine from the current database.
    pub(crate) fn load(f1: &F1Db) -> Result<Self, AppError> {
        let loaded = Self::load_generation(f1)?;
        Ok(Self {
            current: ArcSwap::from_pointee(loaded),
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

    /// The engine matching the database's current generation.
    pub(crate) fn engine_for(&self, f1: &F1Db) -> Result<Arc<Engine>, AppError> {
        let current = self.current.load();
        if current.generation == f1.generation() {
            return Ok(Arc::clone(&current.engine));
        }
        let fresh = Self::load_generation(f1)?;
        tracing::info!(
            generation = fresh.generation,
            "F1 data replaced; entity index reloaded"
        );
        let engine = Arc::clone(&fresh.engine);
        self.current.store(Arc::new(fresh));
        Ok(engine)
    }
}
