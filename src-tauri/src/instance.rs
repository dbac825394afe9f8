//! One running Switchboard per profile. The running one listens on a loopback port written,
//! with a random token, to `instance.lock` in the profile; a second launch (or the command line
//! after it changed the settings) sends it a request there.

use crate::profile::Profile;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// Bring the window forward.
    Show,
    /// Settings changed on disk: read them again.
    Reload,
}

impl Request {
    fn word(self) -> &'static str {
        match self {
            Request::Show => "show",
            Request::Reload => "reload",
        }
    }

    fn from_word(word: &str) -> Option<Request> {
        match word {
            "show" => Some(Request::Show),
            "reload" => Some(Request::Reload),
            _ => None,
        }
    }
}

/// Asks the instance running on this profile, if any. `Ok(false)`: none is running.
pub fn ask_running(profile: &Profile, request: Request) -> std::io::Result<bool> {
    let Ok(text) = std::fs::read_to_string(profile.instance_file()) else { return Ok(false) };
    let mut parts = text.split_whitespace();
    let (Some(port), Some(token)) = (parts.next().and_then(|p| p.parse::<u16>().ok()), parts.next()) else {
        return Ok(false);
    };
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    // A stale file (the app was killed) leaves a port nobody listens on.
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(500)) else { return Ok(false) };
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    writeln!(stream, "{token} {}", request.word())?;
    let mut reply = String::new();
    BufReader::new(stream).read_line(&mut reply)?;
    Ok(reply.trim() == "ok")
}

/// Becomes the running instance: listens and records how to reach it. `on_request` runs on the
/// listener's own thread for every request carrying the right token.
pub fn listen(profile: &Profile, on_request: impl Fn(Request) + Send + 'static) -> std::io::Result<()> {
    let listener = TcpListener::bind(("127.0.0.1", 0))?;
    let port = listener.local_addr()?.port();
    let token = format!("{:032x}", rand::random::<u128>());
    std::fs::create_dir_all(&profile.config_dir)?;
    std::fs::write(profile.instance_file(), format!("{port} {token}\n"))?;
    std::thread::Builder::new().name("instance".into()).spawn(move || {
        for stream in listener.incoming().flatten() {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
            let mut line = String::new();
            let mut reader = BufReader::new(&stream);
            // Bounded read: a stray local client can't make us buffer without end.
            if reader.by_ref().take(256).read_line(&mut line).is_err() {
                continue;
            }
            let mut words = line.split_whitespace();
            let request = match (words.next(), words.next().and_then(Request::from_word)) {
                (Some(t), Some(request)) if t == token => request,
                _ => continue,
            };
            on_request(request);
            let _ = (&stream).write_all(b"ok\n");
        }
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn a_second_launch_reaches_the_first_and_stale_files_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let profile = Profile::in_folder(dir.path());
        assert!(!ask_running(&profile, Request::Show).unwrap());
        std::fs::write(profile.instance_file(), "1 deadbeef\n").unwrap();
        assert!(!ask_running(&profile, Request::Show).unwrap());

        let (tx, rx) = mpsc::channel();
        listen(&profile, move |r| tx.send(r).unwrap()).unwrap();
        assert!(ask_running(&profile, Request::Reload).unwrap());
        assert_eq!(rx.recv().unwrap(), Request::Reload);

        // A client without the token gets nothing done.
        let text = std::fs::read_to_string(profile.instance_file()).unwrap();
        let port: u16 = text.split_whitespace().next().unwrap().parse().unwrap();
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        writeln!(s, "wrong show").unwrap();
        assert!(rx.recv_timeout(Duration::from_millis(300)).is_err());
    }
}
