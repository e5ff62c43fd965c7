//! `application/vnd.kubernetes.protobuf` request bodies, as client-go's typed clients send
//! them (kubectl's `create deployment|namespace|service …` generators among them), decoded
//! into the JSON the same Go structs would marshal to, so the REST layer sees one format.
//!
//! The envelope is `k8s.io/apimachinery/pkg/runtime/serializer/protobuf`'s: the magic
//! `k8s\0`, then a `runtime.Unknown` {typeMeta {apiVersion, kind}, raw, contentEncoding,
//! contentType} whose `raw` is the object's message. The schema of every message
//! (`pb_schema.rs`) is generated from the Go types' struct tags by
//! `tools/gen_pb_schema.py`. Native only: the page never sees a protobuf body.

use k8s_openapi::ByteString;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{MicroTime, Time};
use k8s_openapi::jiff::Timestamp;
use serde_json::{Map, Value};

use super::pb_schema::{MSGS, ROOTS};

/// The type of one field, as the Go type maps to protobuf and JSON.
#[derive(Debug)]
#[allow(dead_code)] // F64 and Duration occur in kinds the generated schema may gain
pub enum Ty {
    Str,
    /// `[]byte`: base64 in JSON.
    Bytes,
    I32,
    I64,
    Bool,
    F64,
    /// A nested message: its index in [`MSGS`].
    Msg(u16),
    /// `map[string]V`: repeated {key = 1, value = 2} entries.
    Map(&'static Ty),
    /// `metav1.Time`: {seconds, nanos}, RFC 3339 to the second in JSON.
    Time,
    /// `metav1.MicroTime`: RFC 3339 with microseconds.
    MicroTime,
    /// `metav1.Duration`: {duration (ns)}, Go's duration string in JSON.
    Duration,
    /// `resource.Quantity`: {string}.
    Quantity,
    /// `intstr.IntOrString`: {type, intVal, strVal}.
    IntOrStr,
    /// `runtime.RawExtension` / `metav1.FieldsV1`: {raw bytes}, embedded JSON.
    Raw,
}

/// One field of a message.
#[derive(Debug)]
pub struct F {
    /// Protobuf field number.
    pub n: u32,
    /// JSON name ("" for an inlined struct).
    pub json: &'static str,
    pub ty: Ty,
    /// A slice (`repeated`).
    pub rep: bool,
    /// `json:",omitempty"`: a zero scalar is left out.
    pub omit: bool,
    /// A Go pointer: present means set, even to zero.
    pub ptr: bool,
    /// `json:",inline"`: the message's fields belong to the parent object.
    pub inline: bool,
}

/// One message type.
#[derive(Debug)]
pub struct Msg {
    /// `package.GoName`, e.g. `apps.Deployment`.
    pub name: &'static str,
    pub fields: &'static [F],
}

/// The magic prefix of Kubernetes protobuf bodies.
const MAGIC: &[u8] = b"k8s\0";
/// Deeper nesting than any API object has: refuse rather than recurse without end.
const MAX_DEPTH: usize = 64;

/// Decode a protobuf request body into the object's JSON.
pub fn decode(body: &[u8]) -> Result<Value, String> {
    let Some(rest) = body.strip_prefix(MAGIC) else {
        return Err(
            "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]"
                .into(),
        );
    };
    let (mut api_version, mut kind, mut raw) = (String::new(), String::new(), &[][..]);
    for field in Reader(rest) {
        match field? {
            (1, Wire::Len(tm)) => {
                for f in Reader(tm) {
                    match f? {
                        (1, Wire::Len(b)) => api_version = utf8(b)?,
                        (2, Wire::Len(b)) => kind = utf8(b)?,
                        _ => {}
                    }
                }
            }
            (2, Wire::Len(b)) => raw = b,
            _ => {}
        }
    }
    let Some(&(_, _, root)) = ROOTS
        .iter()
        .find(|(gv, k, _)| *gv == api_version && *k == kind)
    else {
        return Err(format!(
            "no kind {:?} is registered for version {:?} in scheme \"pkg/runtime/scheme.go:100\"",
            kind, api_version
        ));
    };
    let mut obj = Map::new();
    obj.insert("kind".into(), Value::String(kind));
    obj.insert("apiVersion".into(), Value::String(api_version));
    message(root, raw, &mut obj, 0)?;
    Ok(Value::Object(obj))
}

/// One field's payload on the wire.
enum Wire<'a> {
    Varint(u64),
    Fixed64(u64),
    /// Skipped: no API field is a 32-bit fixed type.
    Fixed32,
    Len(&'a [u8]),
}

/// The fields of one message, in wire order.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn varint(&mut self) -> Result<u64, String> {
        let mut v: u64 = 0;
        for i in 0..10 {
            let (&b, rest) = self.0.split_first().ok_or_else(truncated)?;
            self.0 = rest;
            v |= u64::from(b & 0x7f) << (7 * i);
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("proto: integer overflow".into())
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if n > self.0.len() {
            return Err(truncated());
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Ok(a)
    }
}

fn truncated() -> String {
    "unexpected EOF".into()
}

impl<'a> Iterator for Reader<'a> {
    type Item = Result<(u32, Wire<'a>), String>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.0.is_empty() {
            return None;
        }
        let res = (|| {
            let key = self.varint()?;
            let num = u32::try_from(key >> 3).map_err(|_| "proto: illegal tag".to_string())?;
            if num == 0 {
                return Err("proto: illegal tag 0 (wire type 0)".to_string());
            }
            let w = match key & 7 {
                0 => Wire::Varint(self.varint()?),
                1 => Wire::Fixed64(u64::from_le_bytes(
                    self.take(8)?.try_into().unwrap_or([0; 8]),
                )),
                2 => {
                    let n = usize::try_from(self.varint()?).map_err(|_| truncated())?;
                    Wire::Len(self.take(n)?)
                }
                5 => {
                    self.take(4)?;
                    Wire::Fixed32
                }
                t => return Err(format!("proto: illegal wireType {}", t)),
            };
            Ok((num, w))
        })();
        if res.is_err() {
            self.0 = &[];
        }
        Some(res)
    }
}

fn utf8(b: &[u8]) -> Result<String, String> {
    String::from_utf8(b.to_vec()).map_err(|_| "proto: invalid UTF-8".to_string())
}

/// Decode message `idx` from `data` into `obj` (the parent's object for inlined ones).
fn message(
    idx: u16,
    data: &[u8],
    obj: &mut Map<String, Value>,
    depth: usize,
) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err("proto: message nested too deeply".into());
    }
    let msg = &MSGS[usize::from(idx)];
    for field in Reader(data) {
        let (num, wire) = field?;
        let Some(f) = msg.fields.iter().find(|f| f.n == num) else {
            continue; // unknown fields are skipped, as gogo-protobuf does
        };
        if f.inline {
            let (Ty::Msg(sub), Wire::Len(b)) = (&f.ty, wire) else {
                return Err(format!(
                    "proto: wrong wireType for field {} of {}",
                    num, msg.name
                ));
            };
            message(*sub, b, obj, depth + 1)?;
            continue;
        }
        if let Ty::Map(vt) = &f.ty {
            let Wire::Len(entry) = wire else {
                return Err(format!(
                    "proto: wrong wireType for field {} of {}",
                    num, msg.name
                ));
            };
            let (mut k, mut v) = (String::new(), None);
            for ef in Reader(entry) {
                match ef? {
                    (1, Wire::Len(b)) => k = utf8(b)?,
                    (2, w) => v = Some(value(vt, w, depth + 1)?),
                    _ => {}
                }
            }
            let v = v.unwrap_or_else(|| zero(vt));
            let m = obj
                .entry(f.json)
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(m) = m {
                m.insert(k, v);
            }
            continue;
        }
        if f.rep {
            // Packed repeated scalars arrive as one length-delimited run.
            let vals = match (&f.ty, wire) {
                (Ty::I32 | Ty::I64 | Ty::Bool, Wire::Len(b)) => {
                    let mut r = Reader(b);
                    let mut out = vec![];
                    while !r.0.is_empty() {
                        out.push(value(&f.ty, Wire::Varint(r.varint()?), depth + 1)?);
                    }
                    out
                }
                (_, w) => vec![value(&f.ty, w, depth + 1)?],
            };
            let a = obj.entry(f.json).or_insert_with(|| Value::Array(vec![]));
            if let Value::Array(a) = a {
                a.extend(vals);
            }
            continue;
        }
        let v = value(&f.ty, wire, depth + 1)?;
        obj.insert(f.json.to_string(), v);
    }
    // Go's JSON encoder leaves out zero scalars of omitempty non-pointer fields, and
    // zero times are null (the encoder's omitempty does not apply to structs).
    for f in msg.fields {
        let drop = match obj.get(f.json) {
            Some(Value::Null) => true,
            Some(v) if f.omit && !f.ptr && !f.rep => match (&f.ty, v) {
                (Ty::Str | Ty::Bytes, Value::String(s)) => s.is_empty(),
                (Ty::I32 | Ty::I64 | Ty::F64, Value::Number(n)) => n.as_f64() == Some(0.0),
                (Ty::Bool, Value::Bool(b)) => !b,
                _ => false,
            },
            _ => false,
        };
        if drop && !f.inline {
            obj.remove(f.json);
        }
    }
    Ok(())
}

/// The zero value of a map entry's missing value.
fn zero(t: &Ty) -> Value {
    match t {
        Ty::Str | Ty::Bytes | Ty::Quantity => Value::String(String::new()),
        Ty::I32 | Ty::I64 | Ty::F64 => Value::from(0),
        Ty::Bool => Value::Bool(false),
        _ => Value::Object(Map::new()),
    }
}

fn wrong(what: &str) -> String {
    format!("proto: wrong wireType for {}", what)
}

/// One value of type `t`.
fn value(t: &Ty, w: Wire<'_>, depth: usize) -> Result<Value, String> {
    Ok(match (t, w) {
        (Ty::Str, Wire::Len(b)) => Value::String(utf8(b)?),
        (Ty::Bytes, Wire::Len(b)) => {
            serde_json::to_value(ByteString(b.to_vec())).map_err(|e| e.to_string())?
        }
        // int32 travels as a sign-extended varint: truncate as Go does.
        (Ty::I32, Wire::Varint(v)) => Value::from(v as i64 as i32),
        (Ty::I64, Wire::Varint(v)) => Value::from(v as i64),
        (Ty::Bool, Wire::Varint(v)) => Value::Bool(v != 0),
        (Ty::F64, Wire::Fixed64(v)) => serde_json::Number::from_f64(f64::from_bits(v))
            .map(Value::Number)
            .unwrap_or(Value::Null),
        (Ty::Msg(idx), Wire::Len(b)) => {
            let mut m = Map::new();
            message(*idx, b, &mut m, depth)?;
            Value::Object(m)
        }
        (Ty::Time | Ty::MicroTime, Wire::Len(b)) => {
            let (mut secs, mut nanos) = (0i64, 0i64);
            for f in Reader(b) {
                match f? {
                    (1, Wire::Varint(v)) => secs = v as i64,
                    (2, Wire::Varint(v)) => nanos = i64::from(v as i64 as i32),
                    _ => {}
                }
            }
            if b.is_empty() {
                Value::Null // the zero time: Go marshals it as an empty message
            } else if matches!(t, Ty::Time) {
                // metav1.Time keeps whole seconds only (time_proto.go).
                let ts = Timestamp::from_second(secs).map_err(|e| e.to_string())?;
                serde_json::to_value(Time(ts)).map_err(|e| e.to_string())?
            } else {
                let micros = nanos / 1000;
                let ts = Timestamp::from_microsecond(secs.saturating_mul(1_000_000) + micros)
                    .map_err(|e| e.to_string())?;
                serde_json::to_value(MicroTime(ts)).map_err(|e| e.to_string())?
            }
        }
        (Ty::Duration, Wire::Len(b)) => {
            let mut ns = 0i64;
            for f in Reader(b) {
                if let (1, Wire::Varint(v)) = f? {
                    ns = v as i64;
                }
            }
            Value::String(kubestep::time::format_go_duration(ns / 1_000_000))
        }
        (Ty::Quantity, Wire::Len(b)) => {
            let mut s = String::new();
            for f in Reader(b) {
                if let (1, Wire::Len(v)) = f? {
                    s = utf8(v)?;
                }
            }
            Value::String(s)
        }
        (Ty::IntOrStr, Wire::Len(b)) => {
            let (mut ty, mut i, mut s) = (0u64, 0i32, String::new());
            for f in Reader(b) {
                match f? {
                    (1, Wire::Varint(v)) => ty = v,
                    (2, Wire::Varint(v)) => i = v as i64 as i32,
                    (3, Wire::Len(v)) => s = utf8(v)?,
                    _ => {}
                }
            }
            if ty == 1 {
                Value::String(s)
            } else {
                Value::from(i)
            }
        }
        (Ty::Raw, Wire::Len(b)) => {
            let mut raw: &[u8] = &[];
            for f in Reader(b) {
                if let (1, Wire::Len(v)) = f? {
                    raw = v;
                }
            }
            if raw.is_empty() {
                Value::Null
            } else {
                serde_json::from_slice(raw).map_err(|e| e.to_string())?
            }
        }
        (Ty::Map(_), _) => return Err(wrong("map")),
        (t, _) => return Err(wrong(&format!("{:?}", t))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny protobuf writer for the tests.
    fn key(n: u32, w: u8, out: &mut Vec<u8>) {
        varint(u64::from(n) << 3 | u64::from(w), out);
    }
    fn varint(mut v: u64, out: &mut Vec<u8>) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                out.push(b);
                break;
            }
            out.push(b | 0x80);
        }
    }
    fn bytes(n: u32, b: &[u8], out: &mut Vec<u8>) {
        key(n, 2, out);
        varint(b.len() as u64, out);
        out.extend_from_slice(b);
    }
    fn int(n: u32, v: i64, out: &mut Vec<u8>) {
        key(n, 0, out);
        varint(v as u64, out);
    }
    fn envelope(api_version: &str, kind: &str, raw: &[u8]) -> Vec<u8> {
        let mut tm = vec![];
        bytes(1, api_version.as_bytes(), &mut tm);
        bytes(2, kind.as_bytes(), &mut tm);
        let mut u = b"k8s\0".to_vec();
        bytes(1, &tm, &mut u);
        bytes(2, raw, &mut u);
        bytes(3, b"", &mut u);
        bytes(4, b"", &mut u);
        u
    }
    fn labels(n: u32, k: &str, v: &str, out: &mut Vec<u8>) {
        let mut e = vec![];
        bytes(1, k.as_bytes(), &mut e);
        bytes(2, v.as_bytes(), &mut e);
        bytes(n, &e, out);
    }

    /// What `kubectl create deployment web --image=nginx --replicas=0` sends, field by
    /// field as gogo-protobuf marshals it (every non-pointer field written, zero or not).
    #[test]
    fn a_deployment_as_kubectl_create_sends_it() {
        let mut meta = vec![];
        bytes(1, b"web", &mut meta);
        bytes(2, b"", &mut meta);
        bytes(3, b"", &mut meta);
        int(7, 0, &mut meta);
        bytes(8, b"", &mut meta); // zero creationTimestamp
        labels(11, "app", "web", &mut meta);
        let mut sel = vec![];
        labels(1, "app", "web", &mut sel);
        let mut container = vec![];
        bytes(1, b"nginx", &mut container);
        bytes(2, b"nginx", &mut container);
        bytes(8, b"", &mut container); // resources {}
        int(16, 0, &mut container); // stdin false
        let mut podspec = vec![];
        bytes(2, &container, &mut podspec);
        let mut tmeta = vec![];
        labels(11, "app", "web", &mut tmeta);
        bytes(8, b"", &mut tmeta);
        let mut tmpl = vec![];
        bytes(1, &tmeta, &mut tmpl);
        bytes(2, &podspec, &mut tmpl);
        let mut spec = vec![];
        int(1, 0, &mut spec); // replicas: 0 (a pointer: kept)
        bytes(2, &sel, &mut spec);
        bytes(3, &tmpl, &mut spec);
        bytes(4, b"", &mut spec); // strategy {}
        int(5, 0, &mut spec); // minReadySeconds 0: omitempty, dropped
        let mut dep = vec![];
        bytes(1, &meta, &mut dep);
        bytes(2, &spec, &mut dep);
        bytes(3, b"", &mut dep);
        let v = decode(&envelope("apps/v1", "Deployment", &dep)).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "kind": "Deployment", "apiVersion": "apps/v1",
                "metadata": {"name": "web", "labels": {"app": "web"}},
                "spec": {
                    "replicas": 0,
                    "selector": {"matchLabels": {"app": "web"}},
                    "template": {
                        "metadata": {"labels": {"app": "web"}},
                        "spec": {"containers": [{"name": "nginx", "image": "nginx", "resources": {}}]}
                    },
                    "strategy": {}
                },
                "status": {}
            })
        );
    }

    #[test]
    fn special_types() {
        // Service port: targetPort as IntOrString (string form), protocol, port.
        let mut tp = vec![];
        int(1, 1, &mut tp);
        bytes(3, b"http", &mut tp);
        let mut port = vec![];
        bytes(1, b"web", &mut port);
        bytes(2, b"TCP", &mut port);
        int(3, 80, &mut port);
        bytes(4, &tp, &mut port);
        let mut spec = vec![];
        bytes(1, &port, &mut spec);
        let mut meta = vec![];
        bytes(1, b"svc", &mut meta);
        let mut ts = vec![];
        int(1, 1_735_689_600, &mut ts);
        bytes(8, &ts, &mut meta);
        let mut svc = vec![];
        bytes(1, &meta, &mut svc);
        bytes(2, &spec, &mut svc);
        let v = decode(&envelope("v1", "Service", &svc)).unwrap();
        assert_eq!(v["metadata"]["creationTimestamp"], "2025-01-01T00:00:00Z");
        assert_eq!(
            v["spec"]["ports"],
            serde_json::json!([{"name": "web", "protocol": "TCP", "port": 80, "targetPort": "http"}])
        );
        // Resource quantities in a container's limits map; a negative int32.
        let mut q = vec![];
        bytes(1, b"500m", &mut q);
        let mut entry = vec![];
        bytes(1, b"cpu", &mut entry);
        bytes(2, &q, &mut entry);
        let mut res = vec![];
        bytes(1, &entry, &mut res);
        let mut c = vec![];
        bytes(1, b"c", &mut c);
        bytes(8, &res, &mut c);
        let mut ps = vec![];
        bytes(2, &c, &mut ps);
        int(4, -5, &mut ps); // terminationGracePeriodSeconds (*int64)
        let mut pod = vec![];
        bytes(2, &ps, &mut pod);
        let v = decode(&envelope("v1", "Pod", &pod)).unwrap();
        assert_eq!(
            v["spec"]["containers"][0]["resources"]["limits"]["cpu"],
            "500m"
        );
        assert_eq!(v["spec"]["terminationGracePeriodSeconds"], -5);
    }

    #[test]
    fn bad_bodies_are_errors_not_panics() {
        assert!(decode(b"{}").unwrap_err().contains("expected prefix"));
        assert!(
            decode(&envelope("v1", "Nope", b""))
                .unwrap_err()
                .contains("no kind \"Nope\"")
        );
        // Truncated length, illegal wire type, a field of the wrong wire type.
        assert!(decode(&envelope("v1", "Pod", &[0x0a, 0x05, 0x01])).is_err());
        assert!(decode(&envelope("v1", "Pod", &[0x0b])).is_err());
        assert!(decode(&envelope("v1", "Pod", &[0x08, 0x01])).is_err());
        // Arbitrary bytes never panic.
        for seed in 0u32..2000 {
            let mut b = b"k8s\0".to_vec();
            let mut x = seed.wrapping_mul(2_654_435_761);
            for _ in 0..(seed % 64) {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                b.push(x as u8);
            }
            let _ = decode(&b);
        }
    }
}
