#!/usr/bin/env python3
"""Reference (executable-spec) port of the *server-side application* half of
Kubernetes strategic merge patch:

    k8s.io/apimachinery/pkg/util/strategicpatch/patch.go @ v0.32.13
    StrategicMergeMapPatchUsingLookupPatchMeta -> mergeMap(original, patch, schema,
        MergeOptions{MergeParallelList: true, IgnoreUnmatchedNulls: true})

Only patch *application* is ported (not patch creation / 2-way / 3-way diffing).
Function names mirror the Go ones so the Rust port can be reviewed side by side.
Used by extract_smp_cases.py to double-check every case put into smp-cases.json.

Schema interface (mirrors LookupPatchMeta):
    schema.lookup(key) -> (subschema, strategies: list[str], merge_key: str)
raises SmpError("unable to find api field ...") for unknown fields.
"""
import json

DIRECTIVE = "$patch"
DELETE = "delete"
REPLACE = "replace"
MERGE = "merge"
RETAIN_KEYS_STRATEGY = "retainKeys"
DELETE_FROM_PRIMITIVE_LIST_PREFIX = "$deleteFromPrimitiveList"
RETAIN_KEYS_DIRECTIVE = "$retainKeys"
SET_ELEMENT_ORDER_PREFIX = "$setElementOrder"

# mergepatch error texts (k8s.io/apimachinery/pkg/util/mergepatch/errors.go)
ERR_BAD_JSON_DOC = "invalid JSON document"
ERR_NO_LIST_OF_LISTS = "lists of lists are not supported"
ERR_BAD_PATCH_FORMAT_FOR_PRIMITIVE_LIST = "invalid patch format of primitive list"
ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS = "invalid patch format of retainKeys"
ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST = "invalid patch format of setElementOrder list"


class SmpError(Exception):
    pass


# ----------------------------------------------------------------- go helpers
def go_type(v):
    if v is None:
        return "<nil>"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int64"
    if isinstance(v, float):
        return "float64"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "[]interface {}"
    if isinstance(v, dict):
        return "map[string]interface {}"
    return type(v).__name__


def go_v(v):
    """fmt %v rendering of a decoded JSON value (for error messages)."""
    if v is None:
        return "<nil>"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dict):
        return "map[" + " ".join("%s:%s" % (k, go_v(v[k])) for k in sorted(v)) + "]"
    if isinstance(v, list):
        return "[" + " ".join(go_v(x) for x in v) + "]"
    return str(v)


def geq(a, b):
    """Go `==` on two interface{} values holding JSON scalars."""
    return type(a) is type(b) and a == b


def hkey(v):
    return (type(v).__name__, v)


def err_bad_arg_type(expected_go_type, actual):
    return SmpError("expected a %s, but received a %s" % (expected_go_type, go_type(actual)))


def err_no_merge_key(m, k):
    return SmpError("map: %s does not contain declared merge key: %s" % (go_v(m), k))


def err_bad_patch_type(t, m):
    return SmpError("unknown patch type: %s in map: %s" % (go_v(t), go_v(m)))


# Go sort.SliceStable (insertion sort blocks of 20 + symMerge), with the
# *same* possibly-inconsistent less function as normalizeSliceOrder.
def _stable_sort(data, less):
    def swap(i, j):
        data[i], data[j] = data[j], data[i]

    def insertion(a, b):
        for i in range(a + 1, b):
            j = i
            while j > a and less(j, j - 1):
                swap(j, j - 1)
                j -= 1

    def swap_range(a, b, n):
        for i in range(n):
            swap(a + i, b + i)

    def rotate(a, m, b):
        i, j = m - a, b - m
        while i != j:
            if i > j:
                swap_range(m - i, m, j)
                i -= j
            else:
                swap_range(m - i, m + j - i, i)
                j -= i
        swap_range(m - i, m, i)

    def sym_merge(a, m, b):
        if m - a == 1:
            i, j = m, b
            while i < j:
                h = (i + j) >> 1
                if less(h, a):
                    i = h + 1
                else:
                    j = h
            for k in range(a, i - 1):
                swap(k, k + 1)
            return
        if b - m == 1:
            i, j = a, m
            while i < j:
                h = (i + j) >> 1
                if not less(m, h):
                    i = h + 1
                else:
                    j = h
            for k in range(m, i, -1):
                swap(k, k - 1)
            return
        mid = (a + b) >> 1
        n = mid + m
        if m > mid:
            start, r = n - b, mid
        else:
            start, r = a, m
        p = n - 1
        while start < r:
            c = (start + r) >> 1
            if not less(p - c, c):
                start = c + 1
            else:
                r = c
        end = n - start
        if start < m < end:
            rotate(start, m, end)
        if a < start < mid:
            sym_merge(a, start, mid)
        if mid < end < b:
            sym_merge(mid, end, b)

    n = len(data)
    bs = 20
    a, b = 0, bs
    while b <= n:
        insertion(a, b)
        a = b
        b += bs
    insertion(a, n)
    while bs < n:
        a, b = 0, 2 * bs
        while b <= n:
            sym_merge(a, a + bs, b)
            a = b
            b += 2 * bs
        m = a + bs
        if m < n:
            sym_merge(a, m, n)
        bs *= 2
    return data


# ------------------------------------------------------------- ordering logic
def index(l, val, merge_key, kind_is_map):
    if kind_is_map:
        get = lambda item: item.get(merge_key) if isinstance(item, dict) else None
    else:
        get = lambda item: item
    target = get(val)
    for i, v in enumerate(l or []):
        if geq(target, get(v)):
            return i
    return -1


def validate_merge_key_in_lists(merge_key, *lists):
    for lst in lists:
        for item in lst or []:
            if not isinstance(item, dict):
                raise err_bad_arg_type("map[string]interface {}", item)
            if merge_key not in item:
                raise err_no_merge_key(item, merge_key)


def extract_to_delete_items(l):
    non_delete, to_delete = [], []
    for v in l:
        if not isinstance(v, dict):
            raise err_bad_arg_type("map[string]interface {}", v)
        if DIRECTIVE in v and v[DIRECTIVE] == DELETE:
            to_delete.append(v)
        else:
            non_delete.append(v)
    return non_delete, to_delete


def normalize_slice_order(to_sort, order, merge_key, kind_is_map):
    to_delete = []
    if kind_is_map:
        validate_merge_key_in_lists(merge_key, to_sort, order)
        to_sort, to_delete = extract_to_delete_items(to_sort)
    to_sort = list(to_sort)

    def less(i, j):
        ii = index(order, to_sort[i], merge_key, kind_is_map)
        if ii >= 0:
            ij = index(order, to_sort[j], merge_key, kind_is_map)
            if ij >= 0:
                return ii < ij
        return True

    _stable_sort(to_sort, less)
    return to_sort + to_delete


def merge_sorted_slice(left, right, server_order, merge_key, kind_is_map):
    def less(l, r):
        li = index(server_order, l, merge_key, kind_is_map)
        ri = index(server_order, r, merge_key, kind_is_map)
        if li >= 0 and ri >= 0:
            return li < ri, True
        return False, False

    size = len(left) + len(right)
    i = j = 0
    s = []
    for _ in range(size):
        if i >= len(left) and j < len(right):
            s.append(right[j]); j += 1
        elif j >= len(right) and i < len(left):
            s.append(left[i]); i += 1
        else:
            lt, both = less(left[i], right[j])
            if both and lt:
                s.append(left[i]); i += 1
            else:
                s.append(right[j]); j += 1
    return s


def normalize_element_order(patch, server_only, patch_order, server_order, merge_key, kind_is_map):
    patch = normalize_slice_order(patch, patch_order, merge_key, kind_is_map)
    server_only = normalize_slice_order(server_only, server_order, merge_key, kind_is_map)
    return merge_sorted_slice(server_only, patch, server_order, merge_key, kind_is_map)


def partition_primitives_by_present_in_list(original, partition_by):
    in_patch = {hkey(v) for v in partition_by or []}
    patch, server_only = [], []
    for v in original:
        (patch if hkey(v) in in_patch else server_only).append(v)
    return patch, server_only


def find_map_in_slice_based_on_key_value(m, key, value):
    for k, v in enumerate(m or []):
        if not isinstance(v, dict):
            raise SmpError("value for key %d is not a map" % k)
        if key in v and geq(v[key], value):
            return v, k, True
    return None, 0, False


def partition_maps_by_present_in_list(original, partition_by, merge_key):
    patch, server_only = [], []
    for v in original:
        if not isinstance(v, dict):
            raise err_bad_arg_type("map[string]interface {}", v)
        if merge_key not in v:
            raise err_no_merge_key(v, merge_key)
        _, _, found = find_map_in_slice_based_on_key_value(partition_by, merge_key, v[merge_key])
        (patch if found else server_only).append(v)
    return patch, server_only


def slice_element_type(*slices):
    prev = None
    for s in slices:
        for v in s or []:
            cur = type(v)
            if prev is None:
                prev = cur
                if cur is list:
                    raise SmpError(ERR_NO_LIST_OF_LISTS)
            elif prev is not cur:
                raise SmpError("list element types are not identical: %s" % go_v(list(slices)))
    if prev is None:
        raise SmpError("no elements in any of the given slices")
    return prev


def deduplicate_scalars(s):
    s = list(s)
    length = len(s) - 1
    i = 0
    while i < length:
        j = i + 1
        while j <= length:
            if geq(s[i], s[j]):
                s[j] = s[length]
                s = s[:length]
                length -= 1
                j -= 1
            j += 1
        i += 1
    return s


def delete_from_slice(current, to_delete):
    d = {hkey(v) for v in to_delete}
    return [v for v in current if hkey(v) not in d]


# ---------------------------------------------------------------- directives
def extract_key(s, prefix):
    parts = s.split("/", 1)
    if len(parts) <= 1 or parts[0] != prefix:
        if prefix == DELETE_FROM_PRIMITIVE_LIST_PREFIX:
            raise SmpError(ERR_BAD_PATCH_FORMAT_FOR_PRIMITIVE_LIST)
        if prefix == SET_ELEMENT_ORDER_PREFIX:
            raise SmpError(ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST)
        raise SmpError("fail to find unknown prefix %r in %s\n" % (prefix, s))
    return parts[1]


def contains_directive_marker(item):
    return isinstance(item, dict) and DIRECTIVE in item


def merge_key_value_equal(left, right, merge_key):
    if not merge_key:
        return geq(left, right)
    if not isinstance(left, dict):
        raise err_bad_arg_type("map[string]interface {}", left)
    if not isinstance(right, dict):
        raise err_bad_arg_type("map[string]interface {}", right)
    if merge_key not in left:
        raise err_no_merge_key(left, merge_key)
    if merge_key not in right:
        raise err_no_merge_key(right, merge_key)
    return geq(left[merge_key], right[merge_key])


def validate_patch_with_set_order_list(patch_list, set_order_list, merge_key):
    if not isinstance(set_order_list, list):
        raise SmpError(ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST)
    if patch_list is not None and not isinstance(patch_list, list):
        raise SmpError(ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST)
    patch_list = patch_list or []
    if len(set_order_list) == 0 or len(patch_list) == 0:
        return
    non_delete = extract_to_delete_items(patch_list)[0] if merge_key else patch_list
    pi = si = 0
    while pi < len(non_delete) and si < len(set_order_list):
        if contains_directive_marker(non_delete[pi]):
            pi += 1
            continue
        if merge_key_value_equal(non_delete[pi], set_order_list[si], merge_key):
            pi += 1
        si += 1
    if pi < len(non_delete) and si >= len(set_order_list):
        raise SmpError("The order in patch list:\n%s\n doesn't match %s list:\n%s\n"
                       % (go_v(patch_list), SET_ELEMENT_ORDER_PREFIX, go_v(set_order_list)))


def extract_retain_keys_patch_strategy(strategies):
    if len(strategies) == 0:
        return False, ""
    if len(strategies) == 1:
        return (True, "") if strategies[0] == RETAIN_KEYS_STRATEGY else (False, strategies[0])
    if len(strategies) == 2:
        if strategies[0] == RETAIN_KEYS_STRATEGY:
            return True, strategies[1]
        if strategies[1] == RETAIN_KEYS_STRATEGY:
            return True, strategies[0]
    raise SmpError("unexpected patch strategy: %s" % go_v(strategies))


def apply_retain_keys_directive(original, patch):
    if RETAIN_KEYS_DIRECTIVE not in patch:
        return
    retain = patch.pop(RETAIN_KEYS_DIRECTIVE)
    if not isinstance(retain, list):
        raise SmpError(ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS)
    m = {hkey(v) for v in retain}
    for k, v in patch.items():
        if v is None or k.startswith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) or k.startswith(SET_ELEMENT_ORDER_PREFIX):
            continue
        if hkey(k) not in m:
            raise SmpError(ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS)
    for k in list(original):
        if hkey(k) not in m:
            del original[k]


def remove_directives(obj):
    if obj is None:
        return obj, True
    if isinstance(obj, dict):
        if DIRECTIVE in obj:
            return None, False
        for k in list(obj):
            v, keep = remove_directives(obj[k])
            if keep:
                obj[k] = v
            else:
                del obj[k]
        return obj, True
    if isinstance(obj, list):
        res = []
        for v in obj:
            nv, keep = remove_directives(v)
            if keep:
                res.append(nv)
        return res, True
    return obj, True


def discard_null_values_from_patch(v):
    if isinstance(v, dict):
        for k in list(v):
            if v[k] is None:
                del v[k]
            else:
                discard_null_values_from_patch(v[k])
    elif isinstance(v, list):
        for x in v:
            discard_null_values_from_patch(x)


def merge_patch_into_original(original, patch, schema):
    """$setElementOrder handling (MergeParallelList == true)."""
    for key in list(patch):
        if key not in patch or not key.startswith(SET_ELEMENT_ORDER_PREFIX):
            continue
        set_order = patch.pop(key)
        if not isinstance(set_order, list):
            raise err_bad_arg_type("[]interface {}", set_order)
        okey = extract_key(key, SET_ELEMENT_ORDER_PREFIX)
        found_o, found_p = okey in original, okey in patch
        ofv = pfv = None
        if found_o:
            ofv = original[okey]
            if not isinstance(ofv, list):
                raise err_bad_arg_type("[]interface {}", ofv)
        if found_p:
            pfv = patch[okey]
            if not isinstance(pfv, list):
                raise err_bad_arg_type("[]interface {}", pfv)
        sub, strategies, mkey = schema.lookup_slice(okey)
        _, strategy = extract_retain_keys_patch_strategy(strategies)
        validate_patch_with_set_order_list(pfv, set_order, mkey)
        if found_o and not found_p:
            merged = ofv
        elif not found_o and found_p:
            merged, _ = remove_directives(pfv)
        elif found_o and found_p:
            merged = merge_slice_handler(ofv, pfv, sub, strategy, mkey, False)
        else:
            continue
        if not mkey:
            p_items, s_items = partition_primitives_by_present_in_list(merged, set_order)
        else:
            p_items, s_items = partition_maps_by_present_in_list(merged, set_order, mkey)
        et = slice_element_type(ofv, pfv)
        both = normalize_element_order(p_items, s_items, set_order, ofv, mkey, et is dict)
        original[okey] = both
        patch.pop(okey, None)


def handle_directive_in_merge_map(directive, patch):
    if geq(directive, REPLACE):
        del patch[DIRECTIVE]
        return patch
    if geq(directive, DELETE):
        return {}
    raise err_bad_patch_type(directive, patch)


def merge_map(original, patch, schema):
    if DIRECTIVE in patch:
        return handle_directive_in_merge_map(patch[DIRECTIVE], patch)
    if original is None:
        original = {}
    apply_retain_keys_directive(original, patch)
    merge_patch_into_original(original, patch, schema)
    for k in list(patch):
        patch_v = patch[k]
        is_delete_list = False
        if k.startswith(DELETE_FROM_PRIMITIVE_LIST_PREFIX):
            k = extract_key(k, DELETE_FROM_PRIMITIVE_LIST_PREFIX)
            is_delete_list = True
        if patch_v is None:
            original.pop(k, None)
            continue  # IgnoreUnmatchedNulls == true
        if k not in original:
            if not is_delete_list:
                discard_null_values_from_patch(patch_v)
                v, keep = remove_directives(patch_v)
                if keep:
                    original[k] = v
            continue
        ov = original[k]
        if type(ov) is not type(patch_v):
            if not is_delete_list:
                discard_null_values_from_patch(patch_v)
                v, keep = remove_directives(patch_v)
                if keep:
                    original[k] = v
                else:
                    del original[k]
            continue
        if isinstance(ov, dict):
            sub, strategies, _ = schema.lookup_struct(k)
            _, strategy = extract_retain_keys_patch_strategy(strategies)
            original[k] = merge_map_handler(ov, patch_v, sub, strategy)
        elif isinstance(ov, list):
            sub, strategies, mkey = schema.lookup_slice(k)
            _, strategy = extract_retain_keys_patch_strategy(strategies)
            original[k] = merge_slice_handler(ov, patch_v, sub, strategy, mkey, is_delete_list)
        else:
            v, keep = remove_directives(patch_v)
            if keep:
                original[k] = v
            else:
                del original[k]
    return original


def merge_map_handler(original, patch, schema, strategy):
    if strategy != REPLACE:
        return merge_map(original, patch, schema)
    return patch


def merge_slice_handler(original, patch, schema, strategy, merge_key, is_delete_list):
    if strategy == MERGE or is_delete_list:
        return merge_slice(original, patch, schema, merge_key, is_delete_list)
    return patch


def merge_slice(original, patch, schema, merge_key, is_delete_list):
    """NB on Go slice aliasing (reproduced here on purpose): for lists of maps,
    deleteMatchingEntries shifts elements left *inside the caller's backing array*
    and later appends of new patch items write into the freed tail slots.  The
    caller mergePatchIntoOriginal keeps using the pre-merge slice header
    (originalFieldValue) as the "server order" for $setElementOrder, so it sees
    [survivors..., first d appended items..., stale tail].  Upstream tests
    ("add map and delete map from merging list" ThreeWay) depend on this.  We
    emulate it by mutating `original` (same Python list object) in place so its
    length-n view matches Go's.  For primitive lists we assume cap(original) ==
    len(original), so append() reallocates and there is no aliasing."""
    if len(original) == 0 and len(patch) == 0:
        return original
    t = slice_element_type(original, patch)
    if t is not dict:
        if is_delete_list:
            return delete_from_slice(original, patch)
        merged = deduplicate_scalars(list(original) + list(patch))
        kind_is_map = False
        server_order = original
    else:
        if merge_key == "":
            raise SmpError("cannot merge lists without merge key for %s" % schema.name())
        n = len(original)
        cur, patch2, cur_len, replaced = merge_slice_with_special_elements(original, patch, merge_key)
        working = list(cur[:cur_len])
        server_order = list(working)
        merged = merge_slice_without_special_elements(working, patch2, merge_key, schema)
        if not replaced:
            # emulate writes through the shared backing array (positions < n are visible)
            for idx in range(min(len(merged), n)):
                original[idx] = merged[idx]
        patch = patch2
        kind_is_map = True
    if not merge_key:
        p_items, s_items = partition_primitives_by_present_in_list(merged, patch)
    else:
        p_items, s_items = partition_maps_by_present_in_list(merged, patch, merge_key)
    return normalize_element_order(p_items, s_items, patch, server_order, merge_key, kind_is_map)


def merge_slice_with_special_elements(original, patch, merge_key):
    """Returns (slice, patchWithoutSpecialElements, slice_len, replaced).
    Deletions are performed in place on `original` like Go's
    append(original[:i], original[i+1:]...)."""
    without, replace = [], False
    cur_len = len(original)
    for v in patch:
        if DIRECTIVE not in v:
            without.append(v)
            continue
        pt = v[DIRECTIVE]
        if geq(pt, DELETE):
            if merge_key not in v:
                raise err_no_merge_key(v, merge_key)
            while True:  # deleteMatchingEntries
                _, i, found = find_map_in_slice_based_on_key_value(original[:cur_len], merge_key, v[merge_key])
                if not found:
                    break
                original[i:cur_len - 1] = original[i + 1:cur_len]
                cur_len -= 1
        elif geq(pt, REPLACE):
            replace = True
        elif geq(pt, MERGE):
            raise SmpError("merging lists cannot yet be specified in the patch")
        else:
            raise err_bad_patch_type(pt, v)
    if replace:
        return without, None, len(without), True
    return original, without, cur_len, False


def merge_slice_without_special_elements(original, patch, merge_key, schema):
    for v in patch or []:
        if merge_key not in v:
            raise err_no_merge_key(v, merge_key)
        om, ok_idx, found = find_map_in_slice_based_on_key_value(original, merge_key, v[merge_key])
        if found:
            original[ok_idx] = merge_map(om, v, schema)
        else:
            original.append(v)  # NB: appended raw - nulls / nested directives are NOT stripped
    return original


def strategic_merge_patch(original, patch, schema):
    """original, patch: decoded JSON objects (dicts). Mutates and returns original."""
    if not isinstance(original, dict) or not isinstance(patch, dict):
        raise SmpError(ERR_BAD_JSON_DOC)
    return merge_map(original, patch, schema)


# ------------------------------------------------------------------ schemas
class DictSchema:
    """Schema backed by smp-metadata.json style data:
    fields[Type][jsonField] = {type, strategy, key, list, ...}; nested[Type][jsonField] = Type
    `known` (optional) = set of all json field names per type, for unknown-field errors."""

    def __init__(self, fields, nested, tname, known=None):
        self.fields, self.nested, self.tname, self.known = fields, nested, tname, known

    def name(self):
        return "struct"

    def _lookup(self, key):
        f = self.fields.get(self.tname, {}).get(key)
        sub = self.nested.get(self.tname, {}).get(key)
        if f is None and sub is None:
            if self.known is not None and key not in self.known.get(self.tname, ()):
                raise SmpError('unable to find api field in struct %s for the json field "%s"' % (self.tname, key))
            return DictSchema(self.fields, self.nested, None, self.known), [""], ""
        strat = (f or {}).get("strategy") or ""
        if strat in ("atomic", "-"):
            strat = ""
        return DictSchema(self.fields, self.nested, sub, self.known), strat.split(","), (f or {}).get("key") or ""

    lookup_struct = _lookup
    lookup_slice = _lookup


if __name__ == "__main__":
    import sys
    meta = json.load(open("/work/tools/smp-metadata.json"))
    kind, orig, patch = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
    s = DictSchema(meta["fields"], meta["nested"], meta["kinds"][kind])
    print(json.dumps(strategic_merge_patch(orig, patch, s), sort_keys=True))
