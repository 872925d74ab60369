//! `miglab serve [--host 127.0.0.1] [--port 8080]`: maps the flags onto
//! [`crate::serve::ServeOptions`] and runs [`crate::serve::run`].

use std::net::IpAddr;

use clap::Args as ClapArgs;

use crate::serve::{self, ServeOptions};

/// Serve the exercises, charts, fact-checker, glossary and data sources as web pages.
///
/// Pages in English, Azerbaijani and Russian, without JavaScript, from the embedded data only.
/// Stop the server with Ctrl-C.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  miglab serve                          then open http://127.0.0.1:8080/ on this machine
  miglab serve --port 8000
  miglab serve --host 0.0.0.0           a lab or classroom: every machine of the network can open it

The server listens on this machine only (127.0.0.1) unless --host says otherwise. Each request is
limited in size and time; packs and charts are computed once and kept for the next student.")]
pub struct Args {
    /// The address to listen on: 127.0.0.1 (this machine only) or 0.0.0.0 (every network).
    #[arg(long, default_value = "127.0.0.1", value_parser = parse_host)]
    pub host: IpAddr,
    /// The port to listen on (0: any free port, printed at start).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
}

fn parse_host(text: &str) -> Result<IpAddr, String> {
    if text.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::from([127, 0, 0, 1]));
    }
    text.parse().map_err(|_| {
        "an IP address, e.g. 127.0.0.1 (this machine only) or 0.0.0.0 (every network)".to_string()
    })
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let options = ServeOptions {
        host: args.host,
        port: args.port,
        ..ServeOptions::default()
    };
    if options.is_exposed() {
        super::warn(&format!(
            "listening on {}: every machine that can reach this one can open the pages; use --host 127.0.0.1 to keep them to this machine",
            options.host
        ));
    }
    serve::run(&options, |addr| {
        let shown = if addr.ip().is_unspecified() {
            format!(
                "http://127.0.0.1:{}/ (and this machine's address on the network)",
                addr.port()
            )
        } else {
            format!("http://{addr}/")
        };
        eprintln!("miglab serve: open {shown} in a browser; stop with Ctrl-C");
    })?;
    Ok(())
}
