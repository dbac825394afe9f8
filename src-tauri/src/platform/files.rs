//! Files only their owner may read: on Unix (Linux, macOS) 0600 files, 0700 folders and a 0077
//! mask for what the web engines write; on Windows the profile sits in the user's own app-data
//! folder, which only they may read. The one part of `platform/` below the glue: the profile
//! and `atomic_file` (services) use it, and it uses nothing of the app.

use std::fs::{DirBuilder, OpenOptions};
use std::path::Path;

pub fn owner_only(options: &mut OpenOptions) {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(options, 0o600);
    #[cfg(not(unix))]
    let _ = options;
}

pub fn owner_only_dir(builder: &mut DirBuilder) {
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(builder, 0o700);
    #[cfg(not(unix))]
    let _ = builder;
}

/// Makes a folder made before (by an older version, with other modes) its owner's alone.
pub fn make_dir_private(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::set_permissions(dir, std::os::unix::fs::PermissionsExt::from_mode(0o700))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Every file this process creates from now on is its owner's alone; returns the mask the user
/// started it with (for the programs it starts for them). Windows has no such mask.
pub fn keep_new_files_private() -> u32 {
    #[cfg(unix)]
    {
        // SAFETY: umask only sets this process's file-creation mask; it cannot fail.
        let users = unsafe { libc::umask(0o077) };
        #[allow(clippy::useless_conversion)] // mode_t is u16 on macOS
        u32::from(users)
    }
    #[cfg(not(unix))]
    0o022
}

/// Makes a rename in `dir` reach the disk (Unix: the folder synced; Windows does it with the
/// rename).
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}
