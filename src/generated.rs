//! Tests' check of the files generated from the code and kept in the repository
//! (`src/kubeadm.json`, `www/tzdb.bin`).

/// Assert that the file at `rel` (from the crate root) holds `want`; with `BLESS` set in
/// the environment, write `want` there first. `how` is the command that rewrites it.
/// Returns the file's bytes.
pub(crate) fn assert_current(rel: &str, want: &[u8], how: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, want).unwrap();
    }
    let have = std::fs::read(&path).unwrap_or_default();
    assert!(have == want, "{rel} is stale: run `{how}`");
    have
}
