//! The web console's accounts, kept in `data/users.json`:
//!
//! ```json
//! { "users": [ { "name": "an", "role": "quan-tri", "hash": "$argon2id$v=19$…",
//!                "created": "2025-03-02T22:00:00Z", "changed": "2025-03-02T22:00:00Z" } ] }
//! ```
//!
//! Passwords are kept only as argon2id hashes (PHC strings, the `argon2`
//! crate's default parameters). The rules for names, passwords and roles
//! are the core's (`loaxa_core::account`); this module reads, checks,
//! changes and writes the file. `loaxa user` changes it (as root, on an
//! installed station); the daemon's web server reads it, and notices a
//! change by its [`Stamp`].
//!
//! The file is the daemon's secret: mode 0600, owned by the owner of the
//! data folder (see [`Users::save`]), written whole into a temporary file
//! and renamed, never read or written through a link, and refused when it
//! is not a plain file of at most [`MAX_FILE_BYTES`].

use std::io::Read;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use chrono::{DateTime, Utc};
use loaxa_core::account::{check_name, check_password, name_key, normalize_password};
use serde::{Deserialize, Serialize};

use crate::diag::Problem;
use crate::outfile::{self, OutError, Private};

pub use loaxa_core::account::{MAX_NAME_CHARS, MAX_PASSWORD_BYTES, MIN_PASSWORD_CHARS, Role};

/// The accounts' file, in the data folder.
pub const USERS_FILE: &str = "users.json";

/// A few thousand accounts fit in far less; anything larger is not ours.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The file's mode: only its owner (the daemon's user) reads the hashes.
const FILE_MODE: u32 = 0o600;

/// A hash of nothing, with the default parameters (a test keeps them
/// equal), checked when a name is unknown so that a wrong name takes as
/// long to refuse as a wrong password.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$bG9heGEtbm8tYWNjb3VudA$YZH2vSfCpCKcdCzHjIJRJpyXpM5CXacSV/cRGYzS3Es";

#[derive(Debug, thiserror::Error)]
pub enum UsersError {
    #[error("{}", t!("users-link", path = .0.display().to_string()))]
    Link(PathBuf),
    #[error("{}", t!("users-not-regular", path = .0.display().to_string()))]
    NotRegular(PathBuf),
    #[error("{}", t!("users-too-big", path = .path.display().to_string(), size = *.size, max = *.max))]
    TooBig { path: PathBuf, size: u64, max: u64 },
    #[error("{}", t!("users-malformed", path = .path.display().to_string(), line = *.line, column = *.column, detail = .detail))]
    Malformed {
        path: PathBuf,
        line: usize,
        column: usize,
        detail: String,
    },
    /// Two entries for one account (names differing only in case).
    #[error("{}", t!("users-twice", path = .path.display().to_string(), name = .name))]
    Twice { path: PathBuf, name: String },
    /// Only the daemon's user and root may read or write the file.
    #[error("{}", t!("users-denied", path = .0.display().to_string()))]
    Denied(PathBuf),
    #[error("{}", t!("users-unreadable", path = .path.display().to_string(), detail = crate::i18n::os_detail(.source)))]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", t!("users-unwritten", path = .path.display().to_string(), detail = .detail))]
    Unwritten { path: PathBuf, detail: String },
    #[error("{}", t!("users-read-only", path = .0.display().to_string()))]
    ReadOnly(PathBuf),
    #[error("{}", crate::i18n::problem(.0))]
    Name(Problem),
    #[error("{}", crate::i18n::problem(.0))]
    Password(Problem),
    #[error("{}", crate::i18n::problem(.0))]
    Role(Problem),
    /// The account that already has this name (as it is written there).
    #[error("{}", t!("users-exists", name = .0))]
    Exists(String),
    #[error("{}", t!("users-no-such", name = .0))]
    NoSuch(String),
    #[error("{}", t!("users-hash-failed", detail = .0))]
    Hash(String),
}

/// One account. Its hash never leaves this module: not in `Debug`, not
/// in a listing.
#[derive(Clone, Serialize, Deserialize)]
pub struct Account {
    #[serde(deserialize_with = "checked_name")]
    name: String,
    role: Role,
    hash: String,
    #[serde(with = "rfc3339")]
    created: DateTime<Utc>,
    /// The last change of its password or role.
    #[serde(with = "rfc3339")]
    changed: DateTime<Utc>,
}

impl Account {
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn role(&self) -> Role {
        self.role
    }
    pub fn created(&self) -> DateTime<Utc> {
        self.created
    }
    pub fn changed(&self) -> DateTime<Utc> {
        self.changed
    }
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("name", &self.name)
            .field("role", &self.role)
            .field("created", &self.created)
            .field("changed", &self.changed)
            .finish_non_exhaustive()
    }
}

/// Every account of the station, as read from `users.json`.
#[derive(Debug, Clone, Default)]
pub struct Users {
    accounts: Vec<Account>,
}

#[derive(Serialize, Deserialize)]
struct UsersFile {
    users: Vec<Account>,
}

/// What the file looked like (size, time of the last change, inode): a
/// running daemon compares it with the last one to know, without reading
/// the file, whether `loaxa user` changed it (each save is a new inode).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    inode: u64,
}

impl Users {
    /// Where the accounts are kept.
    pub fn path(data_dir: &Path) -> PathBuf {
        data_dir.join(USERS_FILE)
    }

    /// The station's accounts; no file, no accounts.
    pub fn open(data_dir: &Path) -> Result<Users, UsersError> {
        let path = Users::path(data_dir);
        match read(&path)? {
            None => Ok(Users::default()),
            Some(bytes) => parse(&path, &bytes),
        }
    }

    /// The file's stamp now; `None` when there is none (or it cannot be
    /// seen, which `open` will say).
    pub fn stamp(data_dir: &Path) -> Option<Stamp> {
        let m = std::fs::symlink_metadata(Users::path(data_dir)).ok()?;
        Some(Stamp {
            len: m.len(),
            modified: m.modified().ok(),
            inode: m.ino(),
        })
    }

    /// The account's role when the password is its password. An unknown
    /// name costs as much as a wrong password, so the time taken does not
    /// tell which names exist.
    pub fn verify(&self, name: &str, password: &str) -> Option<Role> {
        // Bounded work whatever is sent (a password box takes no more).
        if password.len() > MAX_PASSWORD_BYTES {
            return None;
        }
        let password = normalize_password(password);
        match self.get(name) {
            Some(a) => matches(&a.hash, &password).then_some(a.role),
            None => {
                let _ = matches(DUMMY_HASH, &password);
                None
            }
        }
    }

    /// The role of an account (names in any case).
    pub fn role_of(&self, name: &str) -> Option<Role> {
        self.get(name).map(|a| a.role)
    }

    /// An account by its name, in any case.
    pub fn get(&self, name: &str) -> Option<&Account> {
        let key = name_key(name);
        self.accounts.iter().find(|a| name_key(&a.name) == key)
    }

    /// Every account, in the order they were added.
    pub fn list(&self) -> &[Account] {
        &self.accounts
    }

    /// How many accounts may manage the others.
    pub fn admins(&self) -> usize {
        self.accounts
            .iter()
            .filter(|a| a.role == Role::QuanTri)
            .count()
    }

    /// A new account, or why not (a name or password against the rules, a
    /// name taken in any case).
    pub fn add(
        &mut self,
        name: &str,
        role: Role,
        password: &str,
        now: DateTime<Utc>,
    ) -> Result<&Account, UsersError> {
        let name = check_name(name).map_err(UsersError::Name)?;
        if let Some(a) = self.get(&name) {
            return Err(UsersError::Exists(a.name.clone()));
        }
        let hash = hash(password)?;
        let at = self.accounts.len();
        self.accounts.push(Account {
            name,
            role,
            hash,
            created: now,
            changed: now,
        });
        Ok(&self.accounts[at])
    }

    /// A new password for an account.
    pub fn set_password(
        &mut self,
        name: &str,
        password: &str,
        now: DateTime<Utc>,
    ) -> Result<(), UsersError> {
        let hash = hash(password)?;
        let a = self.get_mut(name)?;
        a.hash = hash;
        a.changed = now;
        Ok(())
    }

    /// Another role for an account.
    pub fn set_role(
        &mut self,
        name: &str,
        role: Role,
        now: DateTime<Utc>,
    ) -> Result<(), UsersError> {
        let a = self.get_mut(name)?;
        a.role = role;
        a.changed = now;
        Ok(())
    }

    /// Takes an account away; it is returned (its name as it was written).
    pub fn remove(&mut self, name: &str) -> Result<Account, UsersError> {
        let key = name_key(name);
        match self.accounts.iter().position(|a| name_key(&a.name) == key) {
            Some(i) => Ok(self.accounts.remove(i)),
            None => Err(UsersError::NoSuch(name.to_string())),
        }
    }

    fn get_mut(&mut self, name: &str) -> Result<&mut Account, UsersError> {
        let key = name_key(name);
        self.accounts
            .iter_mut()
            .find(|a| name_key(&a.name) == key)
            .ok_or_else(|| UsersError::NoSuch(name.to_string()))
    }

    /// Writes the accounts to `data/users.json`, all or nothing, mode
    /// 0600. Run by root (`sudo loaxa user add` on an installed station,
    /// whose `data/` is the `loaxa` user's), the file is given to the
    /// owner of the data folder: the daemon runs as that user and must
    /// read it, and a root-owned 0600 file would lock it out.
    pub fn save(&self, data_dir: &Path) -> Result<(), UsersError> {
        let path = Users::path(data_dir);
        std::fs::create_dir_all(data_dir).map_err(|e| write_error(&path, e))?;
        let owner = owner_for(data_dir).map_err(|e| write_error(&path, e))?;
        let file = UsersFile {
            users: self.accounts.clone(),
        };
        let mut text = serde_json::to_vec_pretty(&file).map_err(|e| UsersError::Unwritten {
            path: path.clone(),
            detail: e.to_string(),
        })?;
        text.push(b'\n');
        let private = Private {
            mode: Some(FILE_MODE),
            owner,
            group: None,
        };
        outfile::replace_as(&path, private, |w| w.write_all(&text))
            .map_err(|e| out_error(&path, e))?
            .map_err(|e| write_error(&path, e))
    }

    /// Reads the accounts, changes them and writes them back, with no
    /// other `edit` in between (one at a time per station: a lock on the
    /// data folder). Nothing is written when `change` fails.
    pub fn edit<T>(
        data_dir: &Path,
        change: impl FnOnce(&mut Users) -> Result<T, UsersError>,
    ) -> Result<T, UsersError> {
        let _lock = lock(data_dir)?;
        let mut users = Users::open(data_dir)?;
        let out = change(&mut users)?;
        users.save(data_dir)?;
        Ok(out)
    }
}

/// The bytes of the file, or `None` when there is none; a link, anything
/// but a regular file, or more than [`MAX_FILE_BYTES`] is refused.
fn read(path: &Path) -> Result<Option<Vec<u8>>, UsersError> {
    let opened = std::fs::OpenOptions::new()
        .read(true)
        // Not through a link; a FIFO must not hang the reader.
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path);
    let mut f = match opened {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
            return Err(UsersError::Link(path.to_path_buf()));
        }
        Err(e) => return Err(read_error(path, e)),
    };
    let meta = f.metadata().map_err(|e| read_error(path, e))?;
    if !meta.is_file() {
        return Err(UsersError::NotRegular(path.to_path_buf()));
    }
    let too_big = |size| UsersError::TooBig {
        path: path.to_path_buf(),
        size,
        max: MAX_FILE_BYTES,
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::new();
    (&mut f)
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| read_error(path, e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(Some(bytes))
}

fn parse(path: &Path, bytes: &[u8]) -> Result<Users, UsersError> {
    let file: UsersFile = serde_json::from_slice(bytes).map_err(|e| {
        let at = format!(" at line {} column {}", e.line(), e.column());
        let full = e.to_string();
        UsersError::Malformed {
            path: path.to_path_buf(),
            line: e.line(),
            column: char_column(bytes, e.line(), e.column()),
            detail: full.strip_suffix(&at).unwrap_or(&full).to_string(),
        }
    })?;
    let mut seen = std::collections::HashSet::new();
    for a in &file.users {
        if !seen.insert(name_key(&a.name)) {
            return Err(UsersError::Twice {
                path: path.to_path_buf(),
                name: a.name.clone(),
            });
        }
    }
    Ok(Users {
        accounts: file.users,
    })
}

/// serde_json's column (bytes) in characters, as an editor counts them.
fn char_column(bytes: &[u8], line: usize, column: usize) -> usize {
    let Some(text) = bytes.split(|b| *b == b'\n').nth(line.saturating_sub(1)) else {
        return column;
    };
    let upto = text.get(..column.min(text.len())).unwrap_or_default();
    let counted = String::from_utf8_lossy(upto).chars().count();
    // Past the end of the line (at its break): as many as serde_json says.
    counted + column.saturating_sub(text.len())
}

/// The password's hash (argon2id, default parameters, a random salt), or
/// the rule it breaks.
fn hash(password: &str) -> Result<String, UsersError> {
    let password = check_password(password).map_err(UsersError::Password)?;
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| UsersError::Hash(e.to_string()))
}

/// Whether `password` (normalised) is the one `hash` was made from. A
/// damaged hash matches nothing, after the same work as a good one.
fn matches(hash: &str, password: &str) -> bool {
    let argon2 = Argon2::default();
    match PasswordHash::new(hash) {
        Ok(h) => argon2.verify_password(password.as_bytes(), &h).is_ok(),
        Err(_) => {
            if let Ok(h) = PasswordHash::new(DUMMY_HASH) {
                let _ = argon2.verify_password(password.as_bytes(), &h);
            }
            false
        }
    }
}

/// Who the file should belong to: the data folder's owner when root
/// writes it (see [`Users::save`]); otherwise whoever writes it.
fn owner_for(data_dir: &Path) -> std::io::Result<Option<(u32, u32)>> {
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        return Ok(None);
    }
    let m = std::fs::metadata(data_dir)?;
    Ok(Some((m.uid(), m.gid())))
}

/// Holds the station's accounts for one `edit`: an exclusive lock on the
/// data folder itself (no file to create, own or leave behind), dropped
/// with the descriptor.
fn lock(data_dir: &Path) -> Result<std::fs::File, UsersError> {
    use std::os::fd::AsRawFd;
    let path = Users::path(data_dir);
    std::fs::create_dir_all(data_dir).map_err(|e| write_error(&path, e))?;
    let dir = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_DIRECTORY | libc::O_CLOEXEC)
        .open(data_dir)
        .map_err(|e| write_error(&path, e))?;
    // SAFETY: flock on a descriptor we own; waits for another `edit`.
    if unsafe { libc::flock(dir.as_raw_fd(), libc::LOCK_EX) } != 0 {
        return Err(write_error(&path, std::io::Error::last_os_error()));
    }
    Ok(dir)
}

fn read_error(path: &Path, e: std::io::Error) -> UsersError {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => UsersError::Denied(path.to_path_buf()),
        _ => UsersError::Unreadable {
            path: path.to_path_buf(),
            source: e,
        },
    }
}

fn write_error(path: &Path, e: std::io::Error) -> UsersError {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => UsersError::Denied(path.to_path_buf()),
        _ => UsersError::Unwritten {
            path: path.to_path_buf(),
            detail: crate::i18n::os_detail(&e),
        },
    }
}

/// `outfile`'s refusals in this file's words (theirs speak of `-o`).
fn out_error(path: &Path, e: OutError) -> UsersError {
    match e {
        OutError::Link(..) => UsersError::Link(path.to_path_buf()),
        OutError::Folder(_) | OutError::Special(_) => UsersError::NotRegular(path.to_path_buf()),
        OutError::ReadOnly(_) => UsersError::ReadOnly(path.to_path_buf()),
        OutError::Io { source, .. } => write_error(path, source),
    }
}

fn checked_name<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    check_name(&s).map_err(|_| {
        serde::de::Error::invalid_value(
            serde::de::Unexpected::Str(&s),
            &"a name of letters, digits, '.', '-' and '_' (at most 32)",
        )
    })
}

/// Times as RFC 3339 in UTC, to the second.
mod rfc3339 {
    use chrono::{DateTime, SecondsFormat, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.to_rfc3339_opts(SecondsFormat::Secs, true))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let s = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&s)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| {
                serde::de::Error::invalid_value(
                    serde::de::Unexpected::Str(&s),
                    &"an RFC 3339 time (2025-03-03T05:00:00+07:00)",
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use std::os::unix::fs::PermissionsExt;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 2, 22, 0, 0).unwrap()
    }

    /// A users.json with these (name, role) accounts, without hashing:
    /// their hash is the dummy one, which matches no password anyone types.
    fn file_with(dir: &Path, accounts: &[(&str, &str)]) {
        let users: Vec<serde_json::Value> = accounts
            .iter()
            .map(|(name, role)| {
                serde_json::json!({"name": name, "role": role, "hash": DUMMY_HASH,
                    "created": "2025-03-02T22:00:00Z", "changed": "2025-03-02T22:00:00+07:00"})
            })
            .collect();
        let text = serde_json::to_string_pretty(&serde_json::json!({ "users": users })).unwrap();
        std::fs::write(Users::path(dir), text).unwrap();
    }

    #[test]
    fn the_dummy_hash_costs_what_a_real_one_costs() {
        let h = PasswordHash::new(DUMMY_HASH).unwrap();
        assert_eq!(h.algorithm.as_str(), "argon2id");
        let params = argon2::Params::try_from(&h).unwrap();
        let default = argon2::Params::default();
        assert_eq!(
            (params.m_cost(), params.t_cost(), params.p_cost()),
            (default.m_cost(), default.t_cost(), default.p_cost())
        );
        let made = Argon2::default()
            .hash_password_with_salt(b"loaxa: no such account", b"loaxa-no-account")
            .unwrap()
            .to_string();
        assert_eq!(made, DUMMY_HASH);
    }

    #[test]
    fn the_right_password_the_wrong_one_and_an_unknown_name() {
        let mut users = Users::default();
        let added = users
            .add("Lan", Role::Truc, "mật khẩu trực ban", now())
            .unwrap();
        assert_eq!(added.name(), "Lan");
        assert!(
            users.list()[0]
                .hash
                .starts_with("$argon2id$v=19$m=19456,t=2,p=1$")
        );
        assert_eq!(users.verify("Lan", "mật khẩu trực ban"), Some(Role::Truc));
        // The name in any case; the password as another system composes it.
        assert_eq!(
            users.verify("lAN", "ma\u{323}\u{302}t khẩu trực ban"),
            Some(Role::Truc)
        );
        assert_eq!(users.verify("Lan", "mật khẩu trực bạn"), None);
        assert_eq!(users.verify("Lân", "mật khẩu trực ban"), None);
        assert_eq!(
            users.verify("Lan", &"x".repeat(MAX_PASSWORD_BYTES + 1)),
            None
        );
        assert_eq!(users.role_of("LAN"), Some(Role::Truc));
        assert_eq!(users.role_of("nobody"), None);
        assert!(users.role_of("lan").is_some_and(|r| r >= Role::Truc));
        let shown = format!("{:?}", users);
        assert!(!shown.contains("argon2"), "no hash in Debug: {shown}");
    }

    #[test]
    fn add_change_and_remove() {
        let mut users = Users::default();
        users
            .add("an", Role::QuanTri, "quản trị 2025", now())
            .unwrap();
        assert!(matches!(
            users.add("AN", Role::Xem, "mật khẩu khác", now()),
            Err(UsersError::Exists(n)) if n == "an"
        ));
        assert!(matches!(
            users.add("an nguyen", Role::Xem, "mật khẩu khác", now()),
            Err(UsersError::Name(_))
        ));
        assert!(matches!(
            users.add("binh", Role::Xem, "ngắn", now()),
            Err(UsersError::Password(_))
        ));
        assert_eq!(users.list().len(), 1, "nothing added when refused");

        let later = now() + chrono::Duration::days(1);
        users
            .set_password("AN", "mật khẩu mới 2026", later)
            .unwrap();
        assert_eq!(users.verify("an", "mật khẩu mới 2026"), Some(Role::QuanTri));
        assert_eq!(users.verify("an", "quản trị 2025"), None);
        assert_eq!(users.list()[0].changed(), later);
        assert_eq!(users.list()[0].created(), now());
        assert!(matches!(
            users.set_password("an", "1234", later),
            Err(UsersError::Password(_))
        ));
        assert!(matches!(
            users.set_password("binh", "mật khẩu mới", later),
            Err(UsersError::NoSuch(_))
        ));
        users.set_role("an", Role::Xem, later).unwrap();
        assert_eq!(users.role_of("an"), Some(Role::Xem));
        assert_eq!(users.admins(), 0);
        let gone = users.remove("An").unwrap();
        assert_eq!(gone.name(), "an");
        assert!(users.list().is_empty());
        assert!(matches!(users.remove("an"), Err(UsersError::NoSuch(_))));
    }

    #[test]
    fn saved_whole_private_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        assert!(
            Users::open(&data).unwrap().list().is_empty(),
            "no file, no accounts"
        );
        assert_eq!(Users::stamp(&data), None);
        file_with(&data_dir(&data), &[("an", "quan-tri"), ("Bình", "trực")]);
        let mut users = Users::open(&data).unwrap();
        assert_eq!(users.role_of("bình"), Some(Role::Truc));
        let before = Users::stamp(&data).unwrap();
        users.set_role("an", Role::Xem, now()).unwrap();
        users.save(&data).unwrap();
        let path = Users::path(&data);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode, 0o600);
        assert_ne!(Users::stamp(&data).unwrap(), before, "a save is seen");
        assert_eq!(Users::stamp(&data), Users::stamp(&data));
        let names: Vec<_> = std::fs::read_dir(&data)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, ["users.json"], "no temporary file left");
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let bình = &v["users"][1];
        assert_eq!(bình["name"], "Bình");
        assert_eq!(bình["role"], "truc", "kept as the word");
        assert_eq!(bình["hash"], DUMMY_HASH);
        assert_eq!(bình["created"], "2025-03-02T22:00:00Z");
        assert_eq!(bình["changed"], "2025-03-02T15:00:00Z");
        assert_eq!(v["users"][0]["role"], "xem");
        let back = Users::open(&data).unwrap();
        assert_eq!(back.role_of("an"), Some(Role::Xem));
        assert_eq!(back.list().len(), 2);
    }

    /// The data folder, made.
    fn data_dir(p: &Path) -> PathBuf {
        std::fs::create_dir_all(p).unwrap();
        p.to_path_buf()
    }

    #[test]
    fn as_root_the_file_goes_to_the_owner_of_the_data_folder() {
        // SAFETY: no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            eprintln!("not root: nothing to give away");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let data = data_dir(&dir.path().join("data"));
        // The daemon's user, here nobody's ids.
        std::os::unix::fs::chown(&data, Some(65534), Some(65534)).unwrap();
        Users::default().save(&data).unwrap();
        let m = std::fs::metadata(Users::path(&data)).unwrap();
        assert_eq!((m.uid(), m.gid()), (65534, 65534));
        assert_eq!(m.permissions().mode() & 0o7777, 0o600);
    }

    #[test]
    fn a_file_that_is_not_ours_is_refused_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let data = data_dir(&dir.path().join("data"));
        let path = Users::path(&data);
        let said = |e: UsersError| {
            let text = e.to_string();
            assert!(text.contains(&path.display().to_string()), "{text}");
            e
        };

        let elsewhere = dir.path().join("elsewhere.json");
        std::fs::write(&elsewhere, r#"{"users": []}"#).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &path).unwrap();
        assert!(matches!(
            said(Users::open(&data).unwrap_err()),
            UsersError::Link(_)
        ));
        assert!(matches!(
            said(Users::default().save(&data).unwrap_err()),
            UsersError::Link(_)
        ));
        assert_eq!(
            std::fs::read_to_string(&elsewhere).unwrap(),
            r#"{"users": []}"#
        );
        std::fs::remove_file(&path).unwrap();

        std::fs::create_dir(&path).unwrap();
        assert!(matches!(
            said(Users::open(&data).unwrap_err()),
            UsersError::NotRegular(_)
        ));
        std::fs::remove_dir(&path).unwrap();

        let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
        // SAFETY: a NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert!(matches!(
            said(Users::open(&data).unwrap_err()),
            UsersError::NotRegular(_)
        ));
        std::fs::remove_file(&path).unwrap();

        let mut huge = br#"{"users": []}"#.to_vec();
        huge.resize(MAX_FILE_BYTES as usize + 1, b' ');
        std::fs::write(&path, huge).unwrap();
        assert!(matches!(
            said(Users::open(&data).unwrap_err()),
            UsersError::TooBig { size, .. } if size == MAX_FILE_BYTES + 1
        ));
    }

    #[test]
    fn a_damaged_file_is_refused_with_its_place() {
        let dir = tempfile::tempdir().unwrap();
        let data = data_dir(&dir.path().join("data"));
        let path = Users::path(&data);
        let good = format!(
            r#""hash": "{DUMMY_HASH}", "created": "2025-03-02T22:00:00Z", "changed": "2025-03-02T22:00:00Z""#
        );
        let table = [
            ("".to_string(), (1, 0)),
            ("{\"users\": [\n  {\"name\": \"an\",}\n]}".to_string(), (2, 17)),
            (format!("{{\"users\": [\n{{\"name\": \"an\", \"role\": \"sếp\", {good}}}]}}"), (2, 28)),
            (format!("{{\"users\": [\n{{\"name\": \"a b\", \"role\": \"xem\", {good}}}]}}"), (2, 14)),
            ("{\"users\": [\n{\"name\": \"an\", \"role\": \"xem\", \"hash\": \"x\",\n \"created\": \"hôm qua\", \"changed\": \"\"}]}".to_string(), (3, 21)),
            ("{\"users\": [{\"name\": \"an\", \"role\": \"xem\"}]}".to_string(), (1, 40)),
            ("[]".to_string(), (1, 2)),
        ];
        let mut wrong = Vec::new();
        for (text, place) in table {
            std::fs::write(&path, &text).unwrap();
            match Users::open(&data) {
                Err(UsersError::Malformed {
                    line,
                    column,
                    detail,
                    ..
                }) => {
                    if (line, column) != place {
                        wrong.push(format!("{text}: {line}:{column}: {detail}"));
                    }
                    assert!(!detail.contains(" at line "), "{detail}");
                }
                other => panic!("{text}: {other:?}"),
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
        let err = Users::open(&data).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!("{}:1:2: error: ", path.display())),
            "{err}"
        );
        file_with(&data, &[("Lan", "xem"), ("lan", "truc")]);
        assert!(matches!(Users::open(&data), Err(UsersError::Twice { name, .. }) if name == "lan"));
    }

    #[test]
    fn edits_one_at_a_time_and_none_when_refused() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let names = ["an", "binh", "chi"];
        std::thread::scope(|s| {
            for n in names {
                let data = &data;
                s.spawn(move || {
                    Users::edit(data, |u| {
                        u.add(n, Role::Xem, "mật khẩu xem", now()).map(|_| ())
                    })
                    .unwrap()
                });
            }
        });
        let users = Users::open(&data).unwrap();
        assert_eq!(users.list().len(), 3, "none lost: {users:?}");
        let stamp = Users::stamp(&data);
        let refused = Users::edit(&data, |u| {
            u.remove("an")?;
            u.remove("nobody")
        });
        assert!(matches!(refused, Err(UsersError::NoSuch(_))));
        assert_eq!(Users::stamp(&data), stamp, "nothing written");
        assert_eq!(Users::open(&data).unwrap().list().len(), 3);
    }
}
