//! The office server going away, as the window sees it: a TCP relay between the window and the
//! test server that a test cuts (every connection through it closed at once, new ones refused, as
//! when the server stops or the network goes) and then restores on the same port. The test server
//! itself keeps running for the other tests; it sees the window's sessions end, as it would if the
//! window's computer lost the network, and rolls back whatever they had not committed.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

pub struct Relay {
    /// The port the window connects to, on 127.0.0.1.
    pub port: u16,
    target: SocketAddr,
    /// The accepting task and every relayed connection's task, aborted by [`Relay::cut`].
    tasks: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Relay {
    /// A relay to `host:port` (the test server), open.
    pub async fn start(host: &str, port: u16) -> Relay {
        let target = tokio::net::lookup_host((host, port)).await.expect("the test server's address").next().expect("an address");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port for the relay");
        let port = listener.local_addr().expect("the relay's port").port();
        let relay = Relay { port, target, tasks: Arc::default() };
        relay.serve(listener);
        relay
    }

    fn serve(&self, listener: TcpListener) {
        let (target, tasks) = (self.target, self.tasks.clone());
        let accepting = tokio::spawn(async move {
            while let Ok((mut window, _)) = listener.accept().await {
                let connection = tokio::spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut window, &mut server).await;
                    }
                });
                tasks.lock().expect("the relay's tasks").push(connection);
            }
        });
        self.tasks.lock().expect("the relay's tasks").push(accepting);
    }

    /// The server is gone: the window's connections are closed and no new one is accepted.
    pub fn cut(&self) {
        for task in self.tasks.lock().expect("the relay's tasks").drain(..) {
            task.abort();
        }
    }

    /// The server is back, on the same port.
    pub async fn restore(&self) {
        // The port was just closed by the cut: binding it again may need a moment.
        let start = std::time::Instant::now();
        let listener = loop {
            match TcpListener::bind(("127.0.0.1", self.port)).await {
                Ok(l) => break l,
                Err(_) if start.elapsed() < std::time::Duration::from_secs(10) => {
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                Err(e) => panic!("the relay's port {} again: {e}", self.port),
            }
        };
        self.serve(listener);
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.cut();
    }
}
