//! The Test button of an account's proxy: connect to it, sign in when it has a user, and ask it
//! for the service's site — what the proxy answers says whether the account will get through.
//! What the bytes mean is the core's (`switchboard_core::proxy`); the sockets are here. Blocks
//! for up to `WAIT` a step: call it off the UI thread.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;
use switchboard_core::proxy::{self, Proxy, ProxyKind, Tested};

const WAIT: Duration = Duration::from_secs(10);

/// Whether `proxy` answers and reaches `host:port`.
pub fn check(proxy: &Proxy, password: Option<&str>, host: &str, port: u16) -> Tested {
    let stream = match connect(proxy) {
        Ok(stream) => stream,
        Err(e) => return Tested::NoProxy(e.to_string()),
    };
    let credentials = proxy.user.as_deref().zip(password);
    let asked = match proxy.kind {
        ProxyKind::Http => through_http(stream, credentials, host, port),
        ProxyKind::Socks5 => through_socks(stream, credentials, host, port),
    };
    asked.unwrap_or_else(|e| Tested::NoProxy(e.to_string()))
}

fn connect(proxy: &Proxy) -> std::io::Result<TcpStream> {
    let mut last = std::io::Error::other("the name has no address");
    for address in (proxy.host.as_str(), proxy.port).to_socket_addrs()? {
        match TcpStream::connect_timeout(&address, WAIT) {
            Ok(stream) => {
                stream.set_read_timeout(Some(WAIT))?;
                stream.set_write_timeout(Some(WAIT))?;
                return Ok(stream);
            }
            Err(e) => last = e,
        }
    }
    Err(last)
}

fn through_http(mut stream: TcpStream, credentials: Option<(&str, &str)>, host: &str, port: u16) -> std::io::Result<Tested> {
    stream.write_all(&proxy::http_connect(host, port, credentials))?;
    // The status line only, and never more than a line's worth of whatever answers.
    // Within `WAIT` in all: a proxy that answers a byte at a time can't hold the Test longer.
    let deadline = std::time::Instant::now() + WAIT;
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while line.len() < 1024 && !line.ends_with(b"\r\n") {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        stream.set_read_timeout(Some(left))?;
        if stream.read(&mut byte)? == 0 {
            break;
        }
        line.push(byte[0]);
    }
    Ok(proxy::http_answer(&String::from_utf8_lossy(&line)))
}

fn through_socks(mut stream: TcpStream, credentials: Option<(&str, &str)>, host: &str, port: u16) -> std::io::Result<Tested> {
    stream.write_all(&proxy::socks_greeting(credentials.is_some()))?;
    let mut chosen = [0u8; 2];
    stream.read_exact(&mut chosen)?;
    match (chosen, credentials) {
        ([5, 0], _) => {}
        ([5, 2], Some((user, password))) => {
            let Some(login) = proxy::socks_login(user, password) else { return Ok(Tested::Refused) };
            stream.write_all(&login)?;
            let mut status = [0u8; 2];
            stream.read_exact(&mut status)?;
            if status[1] != 0 {
                return Ok(Tested::Refused);
            }
        }
        ([5, _], _) => return Ok(Tested::Refused),
        _ => return Ok(Tested::NotAProxy),
    }
    let Some(request) = proxy::socks_connect(host, port) else { return Ok(Tested::SiteUnreachable(host.into())) };
    stream.write_all(&request)?;
    let mut reply = [0u8; 2];
    stream.read_exact(&mut reply)?;
    Ok(if reply[0] == 5 { proxy::socks_reply(reply[1]) } else { Tested::NotAProxy })
}
