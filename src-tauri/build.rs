// Every app command must be granted by a capability: the shell webview gets them
// (capabilities/shell.json); service pages get none.
#[path = "src/commands_list.rs"]
mod commands_list;

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands_list::ALL)),
    )
    .expect("tauri build step failed");
}
