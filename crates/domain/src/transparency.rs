//! Small-number suppression for the public figures: a count from fewer than `k` cases is shown
//! as "fewer than k", and enough other cells are hidden with it that it cannot be worked out
//! from what is published.
//!
//! A published table is counts by row (a country, a category) and column (a quarter), with each
//! row's total, each column's total and the grand total. Every row with its total, every column
//! with its total, the row totals with the grand total, and the column totals with the grand
//! total are *lines*: in a line, the entries add up to its total, so a line with exactly one
//! hidden entry gives that entry away by subtraction. Suppression therefore works in two steps:
//! 1. primary: every entry (cells and totals) from 1 to k-1 is hidden;
//! 2. complementary: while some line has exactly one hidden entry, the smallest entry of that
//!    line that is shown and not zero is hidden too (a zero is known to be zero either way, so
//!    it protects nothing); if the line has none, its total is hidden.
//!
//! Guarantee (checked by the tests, and on random tables): no line of a published table has
//! exactly one hidden entry, and no entry from 1 to k-1 is shown. A hidden value cannot be
//! worked out from a single line, which is what subtracting two published figures (or a total
//! and its other parts) amounts to.

/// A count as published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Count(u64),
    /// Hidden: from fewer than k cases, or hidden to protect one that is.
    Hidden,
}

/// Counts by row and column, before suppression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// `cells[row][column]`; every row has the same number of columns.
    pub cells: Vec<Vec<u64>>,
}

/// A table as published: its cells and margins, each a count or hidden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub cells: Vec<Vec<Shown>>,
    pub row_totals: Vec<Shown>,
    pub column_totals: Vec<Shown>,
    pub total: Shown,
}

/// Where an entry of the table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    Cell(usize, usize),
    RowTotal(usize),
    ColumnTotal(usize),
    Total,
}

struct Grid {
    values: Vec<Vec<u64>>,
    row_totals: Vec<u64>,
    column_totals: Vec<u64>,
    total: u64,
    hidden_cells: Vec<Vec<bool>>,
    hidden_rows: Vec<bool>,
    hidden_columns: Vec<bool>,
    hidden_total: bool,
}

impl Grid {
    fn value(&self, entry: Entry) -> u64 {
        match entry {
            Entry::Cell(r, c) => self.values[r][c],
            Entry::RowTotal(r) => self.row_totals[r],
            Entry::ColumnTotal(c) => self.column_totals[c],
            Entry::Total => self.total,
        }
    }

    fn hidden(&self, entry: Entry) -> bool {
        match entry {
            Entry::Cell(r, c) => self.hidden_cells[r][c],
            Entry::RowTotal(r) => self.hidden_rows[r],
            Entry::ColumnTotal(c) => self.hidden_columns[c],
            Entry::Total => self.hidden_total,
        }
    }

    fn hide(&mut self, entry: Entry) {
        match entry {
            Entry::Cell(r, c) => self.hidden_cells[r][c] = true,
            Entry::RowTotal(r) => self.hidden_rows[r] = true,
            Entry::ColumnTotal(c) => self.hidden_columns[c] = true,
            Entry::Total => self.hidden_total = true,
        }
    }

    /// Every line: its parts, then its total.
    fn lines(&self) -> Vec<(Vec<Entry>, Entry)> {
        let (rows, columns) = (self.row_totals.len(), self.column_totals.len());
        let mut lines = Vec::with_capacity(rows + columns + 2);
        for r in 0..rows {
            lines.push(((0..columns).map(|c| Entry::Cell(r, c)).collect(), Entry::RowTotal(r)));
        }
        for c in 0..columns {
            lines.push(((0..rows).map(|r| Entry::Cell(r, c)).collect(), Entry::ColumnTotal(c)));
        }
        lines.push(((0..rows).map(Entry::RowTotal).collect(), Entry::Total));
        lines.push(((0..columns).map(Entry::ColumnTotal).collect(), Entry::Total));
        lines
    }
}

/// Publishes `table` with every count from fewer than `k` cases hidden, and enough others that
/// none can be recovered (see the module's guarantee). `k` of 0 or 1 hides nothing.
pub fn publish(table: &Table, k: u64) -> Published {
    let rows = table.cells.len();
    let columns = table.cells.first().map_or(0, Vec::len);
    let row_totals: Vec<u64> = table.cells.iter().map(|row| row.iter().sum()).collect();
    let column_totals: Vec<u64> =
        (0..columns).map(|c| table.cells.iter().map(|row| row[c]).sum()).collect();
    let small = |value: u64| value > 0 && value < k;
    let mut grid = Grid {
        hidden_cells: table
            .cells
            .iter()
            .map(|row| row.iter().map(|&v| small(v)).collect())
            .collect(),
        hidden_rows: row_totals.iter().map(|&v| small(v)).collect(),
        hidden_columns: column_totals.iter().map(|&v| small(v)).collect(),
        hidden_total: small(row_totals.iter().sum()),
        total: row_totals.iter().sum(),
        values: table.cells.clone(),
        row_totals,
        column_totals,
    };
    debug_assert!(table.cells.iter().all(|row| row.len() == columns), "a ragged table");
    let lines = grid.lines();
    loop {
        let mut changed = false;
        for (parts, total) in &lines {
            let entries = || parts.iter().copied().chain(std::iter::once(*total));
            if entries().filter(|&e| grid.hidden(e)).count() != 1 {
                continue;
            }
            // The smallest shown part that is not zero, else the total (when shown and not zero).
            let candidate = parts
                .iter()
                .copied()
                .filter(|&e| !grid.hidden(e) && grid.value(e) > 0)
                .min_by_key(|&e| grid.value(e))
                .or_else(|| (!grid.hidden(*total) && grid.value(*total) > 0).then_some(*total));
            if let Some(entry) = candidate {
                grid.hide(entry);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let shown = |hidden: bool, value: u64| if hidden { Shown::Hidden } else { Shown::Count(value) };
    Published {
        cells: (0..rows)
            .map(|r| {
                (0..columns).map(|c| shown(grid.hidden_cells[r][c], grid.values[r][c])).collect()
            })
            .collect(),
        row_totals: (0..rows).map(|r| shown(grid.hidden_rows[r], grid.row_totals[r])).collect(),
        column_totals: (0..columns)
            .map(|c| shown(grid.hidden_columns[c], grid.column_totals[c]))
            .collect(),
        total: shown(grid.hidden_total, grid.total),
    }
}

#[cfg(test)]
mod tests;
