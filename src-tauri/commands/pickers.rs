//! What the window's pickers ask while a person types: the countries a text may mean, the
//! country it names, the date it is. The reading is the domain's, so a destination or a date
//! typed in the window is read exactly as the CLI and the import read it.

use chrono::NaiveDate;
use clearance_domain::parse_date;
use clearance_domain::travel::countries::{self, Country};
use tauri::State;

use super::{reply, Reply};
use crate::error::AppError;
use crate::office::Office;

/// How many suggestions a destination field lists.
const SUGGESTIONS: usize = 8;

/// The countries a typed text may mean, best first (`日` → 日本, `rb` → 日本, `korea` → 韩国 …).
#[tauri::command]
pub async fn countries_suggest(query: String) -> Reply<Vec<Country>> {
    Ok(countries::suggest(&query, SUGGESTIONS))
}

/// The country a typed text names (`日本`, `香港`, `Japan`, `jp`, `JPN`), or why it names none.
#[tauri::command]
pub async fn country_resolve(office: State<'_, Office>, text: String) -> Reply<Country> {
    reply(&office, countries::find(&text).cloned().map_err(AppError::from)).await
}

/// A date as typed into `field` (`2026-12-01`, `2026/12/1`, `２０２６年１２月１日` …), or why it is
/// none, in the office's words naming the field.
#[tauri::command]
pub async fn date_read(office: State<'_, Office>, field: String, text: String) -> Reply<NaiveDate> {
    reply(&office, parse_date(&field, &text).map_err(AppError::from)).await
}
