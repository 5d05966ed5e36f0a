//! Chromium driven over `--remote-debugging-pipe` instead of a DevTools port. A port is a TCP
//! socket on 127.0.0.1 whose number Chromium writes to a world-readable `DevToolsActivePort`
//! file: any local process could attach and read the `Authorization` header of every render.
//! With the pipe the browser listens on nothing; the only ends of the pipe are file descriptors
//! 3 and 4 of the browser and two descriptors of this process.
//!
//! chromiumoxide speaks CDP over a WebSocket only, so this process relays between the pipe and
//! one WebSocket connection: the relay listens on a loopback port just long enough for
//! chromiumoxide to connect (a few milliseconds), accepts only a request for its random,
//! unguessable path, and closes the listener after the first match. The port is written
//! nowhere. When the browser exits, the pipe ends and the relay closes the WebSocket, so the
//! handler learns at once that the browser is gone.
//!
//! Chromium quits by itself when its pipe closes, so a Panelshot killed outright takes its
//! browser with it; on Linux `PR_SET_PDEATHSIG` makes that immediate.

use std::io;
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::Path;
use std::time::Duration;

use async_tungstenite::tungstenite::Message;
use async_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use async_tungstenite::tungstenite::protocol::WebSocketConfig;
use futures::StreamExt;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::unix::pipe;

/// How long chromiumoxide may take to connect to the relay.
const CONNECT_WINDOW: Duration = Duration::from_secs(30);

/// A browser process on a pipe, and the WebSocket address that reaches it.
pub struct PipedBrowser {
    pub child: tokio::process::Child,
    pub ws_url: String,
}

/// 128 random bits, hex: the relay's only accepted path.
fn secret_path() -> io::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| io::Error::other(e.to_string()))?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("/devtools/browser/{hex}"))
}

/// Starts `exe` with `args` plus `--remote-debugging-pipe` and a relay to it.
/// `env` is set and `unset` removed from what the browser inherits.
pub async fn launch(
    exe: &Path,
    args: &[String],
    env: &[(&str, &str)],
    unset: &[String],
) -> io::Result<PipedBrowser> {
    // Chromium reads commands from its fd 3 and writes answers to its fd 4.
    let (cmd_read, cmd_write) = io::pipe()?;
    let (answer_read, answer_write) = io::pipe()?;
    let child_in = cmd_read.as_raw_fd();
    let child_out = answer_write.as_raw_fd();
    let parent = std::process::id();
    let mut cmd = tokio::process::Command::new(exe);
    for name in unset {
        cmd.env_remove(name);
    }
    cmd.args(args)
        .arg("--remote-debugging-pipe")
        .envs(env.iter().copied())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true);
    // SAFETY: runs in the forked child before exec; it calls only async-signal-safe functions
    // (fcntl, dup2, prctl, getppid, _exit) on descriptors this process owns.
    unsafe {
        cmd.pre_exec(move || {
            // Lift both ends above 4 first, so that moving one onto 3 or 4 cannot overwrite
            // the other; dup2 leaves the copies on 3 and 4 open across exec.
            let r = libc::fcntl(child_in, libc::F_DUPFD_CLOEXEC, 10);
            let w = libc::fcntl(child_out, libc::F_DUPFD_CLOEXEC, 10);
            if r < 0 || w < 0 || libc::dup2(r, 3) < 0 || libc::dup2(w, 4) < 0 {
                return Err(io::Error::last_os_error());
            }
            #[cfg(target_os = "linux")]
            {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                // The parent may have died between fork and prctl.
                if libc::getppid() as u32 != parent {
                    libc::_exit(1);
                }
            }
            #[cfg(not(target_os = "linux"))]
            let _ = parent;
            Ok(())
        });
    }
    let child = cmd.spawn()?;
    // The browser's ends: ours to close, or the pipe would never report the browser gone.
    drop(cmd_read);
    drop(answer_write);
    let to_browser = pipe::Sender::from_owned_fd(OwnedFd::from(cmd_write))?;
    let from_browser = pipe::Receiver::from_owned_fd(OwnedFd::from(answer_read))?;

    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
    let port = listener.local_addr()?.port();
    let path = secret_path()?;
    let ws_url = format!("ws://127.0.0.1:{port}{path}");
    tokio::spawn(relay(listener, path, to_browser, from_browser));
    Ok(PipedBrowser { child, ws_url })
}

fn unlimited() -> WebSocketConfig {
    // Screenshots of large panels are answers of a hundred megabytes and more.
    WebSocketConfig::default()
        .max_message_size(None)
        .max_frame_size(None)
}

/// Accepts the one connection that knows `path`, then copies messages both ways until either
/// side ends.
async fn relay(
    listener: tokio::net::TcpListener,
    path: String,
    mut to_browser: pipe::Sender,
    from_browser: pipe::Receiver,
) {
    let deadline = tokio::time::Instant::now() + CONNECT_WINDOW;
    let ws = loop {
        let Ok(Ok((stream, _))) = tokio::time::timeout_at(deadline, listener.accept()).await else {
            return;
        };
        // CDP is small request/answer messages (every request of the page is paused and
        // continued through it): Nagle's algorithm would hold each answer back for an ACK.
        let _ = stream.set_nodelay(true);
        let expected = path.clone();
        // The signature is tungstenite's `Callback`; its error type is not ours to shrink.
        #[allow(clippy::result_large_err)]
        let check = move |req: &Request, resp: Response| -> Result<Response, ErrorResponse> {
            if req.uri().path() == expected {
                Ok(resp)
            } else {
                let mut refuse = ErrorResponse::new(None);
                *refuse.status_mut() = async_tungstenite::tungstenite::http::StatusCode::FORBIDDEN;
                Err(refuse)
            }
        };
        let handshake = async_tungstenite::tokio::accept_hdr_async_with_config(
            stream,
            check,
            Some(unlimited()),
        );
        if let Ok(Ok(ws)) = tokio::time::timeout(Duration::from_secs(5), handshake).await {
            break ws;
        }
    };
    drop(listener);
    let (mut sink, mut stream) = ws.split();
    let commands = async {
        while let Some(Ok(msg)) = stream.next().await {
            let bytes: &[u8] = match &msg {
                Message::Text(t) => t.as_bytes(),
                Message::Binary(b) => b,
                Message::Close(_) => break,
                _ => continue,
            };
            // CDP over a pipe: one JSON message per NUL-terminated record.
            if to_browser.write_all(bytes).await.is_err()
                || to_browser.write_all(b"\0").await.is_err()
            {
                break;
            }
        }
    };
    let answers = async {
        let mut reader = BufReader::with_capacity(1 << 20, from_browser);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_until(0, &mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
            if buf.last() == Some(&0) {
                buf.pop();
            }
            let Ok(text) = String::from_utf8(std::mem::take(&mut buf)) else {
                continue;
            };
            if sink.send(Message::text(text)).await.is_err() {
                break;
            }
        }
        let _ = sink.close(None).await;
    };
    // Either side ending ends the relay: the browser exited, or chromiumoxide hung up (then
    // dropping our pipe ends tells the browser to quit).
    tokio::select! {
        () = commands => {}
        () = answers => {}
    }
}
