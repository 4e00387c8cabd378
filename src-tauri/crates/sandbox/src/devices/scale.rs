//! A virtual scale on a pty: answers MT-SICS, A&D or OHAUS commands like the real balance, with a
//! load that settles, noise, drift, overload/underload, garbage and slow writes, unplug and replug.

use super::link::{BoxFuture, Device, Link, LinkControl};
use super::pty::PtyError;
use super::scale_wire::{Display, SimProtocol, grams_2dp, weight_line};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

/// Everything a test or the training panel can set. Weights in milligrams.
#[derive(Debug, Clone)]
pub struct ScaleState {
    /// Load on the pan (gross).
    pub load_mg: i64,
    /// When the load last changed; the reading is unstable until `settle` has passed.
    placed_at: Instant,
    pub settle: Duration,
    /// Vibration: each reading is off by up to this much; above 10 mg (one d) the scale is unstable.
    pub noise_mg: i64,
    /// Creep per second since the load was placed (stays "stable", as real creep does).
    pub drift_mg_per_s: i64,
    pub capacity_mg: i64,
    pub force_overload: bool,
    pub force_underload: bool,
    pub tare_mg: i64,
    pub zero_mg: i64,
    pub serial: String,
    /// How long `S`/`SP` wait for stability before giving up.
    pub stable_wait: Duration,
    rng: u64,
}

impl ScaleState {
    fn new(serial: &str, seed: u64) -> ScaleState {
        ScaleState {
            load_mg: 0,
            placed_at: Instant::now(),
            settle: Duration::ZERO,
            noise_mg: 0,
            drift_mg_per_s: 0,
            capacity_mg: 220_000,
            force_overload: false,
            force_underload: false,
            tare_mg: 0,
            zero_mg: 0,
            serial: serial.to_string(),
            stable_wait: Duration::from_secs(3),
            rng: seed | 1,
        }
    }

    /// Deterministic jitter (xorshift) so a seeded run repeats.
    fn jitter(&mut self) -> i64 {
        if self.noise_mg == 0 {
            return 0;
        }
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        let span = (2 * self.noise_mg + 1) as u64;
        (self.rng % span) as i64 - self.noise_mg
    }

    pub fn display(&mut self) -> Display {
        if self.force_overload || self.load_mg > self.capacity_mg {
            return Display::Over;
        }
        if self.force_underload || self.load_mg < -self.capacity_mg / 50 {
            return Display::Under;
        }
        let elapsed = self.placed_at.elapsed();
        let drift = self.drift_mg_per_s * elapsed.as_millis() as i64 / 1000;
        let settling = elapsed < self.settle;
        let wobble = if settling { 40 } else { 0 };
        let jitter = self.jitter();
        let mg = self.load_mg + drift + jitter + wobble - self.tare_mg - self.zero_mg;
        Display::Weight {
            mg,
            stable: !settling && self.noise_mg <= 10,
        }
    }

    fn gross_mg(&self) -> i64 {
        self.load_mg - self.zero_mg
    }
}

/// Controls a running virtual scale. Cheap to clone.
#[derive(Clone)]
pub struct ScaleControl {
    state: Arc<Mutex<ScaleState>>,
    link: LinkControl,
    protocol: SimProtocol,
}

impl ScaleControl {
    fn with<R>(&self, f: impl FnOnce(&mut ScaleState) -> R) -> R {
        f(&mut self.state.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Puts `mg` on the pan (replacing what was there); it settles over the configured settle time.
    pub fn place(&self, mg: i64) {
        self.with(|s| {
            s.load_mg = mg;
            s.placed_at = Instant::now();
        })
    }
    pub fn set_settle(&self, d: Duration) {
        self.with(|s| s.settle = d)
    }
    pub fn set_noise(&self, mg: i64) {
        self.with(|s| s.noise_mg = mg.abs())
    }
    pub fn set_drift(&self, mg_per_s: i64) {
        self.with(|s| s.drift_mg_per_s = mg_per_s)
    }
    pub fn set_overload(&self, on: bool) {
        self.with(|s| s.force_overload = on)
    }
    pub fn set_underload(&self, on: bool) {
        self.with(|s| s.force_underload = on)
    }
    pub fn set_stable_wait(&self, d: Duration) {
        self.with(|s| s.stable_wait = d)
    }
    pub fn tare_mg(&self) -> i64 {
        self.with(|s| s.tare_mg)
    }
    pub fn serial(&self) -> String {
        self.with(|s| s.serial.clone())
    }
    pub fn protocol(&self) -> SimProtocol {
        self.protocol
    }
    /// The link: unplug/replug, garbage, slow writes, the app-side path.
    pub fn link(&self) -> &LinkControl {
        &self.link
    }
}

pub struct VirtualScale {
    control: ScaleControl,
    _link: Link,
}

impl VirtualScale {
    /// Starts a scale whose app-side port is `dir/<name>`; returns once the port exists.
    /// `seed` drives the noise, so a run repeats exactly.
    pub async fn start(
        dir: &Path,
        name: &str,
        protocol: SimProtocol,
        seed: u64,
    ) -> Result<VirtualScale, PtyError> {
        let state = Arc::new(Mutex::new(ScaleState::new("SIM0001234", seed)));
        let device = ScaleDevice {
            protocol,
            state: state.clone(),
            streaming: false,
        };
        let link = Link::start(dir, name, device).await?;
        let control = ScaleControl {
            state,
            link: link.control(),
            protocol,
        };
        Ok(VirtualScale {
            control,
            _link: link,
        })
    }

    pub fn control(&self) -> ScaleControl {
        self.control.clone()
    }
}

struct ScaleDevice {
    protocol: SimProtocol,
    state: Arc<Mutex<ScaleState>>,
    streaming: bool,
}

impl ScaleDevice {
    fn with<R>(&self, f: impl FnOnce(&mut ScaleState) -> R) -> R {
        f(&mut self.state.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Waits (up to the state's `stable_wait`) for a stable display, as `S`, `Z` and `T` do.
    /// False when it timed out or the scale is over/underloaded.
    async fn wait_stable(&self) -> bool {
        let deadline = Instant::now() + self.with(|s| s.stable_wait);
        loop {
            match self.with(|s| s.display()) {
                Display::Weight { stable: true, .. } => return true,
                // Over/underload is answered at once (MT `S +`, A&D `OL`), never waited out.
                Display::Over | Display::Under => return false,
                Display::Weight { .. } => {}
            }
            if Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

impl Device for ScaleDevice {
    fn handle<'a>(&'a mut self, cmd: &'a str) -> BoxFuture<'a, Vec<u8>> {
        Box::pin(async move {
            let p = self.protocol;
            match classify(p, cmd) {
                Cmd::Now => self.with(|s| line(weight_line(p, s.display()))),
                Cmd::Stream(on) => {
                    self.streaming = on;
                    Vec::new()
                }
                Cmd::Fixed(text) => line(text),
                Cmd::Identity => self.with(|s| {
                    line(match p {
                        SimProtocol::MtSics => format!("I4 A \"{}\"", s.serial),
                        SimProtocol::And => format!("SN,{}", s.serial),
                        SimProtocol::Ohaus => s.serial.clone(),
                    })
                }),
                Cmd::Reset => {
                    self.streaming = false;
                    self.with(|s| {
                        s.tare_mg = 0;
                        line(format!("I4 A \"{}\"", s.serial))
                    })
                }
                Cmd::QueryTare => {
                    self.with(|s| line(format!("TA A {:>10} g", grams_2dp(s.tare_mg))))
                }
                Cmd::ClearTare => {
                    self.with(|s| s.tare_mg = 0);
                    line(if p == SimProtocol::MtSics {
                        "TAC A".into()
                    } else {
                        "OK!".into()
                    })
                }
                Cmd::Stable => {
                    let stable = self.wait_stable().await;
                    self.with(|s| {
                        let d = s.display();
                        let over_under = matches!(d, Display::Over | Display::Under);
                        if stable || (over_under && p != SimProtocol::Ohaus) {
                            line(weight_line(p, d))
                        } else {
                            line(refusal(p, "S"))
                        }
                    })
                }
                Cmd::Zero | Cmd::Tare => {
                    let zero = matches!(classify(p, cmd), Cmd::Zero);
                    if !self.wait_stable().await {
                        return line(refusal(p, if zero { "Z" } else { "T" }));
                    }
                    self.with(|s| {
                        if zero {
                            s.zero_mg = s.load_mg;
                            s.tare_mg = 0;
                        } else {
                            s.tare_mg = s.gross_mg();
                        }
                        match p {
                            SimProtocol::MtSics if zero => line("Z A".into()),
                            SimProtocol::MtSics => {
                                line(format!("T S {:>10} g", grams_2dp(s.tare_mg)))
                            }
                            SimProtocol::And => vec![0x06],
                            SimProtocol::Ohaus => line("OK!".into()),
                        }
                    })
                }
            }
        })
    }

    fn tick(&mut self) -> Option<Vec<u8>> {
        let p = self.protocol;
        self.streaming
            .then(|| self.with(|s| line(weight_line(p, s.display()))))
    }
}

enum Cmd {
    Now,
    Stable,
    Stream(bool),
    Zero,
    Tare,
    QueryTare,
    ClearTare,
    Identity,
    Reset,
    /// A fixed reply (errors for unknown commands).
    Fixed(String),
}

fn classify(p: SimProtocol, cmd: &str) -> Cmd {
    use SimProtocol::*;
    match (p, cmd) {
        (MtSics, "SI") | (And, "Q" | "SI") | (Ohaus, "IP" | "P") => Cmd::Now,
        (MtSics, "S") | (And, "S") | (Ohaus, "SP") => Cmd::Stable,
        (MtSics | And, "SIR") | (Ohaus, "CP") => Cmd::Stream(true),
        (And, "C") | (Ohaus, "0P") => Cmd::Stream(false),
        (_, "Z") | (And, "R") => Cmd::Zero,
        (_, "T") => Cmd::Tare,
        (MtSics, "TA") => Cmd::QueryTare,
        (MtSics, "TAC") | (Ohaus, "0T") => Cmd::ClearTare,
        (MtSics, "I4") | (And, "?SN") | (Ohaus, "PSN") => Cmd::Identity,
        (MtSics, "@") => Cmd::Reset,
        (MtSics | Ohaus, _) => Cmd::Fixed("ES".into()),
        (And, _) => Cmd::Fixed("EC,E01".into()),
    }
}

/// The "cannot do that now" reply for `id` (`S I`, `EC,E11`, `ES`).
fn refusal(p: SimProtocol, id: &str) -> String {
    match p {
        SimProtocol::MtSics => format!("{id} I"),
        SimProtocol::And => "EC,E11".into(),
        SimProtocol::Ohaus => "ES".into(),
    }
}

fn line(s: String) -> Vec<u8> {
    let mut b = s.into_bytes();
    b.extend_from_slice(b"\r\n");
    b
}
