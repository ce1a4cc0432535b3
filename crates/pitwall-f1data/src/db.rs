//! The read-only handle the server answers from: a small connection pool
//! that notices when an import has renamed a new database into place.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::error::{F1DataError, F1DbError};

/// What the readiness probe reports about the loaded data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataStatus {
    /// Rows in `races` (the calendar, including races not yet run).
    pub races: i64,
    /// Rows in `results`.
    pub results: i64,
    /// Season of the last race with results, if any.
    pub last_season: Option<i64>,
    /// Round of the last race with results, if any.
    pub last_round: Option<i64>,
    /// Date (`YYYY-MM-DD`) of the last race with results, if any.
    pub last_race_date: Option<String>,
    /// The database generation the counts were read from.
    pub generation: u64,
}

/// What identifies one database file: an import's rename gives the path a
/// new inode, even when the contents are the same size. The inode change
/// time is deliberately left out: `rename` updates the moved inode's ctime,
/// and a `stat` racing the rename can see the new inode before that update,
/// which counted one swap as two (seen as a flaky test on CI).
#[derive(Debug, Clone, PartialEq, Eq)]
struct FileIdentity {
    device: u64,
    inode: u64,
    size: u64,
    modified: Option<SystemTime>,
}

impl FileIdentity {
    fn of(path: &Path) -> std::io::Result<Self> {
        let meta = std::fs::metadata(path)?;
        #[cfg(unix)]
        let (device, inode) = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let (device, inode) = (0, 0);
        Ok(FileIdentity {
            device,
            inode,
            size: meta.len(),
            modified: meta.modified().ok(),
        })
    }
}

/// Pool state guarded by one mutex; held only for bookkeeping, never while
/// a query runs or a connection opens.
struct Pool {
    idle: Vec<Connection>,
    /// Connections handed out and not yet returned, all generations.
    in_use: usize,
    identity: Option<FileIdentity>,
    generation: u64,
    /// The idle connections of the file the last swap replaced: still open
    /// on its (now unlinked) inode, so answers can come from the data an
    /// engine was loaded from until its successor is ready.
    previous: Option<Previous>,
}

/// Connections kept open on a replaced database file.
struct Previous {
    generation: u64,
    idle: Vec<Connection>,
}

/// Read-only access to the F1 database, shared by the server's workers.
pub struct F1Db {
    path: PathBuf,
    pool_size: usize,
    /// At most this many connections in use at once; one more checkout is
    /// refused with [`F1DataError::Busy`](crate::F1DataError::Busy).
    max_in_use: usize,
    pool: Mutex<Pool>,
}

/// Default cap on connections in use at once. Local answers run inline on
/// the async workers and LLM SQL on the LLM queue's blocking threads, so
/// real load stays far below it; the cap is there so that no future caller
/// (or bug) can open one SQLite connection per request without bound, each
/// with its own page cache and file descriptor.
pub const DEFAULT_MAX_IN_USE: usize = 64;

/// One counted checkout: counted back in when dropped, also when the query
/// panicked (the connection is then closed, not returned), so a panicking
/// query cannot leak the pool's capacity.
struct InUse<'a>(&'a F1Db);

impl Drop for InUse<'_> {
    fn drop(&mut self) {
        self.0.lock().in_use -= 1;
    }
}

impl F1Db {
    /// Whether a database file exists at `path` (a regular, non-empty file).
    pub fn exists(path: &Path) -> bool {
        std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > 0)
    }

    /// Whether the file at `path` exists and was built in this version's
    /// format ([`FORMAT_VERSION`](crate::FORMAT_VERSION)); a file from an
    /// older import lacks tables the engine reads and must be re-imported.
    pub fn is_current(path: &Path) -> bool {
        if !Self::exists(path) {
            return false;
        }
        open_read_only(path)
            .and_then(|conn| {
                conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
                    .map_err(|e| F1DbError::sqlite("reading the format version", e))
            })
            .is_ok_and(|v| v == crate::FORMAT_VERSION)
    }

    /// Opens the database at `path` read-only, keeping up to `pool_size`
    /// idle connections. Fails if the file is missing or is not the F1
    /// database.
    pub fn open(path: &Path, pool_size: usize) -> Result<F1Db, F1DbError> {
        if !Self::exists(path) {
            return Err(F1DbError::DatabaseMissing {
                path: path.to_path_buf(),
            });
        }
        let identity = FileIdentity::of(path).map_err(|e| F1DbError::io(path, e))?;
        let conn = open_read_only(path)?;
        // Fail at start-up, not on the first question, if this is not ours.
        conn.query_row("SELECT count(*) FROM races", [], |r| r.get::<_, i64>(0))
            .map_err(|e| F1DbError::sqlite(format!("checking {}", path.display()), e))?;
        Ok(F1Db {
            path: path.to_path_buf(),
            pool_size: pool_size.max(1),
            max_in_use: DEFAULT_MAX_IN_USE.max(pool_size),
            pool: Mutex::new(Pool {
                idle: vec![conn],
                in_use: 0,
                identity: Some(identity),
                generation: 0,
                previous: None,
            }),
        })
    }

    /// Caps the connections in use at once at `max` (at least 1; default
    /// [`DEFAULT_MAX_IN_USE`]).
    #[must_use]
    pub fn with_max_in_use(mut self, max: usize) -> Self {
        self.max_in_use = max.max(1);
        self
    }

    /// Connections in use right now (for tests and status).
    pub fn in_use(&self) -> usize {
        self.lock().in_use
    }

    /// The database file served.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on a pooled read-only connection (blocking: call it from
    /// `spawn_blocking`). A connection of a database that has since been
    /// replaced is never handed out.
    pub fn with_conn<T>(&self, f: impl FnOnce(&Connection) -> T) -> Result<T, F1DbError> {
        let (pooled, generation) = {
            let mut pool = self.lock();
            self.refresh(&mut pool);
            let generation = pool.generation;
            self.count_out(&mut pool)?;
            (pool.idle.pop(), generation)
        };
        let (conn, _counted) = self.lease(pooled)?;
        let out = f(&conn);
        self.give_back(conn, generation);
        Ok(out)
    }

    /// Counts a checkout in, or refuses it over the cap. Called before any
    /// connection is taken from a pool, so a refusal never has one to put
    /// back (and cannot put one back into the wrong generation's pool).
    fn count_out(&self, pool: &mut Pool) -> Result<(), F1DbError> {
        if pool.in_use >= self.max_in_use {
            pitwall_metrics::record::f1_pool_wait();
            return Err(F1DataError::Busy {
                max: self.max_in_use,
            });
        }
        pool.in_use += 1;
        Ok(())
    }

    /// Guards a counted checkout, opening a connection if none was idle (a
    /// failed open is counted back out by the guard).
    fn lease(&self, pooled: Option<Connection>) -> Result<(Connection, InUse<'_>), F1DbError> {
        let counted = InUse(self);
        let conn = match pooled {
            Some(conn) => conn,
            None => {
                pitwall_metrics::record::f1_pool_wait();
                open_read_only(&self.path)?
            }
        };
        Ok((conn, counted))
    }

    /// Runs `f` on a connection to database generation `generation`: the
    /// current file, or the one the last swap replaced while its kept
    /// connections last (see [`retire_before`](Self::retire_before)).
    /// `None` when that generation has no free connection: the caller
    /// then uses the current data. Blocking, like [`with_conn`](Self::with_conn).
    pub fn with_conn_at<T>(
        &self,
        generation: u64,
        f: impl FnOnce(&Connection) -> T,
    ) -> Result<Option<T>, F1DbError> {
        let pooled = {
            let mut pool = self.lock();
            self.refresh(&mut pool);
            if pool.generation == generation {
                self.count_out(&mut pool)?;
                pool.idle.pop()
            } else {
                let kept = pool
                    .previous
                    .as_ref()
                    .is_some_and(|p| p.generation == generation && !p.idle.is_empty());
                if !kept {
                    return Ok(None);
                }
                self.count_out(&mut pool)?;
                pool.previous.as_mut().and_then(|p| p.idle.pop())
            }
        };
        let (conn, _counted) = self.lease(pooled)?;
        let out = f(&conn);
        self.give_back(conn, generation);
        Ok(Some(out))
    }

    /// Closes the connections kept on replaced files older than
    /// `generation` (the app calls it once an engine for `generation` is
    /// loaded), so the old file's space is freed.
    pub fn retire_before(&self, generation: u64) {
        let mut pool = self.lock();
        if pool
            .previous
            .as_ref()
            .is_some_and(|p| p.generation < generation)
        {
            pool.previous = None;
        }
    }

    /// Returns a connection of `generation` to its pool. Extra connections
    /// opened under load, and those of a generation no longer kept, are
    /// simply dropped.
    fn give_back(&self, conn: Connection, generation: u64) {
        let mut pool = self.lock();
        if pool.generation == generation {
            if pool.idle.len() < self.pool_size {
                pool.idle.push(conn);
            }
        } else if let Some(p) = pool
            .previous
            .as_mut()
            .filter(|p| p.generation == generation)
        {
            if p.idle.len() < self.pool_size {
                p.idle.push(conn);
            }
        }
    }

    /// Increments each time the file at `path` is found replaced; the
    /// engine reloads its entity index when it changes. Checks the file.
    pub fn generation(&self) -> u64 {
        let mut pool = self.lock();
        self.refresh(&mut pool);
        pool.generation
    }

    /// The format of the database served now (`PRAGMA user_version`, see
    /// [`FORMAT_VERSION`](crate::FORMAT_VERSION)), read from the file rather
    /// than assumed, so `/version` shows what a re-import actually left.
    pub fn format_version(&self) -> Result<i64, F1DbError> {
        self.with_conn(|conn| conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)))?
            .map_err(|e| F1DbError::sqlite("reading the format version", e))
    }

    /// Counts for the readiness probe. When every pooled connection is in
    /// use it reads on a connection of its own: a busy instance is still
    /// ready, and a probe failing under load would make a balancer flap.
    pub fn check(&self) -> Result<DataStatus, F1DbError> {
        let generation = self.generation();
        let counts = match self.with_conn(read_counts) {
            Err(F1DataError::Busy { .. }) => read_counts(&open_read_only(&self.path)?),
            other => other?,
        };
        let (races, results, last, last_race_date) =
            counts.map_err(|e| F1DbError::sqlite("checking the F1 data", e))?;
        Ok(DataStatus {
            races,
            results,
            last_season: last.map(|k| k / 1000),
            last_round: last.map(|k| k % 1000),
            last_race_date,
            generation,
        })
    }

    fn lock(&self) -> MutexGuard<'_, Pool> {
        // The pool holds no invariant a panicking query could break.
        self.pool.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Bumps the generation when the file was replaced, keeping the idle
    /// connections of the replaced file (see [`with_conn_at`](Self::with_conn_at)).
    /// A `stat` costs about a microsecond, so it runs on every checkout
    /// rather than on a timer.
    fn refresh(&self, pool: &mut Pool) {
        match FileIdentity::of(&self.path) {
            Ok(now) if pool.identity.as_ref() != Some(&now) => {
                pool.identity = Some(now);
                pool.previous = Some(Previous {
                    generation: pool.generation,
                    idle: std::mem::take(&mut pool.idle),
                });
                pool.generation += 1;
                tracing::info!(generation = pool.generation, path = %self.path.display(), "F1 database replaced; reopening");
            }
            Ok(_) => {}
            // Mid-swap the path always exists (rename is atomic), so this is
            // a deleted file: keep serving what is open.
            Err(e) => {
                tracing::warn!(error = %e, path = %self.path.display(), "cannot stat the F1 database")
            }
        }
    }
}

/// Races, results and the last round with results (`year * 1000 + round`).
/// Races, results, the last raced `year * 1000 + round` and its date.
type Counts = (i64, i64, Option<i64>, Option<String>);

fn read_counts(conn: &Connection) -> Result<Counts, rusqlite::Error> {
    let (races, results) = conn.query_row(
        "SELECT (SELECT count(*) FROM races), (SELECT count(*) FROM results)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let (last, date) = conn.query_row(
        "SELECT max(ra.year * 1000 + ra.round), max(ra.date) FROM races ra \
         WHERE EXISTS (SELECT 1 FROM results re WHERE re.raceId = ra.raceId)",
        [],
        |r| Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, Option<String>>(1)?)),
    )?;
    Ok((races, results, last, date))
}

fn open_read_only(path: &Path) -> Result<Connection, F1DbError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags)
        .map_err(|e| F1DbError::sqlite(format!("opening {} read-only", path.display()), e))?;
    conn.pragma_update(None, "query_only", 1)
        .and_then(|()| conn.busy_timeout(Duration::from_secs(5)))
        .map_err(|e| F1DbError::sqlite("configuring a read-only connection", e))?;
    Ok(conn)
}
