//! The search index as the server holds it: opened read-only, reopened after
//! each successful rebuild, shared by every request.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use super::api::{ApiHit, SearchParams};

/// The index the handlers search, swapped whole after a rebuild.
pub struct SearchState {
    index_dir: PathBuf,
    engine: RwLock<Arc<Engine>>,
}

/// One opened index (or the reason there is none).
pub struct Engine {
    missing: String,
}

impl SearchState {
    pub fn new(index_dir: PathBuf) -> SearchState {
        let engine = RwLock::new(Arc::new(Engine::missing(&index_dir)));
        SearchState { index_dir, engine }
    }

    /// Reopens the index (after a build).
    pub fn reload(&self) {
        let engine = Arc::new(Engine::missing(&self.index_dir));
        if let Ok(mut e) = self.engine.write() {
            *e = engine;
        }
    }

    pub fn clone_engine(&self) -> Arc<Engine> {
        match self.engine.read() {
            Ok(e) => e.clone(),
            Err(_) => Arc::new(Engine::missing(&self.index_dir)),
        }
    }
}

impl Engine {
    fn missing(dir: &std::path::Path) -> Engine {
        Engine {
            missing: format!(
                "Máy chủ chưa có chỉ mục tìm kiếm ({}): bản vanban này chưa có bộ truy vấn.",
                dir.display()
            ),
        }
    }

    pub fn search(&self, _params: &SearchParams) -> Result<Vec<ApiHit>, String> {
        Err(self.missing.clone())
    }
}
