//! Which Kubernetes release kubestep imitates (message formats, versions). A leaf module.

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

    /// `version.Info` as `GET /version` returns it (and the built-in kubectl reports for
    /// itself).
    pub fn version_info(self) -> serde_json::Value {
        let git = self.version();
        let minor = git
            .trim_start_matches('v')
            .split('.')
            .nth(1)
            .unwrap_or("32")
            .to_string();
        serde_json::json!({
            "major": "1",
            "minor": minor,
            "gitVersion": git,
            "gitCommit": "kubestep",
            "gitTreeState": "clean",
            "buildDate": "2025-01-01T00:00:00Z",
            "goVersion": "go1.23.6",
            "compiler": "gc",
            "platform": "linux/amd64"
        })
    }

    /// The server version string (`v1.32.0`).
    pub fn version(self) -> &'static str {
        match self {
            Profile::V1_32 => "v1.32.0",
            Profile::V1_26 => "v1.26.15",
        }
    }
}
