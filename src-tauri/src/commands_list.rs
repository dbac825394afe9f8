//! The names of the shell's IPC commands, shared with build.rs so each needs a permission.

pub const ALL: &[&str] = &[
    "workspace",
    "catalog",
    "shell_painted",
    "add_account",
    "rename_account",
    "move_account",
    "set_account_enabled",
    "reload_account",
    "remove_account",
    "show_account",
    "set_overlay",
    "set_panel",
    "dismiss_notice",
    "set_mute",
    "set_private_alerts",
    "spelling",
    "set_spelling",
    "open_link",
    "export_settings",
    "import_plan",
    "import_settings",
    "dismiss_link",
    "set_custom_code",
    "open_custom_file",
    "set_dnd",
    "set_close_to_tray",
    "autostart",
    "set_autostart",
    "set_language",
    "set_hotkey",
    "set_sleep",
    "account_network",
    "set_account_network",
    "test_proxy",
    "set_sleep_minutes",
    "sleep_account",
    "answer_permission",
    "forget_permission",
    "answer_download",
    "open_download",
    "forget_download",
    "set_download_dir",
    "set_download_rule",
    "memory_report",
    "history",
    "unread_list",
    "open_unread",
    "replies",
    "set_replies",
    "insert_reply",
    "insert_text",
    "export_replies",
    "import_replies",
    "translation",
    "set_translation",
    "translate_text",
    "page_selection",
    "saved_login",
    "reveal_login",
    "save_login",
    "remove_login",
    "fill_login",
    "set_lock",
    "remove_lock",
    "unlock",
    "reset_lost_lock",
    "contacts_search",
    "open_chat",
    "save_person",
    "person_card",
    "card_on_screen",
    "stats_report",
    "export_stats",
    "remove_person",
    "contact_suggestions",
    "link_chats",
    "unlink_chat",
    "export_contacts",
    "import_contacts",
    // The one command service pages get (granted per account at run time, see bridge/).
    "page_event",
];

#[cfg(test)]
mod tests {
    /// A command missing from the shell's capability fails only when the user clicks: catch it here.
    #[test]
    fn the_shell_is_granted_every_command_but_the_page_sink() {
        let capability: serde_json::Value = serde_json::from_str(include_str!("../capabilities/shell.json")).unwrap();
        let granted: Vec<&str> = capability["permissions"].as_array().unwrap().iter().filter_map(|p| p.as_str()).collect();
        for command in super::ALL {
            let permission = format!("allow-{}", command.replace('_', "-"));
            assert_eq!(granted.contains(&permission.as_str()), *command != "page_event", "{permission}");
        }
    }
}
