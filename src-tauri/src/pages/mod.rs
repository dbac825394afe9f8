//! What the app keeps and decides for the service pages, below the window that shows them and
//! the engines that run them: a page's failed loads and crashes (`recovery`), the questions it
//! asks (`permissions`), the files it saves (`downloads`). The platform code reports to these
//! and the window code reads them; neither is imported here.

pub mod downloads;
pub mod permissions;
pub mod recovery;
