//! One stable sort for the whole crate, so that the page's wasm holds one copy of it.
//!
//! `slice::sort_by` is monomorphised for every element type and comparator: the page had
//! ~40 copies of the standard library's driftsort (285 KB before wasm-opt). In wasm,
//! [`StableSort`] sorts an index permutation with one non-generic merge sort and then
//! moves the elements; natively it calls the standard library's stable sort, which is
//! faster. Both are stable sorts, so for a consistent comparator they give the same order
//! (the tests check it), and transcripts stay byte-identical between the two.

use std::cmp::Ordering;

/// Stable sorts under other names (the slice's own methods would shadow these).
pub trait StableSort<T> {
    /// `sort_by`, stable.
    fn stable_sort_by<F: FnMut(&T, &T) -> Ordering>(&mut self, cmp: F);
    /// `sort_by_key`, stable.
    fn stable_sort_by_key<K: Ord, F: FnMut(&T) -> K>(&mut self, mut key: F) {
        self.stable_sort_by(|a, b| key(a).cmp(&key(b)))
    }
    /// `sort`, stable.
    fn stable_sort(&mut self)
    where
        T: Ord,
    {
        self.stable_sort_by(Ord::cmp)
    }
}

impl<T> StableSort<T> for [T] {
    #[cfg(not(target_arch = "wasm32"))]
    fn stable_sort_by<F: FnMut(&T, &T) -> Ordering>(&mut self, cmp: F) {
        self.sort_by(cmp)
    }

    #[cfg(target_arch = "wasm32")]
    fn stable_sort_by<F: FnMut(&T, &T) -> Ordering>(&mut self, mut cmp: F) {
        if self.len() < 2 {
            return;
        }
        let perm = {
            let v = &*self;
            order(v.len(), &mut |a, b| cmp(&v[a], &v[b]))
        };
        permute(self, &perm);
    }
}

/// The stable order of `0..n` under `cmp`: an insertion sort of runs of 16, then
/// bottom-up merges. Not generic, so it exists once.
#[inline(never)]
pub fn order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut a: Vec<usize> = (0..n).collect();
    if n < 2 {
        return a;
    }
    const RUN: usize = 16;
    let mut start = 0;
    while start < n {
        let end = (start + RUN).min(n);
        for i in start + 1..end {
            let x = a[i];
            let mut j = i;
            while j > start && cmp(a[j - 1], x) == Ordering::Greater {
                a[j] = a[j - 1];
                j -= 1;
            }
            a[j] = x;
        }
        start = end;
    }
    let mut b = vec![0; n];
    let mut width = RUN;
    while width < n {
        let mut i = 0;
        while i < n {
            let mid = (i + width).min(n);
            let hi = (i + 2 * width).min(n);
            let (mut l, mut r, mut k) = (i, mid, i);
            while l < mid && r < hi {
                // Take from the right only when strictly less: equal elements keep their
                // order.
                if cmp(a[r], a[l]) == Ordering::Less {
                    b[k] = a[r];
                    r += 1;
                } else {
                    b[k] = a[l];
                    l += 1;
                }
                k += 1;
            }
            b[k..k + (mid - l)].copy_from_slice(&a[l..mid]);
            k += mid - l;
            b[k..k + (hi - r)].copy_from_slice(&a[r..hi]);
            i = hi;
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

/// Rearrange `v` so that `v[i]` becomes the old `v[perm[i]]`, by swaps along the
/// permutation's cycles.
pub fn permute<T>(v: &mut [T], perm: &[usize]) {
    let mut done = vec![false; v.len()];
    for i in 0..v.len() {
        if done[i] {
            continue;
        }
        let mut j = i;
        loop {
            done[j] = true;
            let k = perm[j];
            if k == i {
                break;
            }
            v.swap(j, k);
            j = k;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the wasm build does, run natively.
    fn merge_sorted<T: Clone>(v: &[T], mut cmp: impl FnMut(&T, &T) -> Ordering) -> Vec<T> {
        let mut out = v.to_vec();
        let perm = order(v.len(), &mut |a, b| cmp(&v[a], &v[b]));
        permute(&mut out, &perm);
        out
    }

    #[test]
    fn small_cases() {
        assert_eq!(merge_sorted::<i32>(&[], i32::cmp), Vec::<i32>::new());
        assert_eq!(merge_sorted(&[1], i32::cmp), vec![1]);
        assert_eq!(merge_sorted(&[3, 1, 2], i32::cmp), vec![1, 2, 3]);
        // Stable: equal keys keep their order.
        let v = [(1, 'a'), (0, 'b'), (1, 'c'), (0, 'd')];
        assert_eq!(
            merge_sorted(&v, |a, b| a.0.cmp(&b.0)),
            vec![(0, 'b'), (0, 'd'), (1, 'a'), (1, 'c')]
        );
    }

    proptest! {
        /// The wasm sort equals the standard library's stable sort (keys with many ties,
        /// lengths across several runs and merges).
        #[test]
        fn equals_std_stable_sort(v in proptest::collection::vec((0u8..8, any::<u16>()), 0..300)) {
            let mut std_sorted = v.clone();
            std_sorted.sort_by(|a, b| a.0.cmp(&b.0));
            prop_assert_eq!(merge_sorted(&v, |a, b| a.0.cmp(&b.0)), std_sorted);
        }
    }
}
