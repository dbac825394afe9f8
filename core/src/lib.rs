//! Switchboard's core: the catalog of services, the workspace model, inbox and navigation
//! policy, shortcuts, rate limits, text cleaning and contact search. No window toolkit, no
//! files, no network — so it builds and tests alike on Linux, Windows and macOS, with no display.

pub mod browsers;
pub mod catalog;
pub mod contacts;
pub mod i18n;
pub mod ids;
pub mod inbox;
pub mod keys;
pub mod links;
pub mod layout;
pub mod lock;
pub mod navigation;
pub mod problem;
pub mod processes;
pub mod proxy;
pub mod replies;
pub mod rate;
pub mod site;
pub mod stats;
pub mod settings_file;
pub mod sleep;
pub mod spelling;
pub mod text;
pub mod translate;
pub mod view;
pub mod workspace;
