//! Container image references as the kubelet and the container runtime see them. A leaf.

/// Image reference normalised as the runtime reports it (`docker.io/library/nginx:latest`).
pub fn normalize_image(image: &str) -> String {
    let (name, tag) = split_image(image);
    let name = if name.contains('/') {
        let first = name.split('/').next().unwrap_or("");
        if first.contains('.') || first.contains(':') || first == "localhost" {
            name.to_string()
        } else {
            format!("docker.io/{}", name)
        }
    } else {
        format!("docker.io/library/{}", name)
    };
    match tag {
        Tag::Tag(t) => format!("{}:{}", name, t),
        Tag::Digest(d) => format!("{}@{}", name, d),
        Tag::None => format!("{}:latest", name),
    }
}

/// The part of an image reference after the name.
pub enum Tag<'a> {
    None,
    Tag(&'a str),
    Digest(&'a str),
}

/// Split an image reference into its name and its tag or digest.
pub fn split_image(image: &str) -> (&str, Tag<'_>) {
    if let Some((n, d)) = image.split_once('@') {
        return (n, Tag::Digest(d));
    }
    let last_slash = image.rfind('/').map(|i| i + 1).unwrap_or(0);
    match image[last_slash..].rfind(':') {
        Some(i) => (
            &image[..last_slash + i],
            Tag::Tag(&image[last_slash + i + 1..]),
        ),
        None => (image, Tag::None),
    }
}

/// A plausible, deterministic compressed size for an image (20–200 MB).
pub fn image_size(image: &str) -> i64 {
    let h = crate::rng::fnv32a(normalize_image(image).as_bytes()) as i64;
    20_000_000 + (h % 180_000_000)
}

/// `len` hex digits derived from `seed` (FNV-32a blocks): digests, boot ids, machine ids.
pub fn hex_digest(seed: &str, len: usize) -> String {
    let mut out = String::new();
    let mut i = 0u32;
    while out.len() < len {
        out.push_str(&format!(
            "{:08x}",
            crate::rng::fnv32a(format!("{}#{}", seed, i).as_bytes())
        ));
        i += 1;
    }
    out.truncate(len);
    out
}
