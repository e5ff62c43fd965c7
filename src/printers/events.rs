//! Event listings other than the `kubectl get events` table:
//! - `kubectl events` (`staging/src/k8s.io/kubectl/pkg/cmd/events/event_printer.go`):
//!   sorted by time, OBJECT as `Kind/name`, LAST SEEN `age (xN over age)`;
//! - the Events section of `kubectl describe` (`describe.go: DescribeEvents`).
//!
//! Both sort with `kubectl/pkg/util/event.SortableEvents` (by series.lastObservedTime, else
//! lastTimestamp, else eventTime) through Go's `sort.Sort`, whose (unstable) order is
//! reproduced by [`go_sort`].

use k8s_openapi::api::core::v1::Event;

use crate::time::SimTime;

use super::table::{age, age_micro};
use super::tabwriter::TabWriter;

/// Go's zero time as milliseconds relative to the simulation epoch (sorts before any
/// real time).
const ZERO_TIME: i64 = i64::MIN;

/// The time `kubectl events` sorts by (`eventTime` of its `SortableEvents`): the series'
/// last observation, else `lastTimestamp`, else `eventTime`; milliseconds from the
/// simulation's epoch, Go's zero time first.
fn event_sort_time(e: &Event) -> i64 {
    if let Some(s) = e.series.as_ref() {
        return s
            .last_observed_time
            .as_ref()
            .map_or(ZERO_TIME, |t| SimTime::from_k8s_micro(t).0);
    }
    if let Some(t) = e.last_timestamp.as_ref() {
        return SimTime::from_k8s(t).0;
    }
    e.event_time
        .as_ref()
        .map_or(ZERO_TIME, |t| SimTime::from_k8s_micro(t).0)
}

/// Sort events as `sort.Sort(SortableEvents(items))` does (Go's pdqsort, so equal times
/// end up in the same order as kubectl puts them).
pub fn sort_events_by_time(events: &mut [&Event]) {
    go_sort(events, &|a: &&Event, b: &&Event| {
        event_sort_time(a) < event_sort_time(b)
    });
}

/// describe's order, `sort.Sort(event.SortableEvents(items))` of
/// `k8s.io/kubectl/pkg/util/event/sorted_event_list.go`: by `lastTimestamp` alone — unlike
/// `kubectl events`, which falls back to the series' and `eventTime` — so events.k8s.io
/// events (the scheduler's `Scheduled`, no `lastTimestamp`) sort first, as the zero time.
pub fn sort_events_by_last_timestamp(events: &mut [&Event]) {
    let t = |e: &Event| e.last_timestamp.as_ref().map(|t| t.0);
    go_sort(events, &|a: &&Event, b: &&Event| t(a) < t(b));
}

/// The interval shown in LAST SEEN (`kubectl events`) and Age (describe).
fn interval(e: &Event, now: SimTime) -> String {
    let first = match e.event_time.as_ref() {
        Some(t) => age_micro(Some(t), now),
        None => age(e.first_timestamp.as_ref(), now),
    };
    if let Some(s) = e.series.as_ref() {
        format!(
            "{} (x{} over {})",
            age_micro(s.last_observed_time.as_ref(), now),
            s.count.unwrap_or(0),
            first
        )
    } else if e.count.unwrap_or(0) > 1 {
        format!(
            "{} (x{} over {})",
            age(e.last_timestamp.as_ref(), now),
            e.count.unwrap_or(0),
            first
        )
    } else {
        first
    }
}

/// `kubectl events` output (stdout part). Events are sorted by time here; an empty list
/// prints nothing (kubectl writes `No events found in <ns> namespace.` to stderr).
pub fn kubectl_events(
    events: &[&Event],
    all_namespaces: bool,
    no_headers: bool,
    now: SimTime,
) -> String {
    if events.is_empty() {
        return String::new();
    }
    let mut sorted: Vec<&Event> = events.to_vec();
    sort_events_by_time(&mut sorted);
    let mut text = String::new();
    if !no_headers {
        if all_namespaces {
            text.push_str("NAMESPACE\t");
        }
        text.push_str("LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n");
    }
    for e in sorted {
        if all_namespaces {
            text.push_str(e.metadata.namespace.as_deref().unwrap_or(""));
            text.push('\t');
        }
        text.push_str(&format!(
            "{}\t{}\t{}\t{}/{}\t{}\n",
            interval(e, now),
            e.type_.as_deref().unwrap_or(""),
            e.reason.as_deref().unwrap_or(""),
            e.involved_object.kind.as_deref().unwrap_or(""),
            e.involved_object.name.as_deref().unwrap_or(""),
            e.message.as_deref().unwrap_or("").trim()
        ));
    }
    TabWriter::kubectl().write_flush(&text)
}

/// The Events section of describe as raw tabbed text (before the describe tabwriter).
pub(crate) fn describe_events_raw(events: &[&Event], now: SimTime, out: &mut String) {
    if events.is_empty() {
        out.push_str("Events:\t<none>\n");
        return;
    }
    let mut sorted: Vec<&Event> = events.to_vec();
    sort_events_by_last_timestamp(&mut sorted);
    out.push_str("Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
    out.push_str("  ----\t------\t----\t----\t-------\n");
    for e in sorted {
        let mut source = e
            .source
            .as_ref()
            .and_then(|s| s.component.clone())
            .unwrap_or_default();
        if source.is_empty() {
            source = e.reporting_component.clone().unwrap_or_default();
        }
        out.push_str(&format!(
            "  {}\t{}\t{}\t{}\t{}\n",
            e.type_.as_deref().unwrap_or(""),
            e.reason.as_deref().unwrap_or(""),
            interval(e, now),
            source,
            e.message.as_deref().unwrap_or("").trim()
        ));
    }
}

/// The describe Events section on its own (`Events:  <none>` when empty).
pub fn describe_events_section(events: &[&Event], now: SimTime) -> String {
    let mut raw = String::new();
    describe_events_raw(events, now, &mut raw);
    TabWriter::describe().write_flush(&raw)
}

// ---------------------------------------------------------------------------------------
// Go's sort.Sort (pdqsort, `src/sort/zsortinterface.go`), so that ties land where kubectl
// puts them.

/// Sort `data` with Go's `sort.Sort` algorithm and the given strict `less`.
pub fn go_sort<T>(data: &mut [T], less: &dyn Fn(&T, &T) -> bool) {
    let n = data.len();
    if n == 0 {
        return;
    }
    let limit = usize::BITS - n.leading_zeros();
    pdqsort(data, less, 0, n, limit as usize);
}

fn insertion_sort<T>(data: &mut [T], less: &dyn Fn(&T, &T) -> bool, a: usize, b: usize) {
    for i in a + 1..b {
        let mut j = i;
        while j > a && less(&data[j], &data[j - 1]) {
            data.swap(j, j - 1);
            j -= 1;
        }
    }
}

fn sift_down<T>(data: &mut [T], less: &dyn Fn(&T, &T) -> bool, lo: usize, hi: usize, first: usize) {
    let mut root = lo;
    loop {
        let mut child = 2 * root + 1;
        if child >= hi {
            return;
        }
        if child + 1 < hi && less(&data[first + child], &data[first + child + 1]) {
            child += 1;
        }
        if !less(&data[first + root], &data[first + child]) {
            return;
        }
        data.swap(first + root, first + child);
        root = child;
    }
}

fn heap_sort<T>(data: &mut [T], less: &dyn Fn(&T, &T) -> bool, a: usize, b: usize) {
    let first = a;
    let lo = 0;
    let hi = b - a;
    let mut i = (hi - 1) / 2;
    loop {
        sift_down(data, less, i, hi, first);
        if i == 0 {
            break;
        }
        i -= 1;
    }
    let mut i = hi - 1;
    loop {
        data.swap(first, first + i);
        sift_down(data, less, lo, i, first);
        if i == 0 {
            break;
        }
        i -= 1;
    }
}

fn pdqsort<T>(data: &mut [T], less: &dyn Fn(&T, &T) -> bool, a: usize, b: usize, limit: usize) {
    let mut a = a;
    let mut b = b;
    let mut limit = limit;
    const MAX_INSERTION: usize = 12;
    let mut was_balanced = true;
    let mut was_partitioned = true;
    loop {
        let length = b - a;
        if length <= MAX_INSERTION {
            insertion_sort(data, less, a, b);
            return;
        }
        if limit == 0 {
            heap_sort(data, less, a, b);
            return;
        }
        if !was_balanced {
            break_patterns(data, a, b);
            limit -= 1;
        }
        let (mut pivot, hint) = choose_pivot(data, less, a, b);
        let mut hint = hint;
        if hint == Hint::Decreasing {
            reverse_range(data, a, b);
            pivot = (b - 1) - (pivot - a);
            hint = Hint::Increasing;
        }
        if was_balanced
            && was_partitioned
            && hint == Hint::Increasing
            && partial_insertion_sort(data, less, a, b)
        {
            return;
        }
        if a > 0 && !less(&data[a - 1], &data[pivot]) {
            let mid = partition_equal(data, less, a, b, pivot);
            a = mid;
            continue;
        }
        let (mid, already_partitioned) = partition(data, less, a, b, pivot);
        was_partitioned = already_partitioned;
        let left_len = mid - a;
        let right_len = b - mid;
        let balance_threshold = length / 8;
        if left_len < right_len {
            was_balanced = left_len >= balance_threshold;
            pdqsort(data, less, a, mid, limit);
            a = mid + 1;
        } else {
            was_balanced = right_len >= balance_threshold;
            pdqsort(data, less, mid + 1, b, limit);
            b = mid;
        }
    }
}

fn partition<T>(
    data: &mut [T],
    less: &dyn Fn(&T, &T) -> bool,
    a: usize,
    b: usize,
    pivot: usize,
) -> (usize, bool) {
    data.swap(a, pivot);
    let (mut i, mut j) = (a + 1, b - 1);
    while i <= j && less(&data[i], &data[a]) {
        i += 1;
    }
    while i <= j && !less(&data[j], &data[a]) {
        j -= 1;
    }
    if i > j {
        data.swap(j, a);
        return (j, true);
    }
    data.swap(i, j);
    i += 1;
    j -= 1;
    loop {
        while i <= j && less(&data[i], &data[a]) {
            i += 1;
        }
        while i <= j && !less(&data[j], &data[a]) {
            j -= 1;
        }
        if i > j {
            break;
        }
        data.swap(i, j);
        i += 1;
        j -= 1;
    }
    data.swap(j, a);
    (j, false)
}

fn partition_equal<T>(
    data: &mut [T],
    less: &dyn Fn(&T, &T) -> bool,
    a: usize,
    b: usize,
    pivot: usize,
) -> usize {
    data.swap(a, pivot);
    let (mut i, mut j) = (a + 1, b - 1);
    loop {
        while i <= j && !less(&data[a], &data[i]) {
            i += 1;
        }
        while i <= j && less(&data[a], &data[j]) {
            j -= 1;
        }
        if i > j {
            break;
        }
        data.swap(i, j);
        i += 1;
        j -= 1;
    }
    i
}

fn partial_insertion_sort<T>(
    data: &mut [T],
    less: &dyn Fn(&T, &T) -> bool,
    a: usize,
    b: usize,
) -> bool {
    const MAX_STEPS: usize = 5;
    const SHORTEST_SHIFTING: usize = 50;
    let mut i = a + 1;
    for _ in 0..MAX_STEPS {
        while i < b && !less(&data[i], &data[i - 1]) {
            i += 1;
        }
        if i == b {
            return true;
        }
        if b - a < SHORTEST_SHIFTING {
            return false;
        }
        data.swap(i, i - 1);
        if i - a >= 2 {
            let mut j = i - 1;
            while j >= 1 {
                if !less(&data[j], &data[j - 1]) {
                    break;
                }
                data.swap(j, j - 1);
                j -= 1;
            }
        }
        if b - i >= 2 {
            let mut j = i + 1;
            while j < b {
                if !less(&data[j], &data[j - 1]) {
                    break;
                }
                data.swap(j, j - 1);
                j += 1;
            }
        }
    }
    false
}

fn break_patterns<T>(data: &mut [T], a: usize, b: usize) {
    let length = b - a;
    if length >= 8 {
        // xorshift seeded with the length; modulus = 1 << bits.Len(length).
        let mut random = length as u64;
        let modulus: u64 = 1u64 << (64 - (length as u64).leading_zeros());
        let start = a + (length / 4) * 2 - 1;
        for idx in start..=start + 2 {
            random ^= random << 13;
            random ^= random >> 7;
            random ^= random << 17;
            let mut other = (random & (modulus - 1)) as usize;
            if other >= length {
                other -= length;
            }
            data.swap(idx, a + other);
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Hint {
    Unknown,
    Increasing,
    Decreasing,
}

fn choose_pivot<T>(
    data: &mut [T],
    less: &dyn Fn(&T, &T) -> bool,
    a: usize,
    b: usize,
) -> (usize, Hint) {
    const SHORTEST_NINTHER: usize = 50;
    const MAX_SWAPS: usize = 4 * 3;
    let l = b - a;
    let mut swaps = 0usize;
    let mut i = a + l / 4;
    let mut j = a + l / 4 * 2;
    let mut k = a + l / 4 * 3;
    if l >= 8 {
        if l >= SHORTEST_NINTHER {
            i = median_adjacent(data, less, i, &mut swaps);
            j = median_adjacent(data, less, j, &mut swaps);
            k = median_adjacent(data, less, k, &mut swaps);
        }
        j = median(data, less, i, j, k, &mut swaps);
    }
    match swaps {
        0 => (j, Hint::Increasing),
        MAX_SWAPS => (j, Hint::Decreasing),
        _ => (j, Hint::Unknown),
    }
}

fn order2<T>(
    data: &[T],
    less: &dyn Fn(&T, &T) -> bool,
    a: usize,
    b: usize,
    swaps: &mut usize,
) -> (usize, usize) {
    if less(&data[b], &data[a]) {
        *swaps += 1;
        return (b, a);
    }
    (a, b)
}

fn median<T>(
    data: &[T],
    less: &dyn Fn(&T, &T) -> bool,
    a: usize,
    b: usize,
    c: usize,
    swaps: &mut usize,
) -> usize {
    let (a, b) = order2(data, less, a, b, swaps);
    let (b, c) = order2(data, less, b, c, swaps);
    let (_a, b) = order2(data, less, a, b, swaps);
    let _ = c;
    b
}

fn median_adjacent<T>(
    data: &[T],
    less: &dyn Fn(&T, &T) -> bool,
    a: usize,
    swaps: &mut usize,
) -> usize {
    median(data, less, a - 1, a, a + 1, swaps)
}

fn reverse_range<T>(data: &mut [T], a: usize, b: usize) {
    let (mut i, mut j) = (a, b - 1);
    while i < j {
        data.swap(i, j);
        i += 1;
        j -= 1;
    }
}
