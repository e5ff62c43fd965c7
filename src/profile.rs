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

    /// The server version string (`v1.32.0`).
    pub fn version(self) -> &'static str {
        match self {
            Profile::V1_32 => "v1.32.0",
            Profile::V1_26 => "v1.26.15",
        }
    }
}
