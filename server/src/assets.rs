//! The browser bundle under `/pkg`: served pre-compressed (brotli, gzip) when the browser accepts
//! it, with a one-year immutable cache lifetime when file names carry content hashes.
//!
//! The compressed copies are written beside the originals once, in the background after start-up,
//! so start-up is not delayed; until they exist the originals are served.

use axum::http::{HeaderValue, header};
use leptos::config::LeptosOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use tower::Layer;
use tower_http::services::ServeDir;
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};

fn pkg_dir(options: &LeptosOptions) -> PathBuf {
    Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref())
}

/// The `/pkg` service.
pub fn pkg_service(options: &LeptosOptions) -> SetResponseHeader<ServeDir, HeaderValue> {
    let cache = if options.hash_files {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let dir = ServeDir::new(pkg_dir(options))
        .precompressed_br()
        .precompressed_gzip();
    SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static(cache))
        .layer(dir)
}

/// Starts writing `.br` and `.gz` copies of the bundle's files on a blocking thread.
pub fn precompress_in_background(options: &LeptosOptions) {
    let dir = pkg_dir(options);
    tokio::task::spawn_blocking(move || {
        if let Err(e) = precompress_dir(&dir) {
            tracing::warn!(error = %e, dir = %dir.display(), "could not pre-compress the bundle; serving it uncompressed");
        }
    });
}

/// Writes missing or outdated compressed copies of every `.wasm`, `.js` and `.css` file in `dir`.
pub fn precompress_dir(dir: &Path) -> std::io::Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries {
        let path = entry?.path();
        let compressible = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "wasm" | "js" | "css"));
        if !compressible {
            continue;
        }
        let source = std::fs::read(&path)?;
        let modified = std::fs::metadata(&path)?.modified()?;
        for (ext, compress) in [
            ("br", brotli_bytes as fn(&[u8]) -> std::io::Result<Vec<u8>>),
            ("gz", gzip_bytes),
        ] {
            let target = PathBuf::from(format!("{}.{ext}", path.display()));
            let fresh = std::fs::metadata(&target)
                .and_then(|m| m.modified())
                .is_ok_and(|t| t >= modified);
            if fresh {
                continue;
            }
            let bytes = compress(&source)?;
            let tmp = PathBuf::from(format!("{}.tmp", target.display()));
            std::fs::write(&tmp, bytes)?;
            std::fs::rename(&tmp, &target)?;
        }
    }
    Ok(())
}

fn brotli_bytes(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len() / 3);
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        w.write_all(data)?;
    }
    Ok(out)
}

fn gzip_bytes(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    w.write_all(data)?;
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn precompressed_copies_decode_to_the_original() {
        let dir = tempfile::tempdir().unwrap();
        let original = "console.log('beacon');\n".repeat(200);
        std::fs::write(dir.path().join("beacon.abc.js"), &original).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "skip me").unwrap();
        precompress_dir(dir.path()).unwrap();

        let gz = std::fs::read(dir.path().join("beacon.abc.js.gz")).unwrap();
        let mut s = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut s)
            .unwrap();
        assert_eq!(s, original);

        let br = std::fs::read(dir.path().join("beacon.abc.js.br")).unwrap();
        let mut s = String::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_string(&mut s)
            .unwrap();
        assert_eq!(s, original);
        assert!(br.len() < original.len() / 10);
        assert!(!dir.path().join("notes.txt.br").exists());
    }
}
