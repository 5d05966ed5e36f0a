//! Grafana's answers are read up to a documented size: an endless or oversized answer is a
//! clear error, not a process that fills memory.

use panelshot_core::error::Coded;
use panelshot_core::grafana::{ClientOptions, Credentials, GrafanaClient};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A "Grafana" whose every answer is JSON that never ends (chunked, stopping by itself after
/// 256 MB), or, with `declared`, announces that many bytes and sends none.
async fn endless(declared: Option<u64>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let _ = sock.read(&mut buf).await;
                if let Some(n) = declared {
                    let head = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {n}\r\n\r\n["
                    );
                    let _ = sock.write_all(head.as_bytes()).await;
                    tokio::time::sleep(std::time::Duration::from_secs(5)).await;
                    return;
                }
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
                if sock.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = "1,".repeat(32 * 1024);
                let framed = format!("{:x}\r\n{chunk}\r\n", chunk.len());
                for _ in 0..(256 * 1024 * 1024 / chunk.len()) {
                    if sock.write_all(framed.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    format!("http://127.0.0.1:{port}/")
}

fn client(url: &str) -> GrafanaClient {
    GrafanaClient::new(
        url::Url::parse(url).unwrap(),
        Credentials::None,
        ClientOptions {
            org_id: None,
            ca_cert_pem: None,
            insecure: false,
            timeout_secs: 60,
        },
    )
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_endless_answer_stops_at_the_cap() {
    let c = client(&endless(None).await);
    let err = c.dashboard("any").await.expect_err("an endless dashboard");
    assert_eq!(err.code(), "grafana.too_large", "{err}");
    assert!(err.to_string().contains("32 MB"), "{err}");
    let err = c.tags().await.expect_err("an endless tag list");
    assert_eq!(err.code(), "grafana.too_large", "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_oversized_declared_answer_is_refused_before_it_is_read() {
    let c = client(&endless(Some(100 * 1024 * 1024)).await);
    let err = c.tags().await.expect_err("a 100 MB tag list");
    assert_eq!(err.code(), "grafana.too_large", "{err}");
}
