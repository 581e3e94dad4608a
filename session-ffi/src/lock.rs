//! The lock of each session: a POSIX `pthread_rwlock_t`, as OpenSSL's own
//! `SSL_SESSION` lock (`CRYPTO_THREAD_lock_new` in `crypto/threads_pthread.c`
//! is `pthread_rwlock_init(lock, NULL)`), instead of `std::sync::RwLock`.
//!
//! Why not std's: the race detectors that check this library from C
//! (`race.sh`) must see its synchronisation. valgrind's helgrind and DRD
//! understand the POSIX locks and not std's futex-based one at all (every
//! getter racing a setter was a "possible data race"); ThreadSanitizer
//! intercepts the POSIX calls, but sees std's lock only where its code is
//! instrumented, which needs a std built with `-Zsanitizer=thread`
//! (`-Zbuild-std` and the rust-src component, neither on a stable toolchain
//! that cannot download one) — its uninstrumented slow paths made TSan
//! report a getter and a setter of the same session, both under the lock.
//!
//! On targets without POSIX threads, std's lock (no race detector runs there).

#[cfg(not(unix))]
pub(crate) use portable::RwLock;
#[cfg(unix)]
pub(crate) use posix::RwLock;

#[cfg(unix)]
mod posix {
    use std::cell::UnsafeCell;
    use std::marker::PhantomData;
    use std::ops::{Deref, DerefMut};

    /// Makes a guard `!Send`, as std's guards are: POSIX leaves unlocking a
    /// rwlock from a thread that does not hold it undefined.
    type NotSend = PhantomData<*const ()>;

    /// A value behind a `pthread_rwlock_t` (default attributes, as
    /// OpenSSL's). It must not move once locked: it lives in the session's
    /// heap allocation (`Box`), which never moves.
    pub(crate) struct RwLock<T> {
        lock: UnsafeCell<libc::pthread_rwlock_t>,
        value: UnsafeCell<T>,
    }

    // SAFETY: the value is only reached through the guards below, which hold
    // the lock: shared (`&T`) under the read lock, exclusive (`&mut T`) under
    // the write lock — std's `RwLock<T>` bounds for the same access.
    unsafe impl<T: Send + Sync> Sync for RwLock<T> {}
    // SAFETY: moving the lock moves the value with it; a `pthread_rwlock_t`
    // that was never locked may move (it is the static initializer's bytes).
    unsafe impl<T: Send> Send for RwLock<T> {}

    impl<T> RwLock<T> {
        pub(crate) fn new(value: T) -> Self {
            RwLock {
                lock: UnsafeCell::new(libc::PTHREAD_RWLOCK_INITIALIZER),
                value: UnsafeCell::new(value),
            }
        }

        /// Locks for reading. A failure (`EAGAIN`: too many readers;
        /// `EDEADLK`: this thread holds the write lock, which this crate
        /// never does) panics, which the caller's panic boundary turns into
        /// an `ERR_R_INTERNAL_ERROR` failure.
        pub(crate) fn read(&self) -> ReadGuard<'_, T> {
            // SAFETY: `lock` is an initialised rwlock that has not moved
            // since it was first locked (see the type's documentation).
            let rc = unsafe { libc::pthread_rwlock_rdlock(self.lock.get()) };
            assert_eq!(rc, 0, "pthread_rwlock_rdlock");
            ReadGuard {
                lock: self,
                _not_send: PhantomData,
            }
        }

        /// Locks for writing (see [`RwLock::read`] on failures).
        pub(crate) fn write(&self) -> WriteGuard<'_, T> {
            // SAFETY: as in `read`.
            let rc = unsafe { libc::pthread_rwlock_wrlock(self.lock.get()) };
            assert_eq!(rc, 0, "pthread_rwlock_wrlock");
            WriteGuard {
                lock: self,
                _not_send: PhantomData,
            }
        }

        /// Unlocks; for the guards only, each once.
        fn unlock(&self) {
            // SAFETY: called by a guard's drop, so this thread holds the lock.
            let rc = unsafe { libc::pthread_rwlock_unlock(self.lock.get()) };
            debug_assert_eq!(rc, 0, "pthread_rwlock_unlock");
        }
    }

    impl<T> Drop for RwLock<T> {
        fn drop(&mut self) {
            // SAFETY: `&mut self`: no guard is alive, so the lock is unlocked.
            unsafe { libc::pthread_rwlock_destroy(self.lock.get()) };
        }
    }

    /// The read lock, held until dropped; dereferences to the value.
    pub(crate) struct ReadGuard<'a, T> {
        lock: &'a RwLock<T>,
        _not_send: NotSend,
    }

    impl<T> Deref for ReadGuard<'_, T> {
        type Target = T;
        fn deref(&self) -> &T {
            // SAFETY: the read lock is held, so no `&mut T` exists.
            unsafe { &*self.lock.value.get() }
        }
    }

    impl<T> Drop for ReadGuard<'_, T> {
        fn drop(&mut self) {
            self.lock.unlock();
        }
    }

    /// The write lock, held until dropped; dereferences to the value.
    pub(crate) struct WriteGuard<'a, T> {
        lock: &'a RwLock<T>,
        _not_send: NotSend,
    }

    impl<T> Deref for WriteGuard<'_, T> {
        type Target = T;
        fn deref(&self) -> &T {
            // SAFETY: the write lock is held: this guard is the only access.
            unsafe { &*self.lock.value.get() }
        }
    }

    impl<T> DerefMut for WriteGuard<'_, T> {
        fn deref_mut(&mut self) -> &mut T {
            // SAFETY: the write lock is held, and `&mut self` makes this the
            // only reference through the guard.
            unsafe { &mut *self.lock.value.get() }
        }
    }

    impl<T> Drop for WriteGuard<'_, T> {
        fn drop(&mut self) {
            self.lock.unlock();
        }
    }
}

#[cfg(not(unix))]
mod portable {
    use std::sync::{RwLockReadGuard, RwLockWriteGuard};

    /// std's lock with the same interface as the POSIX one. A lock poisoned
    /// by a caught panic is recovered: every writer replaces whole values, so
    /// the state is never half-updated.
    pub(crate) struct RwLock<T>(std::sync::RwLock<T>);

    impl<T> RwLock<T> {
        pub(crate) fn new(value: T) -> Self {
            RwLock(std::sync::RwLock::new(value))
        }

        pub(crate) fn read(&self) -> RwLockReadGuard<'_, T> {
            self.0.read().unwrap_or_else(|e| e.into_inner())
        }

        pub(crate) fn write(&self) -> RwLockWriteGuard<'_, T> {
            self.0.write().unwrap_or_else(|e| e.into_inner())
        }
    }
}
