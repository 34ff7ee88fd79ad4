//! Reading an index that may be damaged on disk.
//!
//! Tantivy trusts its own files: a few changed or missing bytes in a segment
//! (a disk error, a copy cut short, a hand edit) make it index out of
//! bounds, overflow a capacity or fail an assertion, and it panics rather
//! than returning an error. An index is only ever written whole by `vanban
//! build`, so the remedy is always the same: build again. [`guarded`] runs
//! the reading code, turns a panic into [`Error::CorruptIndex`] and keeps
//! the panic's own report (a message and a note on backtraces, meant for
//! the developers of tantivy) off the terminal; [`read_error`] gives the
//! errors tantivy does return the same form.
//!
//! Not covered: an allocation that fails outright (a damaged length asking
//! for more memory than there is) aborts the process, which no code can
//! catch; and damage that still reads as valid data (a changed letter in a
//! stored text) is not noticed at all, as tantivy does not check its
//! checksums when it opens an index.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::Once;

use crate::error::{Error, Result};

thread_local! {
    /// How many [`guarded`] calls are running on this thread: their panics
    /// are reported as errors, so the panic hook stays silent about them.
    static GUARDED: Cell<u32> = const { Cell::new(0) };
}

static QUIET_HOOK: Once = Once::new();

/// Installs, once per process, a panic hook that says nothing about panics
/// inside [`guarded`] on the current thread and hands every other panic to
/// the hook that was there before. A panic hook is global, and searches run
/// on several threads at once in `vanban serve`: swapping hooks around each
/// call would race, a flag per thread does not.
fn install_quiet_hook() {
    QUIET_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if GUARDED.with(Cell::get) == 0 {
                previous(info);
            }
        }));
    });
}

/// Runs `read`, which reads the index in `dir`; a panic inside it becomes
/// [`Error::CorruptIndex`].
///
/// `read` must not leave shared state half changed when it panics (the
/// reason for [`AssertUnwindSafe`]): index readers only read, and a caller
/// that gets the error drops what it was reading.
pub fn guarded<T>(dir: &Path, read: impl FnOnce() -> Result<T>) -> Result<T> {
    install_quiet_hook();
    GUARDED.with(|g| g.set(g.get() + 1));
    let result = panic::catch_unwind(AssertUnwindSafe(read));
    GUARDED.with(|g| g.set(g.get() - 1));
    result.unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "lỗi không rõ".to_string());
        Err(Error::CorruptIndex(format!("{}: {what}", dir.display())))
    })
}

/// An error tantivy returned while reading the index in `dir`: damage
/// ([`Error::CorruptIndex`]), except when the files could not be read at
/// all (no permission, a lock held): then building again would not help,
/// and the error says what happened ([`Error::Search`]).
pub fn read_error(dir: &Path, e: tantivy::TantivyError) -> Error {
    use tantivy::directory::error::OpenReadError;
    use tantivy::TantivyError as T;
    let io_kind = match &e {
        T::IoError(io) => Some(io.kind()),
        T::OpenReadError(OpenReadError::IoError { io_error, .. }) => Some(io_error.kind()),
        _ => None,
    };
    let unreadable = matches!(
        io_kind,
        Some(std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::Interrupted)
    ) || matches!(e, T::LockFailure(..) | T::Poisoned);
    if unreadable {
        Error::Search(format!("không đọc được chỉ mục {}: {e}", dir.display()))
    } else {
        Error::CorruptIndex(format!("{}: {e}", dir.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_corrupt_index_error_with_its_message() {
        let r: Result<()> = guarded(Path::new("idx"), || panic!("vint hỏng"));
        match r {
            Err(Error::CorruptIndex(detail)) => assert_eq!(detail, "idx: vint hỏng"),
            other => panic!("{other:?}"),
        }
        let formatted: Result<()> = guarded(Path::new("idx"), || panic!("độ dài {}", 7));
        assert!(
            matches!(&formatted, Err(Error::CorruptIndex(d)) if d == "idx: độ dài 7"),
            "{formatted:?}"
        );
    }

    #[test]
    fn results_and_errors_pass_through_and_the_guard_is_released() {
        assert_eq!(guarded(Path::new("idx"), || Ok(3)).ok(), Some(3));
        let e: Result<()> = guarded(Path::new("idx"), || Err(Error::Usage("x".into())));
        assert!(matches!(e, Err(Error::Usage(_))));
        let _: Result<()> = guarded(Path::new("idx"), || panic!("x"));
        assert_eq!(GUARDED.with(Cell::get), 0);
    }
}
