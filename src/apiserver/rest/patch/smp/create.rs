//! Strategic merge patch, the client's half: computing the patch that turns one object
//! into another, as kubectl does for `edit`, `set image`, `cordon`, `rollout pause` (two-way)
//! and `apply` (three-way) — `CreateTwoWayMergeMapPatch` and `CreateThreeWayMergePatch` of
//! `k8s.io/apimachinery/pkg/util/strategicpatch/patch.go` (v0.32), function by function.
//! Tested on upstream's creation tables (`tests/fixtures/smp-create-cases.json`).

use crate::sort::StableSort;
use serde_json::{Map, Value};

use super::{
    DELETE, DELETE_FROM_PRIMITIVE_LIST_PREFIX, DIRECTIVE, ERR_NO_LIST_OF_LISTS, GoType,
    MergeOptions, R, REPLACE, RETAIN_KEYS_DIRECTIVE, SET_ELEMENT_ORDER_PREFIX, Schema,
    deduplicate_scalars, err, err_bad_arg_type, err_no_merge_key,
    extract_retain_keys_patch_strategy, go_type, go_v, merge_key_value_equal, merge_map,
    normalize_slice_order, slice_element_type,
};

/// `DiffOptions`.
#[derive(Clone, Copy, Debug, Default)]
struct DiffOptions {
    /// Only deletions (the "deletions" half of a three-way patch).
    ignore_changes_and_additions: bool,
    /// No deletions (the "delta" half).
    ignore_deletions: bool,
    set_element_order: bool,
    build_retain_keys_directive: bool,
}

/// `CreateTwoWayMergeMapPatch`: the patch from `original` to `modified` (JSON objects).
pub fn create_two_way(original: &Value, modified: &Value, schema: Schema) -> R<Value> {
    let (Value::Object(o), Value::Object(m)) = (original, modified) else {
        return err(super::ERR_BAD_JSON_DOC);
    };
    let opts = DiffOptions {
        set_element_order: true,
        ..Default::default()
    };
    Ok(Value::Object(diff_maps(o, m, schema, opts)?))
}

/// `CreateThreeWayMergePatch` with `overwrite` (kubectl apply's default): the changes from
/// `current` to `modified` without deletions, plus the deletions from `original` (the last
/// applied configuration) to `modified`.
pub fn create_three_way(
    original: &Value,
    modified: &Value,
    current: &Value,
    schema: Schema,
) -> R<Value> {
    let empty = Map::new();
    let obj = |v: &Value| -> R<Map<String, Value>> {
        match v {
            Value::Object(m) => Ok(m.clone()),
            Value::Null => Ok(empty.clone()),
            _ => err(super::ERR_BAD_JSON_DOC),
        }
    };
    let (o, m, c) = (obj(original)?, obj(modified)?, obj(current)?);
    let delta = diff_maps(
        &c,
        &m,
        schema,
        DiffOptions {
            ignore_deletions: true,
            set_element_order: true,
            ..Default::default()
        },
    )?;
    let deletions = diff_maps(
        &o,
        &m,
        schema,
        DiffOptions {
            set_element_order: true,
            ignore_changes_and_additions: true,
            ..Default::default()
        },
    )?;
    let merged = merge_map(
        deletions,
        delta,
        schema,
        MergeOptions {
            parallel: false,
            ignore_unmatched_nulls: false,
        },
    )?;
    Ok(Value::Object(merged))
}

/// `diffMaps`.
fn diff_maps(
    original: &Map<String, Value>,
    modified: &Map<String, Value>,
    schema: Schema,
    opts: DiffOptions,
) -> R<Map<String, Value>> {
    let mut patch = Map::new();
    let mut retain_keys: Vec<Value> = vec![];
    for (key, mv) in modified {
        if opts.build_retain_keys_directive && !mv.is_null() {
            retain_keys.push(Value::String(key.clone()));
        }
        let Some(ov) = original.get(key) else {
            if !opts.ignore_changes_and_additions {
                patch.insert(key.clone(), mv.clone());
            }
            continue;
        };
        // handleDirectiveMarker
        if key == DIRECTIVE {
            let (Value::String(os), Value::String(ms)) = (ov, mv) else {
                return err(format!("invalid value for special key: {}", DIRECTIVE));
            };
            if os != ms {
                patch.insert(key.clone(), mv.clone());
            }
            continue;
        }
        if go_type(ov) != go_type(mv) {
            if !opts.ignore_changes_and_additions {
                patch.insert(key.clone(), mv.clone());
            }
            continue;
        }
        match (ov, mv) {
            (Value::Object(om), Value::Object(mm)) => {
                handle_map_diff(key, om, mm, &mut patch, schema, opts)?
            }
            (Value::Array(ol), Value::Array(ml)) => {
                handle_slice_diff(key, ol, ml, &mut patch, schema, opts)?
            }
            _ => replace_if_not_equal(key, ov, mv, &mut patch, opts),
        }
    }
    // updatePatchIfMissing: nulls for deleted keys.
    if !opts.ignore_deletions {
        for key in original.keys() {
            if !modified.contains_key(key) {
                patch.insert(key.clone(), Value::Null);
            }
        }
    }
    // hasAdditionalNewField
    let cleared = original
        .iter()
        .any(|(k, v)| !v.is_null() && !modified.contains_key(k));
    if !retain_keys.is_empty() && (!patch.is_empty() || cleared) {
        patch.insert(
            RETAIN_KEYS_DIRECTIVE.to_string(),
            Value::Array(sort_scalars(retain_keys)),
        );
    }
    Ok(patch)
}

fn replace_if_not_equal(
    key: &str,
    original: &Value,
    modified: &Value,
    patch: &mut Map<String, Value>,
    opts: DiffOptions,
) {
    if opts.ignore_changes_and_additions || original == modified {
        return;
    }
    patch.insert(key.to_string(), modified.clone());
}

/// `handleMapDiff`.
fn handle_map_diff(
    key: &str,
    original: &Map<String, Value>,
    modified: &Map<String, Value>,
    patch: &mut Map<String, Value>,
    schema: Schema,
    mut opts: DiffOptions,
) -> R<()> {
    let (sub, strategies, _) = match schema.lookup(key) {
        Ok(x) => x,
        // Unknown metadata does not matter when nothing changed.
        Err(_) if original == modified => return Ok(()),
        Err(e) => return Err(e),
    };
    let (retain, strategy) = extract_retain_keys_patch_strategy(&strategies)?;
    opts.build_retain_keys_directive = retain;
    if strategy == REPLACE {
        if !opts.ignore_changes_and_additions {
            patch.insert(key.to_string(), Value::Object(modified.clone()));
        }
        return Ok(());
    }
    let p = diff_maps(original, modified, sub, opts)?;
    if !p.is_empty() {
        patch.insert(key.to_string(), Value::Object(p));
    }
    Ok(())
}

/// `handleSliceDiff`.
fn handle_slice_diff(
    key: &str,
    original: &[Value],
    modified: &[Value],
    patch: &mut Map<String, Value>,
    schema: Schema,
    mut opts: DiffOptions,
) -> R<()> {
    let (sub, strategies, merge_key) = match schema.lookup(key) {
        Ok(x) => x,
        Err(_) if original == modified => return Ok(()),
        Err(e) => return Err(e),
    };
    let (retain, strategy) = extract_retain_keys_patch_strategy(&strategies)?;
    if strategy != super::MERGE {
        if !opts.ignore_changes_and_additions && original != modified {
            patch.insert(key.to_string(), Value::Array(modified.to_vec()));
        }
        return Ok(());
    }
    opts.build_retain_keys_directive = retain;
    let (add, deletions, order) = diff_lists(original, modified, sub, merge_key, opts)?;
    if !add.is_empty() {
        patch.insert(key.to_string(), Value::Array(add));
    }
    if !deletions.is_empty() {
        patch.insert(
            format!("{}/{}", DELETE_FROM_PRIMITIVE_LIST_PREFIX, key),
            Value::Array(deletions),
        );
    }
    if !order.is_empty() {
        patch.insert(
            format!("{}/{}", SET_ELEMENT_ORDER_PREFIX, key),
            Value::Array(order),
        );
    }
    Ok(())
}

type Lists = (Vec<Value>, Vec<Value>, Vec<Value>);

/// `diffLists`: (patch list, deletions of primitives, `$setElementOrder` list).
fn diff_lists(
    original: &[Value],
    modified: &[Value],
    schema: Schema,
    merge_key: &str,
    opts: DiffOptions,
) -> R<Lists> {
    if original.is_empty() {
        if modified.is_empty() || opts.ignore_changes_and_additions {
            return Ok((vec![], vec![], vec![]));
        }
        return Ok((modified.to_vec(), vec![], vec![]));
    }
    match slice_element_type(&[original, modified])? {
        GoType::Map => {
            let (patch, deletions) =
                diff_lists_of_maps(original, modified, schema, merge_key, opts)?;
            let mut patch = normalize_slice_order(patch, modified, merge_key, true)?;
            let order_same = is_order_same(original, modified, merge_key)?;
            patch.extend(deletions);
            let mut order = vec![];
            if opts.set_element_order
                && ((!opts.ignore_changes_and_additions && (!patch.is_empty() || !order_same))
                    || (!opts.ignore_deletions && !patch.is_empty()))
            {
                for v in modified {
                    let mut m = Map::new();
                    let kv = v.get(merge_key).cloned().unwrap_or(Value::Null);
                    m.insert(merge_key.to_string(), kv);
                    order.push(Value::Object(m));
                }
            }
            Ok((patch, vec![], order))
        }
        GoType::List => err(ERR_NO_LIST_OF_LISTS),
        _ => {
            let (add, deletions) = diff_lists_of_scalars(original, modified, opts);
            let add = normalize_slice_order(add, modified, merge_key, false)?;
            let mut order = vec![];
            if opts.set_element_order
                && ((!opts.ignore_deletions && !deletions.is_empty())
                    || (!opts.ignore_changes_and_additions && original != modified))
            {
                order = modified.to_vec();
            }
            Ok((add, deletions, order))
        }
    }
}

/// `isOrderSame`.
fn is_order_same(original: &[Value], modified: &[Value], merge_key: &str) -> R<bool> {
    if original.len() != modified.len() {
        return Ok(false);
    }
    for (o, m) in original.iter().zip(modified) {
        if !merge_key_value_equal(o, m, merge_key)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `sortScalars`: by their `%v` text.
fn sort_scalars(mut s: Vec<Value>) -> Vec<Value> {
    s.stable_sort_by_key(go_v);
    s
}

/// `diffListsOfScalars`: (additions, deletions), walking both lists sorted by `%v`.
fn diff_lists_of_scalars(
    original: &[Value],
    modified: &[Value],
    opts: DiffOptions,
) -> (Vec<Value>, Vec<Value>) {
    let o = sort_scalars(original.to_vec());
    let m = sort_scalars(modified.to_vec());
    let (mut i, mut j) = (0, 0);
    let mut add = vec![];
    let mut del = vec![];
    while i < o.len() || j < m.len() {
        let os = o.get(i).map(go_v);
        let ms = m.get(j).map(go_v);
        match (os, ms) {
            (Some(a), Some(b)) if a == b => {
                i += 1;
                j += 1;
            }
            (None, Some(_)) => {
                if !opts.ignore_changes_and_additions {
                    add.push(m[j].clone());
                }
                j += 1;
            }
            (Some(a), Some(b)) if a > b => {
                if !opts.ignore_changes_and_additions {
                    add.push(m[j].clone());
                }
                j += 1;
            }
            _ => {
                if !opts.ignore_deletions {
                    del.push(o[i].clone());
                }
                i += 1;
            }
        }
    }
    (add, deduplicate_scalars(del))
}

/// `sortMergeListsByNameArray` (not recursing): maps sorted by the `%v` of their merge
/// key; primitives deduplicated and sorted.
fn sort_by_merge_key(s: &[Value], merge_key: &str) -> R<Vec<Value>> {
    if s.is_empty() {
        return Ok(vec![]);
    }
    if slice_element_type(&[s])? != GoType::Map {
        return Ok(sort_scalars(deduplicate_scalars(s.to_vec())));
    }
    let mut v = s.to_vec();
    v.stable_sort_by_key(|m| m.get(merge_key).map(go_v).unwrap_or_else(|| "<nil>".into()));
    Ok(v)
}

fn map_and_key<'a>(v: &'a Value, merge_key: &str) -> R<(&'a Map<String, Value>, &'a Value)> {
    let Some(m) = v.as_object() else {
        return Err(err_bad_arg_type("map[string]interface {}", v));
    };
    let Some(k) = m.get(merge_key) else {
        return Err(err_no_merge_key(m, merge_key));
    };
    Ok((m, k))
}

/// `diffListsOfMaps`: (additions and changes, `$patch: delete` directives).
fn diff_lists_of_maps(
    original: &[Value],
    modified: &[Value],
    schema: Schema,
    merge_key: &str,
    opts: DiffOptions,
) -> R<(Vec<Value>, Vec<Value>)> {
    let o = sort_by_merge_key(original, merge_key)?;
    let m = sort_by_merge_key(modified, merge_key)?;
    let (mut i, mut j) = (0, 0);
    let mut patch = vec![];
    let mut deletions = vec![];
    while i < o.len() || j < m.len() {
        let oe = if i < o.len() {
            Some(map_and_key(&o[i], merge_key)?)
        } else {
            None
        };
        let me = if j < m.len() {
            Some(map_and_key(&m[j], merge_key)?)
        } else {
            None
        };
        match (oe, me) {
            (Some((om, ok)), Some((mm, mk))) if go_v(ok) == go_v(mk) => {
                let mut p = diff_maps(om, mm, schema, opts)?;
                if !p.is_empty() {
                    p.insert(merge_key.to_string(), mk.clone());
                    patch.push(Value::Object(p));
                }
                i += 1;
                j += 1;
            }
            (None, Some((mm, _))) => {
                if !opts.ignore_changes_and_additions {
                    patch.push(Value::Object(mm.clone()));
                }
                j += 1;
            }
            (Some((_, ok)), Some((mm, mk))) if go_v(ok) > go_v(mk) => {
                if !opts.ignore_changes_and_additions {
                    patch.push(Value::Object(mm.clone()));
                }
                j += 1;
            }
            (Some((_, ok)), _) => {
                if !opts.ignore_deletions {
                    let mut d = Map::new();
                    d.insert(merge_key.to_string(), ok.clone());
                    d.insert(DIRECTIVE.to_string(), Value::String(DELETE.to_string()));
                    deletions.push(Value::Object(d));
                }
                i += 1;
            }
            (None, None) => break,
        }
    }
    Ok((patch, deletions))
}
