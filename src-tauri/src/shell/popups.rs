//! Pop-up windows a service opens on its own domains (a call, a sign-in window, a document
//! viewer). They are made here as windows Switchboard knows, not left to the web engine, so the
//! app lock can hide them with everything else. Their own links follow the account's rules.

use crate::navigation::{self, Decision};
use crate::platform::PageHome;
use crate::platform::outside;
use std::sync::atomic::{AtomicU32, Ordering};
use tauri::webview::{NewWindowFeatures, NewWindowResponse};
use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindowBuilder};

const PREFIX: &str = "popup-";
static NEXT: AtomicU32 = AtomicU32::new(1);

/// Opens `url` as a pop-up of `account`'s page, sharing its session.
pub fn open(app: &AppHandle, account: &str, home: &PageHome, domains: &[String], url: url::Url, features: NewWindowFeatures) -> NewWindowResponse<tauri::Wry> {
    let label = format!("{PREFIX}{account}-{}", NEXT.fetch_add(1, Ordering::Relaxed));
    let (on_nav, on_new) = ((account.to_string(), domains.to_vec()), (account.to_string(), domains.to_vec()));
    // Its opener's data folder and store: the same session, and no default web context (whose
    // data would land in the system's folders) is made for it.
    let mut builder = WebviewWindowBuilder::new(app, label, WebviewUrl::External(url)).data_directory(home.folder.clone());
    if let Some(store) = home.store {
        builder = builder.data_store_identifier(store);
    }
    let built = builder
        .window_features(features)
        .title("Switchboard")
        .on_navigation(move |url| match navigation::decide(&on_nav.1, url, true) {
            Decision::Stay => true,
            Decision::OpenOutside => {
                outside::open(&on_nav.0, url);
                false
            }
            Decision::Refuse => false,
        })
        .on_new_window(move |url, _| {
            if navigation::decide_new_window(&on_new.1, &url) == Decision::OpenOutside {
                outside::open(&on_new.0, &url);
            }
            NewWindowResponse::Deny
        })
        .build();
    match built {
        Ok(window) => NewWindowResponse::Create { window },
        Err(e) => {
            eprintln!("switchboard: could not open a pop-up: {e}");
            NewWindowResponse::Deny
        }
    }
}

/// Hides every pop-up while the app is locked, and shows them again after.
pub fn set_hidden(app: &AppHandle, hidden: bool) {
    for (label, window) in app.webview_windows() {
        if label.starts_with(PREFIX) {
            let _ = if hidden { window.hide() } else { window.show() };
        }
    }
}
