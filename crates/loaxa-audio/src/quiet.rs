//! alsa-lib's own messages, routed to tracing (the player and line-in).

/// alsa-lib prints its own errors to stderr ("ALSA lib confmisc.c:855:
/// cannot find card '0'") on top of the error it returns, which loaxa
/// already reports in plain words. Route them to tracing at debug level.
/// The handler is per thread: it is set on the player thread and on the
/// sound card's thread (see `DeviceFeed`).
#[cfg(target_os = "linux")]
pub(crate) fn quiet_alsa() {
    use std::ffi::{CStr, c_char, c_int};

    unsafe extern "C" fn handler(
        _file: *const c_char,
        _line: c_int,
        func: *const c_char,
        err: c_int,
        fmt: *const c_char,
        _args: *mut alsa_sys::__va_list_tag,
    ) {
        let text = |p: *const c_char| {
            if p.is_null() {
                String::new()
            } else {
                // SAFETY: alsa-lib passes NUL-terminated strings (or null).
                unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
            }
        };
        tracing::debug!("alsa-lib: {}: {} (error {err})", text(func), text(fmt));
    }
    // SAFETY: sets a thread-local function pointer inside alsa-lib.
    unsafe {
        alsa_sys::snd_lib_error_set_local(Some(handler));
    }
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn quiet_alsa() {}
