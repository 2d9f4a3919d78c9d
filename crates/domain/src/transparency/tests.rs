use super::*;

fn table(cells: &[&[u64]]) -> Table {
    Table { cells: cells.iter().map(|row| row.to_vec()).collect() }
}

/// Every entry of a published table with its true value, line by line, as the module defines
/// lines: each row with its total, each column with its total, and both margins with the total.
fn lines_of(input: &Table, published: &Published) -> Vec<Vec<(Shown, u64)>> {
    let rows = input.cells.len();
    let columns = input.cells.first().map_or(0, Vec::len);
    let row_total = |r: usize| input.cells[r].iter().sum::<u64>();
    let column_total = |c: usize| input.cells.iter().map(|row| row[c]).sum::<u64>();
    let total: u64 = input.cells.iter().flatten().sum();
    let mut lines = Vec::new();
    for r in 0..rows {
        let mut line: Vec<_> =
            (0..columns).map(|c| (published.cells[r][c], input.cells[r][c])).collect();
        line.push((published.row_totals[r], row_total(r)));
        lines.push(line);
    }
    for c in 0..columns {
        let mut line: Vec<_> =
            (0..rows).map(|r| (published.cells[r][c], input.cells[r][c])).collect();
        line.push((published.column_totals[c], column_total(c)));
        lines.push(line);
    }
    let mut margin: Vec<_> = (0..rows).map(|r| (published.row_totals[r], row_total(r))).collect();
    margin.push((published.total, total));
    lines.push(margin);
    let mut margin: Vec<_> =
        (0..columns).map(|c| (published.column_totals[c], column_total(c))).collect();
    margin.push((published.total, total));
    lines.push(margin);
    lines
}

fn check_guarantee(input: &Table, k: u64) -> Published {
    let published = publish(input, k);
    for line in lines_of(input, &published) {
        let hidden = line.iter().filter(|(shown, _)| *shown == Shown::Hidden).count();
        assert_ne!(hidden, 1, "a line gives its one hidden entry away: {line:?}");
        for (shown, value) in &line {
            match shown {
                Shown::Count(count) => {
                    assert_eq!(count, value, "a shown count is the true one");
                    assert!(*count == 0 || *count >= k, "{count} is from fewer than {k} cases");
                }
                Shown::Hidden => assert!(*value > 0, "a zero is never hidden"),
            }
        }
    }
    published
}

#[test]
fn a_country_with_three_requests_is_hidden_with_a_partner_in_every_line() {
    // Countries by quarter: the second country has 3 requests in the first quarter.
    let input = table(&[&[12, 9, 20], &[3, 0, 0], &[8, 15, 6]]);
    let published = check_guarantee(&input, 5);
    assert_eq!(published.cells[1][0], Shown::Hidden);
    assert_eq!(published.row_totals[1], Shown::Hidden, "its total is 3 as well");
    // The first quarter's column then needs a second hidden cell: the smallest other, 8.
    assert_eq!(published.cells[2][0], Shown::Hidden);
    // Which in turn hides another cell in the third country's row, and so on until no line has a
    // single hidden entry; the figures that stay shown are exact.
    assert_eq!(published.cells[0][1], Shown::Count(9));
    assert_eq!(published.total, Shown::Count(73));
}

#[test]
fn nothing_is_hidden_when_every_count_is_large_enough_or_zero() {
    let input = table(&[&[5, 0, 7], &[9, 11, 0]]);
    let published = check_guarantee(&input, 5);
    assert!(published.cells.iter().flatten().all(|shown| matches!(shown, Shown::Count(_))));
    assert_eq!(published.total, Shown::Count(32));
}

#[test]
fn a_small_grand_total_hides_everything_it_could_be_read_from() {
    let input = table(&[&[1, 1], &[0, 2]]);
    let published = check_guarantee(&input, 5);
    assert_eq!(published.total, Shown::Hidden);
    assert!(published.cells.iter().flatten().all(|shown| *shown != Shown::Count(1)));
}

#[test]
fn k_of_one_hides_nothing() {
    let input = table(&[&[1, 2], &[3, 4]]);
    let published = publish(&input, 1);
    assert_eq!(published.cells[0][0], Shown::Count(1));
    assert_eq!(published.total, Shown::Count(10));
}

#[test]
fn the_guarantee_holds_on_many_random_tables() {
    // A small linear congruential generator: deterministic, no dependency.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |bound: u64| {
        state =
            state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % bound
    };
    for _ in 0..2_000 {
        let rows = 1 + next(6) as usize;
        let columns = 1 + next(6) as usize;
        let cells: Vec<Vec<u64>> = (0..rows)
            .map(|_| (0..columns).map(|_| if next(3) == 0 { 0 } else { next(25) }).collect())
            .collect();
        let k = 2 + next(6);
        check_guarantee(&Table { cells }, k);
    }
}
