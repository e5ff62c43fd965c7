//! Image references as the kubelet reads them before it pulls: `applyDefaultImageTag`
//! (`pkg/kubelet/images/image_manager.go`) → `parsers.ParseImageName` →
//! `ParseNormalizedNamed` of `github.com/distribution/reference` (v0.6: `normalize.go`,
//! `reference.go`, the grammar of `regexp.go`) and `go-digest`'s `Digest.Validate`.
//! An image the API server accepted but this parser refuses makes the container wait with
//! `InvalidImageName`.

/// Why an image reference is refused: the text `ParseNormalizedNamed` returns.
pub fn parse_normalized_named(s: &str) -> Result<(), String> {
    if s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(format!(
            "invalid repository name ({}), cannot specify 64-byte hexadecimal strings",
            s
        ));
    }
    let (domain, remainder) = split_docker_domain(s);
    let remote = remainder.split(':').next().unwrap_or("");
    if remote.to_lowercase() != remote {
        return Err(format!(
            "invalid reference format: repository name ({}) must be lowercase",
            remote
        ));
    }
    parse(&format!("{}/{}", domain, remainder))
}

/// `splitDockerDomain`.
fn split_docker_domain(name: &str) -> (String, String) {
    let Some((maybe_domain, maybe_remote)) = name.split_once('/') else {
        return ("docker.io".into(), format!("library/{}", name));
    };
    let (domain, remote) = if maybe_domain == "localhost" {
        (maybe_domain.to_string(), maybe_remote.to_string())
    } else if maybe_domain == "index.docker.io" {
        ("docker.io".to_string(), maybe_remote.to_string())
    } else if maybe_domain.contains(['.', ':']) || maybe_domain.to_lowercase() != maybe_domain {
        (maybe_domain.to_string(), maybe_remote.to_string())
    } else {
        ("docker.io".to_string(), name.to_string())
    };
    if domain == "docker.io" && !remote.contains('/') {
        return (domain, format!("library/{}", remote));
    }
    (domain, remote)
}

/// `Parse`: the reference grammar, then the name's length and the digest.
fn parse(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Err("repository name must have at least one component".into());
    }
    let Some((path, digest)) = match_reference(s) else {
        let lower = s.to_lowercase();
        if lower != s && match_reference(&lower).is_some() {
            return Err("repository name must be lowercase".into());
        }
        return Err("invalid reference format".into());
    };
    if path.len() > 255 {
        return Err("repository name must not be more than 255 characters".into());
    }
    if let Some(d) = digest {
        validate_digest(&d)?;
    }
    Ok(())
}

/// `referenceRegexp`: `^(name)(?::(tag))?(?:@(digest))?$`; the name's path (without the
/// domain) and the digest when the whole string matches.
fn match_reference(s: &str) -> Option<(String, Option<String>)> {
    let (name_tag, digest) = match s.split_once('@') {
        Some((nt, d)) => {
            if !is_digest(d) {
                return None;
            }
            (nt, Some(d.to_string()))
        }
        None => (s, None),
    };
    // A tag follows the last ':' when no '/' comes after it (a name's ':' is a port's, and
    // a port is always followed by '/').
    let (name, tag) = match name_tag.rfind(':') {
        Some(i) if !name_tag[i..].contains('/') => (&name_tag[..i], Some(&name_tag[i + 1..])),
        _ => (name_tag, None),
    };
    if let Some(t) = tag
        && !is_tag(t)
    {
        return None;
    }
    // name := [domain '/'] remote-name; the domain alternative is tried first.
    if let Some((d, r)) = name.split_once('/')
        && is_domain_and_port(d)
        && is_remote_name(r)
    {
        return Some((r.to_string(), digest));
    }
    if is_remote_name(name) {
        return Some((name.to_string(), digest));
    }
    None
}

/// `[\w][\w.-]{0,127}`.
fn is_tag(t: &str) -> bool {
    let w = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let b = t.as_bytes();
    !b.is_empty()
        && b.len() <= 128
        && w(b[0])
        && b[1..].iter().all(|&c| w(c) || c == b'.' || c == b'-')
}

/// `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][[:xdigit:]]{32,}`.
fn is_digest(d: &str) -> bool {
    let Some((alg, hex)) = d.split_once(':') else {
        return false;
    };
    let comps_ok = alg.split(['-', '_', '+', '.']).all(|c| {
        let b = c.as_bytes();
        !b.is_empty() && b[0].is_ascii_alphabetic() && b.iter().all(|x| x.is_ascii_alphanumeric())
    });
    comps_ok && hex.len() >= 32 && hex.bytes().all(|c| c.is_ascii_hexdigit())
}

/// `go-digest` `Digest.Validate` for the algorithms the kubelet links (sha256, sha384,
/// sha512): lowercase hex of the hash's size.
fn validate_digest(d: &str) -> Result<(), String> {
    let (alg, hex) = d.split_once(':').unwrap_or((d, ""));
    let size = match alg {
        "sha256" => 32,
        "sha384" => 48,
        "sha512" => 64,
        _ => return Err("unsupported digest algorithm".into()),
    };
    if hex.len() != size * 2 {
        return Err("invalid checksum digest length".into());
    }
    if !hex
        .bytes()
        .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
    {
        return Err("invalid checksum digest format".into());
    }
    Ok(())
}

/// `host [':' port]`, host a domain name or a bracketed IPv6 address.
fn is_domain_and_port(d: &str) -> bool {
    let (host, port) = if let Some(rest) = d.strip_prefix('[') {
        let Some(end) = rest.find(']') else {
            return false;
        };
        let inner = &rest[..end];
        if inner.is_empty() || !inner.bytes().all(|c| c.is_ascii_hexdigit() || c == b':') {
            return false;
        }
        (None, &rest[end + 1..])
    } else {
        match d.find(':') {
            Some(i) => (Some(&d[..i]), &d[i..]),
            None => (Some(d), ""),
        }
    };
    if let Some(h) = host
        && !h.split('.').all(is_domain_component)
    {
        return false;
    }
    match port.strip_prefix(':') {
        None => port.is_empty(),
        Some(p) => !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()),
    }
}

/// `[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]`.
fn is_domain_component(c: &str) -> bool {
    let b = c.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter().all(|x| x.is_ascii_alphanumeric() || *x == b'-')
}

/// `path-component ['/' path-component]*`.
fn is_remote_name(r: &str) -> bool {
    r.split('/').all(is_path_component)
}

/// `[a-z0-9]+ (?:(?:[._]|__|[-]+)[a-z0-9]+)*`.
fn is_path_component(p: &str) -> bool {
    let b = p.as_bytes();
    let alnum = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    let mut i = 0;
    let run = |i: &mut usize| {
        let s = *i;
        while *i < b.len() && alnum(b[*i]) {
            *i += 1;
        }
        *i > s
    };
    if !run(&mut i) {
        return false;
    }
    while i < b.len() {
        // A separator, then another alphanumeric run.
        match b[i] {
            b'.' => i += 1,
            b'_' => {
                i += 1;
                if i < b.len() && b[i] == b'_' {
                    i += 1;
                }
            }
            b'-' => {
                while i < b.len() && b[i] == b'-' {
                    i += 1;
                }
            }
            _ => return false,
        }
        if !run(&mut i) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cases from `reference_test.go` (TestReferenceParse) and `normalize_test.go`
    /// (TestValidateReferenceName, TestValidateRemoteName, TestParseRepositoryInfo), through
    /// `ParseNormalizedNamed` as the kubelet calls it.
    #[test]
    fn image_references_as_the_kubelet_parses_them() {
        let ok = [
            "nginx",
            "nginx:1.27",
            "busybox:1.36",
            "luksa/kubia:v2",
            "test_com",
            "test.com:tag",
            "test.com:5000",
            "test.com/repo:tag",
            "test:5000/repo",
            "test:5000/repo:tag",
            "test:5000/repo@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            "test:5000/repo:tag@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            "lowercase:Uppercase",
            "sub-dom1.foo.com/bar/baz/quux",
            "sub-dom1.foo.com/bar/baz/quux:some-long-tag",
            "b.gcr.io/test.example.com/my-app:test.example.com",
            "xn--n3h.com/myimage:xn--n3h.com",
            "foo_bar.com:8080",
            "foo/foo_bar.com:8080",
            "192.168.1.1:5000/repo",
            "[2001:db8::1]:5000/repo",
            "registry.k8s.io/pause:3.10",
            "localhost/repo",
            "localhost:5000/repo",
            "docker/docker",
            "library/debian",
            "a/a__a",
            "a-b--c/x",
            "Uppercase.Domain.com/repo",
            "index.docker.io/library/nginx",
            "127.0.0.1:5000/docker/docker",
        ];
        for s in ok {
            assert_eq!(parse_normalized_named(s), Ok(()), "{s}");
        }
        let long = format!("a/{}", "a".repeat(256));
        let bad: &[(&str, &str)] = &[
            ("", "invalid reference format"),
            (":justtag", "invalid reference format"),
            (
                "@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                "invalid reference format",
            ),
            (
                "repo@sha256:ffffffffffffffffffffffffffffffffff",
                "invalid checksum digest length",
            ),
            (
                "validname@invaliddigest:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                "unsupported digest algorithm",
            ),
            (
                "Uppercase:tag",
                "invalid reference format: repository name (library/Uppercase) must be lowercase",
            ),
            (
                "Nginx",
                "invalid reference format: repository name (library/Nginx) must be lowercase",
            ),
            (
                "test:5000/Uppercase/lowercase:tag",
                "invalid reference format: repository name (Uppercase/lowercase) must be lowercase",
            ),
            ("aa/asdf$$^/aa", "invalid reference format"),
            ("nginx:1.27 ", "invalid reference format"),
            ("nginx::1", "invalid reference format"),
            ("-foo", "invalid reference format"),
            ("foo-", "invalid reference format"),
            ("a__b___c", "invalid reference format"),
            ("repo:tag:tag", "invalid reference format"),
            ("ab/cd/", "invalid reference format"),
            ("https://nginx", "invalid reference format"),
            (
                "nginx@sha256:FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
                "invalid checksum digest format",
            ),
            (
                "27d6a9c3b0b2b1f4d3b9d3fd6fa4f09a3cbfb8ee4d88ab6c3caa9f3b8da1e8e2",
                "invalid repository name (27d6a9c3b0b2b1f4d3b9d3fd6fa4f09a3cbfb8ee4d88ab6c3caa9f3b8da1e8e2), cannot specify 64-byte hexadecimal strings",
            ),
            (
                &long,
                "repository name must not be more than 255 characters",
            ),
        ];
        for (s, want) in bad {
            assert_eq!(parse_normalized_named(s), Err(want.to_string()), "{s:?}");
        }
    }
}
