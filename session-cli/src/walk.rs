//! The inputs of `check`: the files named, and every file beneath a directory
//! named, in path order, listed one directory at a time.

use std::fs;
use std::path::PathBuf;

use crate::input::{InputError, Source};

/// One input to judge.
pub enum Input {
    /// A file (or stdin) to read.
    Read(Source),
    /// A directory that could not be listed, or that holds no file.
    Failed(Source, InputError),
}

/// What is left to visit, the next one last.
enum Pending {
    /// An argument as given: a directory is expanded, anything else read.
    Arg(Source),
    /// A file or a directory found inside a directory.
    Found(PathBuf, bool),
    /// The end of a directory named on the command line, and how many inputs
    /// had been yielded when it was started (none since means it was empty).
    EndOf(PathBuf, usize),
}

/// The inputs in order: arguments in command-line order, the files beneath a
/// directory sorted by path (each directory's entries sorted by name, visited
/// depth first, which is the order of `Path`'s comparison). Only one
/// directory's listing is held at a time per level, never the files' contents.
///
/// Symbolic links to directories found inside a directory are not followed
/// (a link loop cannot make the walk endless); they are read, and refused,
/// as any directory named as a file is.
pub struct Inputs {
    stack: Vec<Pending>,
    yielded: usize,
}

impl Inputs {
    /// The inputs of the command-line `sources`.
    pub fn new(sources: Vec<Source>) -> Self {
        Inputs {
            stack: sources.into_iter().rev().map(Pending::Arg).collect(),
            yielded: 0,
        }
    }

    /// Pushes a directory's entries, sorted by name, so the first pops first.
    fn expand(&mut self, dir: &PathBuf) -> Result<(), InputError> {
        let mut entries = Vec::new();
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            let is_dir = entry.file_type()?.is_dir();
            entries.push((entry.file_name(), is_dir));
        }
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        self.stack.extend(
            entries
                .into_iter()
                .rev()
                .map(|(name, is_dir)| Pending::Found(dir.join(name), is_dir)),
        );
        Ok(())
    }

    fn emit(&mut self, input: Input) -> Option<Input> {
        self.yielded += 1;
        Some(input)
    }
}

impl Iterator for Inputs {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        while let Some(pending) = self.stack.pop() {
            match pending {
                Pending::Arg(Source::File(path)) if path.is_dir() => {
                    self.stack.push(Pending::EndOf(path.clone(), self.yielded));
                    if let Err(e) = self.expand(&path) {
                        self.stack.pop();
                        return self.emit(Input::Failed(Source::File(path), e));
                    }
                }
                Pending::Arg(source) => return self.emit(Input::Read(source)),
                Pending::Found(path, true) => {
                    if let Err(e) = self.expand(&path) {
                        return self.emit(Input::Failed(Source::File(path), e));
                    }
                }
                Pending::Found(path, false) => return self.emit(Input::Read(Source::File(path))),
                Pending::EndOf(path, before) => {
                    if self.yielded == before {
                        return self.emit(Input::Failed(
                            Source::File(path),
                            InputError::EmptyDirectory,
                        ));
                    }
                }
            }
        }
        None
    }
}
