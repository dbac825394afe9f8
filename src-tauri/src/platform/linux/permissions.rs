//! Linux: the engine's permission requests, put through `pages::permissions`.

use super::engine;
use crate::pages::permissions::Verdict;
use crate::settings::Permission;
use gtk::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use tauri::{AppHandle, Webview};
use webkit2gtk::{PermissionRequest, PermissionRequestExt, SettingsExt, UserMediaPermissionRequest, UserMediaPermissionRequestExt, WebViewExt};

thread_local! {
    /// The engine's questions waiting for the user's answer, by `permissions::Asking` id.
    static REQUESTS: RefCell<HashMap<u64, PermissionRequest>> = RefCell::new(HashMap::new());
}

/// Lets an account's page make calls (WebKitGTK has camera, microphone and WebRTC off by
/// default), and puts every permission question it asks through `permissions`.
pub(super) fn ask(webview: &Webview, app: AppHandle, account: String) {
    let label = webview.label().to_string();
    let _ = webview.with_webview(move |platform| {
        let view = platform.inner();
        if let Some(settings) = WebViewExt::settings(&view) {
            settings.set_enable_media_stream(true);
            settings.set_enable_webrtc(true);
            // A machine without a camera (a test under Xvfb) can have WebKit's stand-in devices.
            if std::env::var_os("SWITCHBOARD_MOCK_CAPTURE_DEVICES").is_some() {
                settings.set_enable_mock_capture_devices(true);
            }
        }
        // Who asks is the document WebKit committed, not the address the view shows (already
        // the next one while a load is pending: a page could start loading another site and
        // ask in its name).
        engine::follow(&label, &view);
        let asked: Rc<RefCell<Vec<u64>>> = Rc::default();
        let (mine, app_d) = (asked.clone(), app.clone());
        view.connect_permission_request(move |_, request| {
            let origin = engine::committed_origin(&label);
            let Some(kinds) = kinds_of(request) else {
                request.deny(); // nothing a messenger needs: pointer lock, cross-site storage, …
                return true;
            };
            match crate::pages::permissions::decide(&app, &account, &origin, kinds) {
                Verdict::Allow => request.allow(),
                Verdict::Deny => request.deny(),
                Verdict::Asked(id) => {
                    REQUESTS.with(|r| r.borrow_mut().insert(id, request.clone()));
                    mine.borrow_mut().push(id);
                }
            }
            true
        });
        // A page that goes away takes its questions with it.
        view.connect_destroy(move |_| {
            let dropped: Vec<u64> = asked.borrow_mut().drain(..).collect();
            for id in &dropped {
                crate::pages::permissions::take(*id);
                REQUESTS.with(|r| r.borrow_mut().remove(id));
            }
            if !dropped.is_empty() {
                crate::state::publish(&app_d);
            }
        });
    });
}

/// What the engine asks for, as the user would name it; `None` for what is refused unasked.
fn kinds_of(request: &PermissionRequest) -> Option<Vec<Permission>> {
    if let Some(media) = request.downcast_ref::<UserMediaPermissionRequest>() {
        let mut kinds = vec![];
        if media.is_for_video_device() {
            kinds.push(Permission::Camera);
        }
        if media.is_for_audio_device() {
            kinds.push(Permission::Microphone);
        }
        if kinds.is_empty() {
            kinds.push(Permission::Screen); // a display capture asks for neither device
        }
        return Some(kinds);
    }
    if request.is::<webkit2gtk::GeolocationPermissionRequest>() {
        return Some(vec![Permission::Location]);
    }
    if request.is::<webkit2gtk::NotificationPermissionRequest>() {
        return None; // the bridge carries notifications itself; the engine's own stay off
    }
    if request.is::<webkit2gtk::DeviceInfoPermissionRequest>() {
        // Device names for a call's settings: only as much as the camera or microphone allowed.
        return Some(vec![Permission::Camera, Permission::Microphone]);
    }
    if request.is::<webkit2gtk::PointerLockPermissionRequest>() || request.is::<webkit2gtk::WebsiteDataAccessPermissionRequest>() {
        return None;
    }
    Some(vec![Permission::Other])
}

/// Gives the user's answer to a waiting question (on the main thread, where the engine lives).
pub fn answer_permission(app: &AppHandle, id: u64, allow: bool) {
    let _ = app.run_on_main_thread(move || {
        if let Some(request) = REQUESTS.with(|r| r.borrow_mut().remove(&id)) {
            if allow {
                request.allow();
            } else {
                request.deny();
            }
        }
    });
}

