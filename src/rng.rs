//! Seeded randomness. Every random choice in the engine comes from a [`SimRng`], a
//! ChaCha8 stream derived from the one root seed; each component draws from its own
//! stream (see [`Stream`]) so an extra draw in one component never shifts another's.

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

/// The alphabet of `k8s.io/apimachinery/pkg/util/rand.String` / `SafeEncodeString`
/// (no vowels, no confusable characters).
pub const SAFE_ALPHABET: &[u8; 27] = b"bcdfghjklmnpqrstvwxz2456789";

/// Named sub-streams of the root seed.
#[derive(Clone, Copy, Debug)]
pub enum Stream {
    ApiServer = 1,
    Scheduler = 2,
    Kubelet = 3,
    Controllers = 4,
    /// Service ClusterIP / NodePort allocation and the built-in `kubernetes` Service.
    Services = 5,
    /// kube-proxy's random endpoint choice for `request`.
    Proxy = 6,
    /// kubectl's own randomness (`create deployment`'s container-name suffix).
    Kubectl = 7,
    /// The API server's draws while kubeadm builds kube-system before the story starts
    /// (so the user's objects get the same names with or without kube-system).
    Kubeadm = 8,
    /// The local-path provisioner's instance id (its events' source).
    Provisioner = 9,
    /// The API server's draws while a new cluster sets itself up (nodes registering, each
    /// namespace's ServiceAccount and root CA ConfigMap).
    Setup = 10,
}

/// A deterministic random stream (ChaCha8, stream id = [`Stream`]).
#[derive(Clone, Debug)]
pub struct SimRng {
    inner: ChaCha8Rng,
}

impl SimRng {
    pub fn new(seed: u64, stream: Stream) -> SimRng {
        let mut inner = ChaCha8Rng::seed_from_u64(seed);
        inner.set_stream(stream as u64);
        SimRng { inner }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.inner.next_u64()
    }

    /// Uniform in `0..n` (n > 0), without modulo bias.
    pub fn below(&mut self, n: u64) -> u64 {
        assert!(n > 0);
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let v = self.next_u64();
            if v < zone {
                return v % n;
            }
        }
    }

    /// `n` characters from [`SAFE_ALPHABET`], as the API server's name generator draws them.
    pub fn safe_string(&mut self, n: u32) -> String {
        (0..n)
            .map(|_| SAFE_ALPHABET[self.below(SAFE_ALPHABET.len() as u64) as u32 as usize] as char)
            .collect()
    }

    /// A random (version 4) UUID string.
    pub fn uuid(&mut self) -> String {
        let a = self.next_u64();
        let b = self.next_u64();
        let a = (a & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000;
        let b = (b & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xffff,
            b >> 48,
            b & 0xffff_ffff_ffff
        )
    }
}

/// FNV-1a, 32 bit (`hash/fnv.New32a`), used for pod-template-hash.
pub fn fnv32a(data: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in data {
        h ^= *b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// `rand.SafeEncodeString`: each byte mapped through [`SAFE_ALPHABET`] by `byte % 27`.
pub fn safe_encode(s: &str) -> String {
    s.bytes()
        .map(|b| SAFE_ALPHABET[(b % 27) as usize] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_same_draws() {
        let mut a = SimRng::new(7, Stream::ApiServer);
        let mut b = SimRng::new(7, Stream::ApiServer);
        let mut c = SimRng::new(7, Stream::Scheduler);
        let va: Vec<u64> = (0..4).map(|_| a.next_u64()).collect();
        let vb: Vec<u64> = (0..4).map(|_| b.next_u64()).collect();
        let vc: Vec<u64> = (0..4).map(|_| c.next_u64()).collect();
        assert_eq!(va, vb);
        assert_ne!(va, vc);
    }

    #[test]
    fn safe_encode_maps_digits_like_upstream() {
        // ComputeHash prints the uint32 in decimal, then SafeEncodeString.
        assert_eq!(safe_encode("0123456789"), "456789bcdf");
        assert_eq!(fnv32a(b""), 0x811c9dc5);
        assert_eq!(fnv32a(b"a"), 0xe40c292c);
    }

    #[test]
    fn uuids_look_like_v4() {
        let mut r = SimRng::new(1, Stream::ApiServer);
        let u = r.uuid();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
    }
}
