//! Files in the library folder: atomic writes (a crash never leaves a torn
//! post) and paths that can never leave the folder.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically: temp file in the same folder, fsync,
/// rename over the old file, fsync of the folder.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let (dir, tmp) = temp_beside(path)?;
    keep_permissions(&tmp, path);
    write_all(&tmp, path, bytes)?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io("write", path, e))?;
    tmp.persist(path)
        .map_err(|e| Error::io("write", path, e.error))?;
    sync_dir(&dir);
    Ok(())
}

/// Writes `bytes` to `path` as `write_atomic` does and returns what the write
/// replaced, read at the instant of the swap: a save compares it with what
/// it read before, so an edit made by another program in between (while the
/// new text went to disk) is kept as a revision, not lost. On Linux the two
/// files are exchanged atomically (`renameat2` with `RENAME_EXCHANGE`);
/// elsewhere the file is read just before the rename.
pub(crate) fn replace_returning_replaced(path: &Path, bytes: &[u8]) -> Result<Option<Vec<u8>>> {
    let (dir, tmp) = temp_beside(path)?;
    keep_permissions(&tmp, path);
    write_all(&tmp, path, bytes)?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io("write", path, e))?;
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let from = std::ffi::CString::new(tmp.path().as_os_str().as_bytes())
            .map_err(|_| Error::Invalid(format!("{} has a NUL in its name", path.display())))?;
        let to = std::ffi::CString::new(path.as_os_str().as_bytes())
            .map_err(|_| Error::Invalid(format!("{} has a NUL in its name", path.display())))?;
        // SAFETY: both are NUL-terminated paths that outlive the call.
        let rc = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                from.as_ptr(),
                libc::AT_FDCWD,
                to.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if rc == 0 {
            // The temp file's name now holds what was at `path`.
            let replaced = std::fs::read(tmp.path());
            let _ = tmp.close();
            sync_dir(&dir);
            return Ok(replaced.ok());
        }
        // ENOENT: nothing at `path` to exchange with; EINVAL/ENOSYS: a
        // filesystem or kernel without exchange. Then the portable way.
    }
    let replaced = std::fs::read(path).ok();
    tmp.persist(path)
        .map_err(|e| Error::io("write", path, e.error))?;
    sync_dir(&dir);
    Ok(replaced)
}

/// Writes `bytes` to a new file at `path` as `write_atomic` does, but never
/// over anything already there: `false` then, and nothing is written.
pub(crate) fn write_new_atomic(path: &Path, bytes: &[u8]) -> Result<bool> {
    let (dir, tmp) = temp_beside(path)?;
    write_all(&tmp, path, bytes)?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io("write", path, e))?;
    match tmp.persist_noclobber(path) {
        Ok(_) => {
            sync_dir(&dir);
            Ok(true)
        }
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(Error::io("write", path, e.error)),
    }
}

/// Renames the folder `from` to `to`, never over anything at `to` (`false`
/// then): on Linux atomically (`renameat2` with `RENAME_NOREPLACE`).
pub(crate) fn rename_folder_new(from: &Path, to: &Path) -> Result<bool> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let c = |p: &Path| {
            std::ffi::CString::new(p.as_os_str().as_bytes())
                .map_err(|_| Error::Invalid(format!("{} has a NUL in its name", p.display())))
        };
        let (from_c, to_c) = (c(from)?, c(to)?);
        // SAFETY: both are NUL-terminated paths that outlive the call.
        let rc = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                from_c.as_ptr(),
                libc::AT_FDCWD,
                to_c.as_ptr(),
                libc::RENAME_NOREPLACE,
            )
        };
        if rc == 0 {
            if let Some(dir) = to.parent() {
                sync_dir(dir);
            }
            return Ok(true);
        }
        let e = std::io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::EEXIST) => return Ok(false),
            // A filesystem without RENAME_NOREPLACE: the portable way.
            Some(libc::EINVAL) | Some(libc::ENOSYS) => {}
            _ => return Err(Error::io("rename", from, e)),
        }
    }
    if to.symlink_metadata().is_ok() {
        return Ok(false);
    }
    std::fs::rename(from, to).map_err(|e| Error::io("rename", from, e))?;
    Ok(true)
}

/// Writes `bytes` to `path` by temp file and rename, without waiting for the
/// disk: bulk work (import) writes many files this way and calls
/// `sync_filesystem` once before it reports success. The temp file is made in
/// `staging`, a folder on the same filesystem: creating temp files among
/// thousands of posts is slower than in a small folder of their own.
pub(crate) fn write_staged_unsynced(staging: &Path, path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| Error::Bug(format!("{} has no parent folder", path.display())))?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create the folder", dir, e))?;
    let tmp = temp_builder()
        .prefix(".quire-")
        .suffix(".tmp")
        .tempfile_in(staging)
        .map_err(|e| Error::io("write", path, e))?;
    keep_permissions(&tmp, path);
    write_all(&tmp, path, bytes)?;
    tmp.persist(path)
        .map_err(|e| Error::io("write", path, e.error))?;
    Ok(())
}

/// Writes a file that does not exist yet, in place and without waiting for
/// the disk; `false` when something is already there (it is left alone). A
/// write that fails part way removes what it wrote.
pub(crate) fn write_new_unsynced(path: &Path, bytes: &[u8]) -> Result<bool> {
    let dir = path
        .parent()
        .ok_or_else(|| Error::Bug(format!("{} has no parent folder", path.display())))?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create the folder", dir, e))?;
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => return Err(Error::io("write", path, e)),
    };
    if let Err(e) = file.write_all(bytes) {
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(Error::io("write", path, e));
    }
    Ok(true)
}

/// Temp files as any new file is made: readable by others as the user's
/// umask allows (tempfile's own 0600 would keep an exported site from a web
/// server, and a post from the writer's other tools run as another user).
fn temp_builder<'a, 'b>() -> tempfile::Builder<'a, 'b> {
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder
}

/// A rewrite keeps the file's permissions: a post the writer made private
/// (0600) stays private, instead of taking the temp file's defaults.
fn keep_permissions(tmp: &tempfile::NamedTempFile, path: &Path) {
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = tmp.as_file().set_permissions(meta.permissions());
    }
}

/// Creates a folder (and its missing parents) only its owner can enter:
/// Quire's data folder holds every revision of every post.
pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|e| Error::io("create the data folder", dir, e))
}

/// Creates an empty file only its owner can read, unless one is there: the
/// database, before SQLite creates it with the usual permissions (its
/// journal files then take the database file's).
pub(crate) fn create_private_file(path: &Path) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(Error::io("create", path, e)),
    }
}

/// A temp file in `path`'s folder (created if missing), so the rename over
/// `path` stays on one filesystem and is atomic.
fn temp_beside(path: &Path) -> Result<(PathBuf, tempfile::NamedTempFile)> {
    let dir = path
        .parent()
        .ok_or_else(|| Error::Bug(format!("{} has no parent folder", path.display())))?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create the folder", dir, e))?;
    let tmp = temp_builder()
        .prefix(".quire-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io("write", path, e))?;
    Ok((dir.to_path_buf(), tmp))
}

fn write_all(mut tmp: &tempfile::NamedTempFile, path: &Path, bytes: &[u8]) -> Result<()> {
    tmp.write_all(bytes)
        .map_err(|e| Error::io("write", path, e))
}

/// Copies a file the same way: a torn copy is never seen under its name.
pub(crate) fn copy_atomic_unsynced(from: &Path, to: &Path) -> Result<()> {
    let (_, tmp) = temp_beside(to)?;
    std::fs::copy(from, tmp.path()).map_err(|e| Error::io("copy", from, e))?;
    tmp.persist(to)
        .map_err(|e| Error::io("copy to", to, e.error))?;
    Ok(())
}

/// Flushes everything written to the filesystem holding `folder` to disk.
pub(crate) fn sync_filesystem(folder: &Path) -> Result<()> {
    let dir = std::fs::File::open(folder).map_err(|e| Error::io("open", folder, e))?;
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: syncfs only reads the descriptor, which `dir` keeps open.
        if unsafe { libc::syncfs(dir.as_raw_fd()) } != 0 {
            return Err(Error::io(
                "flush to disk",
                folder,
                std::io::Error::last_os_error(),
            ));
        }
    }
    #[cfg(not(target_os = "linux"))]
    dir.sync_all()
        .map_err(|e| Error::io("flush to disk", folder, e))?;
    Ok(())
}

/// Makes a rename durable. Best effort: not every platform can open a folder.
pub(crate) fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Joins a library-relative path (with `/` separators) onto the folder,
/// refusing anything that could point outside it. A backslash is an
/// ordinary character of a file name on Unix (a post named `a\b.md` can be
/// saved and trashed like any), and a separator on Windows, where it is
/// refused.
pub(crate) fn resolve(folder: &Path, relative: &str) -> Result<PathBuf> {
    let candidate = Path::new(relative);
    let safe = !relative.is_empty()
        && (cfg!(unix) || !relative.contains('\\'))
        && candidate
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if !safe {
        return Err(Error::Invalid(format!(
            "{relative:?} is not a path inside the library"
        )));
    }
    Ok(folder.join(candidate))
}

/// `resolve`, and then only when no folder on the way and not the file
/// itself is a symbolic link: what Quire writes or deletes in the library is
/// what the scan sees, never something a link leads to.
pub(crate) fn resolve_unlinked(folder: &Path, relative: &str) -> Result<PathBuf> {
    let path = resolve(folder, relative)?;
    let linked = path
        .ancestors()
        .take_while(|p| *p != folder)
        .any(|p| std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink()));
    if linked {
        return Err(Error::Invalid(format!(
            "{relative} is behind a symbolic link; Quire does not write or delete through links"
        )));
    }
    Ok(path)
}

/// The library-relative form of a path inside the folder, with `/` separators.
pub(crate) fn relative(folder: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(folder).ok()?;
    let parts: Option<Vec<&str>> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    Some(parts?.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_keeps_paths_inside_the_folder() {
        let folder = Path::new("/lib");
        assert_eq!(
            resolve(folder, "posts/a.md").unwrap(),
            Path::new("/lib/posts/a.md")
        );
        for bad in ["../etc/passwd", "/etc/passwd", "a/../../b", "", "./a"] {
            assert!(resolve(folder, bad).is_err(), "{bad}");
        }
        // On Unix a backslash is part of a name, never a way out.
        #[cfg(unix)]
        assert_eq!(
            resolve(folder, "a\\..\\b").unwrap(),
            Path::new("/lib/a\\..\\b")
        );
        #[cfg(not(unix))]
        assert!(resolve(folder, "a\\..\\b").is_err());
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/post.md");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("post.md")]);
    }
}
