//! The `miglab` binary: parse, run, print errors once (`error: ...`, then the fix on its own
//! `hint: ...` line), exit 0 / 1 (runtime, data or I/O error) / 2 (usage error).

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = miglab::cli::parse();
    match miglab::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // A closed pipe (`miglab data list | head`) is not an error.
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {}", one_line(&err));
            let typed = err
                .chain()
                .find_map(|e| e.downcast_ref::<miglab::error::Error>());
            if let Some(hint) = typed.and_then(miglab::error::Error::hint) {
                eprintln!("hint: {hint}");
            }
            ExitCode::from(typed.map_or(1, miglab::error::Error::exit_code))
        }
    }
}

/// The error and its causes on one line, skipping a cause whose text the message already holds
/// (typed errors print their cause themselves).
fn one_line(err: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    message
}
