//! Windows: the engine's permission requests, put through `pages::permissions`.

use super::Page;
use crate::pages::permissions::Verdict;
use crate::settings::Permission;
use std::cell::RefCell;
use std::collections::HashMap;
use tauri::AppHandle;
use webview2_com::Microsoft::Web::WebView2::Win32::*;
use webview2_com::{take_pwstr, PermissionRequestedEventHandler};
use windows::core::PWSTR;

pub(super) unsafe fn watch(core: &ICoreWebView2, p: Page) -> windows::core::Result<()> {
    let mut token = 0i64;
    core.add_PermissionRequested(
        &PermissionRequestedEventHandler::create(Box::new(move |_, args| {
            let Some(args) = args else { return Ok(()) };
            let mut kind = COREWEBVIEW2_PERMISSION_KIND::default();
            args.PermissionKind(&mut kind)?;
            let mut uri = PWSTR::null();
            args.Uri(&mut uri)?;
            let origin = url::Url::parse(&take_pwstr(uri)).map(|u| u.origin().ascii_serialization()).unwrap_or_default();
            let Some(kinds) = kinds_of(kind) else {
                return args.SetState(COREWEBVIEW2_PERMISSION_STATE_DENY);
            };
            match crate::pages::permissions::decide(&p.app, &p.account, &origin, kinds) {
                Verdict::Allow => args.SetState(COREWEBVIEW2_PERMISSION_STATE_ALLOW),
                Verdict::Deny => args.SetState(COREWEBVIEW2_PERMISSION_STATE_DENY),
                Verdict::Asked(id) => {
                    let deferral = args.GetDeferral()?;
                    REQUESTS.with(|r| r.borrow_mut().insert(id, (args, deferral)));
                    Ok(())
                }
            }
        })),
        &mut token,
    )
}

fn kinds_of(kind: COREWEBVIEW2_PERMISSION_KIND) -> Option<Vec<Permission>> {
    match kind {
        COREWEBVIEW2_PERMISSION_KIND_CAMERA => Some(vec![Permission::Camera]),
        COREWEBVIEW2_PERMISSION_KIND_MICROPHONE => Some(vec![Permission::Microphone]),
        COREWEBVIEW2_PERMISSION_KIND_GEOLOCATION => Some(vec![Permission::Location]),
        // The bridge carries notifications itself; the engine's own stay off. The rest is
        // nothing a messenger needs.
        _ => None,
    }
}

thread_local! {
    /// Permission requests waiting for the user's answer (main thread only).
    static REQUESTS: RefCell<HashMap<u64, (ICoreWebView2PermissionRequestedEventArgs, ICoreWebView2Deferral)>> = RefCell::new(HashMap::new());
}

/// Gives the user's answer to a waiting question (on the main thread, where WebView2 lives).
pub fn answer_permission(app: &AppHandle, id: u64, allow: bool) {
    let _ = app.run_on_main_thread(move || {
        if let Some((args, deferral)) = REQUESTS.with(|r| r.borrow_mut().remove(&id)) {
            let state = if allow { COREWEBVIEW2_PERMISSION_STATE_ALLOW } else { COREWEBVIEW2_PERMISSION_STATE_DENY };
            // SAFETY: both objects were kept alive since the request, on this same thread.
            let _ = unsafe { args.SetState(state).and_then(|_| deferral.Complete()) };
        }
    });
}

