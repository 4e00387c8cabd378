//! The OS keyring, for real: a Secret Service (gnome-keyring) on the session D-Bus.
//!
//! Needs: `DBUS_SESSION_BUS_ADDRESS` of a session bus with an unlocked gnome-keyring `secrets`
//! component. CI (.ci/test) runs under `dbus-run-session` and unlocks a throwaway keyring; by hand:
//!
//! ```sh
//! dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null;
//!   cargo test -p vaultpick-system-tests --test secrets_keyring -- --test-threads=1'
//! ```
//!
//! Without a Secret Service these tests FAIL with that instruction: they are never skipped. They run
//! single-threaded because the Secret Service client is not safe to drive from many threads.

mod outbox_support;

use chrono::NaiveDate;
use outbox_support::*;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use vaultpick_core::domain::{
    Category, Package, PackageStatus, Product, QaStatus, Quantity, QuantityUnit, Uid,
};
use vaultpick_core::outbox::spawn_worker;
use vaultpick_core::ports::{SecretStore, Sensitive, TraceOp};
use vaultpick_core::signin::{LockPolicy, Role, StationLock, enroll_agent};
use vaultpick_core::status::Health;
use vaultpick_core::store::{insert_package, insert_product, load_package};
use vaultpick_core::trace_sync::pull_state_quantities;
use vaultpick_core::{Store, SystemClock};
use vaultpick_sandbox::biotrack::{
    TRAINING_LICENSE, TRAINING_USER, TrainingPackage, training_dataset,
};
use vaultpick_secrets::{
    BuildKind, Credentials, KeyringSecretStore, Persistence, forget_credentials, load_credentials,
    save_credentials,
};

const HOW_TO: &str = "no usable Secret Service on the session D-Bus. Run under `dbus-run-session` with \
an unlocked gnome-keyring: dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock \
--components=secrets >/dev/null; cargo test -p vaultpick-system-tests --test secrets_keyring -- --test-threads=1'";

fn keyring() -> Result<KeyringSecretStore, String> {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        return Err(format!("DBUS_SESSION_BUS_ADDRESS is not set: {HOW_TO}"));
    }
    let store = KeyringSecretStore::new(BuildKind::Test);
    store
        .check_available()
        .map_err(|e| format!("{e}: {HOW_TO}"))?;
    Ok(store)
}

#[test]
fn keyring_round_trip_on_the_secret_service() -> TestResult {
    let store = keyring()?;
    assert_eq!(store.persistence(), Persistence::Persistent);
    store.require_persistent()?;

    let key = "vaultpick.test.round-trip";
    store.delete(key)?;
    assert!(store.get(key)?.is_none());
    store.set(key, &Sensitive::new("first ünïcode value".into()))?;
    assert_eq!(
        store.get(key)?.map(|v| v.expose().clone()).as_deref(),
        Some("first ünïcode value")
    );
    store.set(key, &Sensitive::new("second".into()))?;
    assert_eq!(
        store.get(key)?.map(|v| v.expose().clone()).as_deref(),
        Some("second")
    );
    store.delete(key)?;
    store.delete(key)?; // forgetting twice is fine
    assert!(store.get(key)?.is_none());

    let creds = Credentials {
        licence: "999000100".into(),
        username: "agent@example.test".into(),
        password: Sensitive::new("pa55-w0rd \"quoted\" {json}".into()),
    };
    save_credentials(&store, &creds)?;
    assert_eq!(load_credentials(&store)?, Some(creds.clone()));
    assert!(
        !format!("{creds:?}").contains("pa55"),
        "Debug must not show the password"
    );
    forget_credentials(&store)?;
    assert_eq!(load_credentials(&store)?, None);
    Ok(())
}

/// A log writer the test can read back: everything the app logs at TRACE level ends up in a file.
struct LogFile(Arc<Mutex<std::fs::File>>);
impl Write for LogFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).flush()
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files_under(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

#[test]
fn keyring_credentials_never_reach_sqlite_or_logs() -> TestResult {
    let keyring = keyring()?;
    let seed = seed("VAULTPICK_SECRETS_SEED", 31_337);
    let password = format!("S3cret-{seed}-never-logged");
    let pin = "861204739155";
    let data = tempfile::tempdir()?;
    let log_path = data.path().join("logs").join("vaultpick.log");
    std::fs::create_dir_all(log_path.parent().ok_or("no log dir")?)?;
    let log = Arc::new(Mutex::new(std::fs::File::create(&log_path)?));
    let writer = log.clone();
    tracing::subscriber::set_global_default(
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || LogFile(writer.clone()))
            .finish(),
    )?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        // BioTrack knows this account; first-run setup puts it in the keyring.
        let sandbox =
            vaultpick_sandbox::biotrack::BioTrackSandbox::start("127.0.0.1:0".parse()?).await?;
        let uid = package_uid(1);
        let mut dataset = training_dataset(&[TrainingPackage {
            uid: uid.clone(),
            product_name: "Bulk lot".into(),
            quantity: LOT_MG,
            unit: "mg".into(),
            room: "vault".into(),
        }]);
        dataset.companies[0].users[0].password = password.clone();
        sandbox.load(&dataset)?;
        save_credentials(
            &keyring,
            &Credentials {
                licence: TRAINING_LICENSE.into(),
                username: TRAINING_USER.into(),
                password: Sensitive::new(password.clone()),
            },
        )?;

        // A technician signs in; the app logs into BioTrack with the keyring's account.
        let store = Arc::new(Store::open_in(data.path())?);
        let now = chrono::Utc::now();
        store.write(|tx| {
            enroll_agent(
                tx,
                "B77",
                "Jo",
                Role::Technician,
                &Sensitive::new(pin.into()),
                "setup",
                now,
            )?;
            insert_product(
                tx,
                &Product {
                    sku: "FLW-1".into(),
                    brand: "House".into(),
                    name: "Bulk flower".into(),
                    strain: None,
                    category: Category::Flower,
                    unit: QuantityUnit::Milligram,
                    net_weight_mg: None,
                    cannabinoids: vec![],
                },
            )?;
            insert_package(
                tx,
                &Package {
                    uid: Uid(uid.clone()),
                    sku: "FLW-1".into(),
                    batch: "B1".into(),
                    packaged_on: NaiveDate::from_ymd_opt(2026, 10, 1)
                        .ok_or(vaultpick_core::CoreError::Invalid("date".into()))?,
                    expires_on: None,
                    quantity: Quantity::milligrams(LOT_MG),
                    state_quantity: None,
                    location: "vault".into(),
                    status: PackageStatus::Active,
                    qa: QaStatus::Passed,
                    sealed: false,
                },
            )
        })?;
        let lock = StationLock::new(
            store.clone(),
            Arc::new(SystemClock),
            LockPolicy::default(),
            "vault-1",
        );
        let agent = lock.sign_in("B77", &Sensitive::new(pin.into()))?;
        let account = load_credentials(&keyring)?.ok_or("the account was not saved")?;
        let trace = Arc::new(vaultpick_trace::BioTrackClient::new(
            settings(&sandbox.base_url()),
            vaultpick_trace::Credentials {
                username: account.username.clone(),
                password: account.password.clone(),
            },
        )?);
        trace.login().await?;

        // A sync: an op drained through the outbox, then the state quantities pulled back.
        store.write(|tx| {
            vaultpick_core::outbox::enqueue(
                tx,
                &TraceOp::Split {
                    from: Uid(uid.clone()),
                    quantity: Quantity::milligrams(3_500),
                    new_uid: None,
                },
                &agent.badge,
                now,
            )
        })?;
        let handle = spawn_worker(
            store.clone(),
            trace.clone(),
            Arc::new(SystemClock),
            Arc::new(Health::default()),
            fast_worker(seed, 2),
        );
        let mut rx = handle.progress();
        tokio::time::timeout(Duration::from_secs(30), async {
            while !(rx.borrow_and_update().pending == 0 && rx.borrow().idle) {
                let _ = tokio::time::timeout(Duration::from_millis(100), rx.changed()).await;
            }
        })
        .await?;
        handle.shutdown().await;
        pull_state_quantities(&store, &*trace, &SystemClock).await?;
        let synced = store
            .read(|c| load_package(c, &uid))?
            .ok_or("package gone")?;
        assert_eq!(
            synced.state_quantity,
            Some(LOT_MG - 3_500),
            "the sync did not happen"
        );
        tracing::info!(?account, agent = %agent.badge, "signed in and synced");
        forget_credentials(&keyring)?;
        // Scan while the database is open, so its write-ahead log is there to be read too.
        let open_files = scan(data.path(), &[&password, pin])?;
        assert!(
            open_files.iter().any(|n| n.ends_with("-wal")),
            "no WAL to scan: {open_files:?}"
        );
        Ok::<_, Box<dyn std::error::Error>>(())
    })?;
    drop(runtime);

    log.lock().unwrap_or_else(|p| p.into_inner()).flush()?;
    let logged = std::fs::read(&log_path)?;
    assert!(
        logged.len() > 200,
        "the log is too short to prove anything ({} bytes)",
        logged.len()
    );
    assert!(contains(&logged, "signed in and synced"));
    let names = scan(data.path(), &[&password, pin])?;
    assert!(names.iter().any(|n| n.ends_with(".sqlite3")));
    Ok(())
}

/// Fails if any file under `dir` holds any of `secrets`; returns the files scanned.
fn scan(dir: &Path, secrets: &[&str]) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut files = Vec::new();
    files_under(dir, &mut files)?;
    for file in &files {
        let bytes = std::fs::read(file)?;
        for secret in secrets {
            assert!(
                !contains(&bytes, secret),
                "a secret is in {}",
                file.display()
            );
        }
    }
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    println!("scanned {names:?}");
    Ok(names)
}
