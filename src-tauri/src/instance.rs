//! One running Switchboard per profile. The running one listens on a loopback port written,
//! with a random token, to `instance.lock` in the profile; a second launch (or the command line
//! after it changed the settings) sends it a request there.

use crate::profile::Profile;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Bring the window forward.
    Show,
    /// Settings changed on disk: read them again.
    Reload,
    /// Put this account to sleep now.
    Sleep(String),
}

impl Request {
    fn line(&self) -> String {
        match self {
            Request::Show => "show".into(),
            Request::Reload => "reload".into(),
            Request::Sleep(id) => format!("sleep {id}"),
        }
    }

    fn parse<'a>(mut words: impl Iterator<Item = &'a str>) -> Option<Request> {
        let request = match words.next()? {
            "show" => Request::Show,
            "reload" => Request::Reload,
            "sleep" => Request::Sleep(words.next().filter(|id| crate::profile::is_plain_name(id))?.to_string()),
            _ => return None,
        };
        words.next().is_none().then_some(request)
    }
}

/// What the running instance said.
#[derive(Debug, PartialEq, Eq)]
pub enum Reply {
    NotRunning,
    Done,
    Refused(String),
}

/// Asks the instance running on this profile, if any.
pub fn ask_running(profile: &Profile, request: Request) -> std::io::Result<Reply> {
    let Ok(text) = std::fs::read_to_string(profile.instance_file()) else { return Ok(Reply::NotRunning) };
    let mut parts = text.split_whitespace();
    let (Some(port), Some(token)) = (parts.next().and_then(|p| p.parse::<u16>().ok()), parts.next()) else {
        return Ok(Reply::NotRunning);
    };
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    // A stale file (the app was killed) leaves a port nobody listens on.
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(500)) else {
        return Ok(Reply::NotRunning);
    };
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    writeln!(stream, "{token} {}", request.line())?;
    let mut reply = String::new();
    BufReader::new(stream).read_line(&mut reply)?;
    Ok(match reply.trim() {
        "ok" => Reply::Done,
        "" => Reply::NotRunning,
        refused => Reply::Refused(refused.strip_prefix("refused ").unwrap_or(refused).to_string()),
    })
}

/// Becomes the running instance: listens and records how to reach it. `on_request` runs on the
/// listener's own thread for every request carrying the right token; what it refuses is told
/// to the asker.
pub fn listen(profile: &Profile, on_request: impl Fn(Request) -> Result<(), String> + Send + 'static) -> std::io::Result<()> {
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
            if words.next() != Some(token.as_str()) {
                continue;
            }
            let Some(request) = Request::parse(words) else { continue };
            let reply = match on_request(request) {
                Ok(()) => "ok".to_string(),
                Err(e) => format!("refused {}", e.replace('\n', " ")),
            };
            let _ = (&stream).write_all(format!("{reply}\n").as_bytes());
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
        assert_eq!(ask_running(&profile, Request::Show).unwrap(), Reply::NotRunning);
        std::fs::write(profile.instance_file(), "1 deadbeef\n").unwrap();
        assert_eq!(ask_running(&profile, Request::Show).unwrap(), Reply::NotRunning);

        let (tx, rx) = mpsc::channel();
        listen(&profile, move |r| {
            let refused = matches!(&r, Request::Sleep(id) if id == "busy");
            tx.send(r).unwrap();
            if refused { Err("it is on screen".into()) } else { Ok(()) }
        })
        .unwrap();
        assert_eq!(ask_running(&profile, Request::Reload).unwrap(), Reply::Done);
        assert_eq!(rx.recv().unwrap(), Request::Reload);
        assert_eq!(ask_running(&profile, Request::Sleep("a1".into())).unwrap(), Reply::Done);
        assert_eq!(rx.recv().unwrap(), Request::Sleep("a1".into()));
        assert_eq!(ask_running(&profile, Request::Sleep("busy".into())).unwrap(), Reply::Refused("it is on screen".into()));
        assert_eq!(rx.recv().unwrap(), Request::Sleep("busy".into()));
        assert_eq!(Request::parse("sleep ../x".split_whitespace()), None, "ids are plain names");
        assert_eq!(Request::parse("show extra".split_whitespace()), None);

        // A client without the token gets nothing done.
        let text = std::fs::read_to_string(profile.instance_file()).unwrap();
        let port: u16 = text.split_whitespace().next().unwrap().parse().unwrap();
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        writeln!(s, "wrong show").unwrap();
        assert!(rx.recv_timeout(Duration::from_millis(300)).is_err());
    }
}
