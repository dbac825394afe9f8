//! One running Switchboard per profile. The running one holds a lock on `instance.lock` in the
//! profile for its whole life (the OS lets go of it when the process ends, however it ends) and
//! writes there the loopback port it listens on, with a random token. A second launch (or the
//! command line after it changed the settings) asks it there — but only while the lock is held:
//! a stale file from a killed app names a port someone else may hold now, and is never used.
//! A file lock and a loopback port rather than a Unix socket: the same code serves Windows.

use crate::profile::Profile;
use std::fs::File;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long a request may take, end to end: a client that stalls is cut off, and a running
/// instance that doesn't answer in this time is reported, never doubled.
const DEADLINE: Duration = Duration::from_secs(3);
/// Requests handled at once; more wait for the OS's backlog.
const MAX_AT_ONCE: usize = 4;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Bring the window forward.
    Show,
    /// Bring it forward with the search palette open (a desktop's own shortcut, where a program
    /// can't take one for the whole desktop).
    Palette,
    /// Settings changed on disk: read them again.
    Reload,
    /// Put this account to sleep now.
    Sleep(String),
    /// Open a link in its account (one word: whitespace in it is sent as %20).
    Open(String),
}

impl Request {
    fn line(&self) -> String {
        match self {
            Request::Show => "show".into(),
            Request::Palette => "palette".into(),
            Request::Reload => "reload".into(),
            Request::Sleep(id) => format!("sleep {id}"),
            Request::Open(link) => {
                // Past the longest link taken, the app needs only enough to say it is too long.
                let mut link = link.split_whitespace().collect::<Vec<_>>().join("%20");
                let cut = (0..=switchboard_core::links::MAX_LINK + 1).rev().find(|n| link.is_char_boundary(*n)).unwrap_or(0);
                link.truncate(cut);
                format!("open {link}")
            }
        }
    }

    fn parse<'a>(mut words: impl Iterator<Item = &'a str>) -> Option<Request> {
        let request = match words.next()? {
            "show" => Request::Show,
            "palette" => Request::Palette,
            "reload" => Request::Reload,
            "sleep" => Request::Sleep(words.next().filter(|id| crate::text::is_plain_name(id))?.to_string()),
            "open" => Request::Open(words.next()?.to_string()),
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

/// This process is the running instance of its profile while this lives.
pub struct Instance {
    file: File,
}

/// Becomes the running instance of the profile; `None` when another process already is.
pub fn claim(profile: &Profile) -> std::io::Result<Option<Instance>> {
    crate::atomic_file::private_dir(&profile.config_dir)?;
    let file = crate::atomic_file::private_options().read(true).write(true).create(true).truncate(false).open(profile.instance_file())?;
    match file.try_lock() {
        Ok(()) => Ok(Some(Instance { file })),
        Err(std::fs::TryLockError::WouldBlock) => Ok(None),
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

/// Where the running instance listens, if one holds the profile's lock.
fn running_at(profile: &Profile) -> std::io::Result<Option<(u16, String)>> {
    let file = match File::open(profile.instance_file()) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    if file.try_lock_shared().is_ok() {
        return Ok(None); // nobody holds it: a stale file
    }
    // Held: the port is written right after the lock is taken, so give it a moment.
    let deadline = Instant::now() + DEADLINE;
    loop {
        let text = std::fs::read_to_string(profile.instance_file())?;
        let mut parts = text.split_whitespace();
        if let (Some(port), Some(token)) = (parts.next().and_then(|p| p.parse::<u16>().ok()), parts.next()) {
            return Ok(Some((port, token.to_string())));
        }
        if Instant::now() >= deadline {
            return Err(std::io::Error::other("Switchboard is running on this profile but has not said where it listens"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Asks the instance running on this profile, if any. One that holds the profile but does not
/// answer in time is an error, not "not running": a second instance must not start on its data.
pub fn ask_running(profile: &Profile, request: Request) -> std::io::Result<Reply> {
    let Some((port, token)) = running_at(profile)? else { return Ok(Reply::NotRunning) };
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let no_answer = |e: std::io::Error| std::io::Error::new(e.kind(), format!("Switchboard is running on this profile but does not answer ({e})"));
    let until = Instant::now() + DEADLINE;
    let mut stream = TcpStream::connect_timeout(&addr, DEADLINE).map_err(no_answer)?;
    stream.set_write_timeout(Some(DEADLINE))?;
    writeln!(stream, "{token} {}", request.line())?;
    let reply = line_by(&stream, until, 4096).map_err(no_answer)?;
    Ok(match reply.trim() {
        "ok" => Reply::Done,
        "" => return Err(no_answer(std::io::Error::other("it closed the connection"))),
        refused => Reply::Refused(refused.strip_prefix("refused ").unwrap_or(refused).to_string()),
    })
}

impl Instance {
    /// Listens and records how to reach it. `on_request` runs on a short-lived thread for every
    /// request carrying the right token; what it refuses is told to the asker. Each connection
    /// has its own thread and deadline, so one that stalls holds up nobody else.
    pub fn listen(mut self, on_request: impl Fn(Request) -> Result<(), String> + Send + Sync + 'static) -> std::io::Result<()> {
        let listener = TcpListener::bind(("127.0.0.1", 0))?;
        let port = listener.local_addr()?.port();
        let token = format!("{:032x}", rand::random::<u128>());
        self.file.set_len(0)?;
        self.file.write_all(format!("{port} {token}\n").as_bytes())?;
        self.file.sync_all()?;
        let on_request = std::sync::Arc::new(on_request);
        let busy = std::sync::Arc::new(AtomicUsize::new(0));
        std::thread::Builder::new().name("instance".into()).spawn(move || {
            let _held = self; // the lock lives as long as the listener
            for stream in listener.incoming().flatten() {
                if busy.fetch_add(1, Ordering::SeqCst) >= MAX_AT_ONCE {
                    busy.fetch_sub(1, Ordering::SeqCst);
                    continue; // dropped: a flood of local connections gets nothing
                }
                let (token, on_request, done) = (token.clone(), on_request.clone(), busy.clone());
                let spawned = std::thread::Builder::new().name("instance-request".into()).spawn(move || {
                    answer(stream, &token, &*on_request);
                    done.fetch_sub(1, Ordering::SeqCst);
                });
                if spawned.is_err() {
                    busy.fetch_sub(1, Ordering::SeqCst);
                }
            }
        })?;
        Ok(())
    }
}

/// One line from `stream`, by `until` however the bytes trickle in (a deadline per read would
/// let a client sending a byte at a time hold the connection for minutes), and at most `max`
/// bytes long. What comes after the line's end is not read.
fn line_by(stream: &TcpStream, until: Instant, max: usize) -> std::io::Result<String> {
    let late = || std::io::Error::new(std::io::ErrorKind::TimedOut, "no whole line in time");
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    loop {
        let left = until.checked_duration_since(Instant::now()).filter(|d| !d.is_zero()).ok_or_else(late)?;
        stream.set_read_timeout(Some(left))?;
        match (&*stream).read(&mut byte)? {
            0 => return Ok(String::from_utf8_lossy(&line).into_owned()), // closed: what came
            _ if byte[0] == b'\n' => return Ok(String::from_utf8_lossy(&line).into_owned()),
            _ if line.len() >= max => return Err(std::io::Error::other("the line is too long")),
            _ => line.push(byte[0]),
        }
    }
}

fn answer(stream: TcpStream, token: &str, on_request: &dyn Fn(Request) -> Result<(), String>) {
    let until = Instant::now() + DEADLINE;
    let _ = stream.set_write_timeout(Some(DEADLINE));
    // Bounded read: a stray local client can't make us buffer without end, nor wait for it.
    let Ok(line) = line_by(&stream, until, switchboard_core::links::MAX_LINK + 64) else { return };
    let mut words = line.split_whitespace();
    if words.next() != Some(token) {
        return;
    }
    let Some(request) = Request::parse(words) else { return };
    let reply = match on_request(request) {
        Ok(()) => "ok".to_string(),
        Err(e) => format!("refused {}", e.replace('\n', " ")),
    };
    let _ = (&stream).write_all(format!("{reply}\n").as_bytes());
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
        // A killed app's file names a port that someone else may listen on now: never asked.
        let squatter = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = squatter.local_addr().unwrap().port();
        std::fs::write(profile.instance_file(), format!("{port} deadbeef\n")).unwrap();
        assert_eq!(ask_running(&profile, Request::Show).unwrap(), Reply::NotRunning);
        squatter.set_nonblocking(true).unwrap();
        assert!(squatter.accept().is_err(), "the stale port was not even connected to");

        let (tx, rx) = mpsc::channel();
        let tx = std::sync::Mutex::new(tx);
        let instance = claim(&profile).unwrap().expect("nobody holds the profile");
        assert!(claim(&profile).unwrap().is_none(), "a second claim on the same profile fails");
        instance
            .listen(move |r| {
                let refused = matches!(&r, Request::Sleep(id) if id == "busy");
                tx.lock().unwrap().send(r).unwrap();
                if refused { Err("it is on screen".into()) } else { Ok(()) }
            })
            .unwrap();
        assert!(claim(&profile).unwrap().is_none(), "the listener holds the profile");
        assert_eq!(ask_running(&profile, Request::Reload).unwrap(), Reply::Done);
        assert_eq!(rx.recv().unwrap(), Request::Reload);
        assert_eq!(ask_running(&profile, Request::Sleep("a1".into())).unwrap(), Reply::Done);
        assert_eq!(rx.recv().unwrap(), Request::Sleep("a1".into()));
        assert_eq!(ask_running(&profile, Request::Sleep("busy".into())).unwrap(), Reply::Refused("it is on screen".into()));
        assert_eq!(rx.recv().unwrap(), Request::Sleep("busy".into()));
        assert_eq!(Request::parse("sleep ../x".split_whitespace()), None, "ids are plain names");
        assert_eq!(Request::parse("show extra".split_whitespace()), None);
        let link = Request::Open("mailto:a@example.com?subject=two words".into());
        assert_eq!(Request::parse(link.line().split_whitespace()), Some(Request::Open("mailto:a@example.com?subject=two%20words".into())));
        let long = Request::Open(format!("https://t.me/{}", "я".repeat(5000)));
        assert_eq!(long.line().len(), "open ".len() + switchboard_core::links::MAX_LINK + 1, "cut at a character's edge, still too long");

        // Clients that connect and say nothing hold up nobody: a real request still gets through.
        let text = std::fs::read_to_string(profile.instance_file()).unwrap();
        let port: u16 = text.split_whitespace().next().unwrap().parse().unwrap();
        let stallers: Vec<TcpStream> = (0..2).map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap()).collect();
        assert_eq!(ask_running(&profile, Request::Show).unwrap(), Reply::Done);
        assert_eq!(rx.recv().unwrap(), Request::Show);
        drop(stallers);

        // A client without the token gets nothing done; the marker request after it does.
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        writeln!(s, "wrong show").unwrap();
        let mut closed = String::new();
        s.read_to_string(&mut closed).unwrap();
        assert_eq!(closed, "", "no answer to a wrong token");
        assert_eq!(ask_running(&profile, Request::Reload).unwrap(), Reply::Done);
        assert_eq!(rx.recv().unwrap(), Request::Reload, "the wrong-token request did nothing");

        // A client that sends its request a byte at a time, each byte well within the deadline,
        // is cut off when the request's deadline is up: it never gets the request done.
        let mut slow = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let request = format!("{} show\n", text.split_whitespace().nth(1).unwrap());
        let cut_off = request.bytes().any(|b| {
            std::thread::sleep(DEADLINE / 8);
            slow.write_all(&[b]).is_err()
        });
        let mut rest = String::new();
        let _ = slow.read_to_string(&mut rest);
        assert!(cut_off || rest.is_empty(), "a trickling client was answered: {rest:?}");
        assert!(rx.try_recv().is_err(), "a trickled request was carried out");
    }
}
