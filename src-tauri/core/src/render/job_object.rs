//! Windows has no parent-death signal: the browser is put in a job object that kills every
//! process in it when its last handle closes. Panelshot holds the only handle, so when it exits
//! — normally, by a crash or killed from Task Manager — the browser and its helpers (which
//! inherit the job) end with it.

use std::os::windows::io::RawHandle;

use windows_sys::Win32::Foundation::{CloseHandle, HANDLE};
use windows_sys::Win32::System::JobObjects::{
    AssignProcessToJobObject, CreateJobObjectW, JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION, JobObjectExtendedLimitInformation,
    SetInformationJobObject,
};

/// A job that ends its processes when dropped (or when this process exits).
pub struct KillOnClose(HANDLE);

// SAFETY: a job handle is a kernel handle; any thread may use or close it.
unsafe impl Send for KillOnClose {}
// SAFETY: as above; the handle is only read.
unsafe impl Sync for KillOnClose {}

impl KillOnClose {
    /// Puts `process` (and every process it starts later) in a new kill-on-close job.
    pub fn adopt(process: RawHandle) -> std::io::Result<KillOnClose> {
        // SAFETY: plain Win32 calls on handles we own; `info` outlives the call that reads it.
        unsafe {
            let job = CreateJobObjectW(std::ptr::null(), std::ptr::null());
            if job.is_null() {
                return Err(std::io::Error::last_os_error());
            }
            let guard = KillOnClose(job);
            let mut info = JOBOBJECT_EXTENDED_LIMIT_INFORMATION::default();
            info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
            let set = SetInformationJobObject(
                job,
                JobObjectExtendedLimitInformation,
                (&raw const info).cast(),
                std::mem::size_of::<JOBOBJECT_EXTENDED_LIMIT_INFORMATION>() as u32,
            );
            if set == 0 || AssignProcessToJobObject(job, process as HANDLE) == 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(guard)
        }
    }
}

impl Drop for KillOnClose {
    fn drop(&mut self) {
        // SAFETY: the handle came from CreateJobObjectW and is closed exactly once.
        unsafe {
            CloseHandle(self.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::windows::io::AsRawHandle;

    #[test]
    fn closing_the_job_ends_its_process() {
        let mut child = std::process::Command::new("cmd")
            .args(["/C", "ping -n 60 127.0.0.1 > NUL"])
            .spawn()
            .expect("cmd starts");
        let job = KillOnClose::adopt(child.as_raw_handle()).expect("job");
        assert!(child.try_wait().unwrap().is_none(), "runs inside the job");
        drop(job);
        let mut ended = false;
        for _ in 0..50 {
            if child.try_wait().unwrap().is_some() {
                ended = true;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        assert!(ended, "the job's process ended with the job");
    }
}
