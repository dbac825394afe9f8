//! Windows: the app's shortcuts with the focus in any webview (WebView2's accelerator keys).

pub use crate::platform::placed::shortcuts::{bind_through_desktop, desktop_binds_shortcuts};
use tauri::AppHandle;
use webview2_com::Microsoft::Web::WebView2::Win32::*;
use webview2_com::AcceleratorKeyPressedEventHandler;

/// The key "CommandOrControl" means in shortcuts here.
pub const COMMAND_KEY: &str = "Ctrl";


/// The app's shortcuts with the focus in this webview (a page or the sidebar): WebView2 hands
/// the host every key pressed with Ctrl before the page sees it.
pub(super) unsafe fn watch_keys(controller: &ICoreWebView2Controller, app: AppHandle) -> windows::core::Result<()> {
    let mut token = 0i64;
    controller.add_AcceleratorKeyPressed(
        &AcceleratorKeyPressedEventHandler::create(Box::new(move |_, args| {
            let Some(args) = args else { return Ok(()) };
            let mut kind = COREWEBVIEW2_KEY_EVENT_KIND::default();
            args.KeyEventKind(&mut kind)?;
            if kind != COREWEBVIEW2_KEY_EVENT_KIND_KEY_DOWN {
                return Ok(());
            }
            let mut key = 0u32;
            args.VirtualKey(&mut key)?;
            // AltGr comes as left Ctrl with right Alt: what it types (`{ [ ] }` on German
            // layouts, `@ #` on French ones) is the page's, never a shortcut.
            if held(0xA5) {
                return Ok(());
            }
            if let Some(shortcut) = switchboard_core::keys::shortcut(&key_name(key), held(0x11), held(0x10), held(0xA4)) {
                args.SetHandled(true)?;
                // Not inside WebView2's event: the shortcut may hide or close this very page.
                let app = app.clone();
                tauri::async_runtime::spawn(async move { crate::platform::hooks::shortcut(&app, shortcut) });
            }
            Ok(())
        })),
        &mut token,
    )
}


/// The key's name as `keys::shortcut` reads it, from its Windows virtual-key code.
fn key_name(key: u32) -> String {
    match key {
        0x09 => "Tab".into(),
        0xBC => "comma".into(),
        0x30..=0x39 | 0x41..=0x5A => char::from(key as u8).to_ascii_lowercase().to_string(),
        _ => String::new(),
    }
}

fn held(key: i32) -> bool {
    // SAFETY: reads the calling thread's keyboard state; no pointers.
    unsafe { windows::Win32::UI::Input::KeyboardAndMouse::GetKeyState(key) < 0 }
}

