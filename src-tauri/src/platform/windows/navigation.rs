//! Windows: the navigation guard, on WebView2's own NavigationStarting.

use crate::navigation::{self, Decision};
use webview2_com::Microsoft::Web::WebView2::Win32::*;
use webview2_com::{take_pwstr, NavigationStartingEventHandler};
use windows::core::{BOOL, PWSTR};

pub(super) unsafe fn guard(core: &ICoreWebView2, opener: String, domains: Vec<String>) -> windows::core::Result<()> {
    let mut token = 0i64;
    core.add_NavigationStarting(
        &NavigationStartingEventHandler::create(Box::new(move |_, args| {
            let Some(args) = args else { return Ok(()) };
            let mut uri = PWSTR::null();
            args.Uri(&mut uri)?;
            let Ok(url) = url::Url::parse(&take_pwstr(uri)) else { return args.SetCancel(true) };
            let (mut by_user, mut redirected) = (BOOL::default(), BOOL::default());
            args.IsUserInitiated(&mut by_user)?;
            args.IsRedirected(&mut redirected)?;
            // A redirect is the server's doing, never the user's, even after their click.
            match navigation::decide(&domains, &url, by_user.as_bool() && !redirected.as_bool()) {
                Decision::Stay => Ok(()),
                Decision::OpenOutside => {
                    crate::platform::outside::open(&opener, &url);
                    args.SetCancel(true)
                }
                Decision::Refuse => args.SetCancel(true),
            }
        })),
        &mut token,
    )
}
