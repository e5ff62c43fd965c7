//! The engine's public face: a cluster plus its history, driven by commands.
//! (Interface in place; the implementation is being built.)

/// Which Kubernetes release's message formats to print.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Profile {
    /// v1.32 (default).
    #[default]
    V1_32,
    /// v1.26 (older event texts, as in the classic blog demo).
    V1_26,
}

impl Profile {
    pub fn parse(s: &str) -> Option<Profile> {
        match s {
            "1.32" | "v1.32" => Some(Profile::V1_32),
            "1.26" | "v1.26" => Some(Profile::V1_26),
            _ => None,
        }
    }
}

/// Settings for a fresh engine.
#[derive(Clone, Debug, Default)]
pub struct EngineConfig {
    pub seed: u64,
    pub profile: Profile,
}

/// A piece of terminal output, in the order it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Chunk {
    Stdout(String),
    Stderr(String),
    /// A row printed by a background watch (`kubectl get events --watch &`), identified by
    /// the id given when the watch was started.
    Watch {
        id: u32,
        text: String,
    },
}

/// What one command printed and its exit code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExecOutput {
    pub exit: i32,
    pub chunks: Vec<Chunk>,
}

/// A simulated cluster with its history.
pub struct Engine {
    pub config: EngineConfig,
}

impl Engine {
    pub fn new(config: EngineConfig) -> Engine {
        Engine { config }
    }

    /// Run one command line (already split into words). `stdin` feeds `-f -`.
    /// `background` is `Some(id)` for a command that ends in `&`: a watch started this way
    /// keeps printing [`Chunk::Watch`] rows with that id during later commands.
    pub fn exec(
        &mut self,
        argv: &[String],
        stdin: Option<&str>,
        background: Option<u32>,
    ) -> ExecOutput {
        let _ = (stdin, background);
        ExecOutput {
            exit: 1,
            chunks: vec![Chunk::Stderr(format!(
                "error: unknown command {:?}\n",
                argv.first().map(String::as_str).unwrap_or("")
            ))],
        }
    }
}
