//! A client nobody here wrote: the official Python client (PyPI `kubernetes`, in the venv
//! `./dev.sh test` creates at `target/pyvenv`, or `KUBESTEP_PYTHON`) lists, watches,
//! creates, patches, scales and deletes through `kubestep serve` (tests/python/client.py).

use std::io::BufRead;
use std::process::{Command, Stdio};

#[test]
fn the_official_python_client_works_against_serve() {
    let python = std::env::var("KUBESTEP_PYTHON").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/target/pyvenv/bin/python").to_string()
    });
    let ok = Command::new(&python)
        .args(["-c", "import kubernetes"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok,
        "{python} with the `kubernetes` package is missing: run ./dev.sh test (it creates the venv), \
         or `python3 -m venv target/pyvenv && target/pyvenv/bin/pip install kubernetes==37.0.2`"
    );
    let dir = std::env::temp_dir().join(format!("kubestep-py-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let kubeconfig = dir.join("kubeconfig");
    let mut server = Command::new(env!("CARGO_BIN_EXE_kubestep"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--clock",
            "auto",
            "--kubeconfig",
        ])
        .arg(&kubeconfig)
        .stdout(Stdio::piped())
        .spawn()
        .expect("kubestep serve starts");
    let mut line = String::new();
    std::io::BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.starts_with("kubestep serve:"), "{line}");
    let out = Command::new(&python)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/python/client.py"
        ))
        .arg(&kubeconfig)
        .output()
        .expect("python runs");
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&dir);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.ends_with("ok\n"),
        "the Python client failed:\n{stdout}\n{stderr}"
    );
}
