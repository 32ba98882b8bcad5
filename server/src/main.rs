//! The `beacon` binary: parse the configuration, start the server, print one sentence if that fails.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let config = match server::config::Config::load() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    server::telemetry::init(&config.log);
    let outcome = match (config.generate_tickets, config.generate_catalog) {
        (Some(n), _) => server::startup::generate(config, n).await,
        (None, Some(n)) => server::startup::generate_catalog(config, n).await,
        (None, None) => server::startup::run(config).await,
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
