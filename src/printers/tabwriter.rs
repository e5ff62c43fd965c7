//! Go `text/tabwriter` semantics, plus the `RememberWidths` flag of `github.com/liggitt/tabwriter`
//! that kubectl uses (`staging/src/k8s.io/cli-runtime/pkg/printers/tabwriter.go`:
//! minwidth 6, tabwidth 4, padding 3, pad ' ', flags `RememberWidths`).
//!
//! Rules reproduced:
//! - cells are tab-terminated; the text after the last tab of a line is not part of any
//!   column and is never padded;
//! - a column block is a run of consecutive lines that all have a (tab-terminated) cell in
//!   that column; its width is `max(minwidth, max(cell width) + padding)`; blocks nest
//!   left to right (the Go `format` recursion);
//! - widths count Unicode scalar values (runes), not bytes;
//! - a line with a single cell flushes the buffer (no effect on layout without
//!   `RememberWidths`);
//! - with `RememberWidths`, each column index keeps the maximum width ever used, across
//!   flushes: later rows (e.g. `kubectl get -w` events, or the next table of
//!   `kubectl get all`) are padded at least that wide, and a wider cell grows the column
//!   from then on.

/// A tabwriter with Go's layout algorithm. Stateful only through remembered widths.
#[derive(Clone, Debug)]
pub struct TabWriter {
    minwidth: usize,
    padding: usize,
    remember_widths: bool,
    maxwidths: Vec<usize>,
}

struct Cell<'a> {
    text: &'a str,
    width: usize,
}

impl TabWriter {
    /// A writer with explicit parameters (pad character is always a space; the tab width
    /// only matters for tab padding, which kubectl never uses).
    pub fn new(minwidth: usize, padding: usize, remember_widths: bool) -> TabWriter {
        TabWriter {
            minwidth,
            padding,
            remember_widths,
            maxwidths: Vec::new(),
        }
    }

    /// `printers.GetNewTabWriter`: what `kubectl get` writes tables through.
    pub fn kubectl() -> TabWriter {
        TabWriter::new(6, 3, true)
    }

    /// `describe.tabbedString`: `tabwriter.Writer.Init(buf, 0, 8, 2, ' ', 0)`.
    pub fn describe() -> TabWriter {
        TabWriter::new(0, 2, false)
    }

    /// Remembered per-column widths (empty unless `RememberWidths`).
    pub fn remembered_widths(&self) -> &[usize] {
        &self.maxwidths
    }

    /// Write `text` and flush: the formatted output. Remembered widths carry over to the
    /// next call, as with repeated `Write`+`Flush` on one Go writer.
    pub fn write_flush(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + text.len() / 2);
        let mut buffered: Vec<Vec<Cell>> = Vec::new();
        let mut rest = text;
        loop {
            match rest.find('\n') {
                Some(i) => {
                    let line = &rest[..i];
                    rest = &rest[i + 1..];
                    let cells: Vec<Cell> = line
                        .split('\t')
                        .map(|t| Cell {
                            text: t,
                            width: t.chars().count(),
                        })
                        .collect();
                    let single = cells.len() == 1;
                    buffered.push(cells);
                    if single {
                        // Go flushes here; the pending (empty) next line is not yet part
                        // of the buffer, so every flushed line ends with a newline.
                        self.flush(&buffered, true, &mut out);
                        buffered.clear();
                    }
                }
                None => {
                    // Incomplete last line: a real (unterminated) line if non-empty.
                    if !rest.is_empty() {
                        buffered.push(
                            rest.split('\t')
                                .map(|t| Cell {
                                    text: t,
                                    width: t.chars().count(),
                                })
                                .collect(),
                        );
                        self.flush(&buffered, false, &mut out);
                    } else if !buffered.is_empty() {
                        self.flush(&buffered, true, &mut out);
                    }
                    break;
                }
            }
        }
        out
    }

    /// Format buffered lines; `all_terminated` says whether the last buffered line ended
    /// with a newline.
    fn flush(&mut self, lines: &[Vec<Cell>], all_terminated: bool, out: &mut String) {
        let mut widths = Vec::new();
        self.format(lines, all_terminated, &mut widths, 0, lines.len(), out);
    }

    fn format(
        &mut self,
        lines: &[Vec<Cell>],
        all_terminated: bool,
        widths: &mut Vec<usize>,
        line0: usize,
        line1: usize,
        out: &mut String,
    ) {
        let column = widths.len();
        let mut line0 = line0;
        let mut this = line0;
        while this < line1 {
            if column + 1 >= lines[this].len() {
                this += 1;
                continue;
            }
            write_lines(lines, all_terminated, widths, line0, this, out);
            line0 = this;
            let mut width = self.minwidth;
            while this < line1 {
                let line = &lines[this];
                if column + 1 >= line.len() {
                    break;
                }
                let w = line[column].width + self.padding;
                if w > width {
                    width = w;
                }
                this += 1;
            }
            if self.remember_widths {
                if self.maxwidths.len() < widths.len() {
                    let from = self.maxwidths.len();
                    self.maxwidths.extend_from_slice(&widths[from..]);
                }
                let c = widths.len();
                if self.maxwidths.len() == c {
                    self.maxwidths.push(width);
                } else if self.maxwidths[c] > width {
                    width = self.maxwidths[c];
                } else if self.maxwidths[c] < width {
                    self.maxwidths[c] = width;
                }
            }
            widths.push(width);
            self.format(lines, all_terminated, widths, line0, this, out);
            widths.pop();
            line0 = this;
            // Go's loop increments past the line that ended the block; that line has no
            // cell in this column, so skipping it here is equivalent.
            this += 1;
        }
        write_lines(lines, all_terminated, widths, line0, line1, out);
    }
}

fn write_lines(
    lines: &[Vec<Cell>],
    all_terminated: bool,
    widths: &[usize],
    line0: usize,
    line1: usize,
    out: &mut String,
) {
    for (i, line) in lines.iter().enumerate().take(line1).skip(line0) {
        for (j, c) in line.iter().enumerate() {
            out.push_str(c.text);
            if j < widths.len() {
                for _ in c.width..widths[j] {
                    out.push(' ');
                }
            }
        }
        if i + 1 < lines.len() || all_terminated {
            out.push('\n');
        }
    }
}

/// Lay out rows of cells through kubectl's tabwriter (fresh state): cells joined by tabs,
/// one line per row; the last column is not padded.
pub fn tabulate(rows: &[Vec<String>]) -> String {
    TabWriter::kubectl().write_flush(&rows_to_text(rows))
}

/// Rows as tab-separated, newline-terminated text (what kubectl writes into the tabwriter).
pub fn rows_to_text(rows: &[Vec<String>]) -> String {
    let mut text = String::new();
    for r in rows {
        text.push_str(&r.join("\t"));
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(r: &[&[&str]]) -> Vec<Vec<String>> {
        r.iter()
            .map(|c| c.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn columns_are_max_width_plus_three_and_last_column_unpadded() {
        let out = tabulate(&rows(&[
            &["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
            &["web-7d4b9c8f5-abcde", "1/1", "Running", "0", "5m"],
        ]));
        assert_eq!(
            out,
            "NAME                  READY   STATUS    RESTARTS   AGE\n\
             web-7d4b9c8f5-abcde   1/1     Running   0          5m\n"
        );
    }

    #[test]
    fn narrow_columns_get_the_minimum_width_of_six() {
        let out = tabulate(&rows(&[&["A", "B", "C"], &["x", "y", "z"]]));
        assert_eq!(out, "A     B     C\nx     y     z\n");
    }

    #[test]
    fn widths_count_characters_not_bytes() {
        let out = tabulate(&rows(&[&["ÄÖÜ", "x"], &["abcdefgh", "y"]]));
        assert_eq!(out, "ÄÖÜ        x\nabcdefgh   y\n");
    }

    #[test]
    fn go_tabwriter_blocks_end_at_lines_without_that_column() {
        // Classic text/tabwriter example: "a\tb\tc" lines, then a line with fewer cells
        // interrupts the block of column 1.
        let mut tw = TabWriter::new(0, 1, false);
        let out = tw.write_flush("a\tb\tc\naa\tbbbb\tc\nx\ty\nxxxxx\tz\n");
        assert_eq!(out, "a     b    c\naa    bbbb c\nx     y\nxxxxx z\n");
    }

    #[test]
    fn trailing_tab_pads_the_cell_before_it() {
        let mut tw = TabWriter::new(0, 2, false);
        let out = tw.write_flush("Name:\tweb\nLabels:\t\n");
        assert_eq!(out, "Name:    web\nLabels:  \n");
    }

    #[test]
    fn describe_blocks_are_separated_by_lines_without_tabs() {
        let mut tw = TabWriter::describe();
        let out =
            tw.write_flush("Name:\tweb\nNamespace:\tdefault\nPod Template:\n  Labels:\tapp=web\n");
        assert_eq!(
            out,
            "Name:       web\nNamespace:  default\nPod Template:\n  Labels:  app=web\n"
        );
    }

    #[test]
    fn remembered_widths_keep_watch_rows_aligned_and_grow_on_wider_cells() {
        let mut tw = TabWriter::kubectl();
        let first = tw.write_flush("NAME\tREADY\tSTATUS\nweb-1\t1/1\tRunning\n");
        assert_eq!(first, "NAME    READY   STATUS\nweb-1   1/1     Running\n");
        // A later flush with narrower cells keeps the remembered widths...
        assert_eq!(
            tw.write_flush("a\t0/1\tPending\n"),
            "a       0/1     Pending\n"
        );
        // ...and a wider cell widens that column from now on.
        assert_eq!(
            tw.write_flush("web-123456\t0/1\tPending\n"),
            "web-123456   0/1     Pending\n"
        );
        assert_eq!(
            tw.write_flush("b\t1/1\tRunning\n"),
            "b            1/1     Running\n"
        );
        // Without RememberWidths each flush starts over.
        let mut plain = TabWriter::new(6, 3, false);
        plain.write_flush("NAME\tREADY\nweb-1234567\t1/1\n");
        assert_eq!(plain.write_flush("a\t1/1\n"), "a     1/1\n");
    }

    #[test]
    fn unterminated_last_line_is_written_without_newline() {
        let mut tw = TabWriter::new(0, 1, false);
        assert_eq!(tw.write_flush("a\tb\ncc\td"), "a  b\ncc d");
    }
}
