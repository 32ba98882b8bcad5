//! The `beacon` binary: parse the configuration, start the server, print one sentence if that fails.

use std::process::ExitCode;

/// mimalloc instead of the system allocator: see ADR 0007 (the board page under load).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    // Before the server allocates much: see the nix dependency in Cargo.toml. If the kernel
    // refuses, huge pages stay as the system has them (more memory, same behaviour).
    #[cfg(target_os = "linux")]
    let _ = nix::sys::prctl::set_thp_disable(true);
    let config = match server::config::Config::load() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    server::telemetry::init(&config.log);
    let outcome = match (
        config.generate_tickets,
        config.generate_catalog,
        &config.backup,
    ) {
        (Some(n), _, _) => server::startup::generate(config, n).await,
        (None, Some(n), _) => server::startup::generate_catalog(config, n).await,
        (None, None, Some(to)) => {
            let to = to.clone();
            server::startup::backup(config, &to).await
        }
        (None, None, None) => server::startup::run(config).await,
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
