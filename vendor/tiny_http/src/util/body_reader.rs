//! drillbook patch: a request body that reports, when dropped, whether it was
//! read to its end. The connection reads its next request only after a body
//! that was; otherwise it closes (where the next request starts is unknown
//! without draining, and draining can block or allocate without bound).

use std::io::{Read, Result as IoResult};
use std::sync::mpsc::Sender;

pub struct BodyReader<R: Read> {
    inner: R,
    finished: bool,
    done: Sender<bool>,
}

impl<R: Read> BodyReader<R> {
    /// `finished`: the body is already off the socket (e.g. buffered).
    pub fn new(inner: R, finished: bool, done: Sender<bool>) -> Self {
        BodyReader {
            inner,
            finished,
            done,
        }
    }
}

impl<R: Read> Read for BodyReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> IoResult<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && !buf.is_empty() {
            self.finished = true;
        }
        Ok(n)
    }
}

impl<R: Read> Drop for BodyReader<R> {
    fn drop(&mut self) {
        self.done.send(self.finished).ok();
    }
}
