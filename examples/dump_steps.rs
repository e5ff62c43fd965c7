//! Print every step of every scenario under both profiles: the step line, counts of writes
//! and events, the store revision, the trigger, and the explanation and trigger in Chinese.
//! Diff its output before and after a refactoring that must not change any decision or text:
//! `cargo run --release --example dump_steps > before.txt`.
use kubestep::lang::Lang;
use kubestep::script::{exec_command, parse_script};
use kubestep::{Engine, EngineConfig, Profile};
use std::path::Path;
fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "kss"))
        .collect();
    paths.sort();
    for p in &paths {
        let text = std::fs::read_to_string(p).unwrap();
        let cmds = parse_script(&text).unwrap();
        for profile in [Profile::V1_32, Profile::V1_26] {
            println!(
                "=== {} {:?}",
                p.file_name().unwrap().to_string_lossy(),
                profile
            );
            let mut e = Engine::new(EngineConfig { seed: 0, profile });
            let mut seen = 0usize;
            for c in &cmds {
                let _ = exec_command(&mut e, c);
                let h = e.history();
                let from = if h.len() >= seen {
                    seen
                } else {
                    println!("--- rewound to {}", h.len());
                    h.len()
                };
                for r in h.iter().skip(from) {
                    println!(
                        "{} | {} | w={} e={} rev={}",
                        r.index,
                        r.line(),
                        r.writes.len(),
                        r.events.len(),
                        r.revision
                    );
                    println!("  trig: {}", r.trigger);
                    println!("  zh: {}", r.summary_in(Lang::Zh));
                    println!("  zt: {}", r.trigger.render(Lang::Zh));
                }
                seen = h.len();
            }
        }
    }
}
