//! The names of the shell's IPC commands, shared with build.rs so each needs a permission.

pub const ALL: &[&str] = &[
    "workspace",
    "catalog",
    "add_account",
    "rename_account",
    "move_account",
    "set_account_enabled",
    "reload_account",
    "remove_account",
    "show_account",
    "set_overlay",
    "dismiss_notice",
    "set_mute",
    "set_dnd",
    "set_close_to_tray",
    "history",
    "saved_login",
    "reveal_login",
    "save_login",
    "remove_login",
    "fill_login",
    "set_lock",
    "remove_lock",
    "unlock",
    // The one command service pages get (granted per account at run time, see bridge/).
    "page_event",
];
