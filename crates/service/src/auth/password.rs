//! Password hashing with argon2id (OWASP Password Storage Cheat Sheet: m = 19 MiB, t = 2, p = 1),
//! on a small fixed set of hashing threads.
//!
//! Every hash costs 19 MiB of memory. Run on tokio's blocking pool, a burst of sign-ins (even for
//! unknown usernames) would start hundreds of threads each allocating its own 19 MiB, and the
//! allocator would keep the memory. Instead, [`hashing_threads`] threads (one per core, at most
//! four) each keep one 19 MiB work area for their lifetime and take jobs from a bounded queue:
//! memory is fixed at start-up size plus threads × 19 MiB, whatever the load, and a full queue
//! answers "busy" at once instead of piling up work.

use crate::ServiceError;
use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex, OnceLock};

/// OWASP's argon2id memory cost, in KiB.
const MEMORY_KIB: u32 = 19 * 1024;
/// Stored hashes asking for more memory than this are refused rather than computed.
const MAX_MEMORY_KIB: u32 = 64 * 1024;
/// Jobs that may wait per hashing thread; beyond this, callers are told to retry later. A waiting
/// job holds only its password, not a work area, so the queue costs no memory to speak of; its
/// length bounds the wait (128 × ~50 ms ≈ 6 s on a 2-core machine).
const QUEUE_PER_THREAD: usize = 128;

/// How many threads hash passwords: one per core, at least one and at most four.
pub fn hashing_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 4)
}

fn params() -> Params {
    // The parameters are constants that `Params::new` accepts; the fallback is never taken.
    Params::new(MEMORY_KIB, 2, 1, None).unwrap_or_default()
}

/// A hashing thread's reusable work area, grown only for stored hashes with a larger memory cost.
#[derive(Default)]
pub struct WorkArea(Vec<Block>);

impl WorkArea {
    fn blocks(&mut self, count: usize) -> &mut [Block] {
        if self.0.len() < count {
            self.0 = vec![Block::default(); count];
        }
        &mut self.0[..count]
    }
}

/// Hashes a password into a PHC string (salt and parameters included), in `area`.
pub fn hash_in(
    password: &str,
    area: &mut WorkArea,
) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    let params = params();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let mut salt_buf = [0u8; 64];
    let salt_bytes = salt.as_salt().decode_b64(&mut salt_buf)?;
    let output = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
        Ok(argon.hash_password_into_with_memory(
            password.as_bytes(),
            salt_bytes,
            out,
            area.blocks(params.block_count()),
        )?)
    })?;
    Ok(PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params)?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    }
    .to_string())
}

/// Whether `password` matches the stored PHC string, computed in `area`. A malformed hash, or
/// one asking for more than 64 MiB, never matches.
pub fn verify_in(password: &str, phc: &str, area: &mut WorkArea) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from).transpose() {
        Ok(v) => v.unwrap_or_default(),
        Err(_) => return false,
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    if params.m_cost() > MAX_MEMORY_KIB {
        return false;
    }
    let argon = Argon2::new(algorithm, version, params.clone());
    let mut salt_buf = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_buf) else {
        return false;
    };
    let computed = Output::init_with(expected.len(), |out| {
        Ok(argon.hash_password_into_with_memory(
            password.as_bytes(),
            salt_bytes,
            out,
            area.blocks(params.block_count()),
        )?)
    });
    // `Output` compares in constant time.
    computed.is_ok_and(|c| c == expected)
}

/// Hashes with a temporary work area (tests and tools; the server uses the hashing threads).
pub fn hash(password: &str) -> Result<String, argon2::password_hash::Error> {
    hash_in(password, &mut WorkArea::default())
}

/// Verifies with a temporary work area (tests and tools; the server uses the hashing threads).
pub fn verify(password: &str, phc: &str) -> bool {
    verify_in(password, phc, &mut WorkArea::default())
}

enum Job {
    Hash(String, tokio::sync::oneshot::Sender<Option<String>>),
    /// `None` as the hash: verify against a dummy hash, so unknown usernames cost the same time.
    Verify(String, Option<String>, tokio::sync::oneshot::Sender<bool>),
}

struct Pool {
    jobs: SyncSender<Job>,
}

fn pool() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(|| {
        let threads = hashing_threads();
        let (jobs, rx) = sync_channel(threads * QUEUE_PER_THREAD);
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..threads {
            let rx = Arc::clone(&rx);
            let spawned = std::thread::Builder::new()
                .name(format!("password-hash-{i}"))
                .spawn(move || work(&rx));
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a password hashing thread");
            }
        }
        Pool { jobs }
    })
}

fn work(rx: &Mutex<Receiver<Job>>) {
    let mut area = WorkArea::default();
    let dummy = hash_in("dummy password for timing", &mut area).unwrap_or_default();
    loop {
        let job = match rx.lock() {
            Ok(guard) => guard.recv(),
            Err(_) => return,
        };
        match job {
            Ok(Job::Hash(pw, reply)) => {
                let _ = reply.send(hash_in(&pw, &mut area).ok());
            }
            Ok(Job::Verify(pw, phc, reply)) => {
                let ok = match phc {
                    Some(phc) => verify_in(&pw, &phc, &mut area),
                    None => {
                        verify_in(&pw, &dummy, &mut area);
                        false
                    }
                };
                let _ = reply.send(ok);
            }
            Err(_) => return,
        }
    }
}

fn submit(job: Job) -> Result<(), ServiceError> {
    match pool().jobs.try_send(job) {
        Ok(()) => Ok(()),
        Err(TrySendError::Full(_)) => {
            tracing::warn!("password hashing queue is full; sign-in refused as busy");
            Err(ServiceError::Busy)
        }
        Err(TrySendError::Disconnected(_)) => Err(ServiceError::Internal),
    }
}

/// Hashes on a hashing thread; [`ServiceError::Busy`] when too many hashes are waiting.
pub async fn hash_blocking(password: String) -> Result<String, ServiceError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    submit(Job::Hash(password, tx))?;
    rx.await.ok().flatten().ok_or_else(|| {
        tracing::error!("password hashing failed");
        ServiceError::Internal
    })
}

/// Verifies on a hashing thread; `None` as the hash verifies against a dummy and fails.
/// [`ServiceError::Busy`] when too many hashes are waiting.
pub async fn verify_blocking(password: String, phc: Option<String>) -> Result<bool, ServiceError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    submit(Job::Verify(password, phc, tx))?;
    rx.await.map_err(|_| ServiceError::Internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_use_argon2id_owasp_parameters() {
        let phc = hash("correct horse battery staple").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify("correct horse battery staple", &phc));
        assert!(!verify("Correct horse battery staple", &phc));
        assert!(!verify("correct horse battery staple", "not a hash"));
    }

    #[test]
    fn same_password_gets_different_salts() {
        assert_ne!(
            hash("same password!").unwrap(),
            hash("same password!").unwrap()
        );
    }

    #[test]
    fn agrees_with_the_reference_implementation() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let reference = Argon2::new(Algorithm::Argon2id, Version::V0x13, params());
        let salt = SaltString::generate(&mut OsRng);
        let theirs = reference
            .hash_password(b"s3cret passphrase", &salt)
            .unwrap()
            .to_string();
        assert!(verify("s3cret passphrase", &theirs));
        assert!(!verify("s3cret passphrasf", &theirs));
        let ours = hash("s3cret passphrase").unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(
            reference
                .verify_password(b"s3cret passphrase", &parsed)
                .is_ok()
        );
        // Other parameters stored with a hash are honoured; too much memory is refused.
        let small = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8 * 1024, 1, 1, None).unwrap(),
        );
        let small_hash = small.hash_password(b"pw", &salt).unwrap().to_string();
        assert!(verify("pw", &small_hash));
        let big = small_hash.replace("m=8192", "m=131072");
        assert!(!verify("pw", &big));
    }

    #[tokio::test]
    async fn the_hashing_threads_answer() {
        let phc = hash_blocking("a long enough password".into())
            .await
            .unwrap();
        assert!(
            verify_blocking("a long enough password".into(), Some(phc.clone()))
                .await
                .unwrap()
        );
        assert!(!verify_blocking("wrong".into(), Some(phc)).await.unwrap());
        assert!(!verify_blocking("anything".into(), None).await.unwrap());
    }
}
