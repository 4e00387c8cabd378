//! PIN hashing: Argon2id with a random salt, stored as a PHC string (algorithm, parameters, salt
//! and hash together), so the parameters can be raised later without breaking old hashes.

use crate::ports::Sensitive;
use crate::{CoreError, CoreResult};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// A PIN is 4 to 12 digits: what a badge-and-keypad station can take.
pub(crate) fn validate(pin: &Sensitive<String>) -> CoreResult<()> {
    let p = pin.expose();
    if !(4..=12).contains(&p.len()) || !p.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CoreError::Invalid("a PIN is 4 to 12 digits".into()));
    }
    Ok(())
}

pub(crate) fn hash(pin: &Sensitive<String>) -> CoreResult<String> {
    // 16 random bytes from the OS-seeded generator: a salt needs to be unique, not secret.
    let bytes: [u8; 16] = rand::random();
    let salt = SaltString::encode_b64(&bytes)
        .map_err(|e| CoreError::Invalid(format!("cannot salt the PIN: {e}")))?;
    Argon2::default()
        .hash_password(pin.expose().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| CoreError::Invalid(format!("cannot hash the PIN: {e}")))
}

/// True if `pin` matches the stored hash. A damaged stored hash never matches.
pub(crate) fn verify(pin: &Sensitive<String>, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default()
            .verify_password(pin.expose().as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash of no one's PIN, checked against when a badge is unknown so that an unknown badge takes
/// as long to refuse as a wrong PIN.
pub(crate) fn decoy() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        SaltString::from_b64("dmF1bHRwaWNrZGVjb3lzYWx0")
            .ok()
            .and_then(|salt| {
                Argon2::default()
                    .hash_password(b"no one's pin", &salt)
                    .map(|h| h.to_string())
                    .ok()
            })
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_verifies_only_the_right_pin_and_never_contains_it() -> CoreResult<()> {
        let pin = Sensitive::new("482913".to_owned());
        let h = hash(&pin)?;
        assert!(h.starts_with("$argon2id$"));
        assert!(!h.contains("482913"));
        assert!(verify(&pin, &h));
        assert!(!verify(&Sensitive::new("482914".to_owned()), &h));
        assert!(!verify(&pin, "garbage"));
        assert!(!verify(&pin, decoy()));
        // Salted: the same PIN hashes differently each time.
        assert_ne!(h, hash(&pin)?);
        Ok(())
    }

    #[test]
    fn pins_must_be_digits() {
        for bad in ["123", "12a4", "", "1234567890123"] {
            assert!(validate(&Sensitive::new(bad.to_owned())).is_err(), "{bad}");
        }
        assert!(validate(&Sensitive::new("0000".to_owned())).is_ok());
    }
}
