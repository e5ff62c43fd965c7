//! Line diffs: the longest-common-subsequence diff of two texts, the page's context view
//! of it, and GNU `diff -u`'s unified format (which `kubectl diff` runs).

/// One line of a diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    Same(String),
    Added(String),
    Removed(String),
}

/// Above this many LCS cells (lines × lines), the middle of the texts is diffed as one
/// removal and one addition: the result is still a correct diff, just not a minimal one.
const MAX_CELLS: usize = 4_000_000;

/// Above this many lines kept for the search, `kubectl diff`'s line diff is one removal and
/// one addition: GNU's search, bounded by its too-expensive heuristic, still costs about
/// lines × 4096 steps.
const MAX_SEARCH_LINES: usize = 50_000;

/// Diff `a` against `b` line by line: a minimal edit script, each run of changes printed
/// removals first, as unified diffs print them.
pub fn diff(a: &str, b: &str) -> Vec<Line> {
    let a: Vec<&str> = a.lines().collect();
    let b: Vec<&str> = b.lines().collect();
    // The common head and tail need no table.
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    let mut out: Vec<Line> = a[..head]
        .iter()
        .map(|l| Line::Same(l.to_string()))
        .collect();
    let (n, m) = (am.len(), bm.len());
    if (n + 1).saturating_mul(m + 1) > MAX_CELLS {
        out.extend(am.iter().map(|l| Line::Removed(l.to_string())));
        out.extend(bm.iter().map(|l| Line::Added(l.to_string())));
    } else {
        // lcs[i][j] = LCS length of am[i..] and bm[j..], row-major in one vector.
        let w = m + 1;
        let mut lcs = vec![0u32; (n + 1) * w];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i * w + j] = if am[i] == bm[j] {
                    lcs[(i + 1) * w + j + 1] + 1
                } else {
                    lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && am[i] == bm[j] {
                out.push(Line::Same(am[i].to_string()));
                i += 1;
                j += 1;
            } else if i < n && (j == m || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
                out.push(Line::Removed(am[i].to_string()));
                i += 1;
            } else {
                out.push(Line::Added(bm[j].to_string()));
                j += 1;
            }
        }
    }
    out.extend(
        a[a.len() - tail..]
            .iter()
            .map(|l| Line::Same(l.to_string())),
    );
    out
}

/// Keep only changed lines and `context` unchanged lines around them; `None` marks a gap.
pub fn hunks(lines: &[Line], context: usize) -> Vec<Option<Line>> {
    let changed: Vec<bool> = lines.iter().map(|l| !matches!(l, Line::Same(_))).collect();
    let keep: Vec<bool> = (0..lines.len())
        .map(|i| {
            let lo = i.saturating_sub(context);
            let hi = (i + context + 1).min(lines.len());
            changed[lo..hi].iter().any(|c| *c)
        })
        .collect();
    let mut out = vec![];
    let mut gap = false;
    for (i, l) in lines.iter().enumerate() {
        if keep[i] {
            if gap && !out.is_empty() {
                out.push(None);
            }
            gap = false;
            out.push(Some(l.clone()));
        } else {
            gap = true;
        }
    }
    out
}

/// GNU diff's `shift_boundaries` (`diffutils/src/analyze.c`): each run of changed lines
/// slides back while the line before it equals its last line (merging with earlier runs),
/// then forward while its first line equals the line after it (merging with later runs),
/// and finally back to where it lines up with a run of changes in the other file, if it
/// passed one. Among the many minimal edit scripts this picks the one GNU diff prints.
/// `changed` vectors carry one `false` sentinel at each end.
fn shift_boundaries(lines: [&[&str]; 2], changed: &mut [Vec<bool>; 2]) {
    for f in 0..2 {
        let (mine, other) = if f == 0 {
            let (a, b) = changed.split_at_mut(1);
            (&mut a[0], &b[0])
        } else {
            let (a, b) = changed.split_at_mut(1);
            (&mut b[0], &a[0])
        };
        let eq = |x: usize, y: usize| lines[f][x] == lines[f][y];
        // Index k of the file is mine[k + 1] (the sentinels).
        let c = |v: &Vec<bool>, k: isize| v[(k + 1) as usize];
        let i_end = lines[f].len() as isize;
        let (mut i, mut j): (isize, isize) = (0, 0);
        loop {
            while i < i_end && !c(mine, i) {
                while c(other, j) {
                    j += 1;
                }
                j += 1;
                i += 1;
            }
            if i == i_end {
                break;
            }
            let mut start = i;
            i += 1;
            while c(mine, i) {
                i += 1;
            }
            while c(other, j) {
                j += 1;
            }
            let mut corresponding;
            loop {
                let runlength = i - start;
                while start > 0 && eq((start - 1) as usize, (i - 1) as usize) {
                    start -= 1;
                    mine[(start + 1) as usize] = true;
                    i -= 1;
                    mine[(i + 1) as usize] = false;
                    while c(mine, start - 1) {
                        start -= 1;
                    }
                    j -= 1;
                    while c(other, j) {
                        j -= 1;
                    }
                }
                corresponding = if c(other, j - 1) { i } else { i_end };
                while i != i_end && eq(start as usize, i as usize) {
                    mine[(start + 1) as usize] = false;
                    start += 1;
                    mine[(i + 1) as usize] = true;
                    i += 1;
                    while c(mine, i) {
                        i += 1;
                    }
                    j += 1;
                    while c(other, j) {
                        j += 1;
                        corresponding = i;
                    }
                }
                if runlength == i - start {
                    break;
                }
            }
            while corresponding < i {
                start -= 1;
                mine[(start + 1) as usize] = true;
                i -= 1;
                mine[(i + 1) as usize] = false;
                j -= 1;
                while c(other, j) {
                    j -= 1;
                }
            }
        }
    }
}

/// `discard_confusing_lines` (`diffutils/src/analyze.c`): lines that never occur in the
/// other file are changed for certain and left out of the search; lines that occur there
/// very often are left out too when they sit inside a run of such lines. Returns, per
/// file, whether each line is discarded.
fn discard_confusing_lines(eq: [&[usize]; 2], classes: usize) -> [Vec<bool>; 2] {
    let mut counts = [vec![0usize; classes], vec![0usize; classes]];
    for f in 0..2 {
        for &c in eq[f] {
            counts[f][c] += 1;
        }
    }
    let mut discards = [vec![0u8; eq[0].len()], vec![0u8; eq[1].len()]];
    for f in 0..2 {
        let end = eq[f].len();
        let mut many = 5usize;
        let mut tem = end / 64;
        loop {
            tem >>= 2;
            if tem == 0 {
                break;
            }
            many *= 2;
        }
        for i in 0..end {
            let nmatch = counts[1 - f][eq[f][i]];
            if nmatch == 0 {
                discards[f][i] = 1;
            } else if nmatch > many {
                discards[f][i] = 2;
            }
        }
    }
    for d in discards.iter_mut() {
        let end = d.len();
        let mut i = 0usize;
        while i < end {
            if d[i] == 2 {
                d[i] = 0;
            } else if d[i] != 0 {
                let mut j = i;
                let mut provisional = 0usize;
                while j < end && d[j] != 0 {
                    if d[j] == 2 {
                        provisional += 1;
                    }
                    j += 1;
                }
                while j > i && d[j - 1] == 2 {
                    j -= 1;
                    d[j] = 0;
                    provisional -= 1;
                }
                let length = j - i;
                if provisional * 4 > length {
                    while j > i {
                        j -= 1;
                        if d[j] == 2 {
                            d[j] = 0;
                        }
                    }
                } else {
                    let mut minimum = 1usize;
                    let mut tem = length >> 2;
                    loop {
                        tem >>= 2;
                        if tem == 0 {
                            break;
                        }
                        minimum <<= 1;
                    }
                    minimum += 1;
                    let mut consec = 0usize;
                    let mut k = 0isize;
                    while (k as usize) < length {
                        let x = i + k as usize;
                        if d[x] != 2 {
                            consec = 0;
                        } else {
                            consec += 1;
                            if minimum == consec {
                                k -= consec as isize;
                            } else if minimum < consec {
                                d[x] = 0;
                            }
                        }
                        k += 1;
                    }
                    let mut consec = 0usize;
                    for k in 0..length {
                        if k >= 8 && d[i + k] == 1 {
                            break;
                        }
                        if d[i + k] == 2 {
                            consec = 0;
                            d[i + k] = 0;
                        } else if d[i + k] == 0 {
                            consec = 0;
                        } else {
                            consec += 1;
                        }
                        if consec == 3 {
                            break;
                        }
                    }
                    i += length - 1;
                    let mut consec = 0usize;
                    for k in 0..length {
                        if k >= 8 && d[i - k] == 1 {
                            break;
                        }
                        if d[i - k] == 2 {
                            consec = 0;
                            d[i - k] = 0;
                        } else if d[i - k] == 0 {
                            consec = 0;
                        } else {
                            consec += 1;
                        }
                        if consec == 3 {
                            break;
                        }
                    }
                }
            }
            i += 1;
        }
    }
    [
        discards[0].iter().map(|&d| d != 0).collect(),
        discards[1].iter().map(|&d| d != 0).collect(),
    ]
}

/// gnulib `diffseq.h`'s `compareseq`/`diag`: Myers' O(ND) search from both ends for the
/// middle snake, recursing on each half; marks the changed elements of `x` and `y`.
#[allow(clippy::too_many_arguments)]
fn compareseq(
    x: &[usize],
    y: &[usize],
    (mut xoff, mut xlim, mut yoff, mut ylim): (isize, isize, isize, isize),
    find_minimal: bool,
    too_expensive: isize,
    xch: &mut [bool],
    ych: &mut [bool],
    fd: &mut [isize],
    bd: &mut [isize],
    doff: isize,
) {
    let eq = |i: isize, j: isize| x[i as usize] == y[j as usize];
    while xoff < xlim && yoff < ylim && eq(xoff, yoff) {
        xoff += 1;
        yoff += 1;
    }
    while xoff < xlim && yoff < ylim && eq(xlim - 1, ylim - 1) {
        xlim -= 1;
        ylim -= 1;
    }
    if xoff == xlim {
        for k in yoff..ylim {
            ych[k as usize] = true;
        }
        return;
    }
    if yoff == ylim {
        for k in xoff..xlim {
            xch[k as usize] = true;
        }
        return;
    }
    // diag: find the middle snake.
    let ix = |d: isize| (d + doff) as usize;
    let (dmin, dmax) = (xoff - ylim, xlim - yoff);
    let (fmid, bmid) = (xoff - yoff, xlim - ylim);
    let (mut fmin, mut fmax, mut bmin, mut bmax) = (fmid, fmid, bmid, bmid);
    let odd = (fmid - bmid) & 1 != 0;
    fd[ix(fmid)] = xoff;
    bd[ix(bmid)] = xlim;
    let mut c: isize = 0;
    let (xmid, ymid, lo_minimal, hi_minimal) = 'search: loop {
        c += 1;
        if fmin > dmin {
            fmin -= 1;
            fd[ix(fmin - 1)] = -1;
        } else {
            fmin += 1;
        }
        if fmax < dmax {
            fmax += 1;
            fd[ix(fmax + 1)] = -1;
        } else {
            fmax -= 1;
        }
        let mut d = fmax;
        while d >= fmin {
            let (tlo, thi) = (fd[ix(d - 1)], fd[ix(d + 1)]);
            let x0 = if tlo < thi { thi } else { tlo + 1 };
            let (mut xx, mut yy) = (x0, x0 - d);
            while xx < xlim && yy < ylim && eq(xx, yy) {
                xx += 1;
                yy += 1;
            }
            fd[ix(d)] = xx;
            if odd && bmin <= d && d <= bmax && bd[ix(d)] <= xx {
                break 'search (xx, yy, true, true);
            }
            d -= 2;
        }
        if bmin > dmin {
            bmin -= 1;
            bd[ix(bmin - 1)] = isize::MAX;
        } else {
            bmin += 1;
        }
        if bmax < dmax {
            bmax += 1;
            bd[ix(bmax + 1)] = isize::MAX;
        } else {
            bmax -= 1;
        }
        let mut d = bmax;
        while d >= bmin {
            let (tlo, thi) = (bd[ix(d - 1)], bd[ix(d + 1)]);
            let x0 = if tlo < thi { tlo } else { thi - 1 };
            let (mut xx, mut yy) = (x0, x0 - d);
            while xoff < xx && yoff < yy && eq(xx - 1, yy - 1) {
                xx -= 1;
                yy -= 1;
            }
            bd[ix(d)] = xx;
            if !odd && fmin <= d && d <= fmax && xx <= fd[ix(d)] {
                break 'search (xx, yy, true, true);
            }
            d -= 2;
        }
        if find_minimal || c < too_expensive {
            continue;
        }
        // "We've gone well beyond the call of duty": give up, and split halfway between
        // the best forward and backward progress so far (diffseq.h's too_expensive).
        let (mut fxybest, mut fxbest) = (-1isize, 0isize);
        let mut d = fmax;
        while d >= fmin {
            let mut xx = fd[ix(d)].min(xlim);
            let mut yy = xx - d;
            if ylim < yy {
                xx = ylim + d;
                yy = ylim;
            }
            if fxybest < xx + yy {
                fxybest = xx + yy;
                fxbest = xx;
            }
            d -= 2;
        }
        let (mut bxybest, mut bxbest) = (isize::MAX, 0isize);
        let mut d = bmax;
        while d >= bmin {
            let mut xx = xoff.max(bd[ix(d)]);
            let mut yy = xx - d;
            if yy < yoff {
                xx = yoff + d;
                yy = yoff;
            }
            if xx + yy < bxybest {
                bxybest = xx + yy;
                bxbest = xx;
            }
            d -= 2;
        }
        if (xlim + ylim) - bxybest < fxybest - (xoff + yoff) {
            break 'search (fxbest, fxybest - fxbest, true, false);
        }
        break 'search (bxbest, bxybest - bxbest, false, true);
    };
    let halves = [
        ((xoff, xmid, yoff, ymid), lo_minimal),
        ((xmid, xlim, ymid, ylim), hi_minimal),
    ];
    for (range, minimal) in halves {
        compareseq(x, y, range, minimal, too_expensive, xch, ych, fd, bd, doff);
    }
}

/// The line diff GNU diff computes: equivalence classes, confusing lines discarded,
/// Myers' middle-snake search, then [`shift_boundaries`].
fn gnu_diff(a: &str, b: &str) -> Vec<Line> {
    let la: Vec<&str> = a.lines().collect();
    let lb: Vec<&str> = b.lines().collect();
    // find_identical_ends (io.c): the common head and tail, but for the 3 lines of each
    // next to the differences (its "horizon", the context), take no part in the search,
    // nor in the line counts that decide which lines are discarded.
    const HORIZON: usize = 3;
    let head = la.iter().zip(&lb).take_while(|(x, y)| x == y).count();
    let tail = la[head..]
        .iter()
        .rev()
        .zip(lb[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (head, tail) = (head.saturating_sub(HORIZON), tail.saturating_sub(HORIZON));
    let mut out: Vec<Line> = la[..head]
        .iter()
        .map(|l| Line::Same(l.to_string()))
        .collect();
    out.extend(gnu_diff_middle(
        &la[head..la.len() - tail],
        &lb[head..lb.len() - tail],
    ));
    out.extend(
        la[la.len() - tail..]
            .iter()
            .map(|l| Line::Same(l.to_string())),
    );
    out
}

fn gnu_diff_middle(la: &[&str], lb: &[&str]) -> Vec<Line> {
    // Equivalence classes of lines, numbered in order of first appearance.
    let mut ids: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut ea = Vec::with_capacity(la.len());
    for l in la {
        let n = ids.len();
        ea.push(*ids.entry(l).or_insert(n));
    }
    let mut eb = Vec::with_capacity(lb.len());
    for l in lb {
        let n = ids.len();
        eb.push(*ids.entry(l).or_insert(n));
    }
    let discarded = discard_confusing_lines([&ea, &eb], ids.len());
    let mut changed = [vec![false; la.len() + 2], vec![false; lb.len() + 2]];
    // The search runs on the lines kept; discarded lines are changed.
    let keep = |e: &[usize], d: &[bool]| -> (Vec<usize>, Vec<usize>) {
        let idx: Vec<usize> = (0..e.len()).filter(|&i| !d[i]).collect();
        (idx.iter().map(|&i| e[i]).collect(), idx)
    };
    let (ua, ra) = keep(&ea, &discarded[0]);
    let (ub, rb) = keep(&eb, &discarded[1]);
    let (mut xch, mut ych) = (vec![false; ua.len()], vec![false; ub.len()]);
    // analyze.c: TOO_EXPENSIVE is about the square root of the input size, at least 4096.
    let mut diags = ua.len() + ub.len() + 3;
    let mut too_expensive: isize = 1;
    while diags != 0 {
        diags >>= 2;
        too_expensive <<= 1;
    }
    let too_expensive = too_expensive.max(4096);
    if ua.len() + ub.len() > MAX_SEARCH_LINES {
        // Past this even GNU's bounded search could take seconds: one removal and one
        // addition, still a correct diff (GNU diff would print a finer one).
        xch.fill(true);
        ych.fill(true);
    } else {
        let diags = ua.len() + ub.len() + 3;
        let (mut fd, mut bd) = (vec![0isize; diags], vec![0isize; diags]);
        compareseq(
            &ua,
            &ub,
            (0, ua.len() as isize, 0, ub.len() as isize),
            false,
            too_expensive,
            &mut xch,
            &mut ych,
            &mut fd,
            &mut bd,
            ub.len() as isize + 1,
        );
    }
    for (f, d) in discarded.iter().enumerate() {
        for (i, &x) in d.iter().enumerate() {
            if x {
                changed[f][i + 1] = true;
            }
        }
    }
    for (k, &c) in xch.iter().enumerate() {
        if c {
            changed[0][ra[k] + 1] = true;
        }
    }
    for (k, &c) in ych.iter().enumerate() {
        if c {
            changed[1][rb[k] + 1] = true;
        }
    }
    shift_boundaries([la, lb], &mut changed);
    // Walk both files again: each run of changes prints its removals, then its additions.
    let mut out = vec![];
    let (mut i, mut j) = (0, 0);
    while i < la.len() || j < lb.len() {
        if (i < la.len() && changed[0][i + 1]) || (j < lb.len() && changed[1][j + 1]) {
            while i < la.len() && changed[0][i + 1] {
                out.push(Line::Removed(la[i].to_string()));
                i += 1;
            }
            while j < lb.len() && changed[1][j + 1] {
                out.push(Line::Added(lb[j].to_string()));
                j += 1;
            }
        } else {
            out.push(Line::Same(la[i].to_string()));
            i += 1;
            j += 1;
        }
    }
    out
}

/// GNU diff's line range of a hunk side (`print_unidiff_number_range`): `START,COUNT`,
/// just `START` for one line, and for no lines the line before the range with `,0`.
fn range(start: usize, count: usize) -> String {
    match count {
        0 => format!("{},0", start.saturating_sub(1)),
        1 => start.to_string(),
        n => format!("{},{}", start, n),
    }
}

/// The hunks of GNU `diff -u` (3 lines of context; changes at most 6 unchanged lines
/// apart share a hunk), without the `---`/`+++` header. Empty when the texts are equal.
pub fn unified_hunks(a: &str, b: &str) -> String {
    const CONTEXT: usize = 3;
    let lines = gnu_diff(a, b);
    let changed: Vec<usize> = (0..lines.len())
        .filter(|&i| !matches!(lines[i], Line::Same(_)))
        .collect();
    let mut out = String::new();
    let mut k = 0;
    let (mut a_line, mut b_line, mut counted) = (1usize, 1usize, 0usize);
    while k < changed.len() {
        // One hunk: changes whose gaps are at most 2 × CONTEXT unchanged lines.
        let first = changed[k];
        let mut last = first;
        while k + 1 < changed.len() && changed[k + 1] - last - 1 <= 2 * CONTEXT {
            k += 1;
            last = changed[k];
        }
        k += 1;
        let lo = first.saturating_sub(CONTEXT);
        let hi = (last + CONTEXT + 1).min(lines.len());
        // Line numbers (1-based) of the hunk's first line on each side, counted on from
        // where the last hunk's count stopped.
        for l in &lines[counted..lo] {
            match l {
                Line::Same(_) => {
                    a_line += 1;
                    b_line += 1;
                }
                Line::Removed(_) => a_line += 1,
                Line::Added(_) => b_line += 1,
            }
        }
        counted = lo;
        let body = &lines[lo..hi];
        let a_count = body.iter().filter(|l| !matches!(l, Line::Added(_))).count();
        let b_count = body
            .iter()
            .filter(|l| !matches!(l, Line::Removed(_)))
            .count();
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            range(a_line, a_count),
            range(b_line, b_count)
        ));
        for l in body {
            let (c, t) = match l {
                Line::Same(t) => (' ', t),
                Line::Removed(t) => ('-', t),
                Line::Added(t) => ('+', t),
            };
            out.push(c);
            out.push_str(t);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_line_is_removed_then_added() {
        let d = diff("a: 1\nb: 2\nc: 3\n", "a: 1\nb: 5\nc: 3\n");
        assert_eq!(
            d,
            vec![
                Line::Same("a: 1".into()),
                Line::Removed("b: 2".into()),
                Line::Added("b: 5".into()),
                Line::Same("c: 3".into()),
            ]
        );
    }

    #[test]
    fn hunks_keep_context_and_mark_gaps() {
        let a: String = (0..20).map(|i| format!("k{}: v\n", i)).collect();
        let b = a.replace("k10: v", "k10: w");
        let h = hunks(&diff(&a, &b), 1);
        assert_eq!(h.first(), Some(&Some(Line::Same("k9: v".into()))));
        assert_eq!(h.iter().filter(|l| l.is_some()).count(), 4);
        assert!(h.contains(&Some(Line::Added("k10: w".into()))));
    }

    fn lines(range: std::ops::Range<usize>) -> String {
        range.map(|i| format!("l{}\n", i)).collect()
    }

    /// GNU diff -u's hunk headers and merging, as `diff -u` (GNU diffutils 3.x) prints them
    /// for these inputs.
    #[test]
    fn unified_hunks_as_gnu_diff_prints_them() {
        // Equal texts: nothing.
        assert_eq!(unified_hunks("a\n", "a\n"), "");
        // A new file: -0,0.
        assert_eq!(unified_hunks("", "a\nb\n"), "@@ -0,0 +1,2 @@\n+a\n+b\n");
        // A deleted one-line file: the single-line range has no count.
        assert_eq!(unified_hunks("a\n", ""), "@@ -1 +0,0 @@\n-a\n");
        // One change in the middle of 20 lines: 3 lines of context each side.
        let a = lines(0..20);
        let b = a.replace("l10\n", "L10\n");
        assert_eq!(
            unified_hunks(&a, &b),
            "@@ -8,7 +8,7 @@\n l7\n l8\n l9\n-l10\n+L10\n l11\n l12\n l13\n"
        );
        // Changes 6 unchanged lines apart share a hunk; 7 apart do not.
        let b = a.replace("l3\n", "L3\n").replace("l10\n", "L10\n");
        assert_eq!(unified_hunks(&a, &b).matches("@@ -").count(), 1);
        let b = a.replace("l2\n", "L2\n").replace("l10\n", "L10\n");
        assert_eq!(unified_hunks(&a, &b).matches("@@ -").count(), 2);
        // An insertion: the old side's range counts context only.
        let b = a.replace("l10\n", "l10\nnew\n");
        assert_eq!(
            unified_hunks(&a, &b),
            "@@ -9,6 +9,7 @@\n l8\n l9\n l10\n+new\n l11\n l12\n l13\n"
        );
    }

    /// Huge inputs do not build a huge table: the middle becomes one replacement.
    #[test]
    fn huge_inputs_stay_bounded() {
        let a = lines(0..3000);
        let b: String = (0..3000).map(|i| format!("m{}\n", i)).collect();
        let d = diff(&format!("same\n{}", a), &format!("same\n{}", b));
        assert_eq!(d.len(), 6001);
        assert_eq!(d[0], Line::Same("same".into()));
    }
}
