//! Where an engine's memory goes: settle one Deployment of `PODS` replicas on `NODES` nodes
//! (as `examples/settle_one.rs` and `benches/settle.rs` build it), then free the engine's
//! parts one at a time and print the live bytes each one held, with the peak RSS and the
//! wall time.
//!
//! `cargo run --release --example memory -- PODS NODES` measures one size;
//! without arguments it measures 1,000 and 10,000 pods on 100 nodes (each in its own
//! process, so the peak RSS is that run's), and `-- big` adds 100,000 pods on 1,000 nodes.
//!
//! Parts are freed in a fixed order and each is charged what freeing it released: bytes
//! shared with a part freed later (an object that is both current and in the watch log, a
//! checkpoint's structure shared with the live cluster) count for the later part.

use std::alloc::{GlobalAlloc, Layout};

/// The CLI's allocator (src/bin/kubestep/main.rs), so the peak RSS is the CLI's.
static INNER: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use kubestep::script::split_words;
use kubestep::{Engine, EngineConfig};

/// mimalloc, counting the bytes live and their high-water mark.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { INNER.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { INNER.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { INNER.alloc_zeroed(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { INNER.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let d = new_size - layout.size();
                let now = LIVE.fetch_add(d, Ordering::Relaxed) + d;
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn live() -> usize {
    LIVE.load(Ordering::Relaxed)
}

/// A line of /proc/self/status in kB (VmHWM: peak RSS; VmRSS: now), if there is one.
fn proc_status_kb(field: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn mb(b: usize) -> String {
    format!("{:.1} MB", b as f64 / 1e6)
}

fn run(e: &mut Engine, line: &str, stdin: Option<&str>) -> kubestep::ExecOutput {
    e.exec(&split_words(line).unwrap(), stdin, None)
}

fn measure(pods: u32, nodes: u32) {
    let base = live();
    let mut e = Engine::new(EngineConfig::default());
    let per_node = (pods / nodes.max(1) + 20).max(110);
    run(
        &mut e,
        &format!("cluster reset --workers {nodes} --cpu 64 --memory 256Gi --pods {per_node}"),
        None,
    );
    let manifest = format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: big\nspec:\n  replicas: {pods}\n  selector:\n    matchLabels:\n      app: big\n  template:\n    metadata:\n      labels:\n        app: big\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n        resources:\n          requests:\n            cpu: 10m\n            memory: 16Mi\n"
    );
    let t = Instant::now();
    let out = run(&mut e, "kubectl apply -f -", Some(&manifest));
    assert_eq!(out.exit, 0, "{:?}", out);
    let out = run(&mut e, "settle --timeout 1h", None);
    let settle = t.elapsed().as_secs_f64();
    // The next command takes a checkpoint, as any command after a long settle does.
    let ready = run(&mut e, "kubectl get deploy big --no-headers", None).stdout();
    // (100,000 pods do not all start within the hour: the ReplicaSet controller creates
    // them at its client's 20 QPS, as `examples/settle_one.rs` shows too.)
    let steps = e.history().len();
    let rev = e.cluster().store.revision();

    let t = Instant::now();
    let c = e.clone();
    let clone = t.elapsed().as_secs_f64();
    drop(c);
    // What a checkpoint (or the first change after sharing) copies: the cluster's parts
    // that are not persistent maps.
    let before = live();
    let t = Instant::now();
    let c = e.cluster().clone();
    let deep = t.elapsed().as_secs_f64();
    let deep_bytes = live() - before;
    drop(c);

    let total = live() - base;
    let peak = PEAK.load(Ordering::Relaxed) - base;
    let hwm = proc_status_kb("VmHWM:").unwrap_or(0);
    println!(
        "== {pods} pods / {nodes} nodes: settle {settle:.2} s ({steps} steps, store revision {rev}, {}, {}); engine clone {:.2} ms; cluster copy {:.1} ms, {}",
        out.stdout().trim(),
        ready.split_whitespace().nth(1).unwrap_or("?"),
        clone * 1e3,
        deep * 1e3,
        mb(deep_bytes)
    );
    println!(
        "   live after settle {} ({:.1} KB/pod), peak live {}, peak RSS (VmHWM) {:.1} MB",
        mb(total),
        total as f64 / 1e3 / f64::from(pods),
        mb(peak),
        hwm as f64 / 1e3
    );
    // Steps by component (kubelets together), with explanations, writes and events each.
    let mut by: std::collections::BTreeMap<String, [usize; 4]> = Default::default();
    for r in e.history().iter() {
        let c = r.component.split('/').next().unwrap_or("").to_string();
        let v = by.entry(c).or_default();
        v[0] += 1;
        v[1] += r.why.len();
        v[2] += r.writes.len();
        v[3] += r.events.len();
    }
    let mut by: Vec<_> = by.into_iter().collect();
    by.sort_by_key(|(_, v)| std::cmp::Reverse(v[0]));
    let parts: Vec<String> = by
        .iter()
        .take(6)
        .map(|(c, v)| {
            format!(
                "{c} {} (why {}, writes {}, events {})",
                v[0], v[1], v[2], v[3]
            )
        })
        .collect();
    println!("   steps: {}", parts.join(", "));
    // Explanations by type: how many, and the size of the values themselves (their heap
    // strings not included).
    let mut whys: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for r in e.history().iter() {
        for w in &r.why {
            let name = (**w).type_name().rsplit("::").next().unwrap_or("");
            let v = whys.entry(name).or_default();
            v.0 += 1;
            v.1 += std::mem::size_of_val(&**w);
        }
    }
    let mut whys: Vec<_> = whys.into_iter().collect();
    whys.sort_by_key(|(_, v)| std::cmp::Reverse(v.1));
    let parts: Vec<String> = whys
        .iter()
        .take(5)
        .map(|(n, (c, b))| format!("{n} {c}×{} B", b / c.max(&1)))
        .collect();
    println!("   explanations: {}", parts.join(", "));
    // What one copy of the current objects of each kind takes (cloning allocates what the
    // original holds).
    let mut kinds = vec![];
    for kind in kubestep::object::Kind::ALL {
        let objs = e.cluster().store.list(kind, None);
        if objs.is_empty() {
            continue;
        }
        let before = live();
        let copies: Vec<kubestep::object::Object> = objs.iter().map(|o| (**o).clone()).collect();
        let bytes = live() - before;
        drop(copies);
        kinds.push(format!(
            "{} {}×{:.0} B",
            kind.plural(),
            objs.len(),
            bytes as f64 / objs.len() as f64
        ));
    }
    println!(
        "   current objects (count × bytes each): {}",
        kinds.join(", ")
    );
    println!("   {:<52} {:>12} {:>10}", "part", "live", "per pod");
    let mut last = live();
    let mut rows: Vec<(String, usize)> = vec![];
    e.free_parts(&mut |name| {
        let now = live();
        rows.push((name.to_string(), last.saturating_sub(now)));
        last = now;
    });
    drop(e);
    rows.push(("rest of the engine".into(), last.saturating_sub(live())));
    let mut small = 0;
    for (name, b) in &rows {
        // Controllers that hold next to nothing are summed on one line.
        if name.starts_with("controller ") && *b < total / 200 {
            small += b;
            continue;
        }
        println!(
            "   {:<52} {:>12} {:>8.2} KB",
            name,
            mb(*b),
            *b as f64 / 1e3 / f64::from(pods)
        );
    }
    println!(
        "   {:<52} {:>12} {:>8.2} KB",
        "other controllers",
        mb(small),
        small as f64 / 1e3 / f64::from(pods)
    );
    println!(
        "   (still live after dropping the engine: {})",
        mb(live().saturating_sub(base))
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sizes: Vec<(u32, u32)> = match args.as_slice() {
        [p, n] => {
            let (Ok(p), Ok(n)) = (p.parse(), n.parse()) else {
                eprintln!("usage: memory [PODS NODES | big]");
                std::process::exit(2);
            };
            return measure(p, n);
        }
        [] => vec![(1_000, 100), (10_000, 100)],
        [b] if b == "big" => vec![(1_000, 100), (10_000, 100), (100_000, 1_000)],
        _ => {
            eprintln!("usage: memory [PODS NODES | big]");
            std::process::exit(2);
        }
    };
    // One process per size: the peak RSS is then that size's own.
    let me = std::env::current_exe().expect("own path");
    for (p, n) in sizes {
        let st = std::process::Command::new(&me)
            .arg(p.to_string())
            .arg(n.to_string())
            .status()
            .expect("run");
        assert!(st.success());
    }
}
