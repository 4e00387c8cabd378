//! Driving the device screens: clicks, typing and attribute reads by `data-testid`.

use super::{AppSession, by_test_id};
use crate::TestResult;

impl AppSession {
    pub async fn click(&self, test_id: &str) -> TestResult {
        self.driver.find(by_test_id(test_id)).await?.click().await?;
        Ok(())
    }

    /// Replaces the text of an input. WebDriver types fast but sends no Enter, so the wedge catcher
    /// leaves it alone.
    pub async fn fill(&self, test_id: &str, text: &str) -> TestResult {
        let el = self.driver.find(by_test_id(test_id)).await?;
        el.clear().await?;
        el.send_keys(text).await?;
        Ok(())
    }

    /// The `data-*` attribute `attr` of the element, `None` while it is absent.
    pub async fn attr_of(&self, test_id: &str, attr: &str) -> TestResult<Option<String>> {
        let found = self.driver.find_all(by_test_id(test_id)).await?;
        match found.first() {
            Some(el) => Ok(el.attr(attr).await?),
            None => Ok(None),
        }
    }
}
