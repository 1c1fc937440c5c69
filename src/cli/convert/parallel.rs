//! `convert --jobs N`: records parsed and rendered on N threads, written in
//! input order.
//!
//! This thread finds the records (for JSON, JSON Lines and CSL-JSON without
//! parsing them) and hands them on in numbered batches. Each of N workers
//! parses the records of a batch and renders them with its own copy of the
//! writer. One thread puts the rendered batches into the output in their
//! order, settling what depends on the records before (separators, citation
//! keys made unique), and prints each record's messages where the record
//! stands, so the output and the messages are the same whatever N is. A
//! bounded number of batches is in flight at once: memory does not grow with
//! the input.

use std::collections::BTreeMap;
use std::io;
use std::ops::ControlFlow;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex};

use archcite::formats::{KeySlot, Writer};
use archcite::Format;

use super::{loss_lines, unwritable, ConvertArgs, Sink, Written};
use crate::cli::inputs::{for_each_found, Found, Item};
use crate::cli::io::InputSpec;
use crate::cli::report::{stderr_line, Reporter};

/// Records a worker takes at a time: enough that handing work over costs
/// little beside parsing and rendering (16 made two workers 15% slower).
const BATCH: usize = 64;

/// One record's outcome, rendered on a worker.
enum Out {
    /// Rendered, with the messages to print once it is placed.
    Rendered { bytes: Vec<u8>, key: Option<KeySlot>, warnings: Vec<String> },
    /// Not written: the message, and whether the reading thread counted it
    /// already (refused by a reader that parses as it finds).
    Refused { message: String, counted: bool },
}

/// Records found, in input order; `seq` numbers the batches of a run.
struct Work {
    seq: usize,
    found: Vec<Found>,
}

/// A batch rendered.
struct Done {
    seq: usize,
    outs: Vec<Out>,
}

/// Run the conversion on `jobs` workers into `sink`, whose writer renders.
pub(super) fn run(
    args: &ConvertArgs,
    specs: &[InputSpec],
    sink: Sink,
    jobs: usize,
    reporter: &mut Reporter,
) -> std::thread::Result<io::Result<Written>> {
    let renderers: Option<Vec<Box<dyn Writer + Send>>> = (0..jobs).map(|_| sink.renderer()).collect();
    let Some(renderers) = renderers else {
        return Ok(Err(io::Error::other("this output's writer renders records in order only")));
    };
    // Batches being parsed, rendered or waiting for their turn: a token each.
    let in_flight = 2 * jobs + 2;
    let (slot_tx, slot_rx) = sync_channel::<()>(in_flight);
    let (work_tx, work_rx) = sync_channel::<Work>(jobs);
    let work_rx = Arc::new(Mutex::new(work_rx));
    let (done_tx, done_rx) = sync_channel::<Done>(in_flight);
    let to = args.to;
    let placer = std::thread::spawn(move || place_all(sink, done_rx, slot_rx));
    let workers: Vec<_> = renderers
        .into_iter()
        .map(|renderer| {
            let (rx, tx) = (work_rx.clone(), done_tx.clone());
            std::thread::spawn(move || work(renderer, to, &rx, &tx))
        })
        .collect();
    // Only the workers hold the work channel's end and the placer's: when
    // they stop (the output failed), sending fails instead of waiting.
    drop(work_rx);
    drop(done_tx);
    let mut batch = Vec::with_capacity(BATCH);
    let mut seq = 0;
    let mut send = |found: Vec<Found>| -> bool {
        // A closed channel means the placing thread stopped (a closed pipe, a full disk).
        let sent = slot_tx.send(()).is_ok() && work_tx.send(Work { seq, found }).is_ok();
        seq += 1;
        sent
    };
    let mut stopped = false;
    for_each_found(specs, args.from, true, reporter, |found, reporter| {
        if let Found::Item(Item::Refused(_)) = found {
            reporter.invalid();
        }
        batch.push(found);
        if batch.len() < BATCH {
            return ControlFlow::Continue(());
        }
        if send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))) {
            return ControlFlow::Continue(());
        }
        stopped = true;
        ControlFlow::Break(())
    });
    if !stopped && !batch.is_empty() {
        send(batch);
    }
    drop(work_tx);
    for w in workers {
        w.join()?;
    }
    placer.join()
}

/// A worker: parse and render batches until there are none.
fn work(mut renderer: Box<dyn Writer + Send>, to: Format, rx: &Mutex<Receiver<Work>>, tx: &SyncSender<Done>) {
    loop {
        let next = match rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(work) = next else { return };
        let outs = work.found.into_iter().map(|f| render_one(&mut *renderer, to, f)).collect();
        if tx.send(Done { seq: work.seq, outs }).is_err() {
            return;
        }
    }
}

fn render_one(renderer: &mut dyn Writer, to: Format, found: Found) -> Out {
    let (item, counted) = match found {
        Found::Item(item) => (item, true),
        Found::Unparsed(pending) => (pending.parse(), false),
    };
    let r = match item {
        Item::Refused(e) => return Out::Refused { message: format!("error: {e}"), counted },
        Item::Record(r) => r,
    };
    let mut bytes = Vec::new();
    match renderer.render(&mut bytes, &r.record) {
        Ok(key) => Out::Rendered { bytes, key, warnings: loss_lines(to, &r) },
        Err(e) => Out::Refused { message: unwritable(&r, e.to_string()), counted: false },
    }
}

/// The placing thread: put rendered batches into the output in their order.
fn place_all(mut sink: Sink, done: Receiver<Done>, slots: Receiver<()>) -> io::Result<Written> {
    let mut waiting: BTreeMap<usize, Vec<Out>> = BTreeMap::new();
    let mut next = 0;
    let (mut written, mut refused, mut unwritten) = (0, 0, 0);
    for batch in done {
        waiting.insert(batch.seq, batch.outs);
        while let Some(outs) = waiting.remove(&next) {
            for out in outs {
                match out {
                    Out::Rendered { mut bytes, key, warnings } => {
                        sink.place(&mut bytes, key)?;
                        written += 1;
                        warnings.iter().for_each(stderr_line);
                    }
                    Out::Refused { message, counted } => {
                        stderr_line(message);
                        refused += 1;
                        unwritten += usize::from(!counted);
                    }
                }
            }
            next += 1;
            // The batch is out: another may go in.
            let _ = slots.recv();
        }
    }
    let unchanged = sink.finish(written)?;
    Ok(Written { written, refused, unwritten, unchanged })
}
