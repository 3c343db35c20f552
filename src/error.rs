//! The one error type the app and the command line show to a writer: a plain
//! message plus a kind that says what the writer can do about it.

use std::path::{Path, PathBuf};

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What a writer can do about an error; the UI picks its next step from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum ErrorKind {
    /// The writer can fix it: a bad name, a missing folder, a full disk.
    User,
    /// Trying again may work: the database was busy, a file was locked.
    Retry,
    /// A defect in Quire; the message asks for a report.
    Bug,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
    #[error("could not {action} {}: {reason}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        reason: String,
        kind: std::io::ErrorKind,
    },
    #[error("the library database is busy; try again in a moment")]
    Busy,
    #[error("the library database failed: {0}")]
    Database(String),
    #[error("cancelled")]
    Cancelled,
    #[error("internal error (please report it): {0}")]
    Bug(String),
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::NotFound(_) | Error::Invalid(_) | Error::Cancelled => ErrorKind::User,
            Error::Io { kind, .. } => match kind {
                std::io::ErrorKind::Interrupted
                | std::io::ErrorKind::WouldBlock
                | std::io::ErrorKind::TimedOut => ErrorKind::Retry,
                _ => ErrorKind::User,
            },
            Error::Busy => ErrorKind::Retry,
            Error::Database(_) | Error::Bug(_) => ErrorKind::Bug,
        }
    }

    /// Wraps an I/O error with the file it concerns and a writer-facing reason.
    pub(crate) fn io(action: &'static str, path: &Path, err: std::io::Error) -> Self {
        let reason = match err.kind() {
            std::io::ErrorKind::NotFound => "it does not exist".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            std::io::ErrorKind::StorageFull => "the disk is full".to_string(),
            std::io::ErrorKind::ReadOnlyFilesystem => "the disk is read-only".to_string(),
            _ => err.to_string(),
        };
        Error::Io {
            action,
            path: path.to_path_buf(),
            reason,
            kind: err.kind(),
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match err.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => Error::Busy,
            Some(ErrorCode::DiskFull) => {
                Error::Invalid("the disk is full: free some space; nothing was lost".to_string())
            }
            Some(ErrorCode::ReadOnly)
            | Some(ErrorCode::CannotOpen)
            | Some(ErrorCode::PermissionDenied) => {
                Error::Invalid(format!("the library database cannot be written: {err}"))
            }
            _ => Error::Database(err.to_string()),
        }
    }
}
