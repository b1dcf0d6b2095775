//! Go's `text/tabwriter`, which kubectl prints every table and every `describe` through:
//! tab-terminated cells are aligned in column blocks of consecutive lines, a line without
//! a tab ends all blocks, and the last cell of a line is never padded.

pub struct TabWriter {
    min_width: usize,
    padding: usize,
    lines: Vec<Vec<String>>,
    out: String,
    /// Text passes through as written, tabs and all.
    raw: bool,
}

impl TabWriter {
    /// `kubectl get`: `tabwriter.NewWriter(out, 6, 4, 3, ' ', 0)`.
    pub fn for_tables() -> TabWriter {
        TabWriter { min_width: 6, padding: 3, lines: Vec::new(), out: String::new(), raw: false }
    }

    /// `kubectl describe`: `tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)`.
    pub fn for_describe() -> TabWriter {
        TabWriter { min_width: 0, padding: 2, lines: Vec::new(), out: String::new(), raw: false }
    }

    /// A describer's `PrefixWriter` over a plain buffer, with no tabwriter behind it (as
    /// `rollout history --revision` prints a pod template): the tabs stay in the text.
    pub fn raw() -> TabWriter {
        TabWriter { min_width: 0, padding: 0, lines: Vec::new(), out: String::new(), raw: true }
    }

    /// Writes text; `\t` ends a cell, `\n` ends a line.
    pub fn write(&mut self, text: &str) {
        if self.raw {
            self.out.push_str(text);
            return;
        }
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                // The previous line ended.
                let cells = self.lines.last().map_or(0, Vec::len);
                if cells == 1 {
                    self.flush_block();
                }
                self.lines.push(vec![String::new()]);
            }
            if self.lines.is_empty() {
                self.lines.push(vec![String::new()]);
            }
            let current = self.lines.last_mut().expect("a line exists");
            for (j, part) in line.split('\t').enumerate() {
                if j > 0 {
                    current.push(String::new());
                }
                current.last_mut().expect("a cell exists").push_str(part);
            }
        }
    }

    fn flush_block(&mut self) {
        let done = std::mem::take(&mut self.lines);
        let mut widths = Vec::new();
        self.format(&done, 0, done.len(), &mut widths);
    }

    /// `Flush()`: ends every column block, so what follows is aligned on its own.
    pub fn flush(&mut self) {
        if self.lines.last().is_some_and(|l| l.len() == 1 && l[0].is_empty()) {
            self.lines.pop();
        }
        self.flush_block();
    }

    fn format(&mut self, lines: &[Vec<String>], line0: usize, line1: usize, widths: &mut Vec<usize>) {
        let column = widths.len();
        let mut start = line0;
        let mut this = line0;
        while this < line1 {
            if column >= lines[this].len() - 1 {
                this += 1;
                continue;
            }
            self.write_lines(lines, start, this, widths);
            start = this;
            let mut width = self.min_width;
            while this < line1 && column < lines[this].len() - 1 {
                let w = lines[this][column].chars().count() + self.padding;
                width = width.max(w);
                this += 1;
            }
            widths.push(width);
            self.format(lines, start, this, widths);
            widths.pop();
            start = this;
        }
        self.write_lines(lines, start, line1, widths);
    }

    fn write_lines(&mut self, lines: &[Vec<String>], line0: usize, line1: usize, widths: &[usize]) {
        for line in &lines[line0..line1] {
            for (j, cell) in line.iter().enumerate() {
                self.out.push_str(cell);
                if j < line.len() - 1 && j < widths.len() {
                    let n = widths[j].saturating_sub(cell.chars().count());
                    self.out.extend(std::iter::repeat_n(' ', n));
                }
            }
            self.out.push('\n');
        }
    }

    /// Everything written, formatted. A last line without `\n` is dropped if empty.
    pub fn finish(mut self) -> String {
        if self.raw {
            return self.out;
        }
        if self.lines.last().is_some_and(|l| l.len() == 1 && l[0].is_empty()) {
            self.lines.pop();
        }
        self.flush_block();
        self.out
    }
}

/// Formats rows as a `kubectl get` table.
pub fn table(rows: &[Vec<String>]) -> String {
    let mut tw = TabWriter::for_tables();
    for row in rows {
        tw.write(&row.join("\t"));
        tw.write("\n");
    }
    tw.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_table_pads_three_with_min_six() {
        let t = table(&[
            vec!["NAME".into(), "READY".into(), "STATUS".into(), "RESTARTS".into(), "AGE".into()],
            vec!["spring-pod".into(), "1/1".into(), "Running".into(), "0".into(), "10s".into()],
        ]);
        assert_eq!(t, "NAME         READY   STATUS    RESTARTS   AGE\nspring-pod   1/1     Running   0          10s\n");
    }

    #[test]
    fn describe_blocks_break_at_lines_without_tabs() {
        let mut tw = TabWriter::for_describe();
        tw.write("Name:\tx\nService Account:\tdefault\nIPs:\n  IP:\t10.1.0.2\nConditions:\n  Type\tStatus\n  PodReadyToStartContainers \tTrue \nVolumes:\t<none>\n");
        let out = tw.finish();
        assert_eq!(
            out,
            "Name:             x\nService Account:  default\nIPs:\n  IP:  10.1.0.2\nConditions:\n  Type                        Status\n  PodReadyToStartContainers   True \nVolumes:                      <none>\n"
        );
    }
}
