//! The sampled nodes of a usual pod, judged a block of nodes at a time. kube-scheduler
//! looks at `numFeasibleNodesToFind` nodes from where the last search stopped (500 of
//! 5,000), and for a Deployment's pod on nodes with room it asks each the same three
//! things: whether it has room, how many of the owner's pods it holds (for the topology
//! spread's normalizing), and its score for `selectHost`. Between two pods only the chosen
//! node changes, so each block of `BLOCK` nodes keeps its answers: its least room, its
//! least and most of an owner's pods, and its best score with how many nodes share it.
//! A search then reads a few dozen blocks and the nodes at the window's two ends rather
//! than every node, and every answer is the one the node-by-node passes give, random
//! draws included.

use super::Room;
use crate::rng::Rng;
use std::cell::Cell;
use std::ops::Range;

/// Nodes a block holds: small enough that the window's ragged ends and the one block
/// changed by each placement cost little, large enough that 500 nodes are a dozen blocks.
pub(super) const BLOCK: usize = 32;

/// How many blocks `nodes` nodes make.
pub(super) fn blocks(nodes: usize) -> usize {
    nodes.div_ceil(BLOCK)
}

/// The nodes of block `b`.
fn span(b: usize, nodes: usize) -> Range<usize> {
    b * BLOCK..((b + 1) * BLOCK).min(nodes)
}

/// A piece of a range of nodes: a run of nodes inside a block the range only partly
/// covers, or a whole block.
enum Part {
    Nodes(Range<usize>),
    Block(usize),
}

/// `range`'s pieces in node order.
fn parts(range: Range<usize>, nodes: usize) -> impl Iterator<Item = Part> {
    let mut at = range.start;
    std::iter::from_fn(move || {
        if at >= range.end {
            return None;
        }
        let b = at / BLOCK;
        let whole = span(b, nodes);
        let part = if at == whole.start && whole.end <= range.end { Part::Block(b) } else { Part::Nodes(at..whole.end.min(range.end)) };
        at = whole.end.min(range.end);
        Some(part)
    })
}

/// Each field's least over block `b` of `rooms`: every node of the block admits what this
/// admits, since `Room::admits` compares each field with a bound.
pub(super) fn least_room(rooms: &[Room], b: usize) -> Room {
    rooms[span(b, rooms.len())].iter().fold(Room { pods: i64::MAX, cpu_m: i64::MAX, memory: i64::MAX }, |m, r| Room {
        pods: m.pods.min(r.pods),
        cpu_m: m.cpu_m.min(r.cpu_m),
        memory: m.memory.min(r.memory),
    })
}

/// Whether every node of `window` admits a pod needing `needs`.
pub(super) fn all_admit(rooms: &[Room], least: &[Room], window: &[Range<usize>; 2], needs: (i64, i64)) -> bool {
    window.iter().all(|range| {
        parts(range.clone(), rooms.len()).all(|part| match part {
            Part::Nodes(r) => rooms[r].iter().all(|room| room.admits(needs)),
            Part::Block(b) => least[b].admits(needs),
        })
    })
}

/// One owner's pods on each node of the scheduler's cache, with each block's least and
/// most, and the blocks' best scores for this owner's pods.
#[derive(Clone, Debug, Default)]
pub(super) struct OwnerCounts {
    pub nodes: Vec<u32>,
    spans: Vec<(u32, u32)>,
    pub best: Vec<Cell<Best>>,
}

impl OwnerCounts {
    pub fn new(nodes: Vec<u32>) -> OwnerCounts {
        let n = blocks(nodes.len());
        let mut counts = OwnerCounts { spans: vec![(0, 0); n], best: vec![Cell::default(); n], nodes };
        (0..n).for_each(|b| counts.respan(b));
        counts
    }

    /// One more of the owner's pods on node `i`.
    pub fn add(&mut self, i: usize) {
        self.nodes[i] += 1;
        self.respan(i / BLOCK);
    }

    fn respan(&mut self, b: usize) {
        self.spans[b] = least_and_most(&self.nodes[span(b, self.nodes.len())]);
    }

    /// The least and most pods on a node of `window`, folded into `(lo, hi)`.
    pub fn range(&self, window: &[Range<usize>; 2], (mut lo, mut hi): (u32, u32)) -> (u32, u32) {
        for range in window {
            for part in parts(range.clone(), self.nodes.len()) {
                let (l, h) = match part {
                    Part::Nodes(r) => least_and_most(&self.nodes[r]),
                    Part::Block(b) => self.spans[b],
                };
                (lo, hi) = (lo.min(l), hi.max(h));
            }
        }
        (lo, hi)
    }
}

/// The least and most of `counts` (`(u32::MAX, 0)` for none, which folds into any).
fn least_and_most(counts: &[u32]) -> (u32, u32) {
    counts.iter().fold((u32::MAX, 0), |(lo, hi), &c| (lo.min(c), hi.max(c)))
}

/// A block's best score for one owner's pods and how many of its nodes have it, as it
/// stood at `stamp` (the block's, see `Stamps`) with the owner's least and most pods on
/// the window's nodes at `spread` (the normalizing the topology score depends on).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Best {
    stamp: u64,
    spread: (u32, u32),
    max: i64,
    ties: u32,
}

/// When each block last changed (a pod placed on one of its nodes, or every node's
/// remembered score gone): a block's `Best` is good while its stamp is the block's.
#[derive(Clone, Debug, Default)]
pub(super) struct Stamps {
    clock: u64,
    blocks: Vec<u64>,
}

impl Stamps {
    /// Every block changed, for a cache of `nodes` nodes.
    pub fn all_changed(&mut self, nodes: usize) {
        self.blocks.resize(blocks(nodes), 0);
        for s in &mut self.blocks {
            self.clock += 1;
            *s = self.clock;
        }
    }

    /// Node `i`'s block changed.
    pub fn changed(&mut self, i: usize) {
        self.clock += 1;
        if let Some(s) = self.blocks.get_mut(i / BLOCK) {
            *s = self.clock;
        }
    }
}

/// What the block-wise `selectHost` reads: the blocks' stamps, the owner's remembered
/// bests, and the least and most of its pods on the window's nodes.
pub(super) struct Blocks<'a> {
    pub stamps: &'a Stamps,
    pub best: &'a [Cell<Best>],
    pub spread: (u32, u32),
}

impl Blocks<'_> {
    /// Block `b`'s best score and ties, remembered until the block changes.
    fn best(&self, b: usize, nodes: usize, score: &impl Fn(usize) -> i64) -> (i64, u32) {
        let stamp = self.stamps.blocks[b];
        let kept = self.best[b].get();
        if kept.stamp == stamp && kept.spread == self.spread {
            return (kept.max, kept.ties);
        }
        let (mut max, mut ties) = (i64::MIN, 0);
        for i in span(b, nodes) {
            let s = score(i);
            if s > max {
                (max, ties) = (s, 1);
            } else if s == max {
                ties += 1;
            }
        }
        self.best[b].set(Best { stamp, spread: self.spread, max, ties });
        (max, ties)
    }
}

/// Which node `selectHost` holds so far: a node, or the `n`-th of the nodes of block `b`
/// sharing its best score (found once the search is over).
#[derive(Clone, Copy)]
enum Held {
    None,
    Node(usize),
    Tie(usize, u32),
}

/// `selectHost`'s state: the best score so far, how many nodes tied with it after the
/// first, and the node held.
struct Reservoir {
    best: i64,
    ties: u32,
    held: Held,
}

impl Reservoir {
    /// One node, as `super::select_host` takes it.
    #[inline(always)]
    fn node(&mut self, i: usize, s: i64, rng: &mut Rng) {
        if s > self.best || matches!(self.held, Held::None) {
            (self.best, self.ties, self.held) = (s, 0, Held::Node(i));
        } else if s == self.best {
            self.ties += 1;
            if rng.below(self.ties + 1) == 0 {
                self.held = Held::Node(i);
            }
        }
    }
}

/// `selectHost` over the nodes of `window` in order, with `score` giving each node's
/// total up to a part that is the same on every node: the highest wins, and every node
/// tying with the best so far draws once (`super::select_host`, node by node). A whole
/// block whose best is below the best so far draws nothing; one whose best equals it
/// draws once for each node sharing that score, which is what those nodes would draw in
/// turn; a block holding a higher score is searched node by node only up to its first
/// node with it.
pub(super) fn select_host(window: &[Range<usize>; 2], nodes: usize, blocks: &Blocks, rng: &mut Rng, score: impl Fn(usize) -> i64) -> usize {
    let mut r = Reservoir { best: i64::MIN, ties: 0, held: Held::None };
    for range in window {
        for part in parts(range.clone(), nodes) {
            let b = match part {
                Part::Nodes(nodes) => {
                    nodes.for_each(|i| r.node(i, score(i), rng));
                    continue;
                }
                Part::Block(b) => b,
            };
            let (max, count) = blocks.best(b, nodes, &score);
            let started = !matches!(r.held, Held::None);
            if started && max < r.best {
                continue;
            }
            // Ties with the best so far: one draw for each node sharing the block's best.
            // A higher best: node by node up to the block's first node with it, which
            // takes the lead; the rest of the block's nodes with it then tie.
            let mut first = 0;
            if !started || max > r.best {
                for i in span(b, nodes) {
                    let s = score(i);
                    r.node(i, s, rng);
                    if s == max {
                        break;
                    }
                }
                first = 1;
            }
            if let Some(n) = rng.last_zero_below(r.ties + 2, count - first) {
                r.held = Held::Tie(b, n + first);
            }
            r.ties += count - first;
        }
    }
    match r.held {
        Held::Node(i) => i,
        Held::Tie(b, n) => span(b, nodes).filter(|&i| score(i) == r.best).nth(n as usize).unwrap_or(usize::MAX),
        Held::None => usize::MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small generator of its own, so the cases do not depend on the cluster's draws.
    fn cases(seed: u64) -> impl FnMut(u32) -> u32 {
        let mut r = Rng::new(seed);
        move |n| r.below(n)
    }

    /// The node-by-node `selectHost` the blocks must agree with, draws and all.
    fn one_by_one(window: &[Range<usize>; 2], rng: &mut Rng, score: &[i64]) -> usize {
        let order: Vec<usize> = window.iter().flat_map(|r| r.clone()).collect();
        super::super::select_host(&order, rng, |_, i| score[i])
    }

    #[test]
    fn blocks_choose_the_node_and_draw_what_the_nodes_one_by_one_draw() {
        let mut pick = cases(11);
        for case in 0..3000 {
            let nodes = 1 + pick(300) as usize;
            // Few distinct scores, so ties are the rule, as on a cluster of like nodes.
            let spread = 1 + pick(4) as i64;
            let mut score: Vec<i64> = (0..nodes).map(|_| i64::from(pick(spread as u32))).collect();
            let stamps = {
                let mut s = Stamps::default();
                s.all_changed(nodes);
                s
            };
            let best = vec![Cell::default(); blocks(nodes)];
            // Several searches on one cluster, a node's score changing between them, so
            // remembered blocks are both reused and found stale.
            let mut stamps = stamps;
            for search in 0..4 {
                let start = pick(nodes as u32) as usize;
                let want = 1 + pick(nodes as u32) as usize;
                let end = start + want;
                let window = [start..end.min(nodes), 0..end.saturating_sub(nodes)];
                let seed = u64::from(pick(1 << 30));
                let (mut a, mut b) = (Rng::new(seed), Rng::new(seed));
                let blocks = Blocks { stamps: &stamps, best: &best, spread: (0, 0) };
                let chosen = select_host(&window, nodes, &blocks, &mut a, |i| score[i]);
                assert_eq!(chosen, one_by_one(&window, &mut b, &score), "case {case} search {search}: {window:?} {score:?}");
                assert_eq!(a.next_u32(), b.next_u32(), "case {case} search {search}: the draws differ");
                let i = pick(nodes as u32) as usize;
                score[i] += i64::from(pick(3)) - 1;
                stamps.changed(i);
            }
        }
    }

    #[test]
    fn a_windows_room_and_counts_are_its_nodes() {
        let mut pick = cases(5);
        for case in 0..2000 {
            let nodes = 1 + pick(200) as usize;
            let rooms: Vec<Room> = (0..nodes)
                .map(|_| Room { pods: i64::from(pick(3)) - 1, cpu_m: i64::from(pick(5)) * 100, memory: i64::from(pick(5)) << 20 })
                .collect();
            let least: Vec<Room> = (0..blocks(nodes)).map(|b| least_room(&rooms, b)).collect();
            let mut counts = OwnerCounts::new((0..nodes).map(|_| pick(6)).collect());
            let i = pick(nodes as u32) as usize;
            counts.add(i);
            let start = pick(nodes as u32) as usize;
            let end = start + 1 + pick(nodes as u32) as usize;
            let window = [start..end.min(nodes), 0..end.saturating_sub(nodes)];
            let order: Vec<usize> = window.iter().flat_map(|r| r.clone()).collect();
            let needs = Room::needs(i64::from(pick(4)) * 100, i64::from(pick(4)) << 20);
            assert_eq!(all_admit(&rooms, &least, &window, needs), order.iter().all(|&i| rooms[i].admits(needs)), "case {case}");
            let expected = order.iter().fold((u32::MAX, 0), |(lo, hi), &i| (lo.min(counts.nodes[i]), hi.max(counts.nodes[i])));
            assert_eq!(counts.range(&window, (u32::MAX, 0)), expected, "case {case}");
        }
    }
}
