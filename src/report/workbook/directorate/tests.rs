//! How a directorate sheet plans its page breaks.

use super::{page_breaks, Blocks};

#[test]
fn blocks_that_fit_need_no_break() {
    let blocks = [(0, 100.0), (1, 200.0), (2, 300.0)];
    assert!(page_breaks(&blocks, 600.0, 0.0).is_empty());
}

#[test]
fn a_block_that_does_not_fit_starts_the_next_page() {
    // 450 used; a 200 block would cross 600, so it starts page 2, and the
    // one after it fits there. No page is left holding a sliver.
    let blocks = [(0, 300.0), (5, 150.0), (9, 200.0), (20, 350.0), (30, 100.0)];
    assert_eq!(page_breaks(&blocks, 600.0, 0.0), vec![9, 30]);
}

#[test]
fn a_repeated_heading_takes_room_on_later_pages() {
    // Page 2 holds the 30-point heading and then 570: rows 2 to 4 take
    // 580, so row 4 starts page 3; without the heading they fit.
    let blocks = [(0, 500.0), (2, 400.0), (3, 160.0), (4, 20.0)];
    assert_eq!(page_breaks(&blocks, 600.0, 30.0), vec![2, 4]);
    assert_eq!(page_breaks(&blocks, 600.0, 0.0), vec![2]);
}

#[test]
fn a_block_taller_than_a_page_starts_one_and_runs_on() {
    let blocks = [(0, 100.0), (1, 1000.0), (40, 100.0), (41, 300.0)];
    // Row 1 starts page 2 and runs 400 into page 3; 100 more fits, 300 not.
    assert_eq!(page_breaks(&blocks, 600.0, 0.0), vec![1, 41]);
}

#[test]
fn rows_between_blocks_are_blocks_of_their_own() {
    let mut b = Blocks::default();
    b.keep(0, 2, 40.0);
    b.keep(4, 3, 45.0);
    assert_eq!(b.list, vec![(0, 40.0), (2, 15.0), (3, 15.0), (4, 45.0)]);
}
